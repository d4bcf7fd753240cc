"""Rules for names and typed values as clients write them, and the schema type of a value.

Everything here is about the wire form (``{"__type": "Date", ...}`` and friends); the store
keeps values in exactly that form, with dates normalised to millisecond UTC ISO strings.
"""

from __future__ import annotations

import base64
import binascii
import re

from ..protocol import errors, jsontext
from ..protocol.dates import format_iso, parse_iso
from ..protocol.errors import LeanCloudError

CLASS_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")
KEY_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,127}$")
OBJECT_ID = re.compile(r"^[0-9A-Za-z]{1,64}$")   # ours are hex; imported (Parse-era) ids mix case

# Fields the server owns; a client may not write them as ordinary fields.
SYSTEM_FIELDS = ("objectId", "createdAt", "updatedAt", "ACL")
RESERVED_KEYS = frozenset({"objectId", "createdAt", "updatedAt"})

MAX_OBJECT_BYTES = 128 * 1024


# Names already found valid: every write checks every key, and a set lookup costs a tenth
# of the regex.  Bounded, as clients choose the names.
_VALID_CLASSES: set = set()
_VALID_KEYS: set = set()
_MEMO_LIMIT = 10000


def _checked_name(name, memo: set, pattern, code: int, what: str) -> str:
    if type(name) is str and name in memo:
        return name
    if not isinstance(name, str) or not pattern.match(name):
        raise LeanCloudError(code, f"Invalid {what} '{name}'.")
    if len(memo) >= _MEMO_LIMIT:
        memo.clear()
    memo.add(name)
    return name


def check_class_name(name: str) -> str:
    return _checked_name(name, _VALID_CLASSES, CLASS_NAME, errors.INVALID_CLASS_NAME, "class name")


def check_key_name(name) -> str:
    return _checked_name(name, _VALID_KEYS, KEY_NAME, errors.INVALID_KEY_NAME, "key name")


def check_object_id(object_id) -> str:
    if not isinstance(object_id, str) or not OBJECT_ID.match(object_id):
        raise LeanCloudError(errors.MISSING_OBJECT_ID, "Missing or invalid objectId.")
    return object_id


SCALAR_TYPES = frozenset((str, int, bool, type(None)))   # valid as they come (not float: NaN)


def normalize(value, depth: int = 0):
    """Validate a field value as sent and return the form to store.

    Raises LeanCloudError with LeanCloud's code for each malformed kind.
    """
    if type(value) in SCALAR_TYPES:
        return value
    if depth > 32:
        raise LeanCloudError(errors.INVALID_NESTED_KEY, "Object nested too deeply.")
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        raise LeanCloudError(errors.INVALID_JSON, "NaN and Infinity are not valid numbers.")
    if isinstance(value, list):
        return [normalize(item, depth + 1) for item in value]
    if not isinstance(value, dict):
        return value
    kind = value.get("__type")
    if kind is None:
        out = {}
        for key, item in value.items():
            if not isinstance(key, str) or key.startswith("$") or "." in key or not key:
                raise LeanCloudError(errors.INVALID_NESTED_KEY, f"Invalid nested key '{key}'.")
            out[key] = normalize(item, depth + 1)
        return out
    return _normalize_typed(kind, value)


def _normalize_typed(kind, value: dict):
    if kind == "Date":
        return {"__type": "Date", "iso": normalize_iso(value.get("iso"))}
    if kind in ("Pointer", "Object"):
        class_name, object_id = value.get("className"), value.get("objectId")
        if not isinstance(class_name, str) or not CLASS_NAME.match(class_name) \
                or not isinstance(object_id, str) or not object_id:
            raise LeanCloudError(errors.INVALID_POINTER, "Malformed pointer.")
        return {"__type": "Pointer", "className": class_name, "objectId": object_id}
    if kind == "GeoPoint":
        return geo_point(value)
    if kind == "File":
        file_id = value.get("objectId") or value.get("id")
        if not isinstance(file_id, str) or not file_id:
            raise LeanCloudError(errors.INVALID_POINTER, "A File needs its objectId.")
        return {"__type": "File", "objectId": file_id}
    if kind == "Bytes":
        data = value.get("base64")
        try:
            base64.b64decode(data, validate=True)
        except (binascii.Error, TypeError, ValueError):
            raise LeanCloudError(errors.INVALID_JSON, "Bytes need valid base64.") from None
        return {"__type": "Bytes", "base64": data}
    if kind == "Relation":
        class_name = value.get("className")
        if not isinstance(class_name, str) or not CLASS_NAME.match(class_name):
            raise LeanCloudError(errors.INVALID_POINTER, "A Relation needs a className.")
        return {"__type": "Relation", "className": class_name}
    raise LeanCloudError(errors.INVALID_JSON, f"Unknown __type '{kind}'.")


