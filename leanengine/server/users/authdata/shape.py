"""What an authData entry may look like before anything looks it up or stores it.

Every value that takes part in a lookup (the id under ``uid``/``openid``/``id``, a union
id and its platform) must be a non-empty string: a client's object there would become a
query condition (``{"$regex": "^oV"}`` reads a stored id one character at a time).
"""

from __future__ import annotations

import re

from ....protocol import errors
from ....protocol.errors import LeanCloudError

ID_KEYS = ("uid", "openid", "id")
_PLATFORM = re.compile(r"^[A-Za-z0-9_]{1,64}$")
_MAX_NESTING = 8


def invalid(message: str) -> LeanCloudError:
    return LeanCloudError(errors.INVALID_JSON, message)


def check_platform(platform) -> str:
    if not isinstance(platform, str) or not _PLATFORM.match(platform):
        raise LeanCloudError(errors.INVALID_KEY_NAME, "An authData platform name is 1-64 "
                             "letters, digits or '_'.")
    return platform


def identity(data) -> tuple[str, str] | None:
    """The key and value that identify an account of a third-party platform: the first of
    ``uid``, ``openid``, ``id`` that holds a non-empty string."""
    if not isinstance(data, dict):
        return None
    for key in ID_KEYS:
        value = data.get(key)
        if isinstance(value, str) and value:
            return key, value
    return None


def check_entry(platform, data) -> dict:
    """``data`` as stored and looked up for ``platform``; raises 105/107 otherwise."""
    check_platform(platform)
    if not isinstance(data, dict):
        raise invalid(f"authData.{platform} must be an object.")
    for key in ID_KEYS:
        if key in data and not _is_literal_id(data[key]):
            raise invalid(f"authData.{platform}.{key} must be a non-empty string.")
    if identity(data) is None:
        raise invalid(f"authData.{platform} needs one of {', '.join(ID_KEYS)}.")
    if "unionid" in data and not _is_literal_id(data["unionid"]):
        raise invalid(f"authData.{platform}.unionid must be a non-empty string.")
    if "unionid" in data and "platform" in data:
        check_platform(data["platform"])
    _check_no_operator(platform, data, 0)
    return data


def check_entries(auth_data, allow_unlink: bool) -> dict:
    """Every entry of an authData object checked; ``None`` (unlink) only where allowed."""
    if not isinstance(auth_data, dict):
        raise invalid("authData must be an object.")
    for platform, data in auth_data.items():
        if data is None and allow_unlink:
            check_platform(platform)
        else:
            check_entry(platform, data)
    return auth_data


def _is_literal_id(value) -> bool:
    return isinstance(value, str) and value != ""


def _check_no_operator(platform: str, value, depth: int) -> None:
    """No key of an entry, however deep, is an operator or an op (``$...``, ``__op``)."""
    if depth > _MAX_NESTING:
        raise invalid(f"authData.{platform} is nested too deeply.")
    if isinstance(value, dict):
        for key, inner in value.items():
            if key.startswith("$") or key == "__op":
                raise invalid(f"authData.{platform} cannot hold operators ({key}).")
            _check_no_operator(platform, inner, depth + 1)
    elif isinstance(value, list):
        for inner in value:
            _check_no_operator(platform, inner, depth + 1)
