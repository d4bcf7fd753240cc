"""Class-level permissions: who may create, find, get, update, delete or add fields.

A class's permissions map an operation to a rule. A rule is a map of principals
(``"*"``, a user id, ``"role:<Name>"``) to ``true``, optionally with
``"onlySignInUsers": true`` (LeanCloud's "signed-in users") or Parse's
``"requiresAuthentication": true``. Rules may also be written ``{"users": [...],
"roles": [...]}``. An operation without a rule is open; an empty rule closes it to
everyone but the master key.
"""

from __future__ import annotations

from typing import Iterable

from leanengine.protocol.errors import LeanCloudError, INVALID_JSON

OPERATIONS = ("create", "find", "get", "update", "delete", "add_fields")
_ALIASES = {"addField": "add_fields", "addFields": "add_fields", "count": "find"}
_SIGNED_IN = ("onlySignInUsers", "requiresAuthentication")


def normalize(raw) -> dict:
    """Validated, canonical permissions; raises 107 for a malformed document."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise LeanCloudError(INVALID_JSON, "classLevelPermissions must be an object.")
    result = {}
    for op, rule in raw.items():
        op = _ALIASES.get(op, op)
        if op not in OPERATIONS:
            raise LeanCloudError(INVALID_JSON, f"Unknown class permission: {op}.")
        result[op] = _normalize_rule(rule)
    return result


def _normalize_rule(rule) -> dict:
    if not isinstance(rule, dict):
        raise LeanCloudError(INVALID_JSON, "A class permission must be an object.")
    keys = {}
    for user_id in rule.get("users", []) or []:
        keys[str(user_id)] = True
    for role in rule.get("roles", []) or []:
        keys["role:" + str(role).removeprefix("role:")] = True
    for key, value in rule.items():
        if key in ("users", "roles"):
            continue
        if key in _SIGNED_IN:
            if value:
                keys["onlySignInUsers"] = True
        elif value is True:
            keys[key] = True
    return keys


def allows(permissions: dict, operation: str, principals: Iterable[str],
           signed_in: bool) -> bool:
    """Whether a caller with ``principals`` may do ``operation`` (the master key bypasses
    this check before calling it)."""
    operation = _ALIASES.get(operation, operation)
    rule = permissions.get(operation)
    if rule is None:
        return True
    if rule.get("onlySignInUsers") and signed_in:
        return True
    return any(rule.get(key) is True for key in principals)
