"""File routes: uploads, the S3-style token flow, ``_File`` metadata and serving the bytes.

- ``POST /files/<name>`` with the raw bytes (20 MB at most); also the old SDKs' JSON forms
  (``{"base64": ..., "_ContentType": ...}`` and an external ``url``).
- ``POST /files`` with ``url``: an external file (``File.create_with_url``), nothing stored.
- ``POST /fileTokens`` answers provider ``s3`` with an ``upload_url`` on this server and a
  token; the client ``PUT``s the bytes there, then ``POST /fileCallback`` with the token.
- ``GET/DELETE /files/<id>``: the ``_File`` object (ACL applies; the master key bypasses).
- The bytes are served at the file's url, ``/<key>``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import mimetypes
import os
import re
import secrets
import string
from urllib.parse import quote, unquote

from werkzeug.routing import PathConverter

from ...protocol import errors
from ...protocol.errors import LeanCloudError
from .. import services as core
from ..caller import Caller
from ..query.spec import FindSpec
from ..request import Reply
from ..users.accounts import keyed_id
from ..users.code_records import issue, lookup, spend
from ..users.delivery import base_url
from . import blobs

FILE = "_File"
MAX_UPLOAD = 20 * 1024 * 1024
UPLOAD_PURPOSE = "file-upload"
UPLOAD_TTL = 3600
BUCKET = "local"
# Any printable key (the JS SDK makes "<hex><extension of the name>"), but no "." or ".."
# path segment, no leading "/" and not under the API's own /1.1/ and /1/.
_KEY = re.compile(r"^(?!/|1(?:\.1)?/)(?!(?:.*/)?\.{1,2}(?:/|$))[^\x00-\x1f\x7f\\]{1,512}$")
_KEY_ALPHABET = string.ascii_lowercase + string.digits
# Files share the server's origin (and leanengine up's app's): an HTML or SVG file must not
# run scripts there, nor may a browser sniff a page out of other bytes.
SERVED_FILE_HEADERS = {"Cache-Control": "public, max-age=31536000",
                       "Content-Security-Policy": "sandbox", "X-Content-Type-Options": "nosniff"}


def register(router):
    core.add_write_guard(FILE, guard_file)
    router.add("/files/<path:name>", ["POST"], upload, body="raw", max_body=MAX_UPLOAD)
    router.add("/files", ["POST"], create_external)
    router.add("/files", ["GET"], find_files)
    router.add("/classes/files", ["GET"], find_files)     # rest.mdx's "query files" URL
    router.add("/files/<object_id>", ["GET"], get_file)
    router.add("/files/<object_id>", ["DELETE"], delete_file)
    router.add("/fileTokens", ["POST"], file_token)
    router.add("/fileUploads/<token>", ["PUT", "POST"], receive_upload, auth=False, body="raw",
               max_body=MAX_UPLOAD)
    router.add("/fileCallback", ["POST"], file_callback)
    router.add_converter("file_key", FileKeyConverter)
    router.add("/<file_key:key>", ["GET", "HEAD"], serve_file, auth=False, prefixed=False)


class FileKeyConverter(PathConverter):
    """A file key: any path except the API's own (``/1.1/...``, ``/1/...``), so that
    unknown API routes keep answering 404 or 405 as before."""
    regex = r"(?!1(?:\.1)?/)[^/].*?"


def guard_file(services, caller, class_name, object_id, body):
    """Clients make files through the file routes only, and never move a file's bytes."""
    if caller.master:
        return body
    if object_id is None:
        raise LeanCloudError(errors.OPERATION_FORBIDDEN, "Files are created through /files.",
                             status=403)
    fixed = ("key", "url", "size", "metaData", "provider", "bucket")
    if any(field in body for field in fixed):
        raise LeanCloudError(errors.OPERATION_FORBIDDEN, "A file's content fields are fixed.",
                             status=403)
    return body


# --- helpers -------------------------------------------------------------------------------

def mime_type_for(name: str, given=None) -> str:
    if isinstance(given, str) and given and given != "application/octet-stream":
        return given
    return mimetypes.guess_type(name or "")[0] or given or "application/octet-stream"


def _new_key(name: str) -> str:
    stem = "".join(secrets.choice(_KEY_ALPHABET) for _ in range(32))
    ext = os.path.splitext(name or "")[1].lower()
    return stem + ext if re.match(r"^\.[a-z0-9]{1,10}$", ext) else stem


def _checked_key(services, key) -> str:
    if not isinstance(key, str) or not _KEY.match(key):
        raise LeanCloudError(errors.INVALID_FILE_NAME, "Invalid file key.")
    if file_by_key(services, key):
        raise LeanCloudError(errors.DUPLICATE_VALUE, "A file with this key already exists.")
    return key


