"""Write guards for ``_User`` and ``_Role``: what the object service checks before any
create or update of those classes, whichever route (REST, batch, CQL) it came by."""

from __future__ import annotations

import re

from ...protocol import errors
from ...protocol.errors import LeanCloudError
from . import accounts, authdata, passwords

UNIQUE_USER_FIELDS = (   # held by one user only: (field, code, message)
    ("username", errors.USERNAME_TAKEN, "Username has already been taken."),
    ("email", errors.EMAIL_TAKEN, "This email address has already been taken."),
    ("mobilePhoneNumber", errors.MOBILE_PHONE_TAKEN, "Mobile phone number has already been taken."),
)
_SERVER_OWNED_USER_FIELDS = ("sessionToken", "salt")
_VERIFIED_FLAGS = ("emailVerified", "mobilePhoneVerified")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9]{5,20}$")
_ROLE_NAME = re.compile(r"^[0-9A-Za-z_\- ]+$")

INVALID_PHONE_NUMBER = 127
INVALID_ROLE_NAME = 139
USER_CANNOT_BE_ALTERED = 206


def guard_user(services, caller, class_name, object_id, body):
    if object_id is not None and not caller.master and caller.user_id != object_id:
        raise cannot_alter_user()
    body = {k: v for k, v in body.items() if k not in _SERVER_OWNED_USER_FIELDS}
    if not caller.master:
        for flag in _VERIFIED_FLAGS:
            body.pop(flag, None)
    _check_identity_fields(body)
    current = (services.store.get(accounts.USER, object_id) or {}) if object_id else {}
    for field, code, message in UNIQUE_USER_FIELDS:
        value = body.get(field)
        if isinstance(value, str) and value:
            other = accounts.find_one(services, accounts.USER, {field: value})
            if other and other["objectId"] != object_id:
                raise LeanCloudError(code, message)
    for field, flag in (("email", "emailVerified"), ("mobilePhoneNumber", "mobilePhoneVerified")):
        if field in body and body[field] != current.get(field) and flag not in body:
            body[flag] = False  # a new address or number is not verified yet
    if object_id is None:
        for flag in _VERIFIED_FLAGS:
            body.setdefault(flag, False)  # every LeanCloud user carries both flags
        if "ACL" not in body:
            body["ACL"] = {"*": {"read": True}}  # sign-up adds the user's own write entry
    body = _auth_data_by_platform(body)
    if "authData" in body:
        body["authData"] = _checked_auth_data(services, caller, body["authData"], object_id,
                                              current.get("authData"))
    if "password" in body:
        password = body["password"]
        if not isinstance(password, str) or not password:
            raise LeanCloudError(errors.PASSWORD_MISSING, "Password is missing or empty.")
        body["password"] = passwords.hash_password(password)
    return body


def guard_user_delete(services, caller, class_name, object_id) -> None:
    """A user is deleted by its own session or the master key, whatever its ACL says."""
    if not caller.master and caller.user_id != object_id:
        raise cannot_alter_user()


def _check_identity_fields(body: dict) -> None:
    """username must be a non-blank string; email and mobilePhoneNumber valid strings
    (or removed with a Delete op)."""
    if "username" in body:
        username = body["username"]
        if not isinstance(username, str) or not username.strip():
            raise LeanCloudError(errors.INVALID_USERNAME, "A username must be a non-blank string.")
    for field, check in (("email", _checked_email), ("mobilePhoneNumber", checked_phone)):
        value = body.get(field)
        if field in body and not _is_delete(value) and value is not None:
            check(value if isinstance(value, str) else "")


def _is_delete(value) -> bool:
    return isinstance(value, dict) and value.get("__op") == "Delete"


def _checked_email(email: str) -> str:
    if not _EMAIL.match(email):
        raise LeanCloudError(errors.INVALID_EMAIL_ADDRESS, "The email address was invalid.")
    return email


def cannot_alter_user() -> LeanCloudError:
    return LeanCloudError(USER_CANNOT_BE_ALTERED,
                          "The user cannot be altered by a client without the session.")


def checked_phone(phone: str) -> str:
    if not _PHONE.match(phone):
        raise LeanCloudError(INVALID_PHONE_NUMBER, "The mobile phone number was invalid.")
    return phone


def linked_user(services, platform: str, data) -> dict | None:
    """The user linked to the account ``data`` names on ``platform``; the id is looked up
    as a literal string (``authdata.identity`` takes nothing else)."""
    identity = authdata.identity(data)
    if identity is None:
        return None
    key, value = identity
    return accounts.find_one(services, accounts.USER,
                             {f"authData.{authdata.check_platform(platform)}.{key}": value})


def _auth_data_by_platform(body: dict) -> dict:
    """Fold ``"authData.<platform>": data`` keys (JS ``unset('authData.x')`` sends a Delete
    op that way) into one ``authData`` change, so every link is checked the same way."""
    dotted = [k for k in body if k.startswith("authData.")]
    if any(k.count(".") > 1 for k in dotted):  # would reach past the link checks below
        raise LeanCloudError(errors.INVALID_KEY_NAME, "authData changes one platform at a time.")
    if not dotted:
        return body
    body = dict(body)
    changes = dict(body.get("authData") or {})
    for key in dotted:
        value = body.pop(key)
        deleted = isinstance(value, dict) and value.get("__op") == "Delete"
        changes[key.split(".", 1)[1]] = None if deleted else value
    body["authData"] = changes
    return body


def _checked_auth_data(services, caller, auth_data, object_id, current):
    """The user's authData after the change: entries the change links are checked, verified
    (``authdata.linked``) and held by no other user; ``{"platform": null}`` unlinks."""
    if auth_data is None:
        return None
    if not isinstance(auth_data, dict):
        raise LeanCloudError(errors.INVALID_JSON, "authData must be an object.")
    current = current if isinstance(current, dict) else {}
    for platform in auth_data:
        authdata.check_platform(platform)
    changed = {p: d for p, d in auth_data.items() if d is not None and d != current.get(p)}
    changed = authdata.linked(services, caller, changed)
    for platform, data in changed.items():
        other = linked_user(services, platform, data)
        if other and other["objectId"] != object_id:
            raise LeanCloudError(errors.ACCOUNT_ALREADY_LINKED,
                                 "This authData is already linked to another user.")
    kept = {**current, **changed}
    return {p: d for p, d in kept.items() if auth_data.get(p, d) is not None}


def guard_role(services, caller, class_name, object_id, body):
    name = body.get("name")
    if object_id is None:
        if not isinstance(name, str) or not _ROLE_NAME.match(name):
            raise LeanCloudError(INVALID_ROLE_NAME, "A role's name must be a non-empty string of "
                                 "letters, digits, spaces, '-' and '_'.")
        if not isinstance(body.get("ACL"), dict):
            raise LeanCloudError(errors.INVALID_ACL, "A role must be created with an ACL.")
        if accounts.find_one(services, "_Role", {"name": name}):
            raise LeanCloudError(errors.DUPLICATE_VALUE, f"A role named {name} already exists.")
    elif "name" in body:
        current = services.store.get("_Role", object_id) or {}
        if name != current.get("name"):
            raise LeanCloudError(INVALID_ROLE_NAME, "A role's name cannot be changed.")
    return body
