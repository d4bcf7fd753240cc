"""Access control lists: who may read and write one object.

On the wire an ACL is ``{"*": {"read": true}, "<userId>": {...}, "role:<name>": {...}}``.
"""

from __future__ import annotations

from typing import Any

PUBLIC = "*"
PUBLIC_KEY = PUBLIC  # the legacy SDK's name


def _subject(user_or_id: Any) -> str:
    """An ACL key for a user id, a User or a Role."""
    if isinstance(user_or_id, str):
        return user_or_id
    from .role import Role
    if isinstance(user_or_id, Role):
        return _role_key(user_or_id)
    object_id = getattr(user_or_id, "id", None)
    if not object_id:
        raise TypeError("ACL subject must be a user id, a saved User or a Role")
    return object_id


def _role_key(role: Any) -> str:
    from .role import Role
    if isinstance(role, Role):
        role = role.get_name()
    if not isinstance(role, str):
        raise TypeError("role must be a leanengine.Role or a role name")
    return "role:" + role


class ACL:
    def __init__(self, permissions_by_id: dict | None = None):
        self.permissions_by_id: dict[str, dict[str, bool]] = permissions_by_id or {}

    def dump(self) -> dict:
        return {key: dict(value) for key, value in self.permissions_by_id.items()}

    def _set(self, access: str, key: str, allowed: bool) -> None:
        permissions = self.permissions_by_id.get(key)
        if allowed:
            self.permissions_by_id.setdefault(key, {})[access] = True
        elif permissions is not None:
            permissions.pop(access, None)
            if not permissions:
                del self.permissions_by_id[key]

    def _get(self, access: str, key: str) -> bool:
        return bool(self.permissions_by_id.get(key, {}).get(access, False))

    def set_read_access(self, user_id: Any, allowed: bool) -> None:
        self._set("read", _subject(user_id), allowed)

    def get_read_access(self, user_id: Any) -> bool:
        return self._get("read", _subject(user_id))

    def set_write_access(self, user_id: Any, allowed: bool) -> None:
        self._set("write", _subject(user_id), allowed)

    def get_write_access(self, user_id: Any) -> bool:
        return self._get("write", _subject(user_id))

    def set_public_read_access(self, allowed: bool) -> None:
        self._set("read", PUBLIC, allowed)

    def get_public_read_access(self) -> bool:
        return self._get("read", PUBLIC)

    def set_public_write_access(self, allowed: bool) -> None:
        self._set("write", PUBLIC, allowed)

    def get_public_write_access(self) -> bool:
        return self._get("write", PUBLIC)

    def set_role_read_access(self, role: Any, allowed: bool) -> None:
        self._set("read", _role_key(role), allowed)

    def get_role_read_access(self, role: Any) -> bool:
        return self._get("read", _role_key(role))

    def set_role_write_access(self, role: Any, allowed: bool) -> None:
        self._set("write", _role_key(role), allowed)

    def get_role_write_access(self, role: Any) -> bool:
        return self._get("write", _role_key(role))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ACL) and self.permissions_by_id == other.permissions_by_id

    def __repr__(self) -> str:
        return f"ACL({self.permissions_by_id!r})"
