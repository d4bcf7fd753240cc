"""An exported object in the stored form, checked with the server's own value rules.

Unlike a REST create, nothing is stamped or re-hashed: the object keeps its objectId,
createdAt, updatedAt and ACL, and a ``_User`` keeps ``password`` + ``salt`` (LeanCloud's
hash, verified and upgraded at the first login) and ``sessionToken`` (adopted as a
session on first use).
"""

from __future__ import annotations

from ..protocol import errors
from ..protocol.errors import LeanCloudError
from ..server import acl as acls
from ..server import values
from ..server.ids import new_object_id

# A bcrypt hash is what LeanCloud's console import took for passwords; the server cannot
# verify it, and kept as a plain field it would be readable.
_UNSUPPORTED_USER_FIELDS = ("bcryptPassword",)


def stored_form(class_name: str, exported, now: str) -> dict:
    """The object to store; LeanCloudError (with LeanCloud's code) for a bad one.
    An object without objectId gets a new one; without dates, ``now``."""
    if not isinstance(exported, dict):
        raise LeanCloudError(errors.INVALID_JSON, "An exported object must be a JSON object.")
    rest_object = exported.get("__type") == "Object"     # {"__type": "Object", "className"...}
    obj = {}
    for key, value in exported.items():
        if key in values.SYSTEM_FIELDS or (rest_object and key in ("__type", "className")):
            continue
        values.check_key_name(key)
        obj[key] = values.normalize(value)
    if class_name == "_User":
        for key in _UNSUPPORTED_USER_FIELDS:
            if key in obj:
                raise LeanCloudError(errors.INVALID_JSON,
                                     f"'{key}' is not supported: export the users from "
                                     "LeanCloud with their password and salt.")
    object_id = exported.get("objectId")
    obj["objectId"] = new_object_id() if object_id is None else values.check_object_id(object_id)
    obj["createdAt"] = _date(exported.get("createdAt"), "createdAt") or now
    obj["updatedAt"] = _date(exported.get("updatedAt"), "updatedAt") or obj["createdAt"]
    acl = exported.get("ACL")
    obj["ACL"] = acls.public() if acl is None else values.check_acl(acl)
    return obj


def _date(value, name: str) -> str | None:
    """``"2015-06-21T18:02:52.249Z"`` (the export's form) or a Date value, normalised."""
    if value is None:
        return None
    if isinstance(value, dict) and value.get("__type") == "Date":
        value = value.get("iso")
    if not isinstance(value, str):
        raise LeanCloudError(errors.INVALID_JSON, f"Invalid {name} '{value}'.")
    return values.normalize_iso(value)
