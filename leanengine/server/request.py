"""What a handler receives (ApiRequest) and may return (Reply)."""

from __future__ import annotations

from dataclasses import dataclass, field

from werkzeug.datastructures import Headers, MultiDict


class Args(MultiDict):
    """The query string.  ``get`` of a missing name answers the default without raising
    and catching werkzeug's KeyError subclass (a measurable cost per request)."""

    def get(self, key, default=None, type=None):
        if key not in self:
            return default
        return super().get(key, default, type)


@dataclass
class ApiRequest:
    method: str
    path: str
    params: dict                  # URL parts, e.g. {"class_name": "Todo"}
    args: MultiDict               # query string
    json: object                  # decoded JSON body ({} when empty); None for raw routes
    caller: object                # caller.Caller
    services: object              # services.Services
    raw: bytes | None = None      # the body of a body="raw" route
    headers: Headers = field(default_factory=Headers)
    environ: dict = field(default_factory=dict)

    def flag(self, name: str) -> bool:
        """A boolean query-string or body flag such as ``fetchWhenSave=true``."""
        value = self.args.get(name)
        if value is None and isinstance(self.json, dict):
            value = self.json.get(name)
        return value is True or (isinstance(value, str) and value.lower() in ("true", "1"))


class EncodedJson:
    """A JSON text already encoded (UTF-8 bytes), answered as it is: a handler that
    encodes a large answer piece by piece (a batch) returns one, so that the answer is
    not held as objects and as text at once."""

    __slots__ = ("data",)

    def __init__(self, data: bytes):
        self.data = data


@dataclass
class Reply:
    body: object
    status: int = 200
    headers: dict = field(default_factory=dict)
    content_type: str | None = None   # set with a bytes body to answer something else than JSON
