"""Typed JSON <-> Python values (``{"__type": ...}`` forms of the storage API and RPC).

``encode`` turns SDK values into what goes on the wire; ``decode`` turns what comes back
into SDK values: Objects, GeoPoints, aware UTC datetimes, Files, bytes and Relations,
inside lists and dicts at any depth.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from ..protocol.dates import encode_date, parse_iso
from . import acl as _acl
from . import file_ as _file
from . import geopoint as _geopoint
from . import object_ as _object
from . import operation as _operation
from . import relation as _relation

# Exact types that encode and decode leave as they are (most fields): callers on hot
# paths test ``type(value) in PLAIN_TYPES`` to skip the call.
PLAIN_TYPES = frozenset((str, int, float, bool, type(None)))


def encode(value: Any, full_objects: bool = False) -> Any:
    """The wire form of ``value``.

    Objects become Pointers, or with ``full_objects`` (RPC results) whole objects with
    ``__type: "Object"`` and every field.
    """
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, _object.Object):
        if full_objects:
            return value.dump()
        return value._to_pointer()
    if isinstance(value, datetime):
        return encode_date(value)
    if isinstance(value, (bytes, bytearray)):
        return {"__type": "Bytes", "base64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, _file.File):
        return value._to_reference()
    if isinstance(value, (_geopoint.GeoPoint, _acl.ACL, _relation.Relation)):
        return value.dump()
    if isinstance(value, _operation.Op):
        return value.dump(lambda v: encode(v, full_objects))
    if isinstance(value, (list, tuple)):
        return [encode(item, full_objects) for item in value]
    if isinstance(value, dict):
        return {key: encode(item, full_objects) for key, item in value.items()}
    raise TypeError(f"cannot encode a {type(value).__name__} for the storage API")


def decode(value: Any, key: str | None = None) -> Any:
    """The SDK value of a wire value. ``key`` names the field (``ACL``, Relations)."""
    if isinstance(value, list):
        return [decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if key == "ACL":
        return _acl.ACL(dict(value))
    kind = value.get("__type")
    if kind is None:
        return {k: decode(v, k) for k, v in value.items()}
    if kind == "Date":
        return parse_iso(value["iso"])
    if kind in ("Pointer", "Object") and isinstance(value.get("className"), str):
        return _decode_object(value)
    if kind == "GeoPoint":
        return _geopoint.GeoPoint(value["latitude"], value["longitude"])
    if kind == "Bytes":
        return base64.b64decode(value["base64"])
    if kind == "File":
        return _file.File._from_server(value)
    if kind == "Relation":
        return _relation.Relation._from_server(value.get("className"), key)
    return {k: decode(v, k) for k, v in value.items()}


def _decode_object(value: dict) -> Any:
    fields = {k: v for k, v in value.items() if k not in ("__type", "className")}
    obj = _object.Object.as_class(value["className"])()
    obj._update_data(fields)
    return obj
