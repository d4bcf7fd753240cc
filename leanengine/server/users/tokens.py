"""Random secrets handed to clients: session tokens and one-time link tokens."""

from __future__ import annotations

import secrets
import string

_ALPHABET = string.ascii_lowercase + string.digits


def new_session_token() -> str:
    """A 32-character lowercase alphanumeric token (about 165 bits), shaped like LeanCloud's."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(32))


def new_link_token() -> str:
    """A URL-safe token for e-mail links (password reset, address verification)."""
    return secrets.token_urlsafe(32)
