"""Credentials on the wire: every header form LeanCloud clients send, and their check.

``Credentials.from_headers`` reads what a request claims; ``authenticate`` decides what
it may do against the app's keys. All comparisons of secrets are constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from dataclasses import dataclass
from typing import Mapping

# Fields that old JS SDKs put in a text/plain JSON body instead of headers.
BODY_FIELDS = ("_ApplicationId", "_ApplicationKey", "_MasterKey", "_SessionToken")

MASTER = "master"
APP = "app"
# How far a signature's timestamp may be from now, either way (clients' clocks drift), in
# seconds; LEANENGINE_SIGN_MAX_AGE changes it.  A signature outside it is refused, so a
# signature seen once (in a log, a proxy, a browser's history) stops working soon after.
SIGN_MAX_AGE_SECONDS = 15 * 60
_MAX_TIMESTAMP_DIGITS = 16          # milliseconds until the year 316,000


@dataclass(frozen=True)
class AppKeys:
    app_id: str
    app_key: str | None = None
    master_key: str | None = None
    hook_key: str | None = None


@dataclass
class Credentials:
    app_id: str | None = None
    app_key: str | None = None
    master_key: str | None = None
    sign: str | None = None
    session_token: str | None = None
    hook_key: str | None = None
    production: bool = True

    @classmethod
    def from_environ(cls, environ: Mapping[str, str], body: Mapping | None = None) -> "Credentials":
        """Read credentials from a WSGI environ, and from ``body`` (a decoded text/plain
        JSON body) for whatever the headers do not carry."""

        # Every request of the engine and the server passes here, so the header lookups
        # (WSGI environ keys, most current form first) are spelled out: a helper function
        # per field doubled the cost. An empty header counts as absent.
        get = environ.get
        app_id = (get("HTTP_X_LC_ID") or get("HTTP_X_AVOSCLOUD_APPLICATION_ID")
                  or get("HTTP_X_ULURU_APPLICATION_ID") or None)
        app_key = (get("HTTP_X_LC_KEY") or get("HTTP_X_AVOSCLOUD_APPLICATION_KEY")
                   or get("HTTP_X_ULURU_APPLICATION_KEY") or None)
        master_key = get("HTTP_X_AVOSCLOUD_MASTER_KEY") or get("HTTP_X_ULURU_MASTER_KEY") or None
        sign = (get("HTTP_X_LC_SIGN") or get("HTTP_X_AVOSCLOUD_REQUEST_SIGN")
                or get("HTTP_X_ULURU_REQUEST_SIGN") or None)
        session_token = (get("HTTP_X_LC_SESSION") or get("HTTP_X_AVOSCLOUD_SESSION_TOKEN")
                         or get("HTTP_X_ULURU_SESSION_TOKEN") or None)
        hook_key = get("HTTP_X_LC_HOOK_KEY") or None
        production = (get("HTTP_X_LC_PROD")
                      or get("HTTP_X_AVOSCLOUD_APPLICATION_PRODUCTION")) not in ("0", "false")
        # Positional: keyword arguments cost a dataclass __init__ as much again.
        creds = cls(app_id, app_key, master_key, sign, session_token, hook_key, production)
        if body is not None and isinstance(body, Mapping):
            creds.app_id = creds.app_id or _str(body.get("_ApplicationId"))
            creds.app_key = creds.app_key or _str(body.get("_ApplicationKey"))
            creds.master_key = creds.master_key or _str(body.get("_MasterKey"))
            creds.session_token = creds.session_token or _str(body.get("_SessionToken"))
        return creds

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> "Credentials":
        environ = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}
        return cls.from_environ(environ)


def _str(value) -> str | None:
    return value if isinstance(value, str) and value else None


def same(a: str | None, b: str | None) -> bool:
    """Constant-time equality of two secrets; ``None`` or empty never matches."""
    if not a or not b:
        return False
    try:  # ASCII str compares as is (the usual key), sparing two encodes per check
        return hmac.compare_digest(a, b)
    except TypeError:  # non-ASCII: compare_digest takes only bytes then
        return hmac.compare_digest(a.encode(), b.encode())


def make_sign(key: str, timestamp: int, master: bool = False) -> str:
    digest = hashlib.md5(f"{timestamp}{key}".encode()).hexdigest()
    return f"{digest},{timestamp}" + (",master" if master else "")


def timestamp_ms(text) -> int | None:
    """A timestamp in milliseconds written as ASCII digits, or None for anything else
    (other digits, signs, spaces, a number too long to be a time)."""
    if not isinstance(text, str) or not 0 < len(text) <= _MAX_TIMESTAMP_DIGITS \
            or not text.isascii() or not text.isdigit():
        return None
    return int(text)


def sign_max_age() -> float:
    """Seconds a signature stays valid either side of its timestamp."""
    try:
        value = float(os.environ.get("LEANENGINE_SIGN_MAX_AGE") or SIGN_MAX_AGE_SECONDS)
    except ValueError:
        return SIGN_MAX_AGE_SECONDS
    return value if value > 0 else SIGN_MAX_AGE_SECONDS


def _fresh(timestamp: str, now_ms: float | None = None) -> bool:
    value = timestamp_ms(timestamp)
    if value is None:
        return False
    now_ms = time.time() * 1000 if now_ms is None else now_ms
    return abs(now_ms - value) <= sign_max_age() * 1000


def _check_sign(sign: str, keys: AppKeys) -> str | None:
    parts = sign.split(",")
    if len(parts) not in (2, 3) or not _fresh(parts[1]):
        return None
    digest, timestamp = parts[0], parts[1]
    if len(parts) == 3:
        if parts[2] != "master" or not keys.master_key:
            return None
        expected = hashlib.md5(f"{timestamp}{keys.master_key}".encode()).hexdigest()
        return MASTER if same(digest.lower(), expected) else None
    result = None
    if keys.app_key:
        expected = hashlib.md5(f"{timestamp}{keys.app_key}".encode()).hexdigest()
        if same(digest.lower(), expected):
            result = APP
    return result


def authenticate(creds: Credentials, keys: AppKeys) -> str | None:
    """``MASTER``, ``APP`` or ``None`` (refuse) for these credentials."""
    if not same(creds.app_id, keys.app_id):
        return None
    if creds.master_key is not None:
        return MASTER if same(creds.master_key, keys.master_key) else None
    if creds.app_key is not None:
        key = creds.app_key
        if key.endswith(",master"):
            return MASTER if same(key[: -len(",master")], keys.master_key) else None
        return APP if same(key, keys.app_key) else None
    if creds.sign is not None:
        return _check_sign(creds.sign, keys)
    return None


def has_hook_key(creds: Credentials, keys: AppKeys) -> bool:
    return same(creds.hook_key, keys.hook_key)
