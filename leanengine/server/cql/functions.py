"""CQL's built-in value functions: each builds one typed value of the REST encoding.

``date('2011-08-20T02:06:57.931Z')``, ``pointer('Post', id)``, ``geopoint(lng, lat)``,
``file(id)``, ``base64('...')``, ``current_timestamp()`` and ``op('Increment', {...})``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable

from leanengine.protocol.dates import format_iso, now_iso, parse_iso
from leanengine.protocol.errors import CQL_SYNTAX_ERROR, LeanCloudError

from ..values import check_class_name

UPDATE_OPERATIONS = frozenset({
    "Increment", "Decrement", "Add", "AddUnique", "Remove", "Delete",
    "AddRelation", "RemoveRelation", "BitAnd", "BitOr", "BitXor",
})


def call(name: str, args: list):
    """The value of the function ``name`` applied to ``args`` (name case-insensitive)."""
    function = _FUNCTIONS.get(name.lower())
    if function is None:
        raise syntax_error(f"CQL has no function {name}().")
    expected, build = function
    if len(args) != expected:
        raise syntax_error(f"{name}() takes {expected} argument(s), got {len(args)}.")
    return build(*args)


def geopoint(longitude, latitude) -> dict:
    """A GeoPoint from CQL's (longitude, latitude) order."""
    for number in (longitude, latitude):
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise syntax_error("geopoint() takes two numbers: longitude, latitude.")
    return {"__type": "GeoPoint", "latitude": latitude, "longitude": longitude}


def syntax_error(message: str) -> LeanCloudError:
    return LeanCloudError(CQL_SYNTAX_ERROR, message)


def _date(text) -> dict:
    try:
        moment = parse_iso(text)
    except ValueError:
        raise syntax_error(f"date() takes a UTC time like 2011-08-20T02:06:57.931Z, got {text!r}.") from None
    return {"__type": "Date", "iso": format_iso(moment)}


def _pointer(class_name, object_id) -> dict:
    if not isinstance(class_name, str) or not isinstance(object_id, str):
        raise syntax_error("pointer() takes a class name and an objectId, both strings.")
    check_class_name(class_name)
    return {"__type": "Pointer", "className": class_name, "objectId": object_id}


def _file(object_id) -> dict:
    if not isinstance(object_id, str):
        raise syntax_error("file() takes the objectId of a file, a string.")
    return {"__type": "File", "objectId": object_id}


def _bytes(text) -> dict:
    try:
        base64.b64decode(text, validate=True)
    except (TypeError, ValueError, binascii.Error):
        raise syntax_error("base64() takes a base64-encoded string.") from None
    return {"__type": "Bytes", "base64": text}


def _current_timestamp() -> dict:
    return {"__type": "Date", "iso": now_iso()}


def _op(name, arguments) -> dict:
    if name not in UPDATE_OPERATIONS:
        raise syntax_error(f"op() knows no operation {name!r}.")
    if not isinstance(arguments, dict) or "__op" in arguments:
        raise syntax_error("op() takes an operation name and an object of its arguments.")
    return {"__op": name, **arguments}


_FUNCTIONS: dict[str, tuple[int, Callable]] = {
    "date": (1, _date),
    "pointer": (2, _pointer),
    "geopoint": (2, geopoint),
    "file": (1, _file),
    "base64": (1, _bytes),
    "current_timestamp": (0, _current_timestamp),
    "op": (2, _op),
}