def file_id(key: str) -> str:
    """The objectId of the ``_File`` uploaded here under ``key``: derived from the key, so
    serving a url reads one row by primary key."""
    return keyed_id("file", key)


def file_by_key(services, key: str) -> dict | None:
    """The ``_File`` with this key: by its derived id, else (files imported with ids of
    their own) by a query."""
    found = services.store.get(FILE, file_id(key))
    if found is None:
        rows = services.objects.find(Caller.master_key(), FILE,
                                     FindSpec(where={"key": key}, limit=1))
        found = rows[0] if rows else None
    return found


def _checked_name(name) -> str:
    if not isinstance(name, str) or not name.strip() or len(name) > 512:
        raise LeanCloudError(errors.INVALID_FILE_NAME, "Invalid file name.")
    return name


def _default_acl(caller) -> dict:
    if caller.user_id:
        return {"*": {"read": True}, caller.user_id: {"read": True, "write": True}}
    return {"*": {"read": True, "write": True}}


def _metadata(caller, given, data: bytes | None) -> dict:
    meta = dict(given) if isinstance(given, dict) else {}
    meta.setdefault("owner", caller.user_id or "unknown")
    if data is not None:
        meta["size"] = len(data)
        meta["_checksum"] = hashlib.md5(data).hexdigest()
    return meta


def _create_file(req, *, name, key, mime_type, metadata, acl, url=None) -> dict:
    """Create the ``_File`` object; answers its full view."""
    services = req.services
    url = url or f"{base_url(req)}/{quote(key)}"
    body = {"name": name, "key": key, "url": url, "mime_type": mime_type, "provider": "s3",
            "bucket": BUCKET, "metaData": metadata, "size": metadata.get("size", 0),
            "ACL": acl if isinstance(acl, dict) else _default_acl(req.caller)}
    services.check_class_permission(req.caller, FILE, "create")
    created = services.objects.create(Caller.master_key(), FILE,
                                      {"objectId": file_id(key), **body})
    view = {k: v for k, v in body.items() if k != "ACL"}
    view.update(objectId=created["objectId"], createdAt=created["createdAt"],
                updatedAt=created["createdAt"])
    return view


# --- uploads -------------------------------------------------------------------------------

def upload(req):
    name = _checked_name(req.params["name"])
    content_type = (req.headers.get("Content-Type") or "").split(";")[0].strip()
    data = req.raw or b""
    legacy = _legacy_json(content_type, data)
    if legacy is not None:
        if "url" in legacy:
            return _external(req, {**legacy, "name": legacy.get("name") or name})
        data, content_type = _decode_base64(legacy.get("base64")), legacy.get("_ContentType")
        given_meta, acl = legacy.get("metaData"), legacy.get("ACL")
    else:
        given_meta, acl = _json_arg(req.args.get("metaData")), _json_arg(req.args.get("ACL"))
    services = req.services
    key = _new_key(name)
    with services.store.transaction():
        view = _create_file(req, name=name, key=key, mime_type=mime_type_for(name, content_type),
                            metadata=_metadata(req.caller, given_meta, data), acl=acl)
        blobs.for_services(services).write(key, data)
    return Reply(view, status=201)


def _legacy_json(content_type: str, data: bytes) -> dict | None:
    """The JSON bodies old SDKs POST to ``/files/<name>`` instead of raw bytes."""
    if content_type != "application/json" or not data.lstrip().startswith(b"{"):
        return None
    try:
        body = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if not isinstance(body, dict):
        return None
    meta = body.get("metaData")
    if "base64" in body and "_ContentType" in body:
        return body
    if "url" in body and isinstance(meta, dict) and meta.get("__source") == "external":
        return body
    return None


def _decode_base64(text) -> bytes:
    try:
        return base64.b64decode(text or "", validate=False)
    except (binascii.Error, ValueError, TypeError):
        raise LeanCloudError(errors.INVALID_JSON, "Invalid base64 file content.") from None


def _json_arg(text):
    if not text:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise LeanCloudError(errors.INVALID_JSON, "Invalid JSON in the query string.") from None


def create_external(req):
    body = req.json if isinstance(req.json, dict) else {}
    if not isinstance(body.get("url"), str) or not body["url"]:
        raise LeanCloudError(errors.INVALID_JSON, "An external file needs a url.")
    return _external(req, body)


