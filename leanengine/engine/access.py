"""Who may call what: credentials of an engine request checked against the app's keys.

Keys are read at request time (``leanengine.config.keys()``), so a changed key takes
effect on the next request. Every comparison is constant-time (protocol.credentials).
"""

from __future__ import annotations

from ..protocol.credentials import (MASTER, AppKeys, Credentials, authenticate, has_hook_key,
                                    same)
from .errors import unauthorized


def credentials(environ, params: dict) -> Credentials:
    """The request's credentials; a ``text/plain`` body (old JS SDKs) may carry them."""
    body = params if environ.get("CONTENT_TYPE", "").startswith("text/plain") else None
    return Credentials.from_environ(environ, body)


def require_app(creds: Credentials, keys: AppKeys) -> str:
    """``"master"`` or ``"app"``; 401 for a wrong app id or key or signature."""
    role = authenticate(creds, keys)
    if role is None:
        raise unauthorized()
    return role


def require_hook_key(creds: Credentials, keys: AppKeys) -> None:
    """Hooks (called by the storage service) need the hook key besides app credentials."""
    if not has_hook_key(creds, keys):
        raise unauthorized()


def require_platform(creds: Credentials, keys: AppKeys) -> None:
    """Hooks: app credentials and the hook key (``require_app`` and ``require_hook_key``
    in one call, as every hook call makes both checks)."""
    if authenticate(creds, keys) is None or not same(creds.hook_key, keys.hook_key):
        raise unauthorized()


def require_master(creds: Credentials, keys: AppKeys) -> None:
    if require_app(creds, keys) != MASTER:
        raise unauthorized()


def require_internal(role: str, creds: Credentials, keys: AppKeys) -> None:
    """An internal function: the master key or the hook key."""
    if role != MASTER and not has_hook_key(creds, keys):
        raise unauthorized()
