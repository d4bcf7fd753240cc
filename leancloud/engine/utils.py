"""``leancloud.engine.utils``: the request-signing digest and a str helper."""

import hashlib


def sign_by_key(timestamp, key) -> str:
    """The hex MD5 of ``<timestamp><key>``: the digest part of an ``X-LC-Sign``."""
    return hashlib.md5(f"{timestamp}{key}".encode("utf-8")).hexdigest()


def to_native(value):
    """``value`` as ``str`` (bytes are decoded as UTF-8)."""
    return value.decode("utf-8") if isinstance(value, bytes) else value


__all__ = ["sign_by_key", "to_native"]
