"""Password hashing: scrypt for new passwords, LeanCloud's legacy hash still accepted.

A ``_User`` row keeps ``password`` (the hash) and, for users imported from LeanCloud,
``salt``. LeanCloud's hash is base64(h) where h = SHA-512(salt + password), then h is
replaced 512 times by SHA-512(h). New hashes are self-describing strings
``scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>`` and need no separate salt field.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import sys

SCRYPT_PREFIX = "scrypt$"
_N, _R, _P = 2**14, 8, 1
_DKLEN = 32
_LEGACY_ROUNDS = 512


def legacy_hash(password: str, salt: str) -> str:
    digest = hashlib.sha512((salt + password).encode()).digest()
    for _ in range(_LEGACY_ROUNDS):
        digest = hashlib.sha512(digest).digest()
    return base64.b64encode(digest).decode()


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    derived = _scrypt(password, salt, _N, _R, _P)
    return "$".join(("scrypt", str(_N), str(_R), str(_P), _b64(salt), _b64(derived)))


def verify(password: str, stored: str | None, salt: str | None = None) -> bool:
    """Whether ``password`` matches the stored hash (scrypt, or legacy with ``salt``)."""
    if not isinstance(password, str) or not isinstance(stored, str) or not stored:
        return False
    if stored.startswith(SCRYPT_PREFIX):
        try:
            _, n, r, p, salt_b64, hash_b64 = stored.split("$")
            expected = base64.b64decode(hash_b64)
            derived = _scrypt(password, base64.b64decode(salt_b64), int(n), int(r), int(p),
                              dklen=len(expected))
        except (ValueError, TypeError):
            return False
        return hmac.compare_digest(derived, expected)
    if not salt:
        return False
    return hmac.compare_digest(legacy_hash(password, salt).encode(), stored.encode())


def needs_upgrade(stored: str | None) -> bool:
    """True for hashes that should be replaced by a fresh scrypt hash at the next login."""
    if not isinstance(stored, str) or not stored.startswith(SCRYPT_PREFIX):
        return True
    try:
        _, n, r, p, _, _ = stored.split("$")
    except ValueError:
        return True
    return (int(n), int(r), int(p)) != (_N, _R, _P)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, dklen: int = _DKLEN) -> bytes:
    return _off_the_event_loop(hashlib.scrypt, password.encode(), salt=salt, n=n, r=r, p=p,
                               dklen=dklen, maxmem=256 * 1024 * 1024)


def _off_the_event_loop(fn, *args, **kwargs):
    """Run a CPU-heavy call that releases the GIL (scrypt does) in gevent's thread pool when
    this process runs on gevent, so the other requests of the worker keep being served
    during the ~50 ms of a hash; a plain call otherwise."""
    monkey = sys.modules.get("gevent.monkey")
    if monkey is None or not monkey.is_module_patched("threading"):
        return fn(*args, **kwargs)
    from gevent import get_hub
    return get_hub().threadpool.apply(fn, args, kwargs)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()
