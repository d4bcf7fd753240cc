"""``leanengine.Role``: a named group of users (``_Role``) used in ACLs.

``users`` and ``roles`` are Relations: the users in the role and the roles whose
members inherit it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .acl import ACL
from .object_ import Object

if TYPE_CHECKING:
    from .relation import Relation


class Role(Object):
    _class_name = "_Role"

    def __init__(self, name: str | None = None, acl: ACL | None = None, **attrs: Any):
        super().__init__(**attrs)
        if name is not None:
            self.set_name(name)
        if acl is not None:
            self.set_acl(acl)

    def get_name(self) -> str | None:
        return self.get("name")

    def set_name(self, name: str) -> "Role":
        return self.set("name", name)

    @property
    def name(self) -> str | None:
        return self.get("name")

    @name.setter
    def name(self, value: str) -> None:
        self.set_name(value)

    def get_users(self) -> "Relation":
        """The relation of users who belong to this role."""
        return self.relation("users")

    def get_roles(self) -> "Relation":
        """The relation of roles whose users also get this role's permissions."""
        return self.relation("roles")

    @property
    def users(self) -> "Relation":
        return self.relation("users")

    @property
    def roles(self) -> "Relation":
        return self.relation("roles")

    def validate(self, attrs: dict) -> bool:
        if "name" in attrs and self.id and attrs["name"] != self.get("name") \
                and self.get("name") is not None:
            raise ValueError("a role's name cannot change once it is saved")
        name = attrs.get("name")
        if isinstance(name, str) and not all(c.isalnum() or c in "_- " for c in name):
            raise ValueError("a role's name may hold only letters, digits, '_', '-' and spaces")
        return super().validate(attrs)
