"""The two plug points the server core calls: who a session token is, and class permissions."""

from __future__ import annotations

from ...protocol.errors import LeanCloudError, OPERATION_FORBIDDEN
from . import accounts, permissions, roles
from .code_records import AUTH_CODE

ROLE = "_Role"
CLASS_PERMISSION = "_ClassPermission"
# Classes that hold server secrets: no client may touch them, whatever their ACL.
INTERNAL_CLASSES = frozenset({accounts.SESSION, accounts.LOGIN_FAILURE, CLASS_PERMISSION,
                              AUTH_CODE})


def resolve_caller(services, session_token: str):
    """``(user, role names)`` for a session token; 211 when the token is unknown."""
    user = accounts.require_user_for_token(services, session_token)
    return user, role_names(services, user["objectId"])


def role_names(services, user_id: str) -> list[str]:
    """Names of the roles the user holds, directly or through the role hierarchy."""
    names = {}

    def remember(rows):
        for row in rows:
            names[row["objectId"]] = row.get("name")
        return [row["objectId"] for row in rows]

    def parents_of(ids):
        where = {"roles": {"$in": [accounts.pointer(i, ROLE) for i in ids]}}
        return remember(accounts.find_all(services, ROLE, where))

    direct = remember(accounts.find_all(services, ROLE, {"users": accounts.pointer(user_id)}))
    held = roles.resolve(direct, parents_of)
    return sorted(names[i] for i in held if isinstance(names.get(i), str))


# What a built-in class allows until the master key sets its permissions (PUT /schemas).
_DEFAULT_PERMISSIONS: dict[str, dict] = {}


def set_default_permissions(class_name: str, raw) -> None:
    _DEFAULT_PERMISSIONS[class_name] = permissions.normalize(raw)


def _permissions_id(class_name: str) -> str:
    return accounts.keyed_id("class-permissions", class_name)


def class_permissions(services, class_name: str) -> dict:
    """Checked on every object operation: memoised by the store until a commit (shared
    value, read-only)."""
    def load():
        record = services.store.get(CLASS_PERMISSION, _permissions_id(class_name))
        return (record or {}).get("permissions") or _DEFAULT_PERMISSIONS.get(class_name) or {}
    return services.store.cached(("class-permissions", class_name), load,
                                 reads=(CLASS_PERMISSION,))


def set_class_permissions(services, class_name: str, raw) -> dict:
    """Replace the class's permissions (validated); answers the canonical form."""
    canonical = permissions.normalize(raw)
    master, record_id = accounts.master(), _permissions_id(class_name)
    with services.store.transaction():
        if services.store.get(CLASS_PERMISSION, record_id):
            services.objects.update(master, CLASS_PERMISSION, record_id, {"permissions": canonical})
        else:
            services.objects.create(master, CLASS_PERMISSION, {
                "objectId": record_id, "className": class_name, "permissions": canonical,
                "ACL": accounts.PRIVATE})
    return canonical


def check_class_permission(services, caller, class_name: str, operation: str) -> None:
    """Raise 119 when the class's permissions refuse ``operation`` to this caller."""
    if caller.master:
        return
    if class_name in INTERNAL_CLASSES:
        raise LeanCloudError(OPERATION_FORBIDDEN, f"Forbidden to {operation} {class_name}.",
                             status=403)
    rules = class_permissions(services, class_name)
    if not rules:
        return
    if not permissions.allows(rules, operation, caller.principals, caller.user_id is not None):
        raise LeanCloudError(OPERATION_FORBIDDEN,
                             f"Forbidden to {operation} by class permissions.", status=403)
