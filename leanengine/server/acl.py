"""Object ACLs: what a caller may do with one stored object.

An ACL maps principals (``*``, a user id, ``role:<name>``) to ``{"read": true, "write": true}``.
An object without an ACL is open to everyone; the master key passes every check.
"""

from __future__ import annotations

from .caller import Caller

PUBLIC = {"*": {"read": True, "write": True}}     # shared: compare with it, never hand it out


def public() -> dict:
    """A new ACL open to everyone: what an object created without one gets."""
    return {"*": {"read": True, "write": True}}


def allows(caller: Caller, acl: dict | None, right: str) -> bool:
    if caller.master or acl is None:
        return True
    public = acl.get("*")
    if public and public.get(right):          # most objects: no need for the principals
        return True
    return any(acl.get(p, {}).get(right) for p in caller.principals)


def can_read(caller: Caller, obj: dict) -> bool:
    return allows(caller, obj.get("ACL"), "read")


def can_write(caller: Caller, obj: dict) -> bool:
    return allows(caller, obj.get("ACL"), "write")