def _external(req, body) -> Reply:
    name = _checked_name(body.get("name"))
    meta = body.get("metaData") if isinstance(body.get("metaData"), dict) else {}
    meta = {**meta, "__source": "external"}
    meta.setdefault("owner", req.caller.user_id or "unknown")
    meta.setdefault("size", 0)
    view = _create_file(req, name=name, key=_new_key(name), url=body["url"],
                        mime_type=mime_type_for(name, body.get("mime_type")), metadata=meta,
                        acl=body.get("ACL"))
    return Reply(view, status=201)


# --- the token flow ------------------------------------------------------------------------

def file_token(req):
    body = req.json if isinstance(req.json, dict) else {}
    name = _checked_name(body.get("name"))
    if body.get("key") and not req.caller.master:
        # a file's url is /<key> at the root: a chosen key could take any free path there
        raise LeanCloudError(errors.OPERATION_FORBIDDEN,
                             "Only the master key may choose a file's key.", status=403)
    services = req.services
    with services.store.transaction():
        key = _checked_key(services, body["key"]) if body.get("key") else _new_key(name)
        view = _create_file(req, name=name, key=key,
                            mime_type=mime_type_for(name, body.get("mime_type")),
                            metadata=_metadata(req.caller, body.get("metaData"), None),
                            acl=body.get("ACL"))
        token = secrets.token_urlsafe(32)
        issue(services, UPLOAD_PURPOSE, token, UPLOAD_TTL, code=token,
              extra={"fileId": view["objectId"]})
    upload_url = f"{base_url(req)}/1.1/fileUploads/{token}"
    return {**view, "token": token, "upload_url": upload_url}


def receive_upload(req):
    """The bytes of a token upload (the ``upload_url`` of ``/fileTokens``)."""
    services = req.services
    record = lookup(services, UPLOAD_PURPOSE, req.params["token"])
    file = services.store.get(FILE, record["fileId"]) if record else None
    if file is None:
        raise LeanCloudError(errors.UNAUTHORIZED, "Invalid or expired upload token.", status=401)
    data = req.raw or b""
    blobs.for_services(services).write(file["key"], data)

    def with_size(obj):
        meta = {**(obj.get("metaData") or {}), "size": len(data),
                "_checksum": hashlib.md5(data).hexdigest()}
        return {**obj, "metaData": meta, "size": len(data), "updatedAt": obj["createdAt"]}

    services.store.update(FILE, file["objectId"], with_size)
    return {}


def file_callback(req):
    body = req.json if isinstance(req.json, dict) else {}
    services = req.services
    token = body.get("token")
    record = spend(services, (UPLOAD_PURPOSE,), token, token) \
        if isinstance(token, str) else None
    if record is None:
        raise LeanCloudError(errors.INVALID_JSON, "Invalid or expired file token.")
    if body.get("result") is False:
        file = services.store.get(FILE, record["fileId"])
        if file is not None:
            services.objects.delete(Caller.master_key(), FILE, file["objectId"])
            blobs.for_services(services).delete(file["key"])
    return {}


# --- _File objects and their bytes ---------------------------------------------------------

def get_file(req):
    return req.services.objects.get(req.caller, FILE, req.params["object_id"]) or {}


def find_files(req):
    spec = FindSpec.from_args(req.args)
    objects = req.services.objects
    answer = {"results": objects.find(req.caller, FILE, spec)}
    if spec.count:
        answer["count"] = objects.count(req.caller, FILE, spec)
    return answer


def delete_file(req):
    services = req.services
    current = services.store.get(FILE, req.params["object_id"])
    services.objects.delete(req.caller, FILE, req.params["object_id"])
    if current is not None and current.get("key") and \
            (current.get("metaData") or {}).get("__source") != "external":
        if not file_by_key(services, current["key"]):
            blobs.for_services(services).delete(current["key"])
    return {}


def has_file_at(services, path: str) -> bool:
    """Whether ``path`` (a URL path such as ``/abc``) is the url of a file stored here:
    for a front that shares the root with web pages (``leanengine up``) to route it here."""
    key = unquote(path.lstrip("/"))
    return bool(key) and file_by_key(services, key) is not None \
        and blobs.for_services(services).path(key).exists()


def serve_file(req):
    """The bytes at a file's url; 404 JSON when no file has that key."""
    key = req.params["key"]
    found = file_by_key(req.services, key)
    data = blobs.for_services(req.services).read(key) if found else None
    if data is None:  # the answer of any unknown route
        raise LeanCloudError(404, f"Not found: {req.path}", status=404)
    return Reply(data, content_type=found.get("mime_type") or "application/octet-stream",
                 headers=SERVED_FILE_HEADERS)
