"""``leanengine.File``: a stored file (``_File``) with its name, URL and metadata.

Saving uploads through the API's file endpoint; ``create_with_url`` records an
external URL without uploading anything.
"""

from __future__ import annotations

import hashlib
import io
import logging
import mimetypes
import os
from datetime import datetime
from typing import IO, Any

import requests

from ..protocol.dates import parse_iso
from ..protocol.errors import LeanCloudError
from . import client
from .acl import ACL

logger = logging.getLogger(__name__)
# Least time in seconds an upload may take (more for big files): the legacy SDK's name.
DEFAULT_TIMEOUT = 30


def _guess_mime_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _as_stream(data: Any) -> IO[bytes]:
    if isinstance(data, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(data))
    if isinstance(data, str):
        return io.BytesIO(data.encode("utf-8"))
    if hasattr(data, "read"):
        try:
            data.seek(0, os.SEEK_SET)
            return data
        except (AttributeError, OSError, io.UnsupportedOperation):
            return io.BytesIO(data.read())
    raise TypeError("File data must be bytes or a readable binary stream")


def _date(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return parse_iso(value["iso"] if isinstance(value, dict) else value)


def _send_to_provider(answer: dict, content: bytes, name: str, mime_type: str | None) -> None:
    """Upload ``content`` where a ``/fileTokens`` answer says: S3-style PUT (this
    project's server and LeanCloud's US region), qiniu or qcloud form posts."""
    provider = answer.get("provider", "s3")
    url = answer["upload_url"]
    mime_type = mime_type or "application/octet-stream"
    timeout = max(DEFAULT_TIMEOUT, client.TIMEOUT_SECONDS, len(content) / 100_000)
    try:
        if provider == "qiniu":
            response = client.session.post(
                url, data={"token": answer["token"], "key": answer["key"]},
                files={"file": (name, content, mime_type)}, timeout=timeout)
        elif provider == "qcloud":
            response = client.session.post(
                url, headers={"Authorization": answer["token"]}, data={"op": "upload"},
                files={"filecontent": (name, content, mime_type)}, timeout=timeout)
        else:
            response = client.session.put(url, data=content,
                                          headers={"Content-Type": mime_type}, timeout=timeout)
    except requests.RequestException as exc:
        raise LeanCloudError(1, f"the file was not stored: {exc}") from exc
    if response.status_code >= 300:
        raise LeanCloudError(1, f"the file was not stored: {provider} answered HTTP "
                                f"{response.status_code}")


class _FileQuery:
    """``File.query``: a new Query over ``_File``."""

    def __get__(self, instance: Any, owner: type) -> Any:
        from .query import Query
        return Query(owner)


class File:
    _class_name = "_File"

    def __init__(self, name: str = "", data: Any = None, mime_type: str | None = None):
        from .user import User
        self._name = name
        self.id: str | None = None
        self.key: str | None = None
        self.created_at: datetime | None = None
        self.updated_at: datetime | None = None
        self._url: str | None = None
        self._acl: ACL | None = None
        self._mime_type = mime_type or (_guess_mime_type(name) if name else None)
        current = User.get_current()
        self._metadata: dict[str, Any] = {"owner": current.id if current and current.id
                                          else "unknown"}
        self._source: IO[bytes] | None = None
        if data is not None:
            self._source = _as_stream(data)
            checksum = hashlib.md5()
            size = 0
            while chunk := self._source.read(65536):
                if isinstance(chunk, str):
                    chunk = chunk.encode("utf-8")
                checksum.update(chunk)
                size += len(chunk)
            self._source.seek(0)
            self._metadata["_checksum"] = checksum.hexdigest()
            self._metadata["size"] = size

    @classmethod
    def create_with_url(cls, name: str, url: str, meta_data: dict | None = None,
                        mime_type: str | None = None) -> "File":
        """A File for content already hosted at ``url`` (saved without uploading)."""
        if not isinstance(url, str):
            raise ValueError("url must be a str")
        f = cls(name, None, mime_type)
        if meta_data:
            f._metadata.update(meta_data)
        f._url = url
        f._metadata["__source"] = "external"
        return f

    @classmethod
    def create_without_data(cls, object_id: str) -> "File":
        f = cls("")
        f.id = object_id
        return f

    @classmethod
    def _from_server(cls, data: dict) -> "File":
        f = cls(data.get("name") or "")
        f._update_data(data)
        return f

    query = _FileQuery()

    @property
    def name(self) -> str:
        return self._name

    @property
    def url(self) -> str | None:
        return self._url

    @property
    def mime_type(self) -> str | None:
        return self._mime_type

    @mime_type.setter
    def mime_type(self, value: str) -> None:
        self._mime_type = value

    set_mime_type = mime_type

    @property
    def size(self) -> int | None:
        return self._metadata.get("size")

    @property
    def owner_id(self) -> str | None:
        return self._metadata.get("owner")

    @property
    def metadata(self) -> dict:
        return self._metadata

    def get_acl(self) -> ACL | None:
        return self._acl

    def set_acl(self, acl: ACL) -> None:
        if not isinstance(acl, ACL):
            raise TypeError("acl must be a leanengine.ACL")
        self._acl = acl

    def get_thumbnail_url(self, width: int, height: int, quality: int = 100,
                          scale_to_fit: bool = True, fmt: str = "png") -> str:
        if not self.url:
            raise ValueError("the file has no url yet")
        if width < 0 or height < 0:
            raise ValueError("width and height must not be negative")
        if not 0 < quality <= 100:
            raise ValueError("quality must be between 1 and 100")
        mode = 2 if scale_to_fit else 1
        return f"{self.url}?imageView/{mode}/w/{width}/h/{height}/q/{quality}/format/{fmt}"

    def _to_reference(self) -> dict:
        if not self.id and not self._url:
            raise ValueError("cannot reference a File that has not been saved")
        ref = {"__type": "File", "id": self.id, "objectId": self.id, "name": self._name,
               "url": self._url}
        return ref

    def _update_data(self, data: dict) -> None:
        if data.get("objectId") or data.get("id"):
            self.id = data.get("objectId") or data.get("id")
        if "name" in data:
            self._name = data["name"]
        if "url" in data:
            self._url = data["url"]
        if "key" in data:
            self.key = data["key"]
        if data.get("mime_type"):
            self._mime_type = data["mime_type"]
        if isinstance(data.get("metaData"), dict):
            self._metadata = data["metaData"]
        if "ACL" in data and isinstance(data["ACL"], dict):
            self._acl = ACL(dict(data["ACL"]))
        self.created_at = _date(data.get("createdAt")) or self.created_at
        self.updated_at = _date(data.get("updatedAt")) or self.updated_at or self.created_at

    def _describe(self) -> dict:
        body: dict[str, Any] = {"name": self._name, "metaData": self._metadata,
                                "mime_type": self._mime_type}
        if self._acl is not None:
            body["ACL"] = self._acl.dump()
        if self.key:
            body["key"] = self.key
        return body

    def save(self) -> "File":
        """Upload the content (or record the external URL) and learn id and url."""
        if self._url and self._metadata.get("__source") == "external":
            answer = client.post("/files", {**self._describe(), "url": self._url})
            self._update_data(answer)
        elif self._source is not None:
            self._upload()
        return self

    def _upload(self) -> None:
        """The token flow of LeanCloud's SDKs: ask ``/fileTokens`` for a place, send the
        bytes to the provider it names, then confirm with ``/fileCallback``."""
        assert self._source is not None
        self._source.seek(0)
        content = self._source.read()
        self._source.seek(0)
        if isinstance(content, str):
            content = content.encode("utf-8")
        answer = client.post("/fileTokens", self._describe())
        token = answer.get("token")
        try:
            _send_to_provider(answer, content, self._name,
                              answer.get("mime_type") or self._mime_type)
        except Exception:
            if token:
                client.post("/fileCallback", {"token": token, "result": False})
            raise
        if token:
            client.post("/fileCallback", {"token": token, "result": True})
        self._update_data({k: v for k, v in answer.items()
                           if k not in ("token", "upload_url", "provider", "bucket")})
        self._metadata.setdefault("size", len(content))

    def fetch(self) -> "File":
        if not self.id:
            raise ValueError("fetch needs a File with an objectId")
        answer = client.get(f"/files/{self.id}")
        if not answer:
            raise LeanCloudError(101, "File not found.")
        self._update_data(answer)
        return self

    def destroy(self) -> None:
        if not self.id:
            return
        client.delete(f"/files/{self.id}")

    def __repr__(self) -> str:
        return f"<File {self._name!r} id={self.id!r}>"