def normalize_iso(iso) -> str:
    try:
        return format_iso(parse_iso(iso))
    except (ValueError, TypeError):
        raise LeanCloudError(errors.INVALID_JSON, f"Invalid date '{iso}'.") from None


def geo_point(value) -> dict:
    if isinstance(value, dict):
        lat, lng = value.get("latitude"), value.get("longitude")
    elif isinstance(value, (list, tuple)) and len(value) == 2:
        lat, lng = value
    else:
        raise LeanCloudError(errors.GEO_POINT_INVALID, "Invalid GeoPoint.")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lng)) \
            or not -90 <= lat <= 90 or not -180 <= lng <= 180:
        raise LeanCloudError(errors.GEO_POINT_INVALID, "Invalid GeoPoint: latitude must be in "
                             "[-90, 90] and longitude in [-180, 180].")
    return {"__type": "GeoPoint", "latitude": lat, "longitude": lng}


def check_acl(acl) -> dict:
    if not isinstance(acl, dict):
        raise LeanCloudError(errors.INVALID_ACL, "Invalid ACL.")
    out = {}
    for principal, rights in acl.items():
        if not isinstance(rights, dict) or not set(rights) <= {"read", "write"} \
                or not all(isinstance(v, bool) for v in rights.values()):
            raise LeanCloudError(errors.INVALID_ACL, "Invalid ACL.")
        out[principal] = {k: v for k, v in rights.items() if v}
    return out


# The schema entries of plain values, by Python type (shared: never mutate them).
_PLAIN_TYPES = {bool: {"type": "Boolean"}, int: {"type": "Number"}, float: {"type": "Number"},
                str: {"type": "String"}, list: {"type": "Array"}}


def schema_type(value) -> dict | None:
    """The schema entry for a stored value (``{"type": "Pointer", "className": "X"}``), or
    None for null, which fixes no type.  Entries of plain values are shared constants."""
    if value is None:
        return None
    plain = _PLAIN_TYPES.get(type(value))
    if plain is not None:
        return plain
    if isinstance(value, bool):
        return {"type": "Boolean"}
    if isinstance(value, (int, float)):
        return {"type": "Number"}
    if isinstance(value, str):
        return {"type": "String"}
    if isinstance(value, list):
        return {"type": "Array"}
    kind = value.get("__type")
    if kind in ("Pointer", "Relation"):
        return {"type": kind, "className": value["className"]}
    if kind in ("Date", "GeoPoint", "File", "Bytes"):
        return {"type": kind}
    return {"type": "Object"}


_canonical = jsontext.encoder(sort_keys=True, ensure_ascii=False, allow_nan=False)


def dump(value) -> str:
    """The canonical JSON text a value is stored and compared as."""
    return _canonical(value)


def dump_fields(fields: dict) -> str:
    """An object's fields as stored: 116 past 128 KB, 107 when a number became NaN or
    infinite (an Increment overflow)."""
    try:
        text = dump(fields)
    except ValueError:
        raise LeanCloudError(errors.INVALID_JSON, "NaN and Infinity are not valid numbers.") from None
    if len(text) > MAX_OBJECT_BYTES // 4 and len(text.encode()) > MAX_OBJECT_BYTES:
        raise LeanCloudError(errors.OBJECT_TOO_LARGE, "The object is too large (128 KB at most).")
    return text
