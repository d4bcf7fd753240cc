"""What a verifier concludes besides "verified" (which is returning normally)."""

from __future__ import annotations

from .provider_http import ProviderDown

__all__ = ["ProviderDown", "Refused", "required"]


class Refused(Exception):
    """The provider (or the token itself) says the authData is not the user's. The message
    is shown to the client: it never carries a token."""


def required(entry: dict, *keys: str) -> str:
    """The first of ``keys`` that holds a non-empty string in the entry."""
    for key in keys:
        value = entry.get(key)
        if isinstance(value, str) and value:
            return value
    raise Refused(f"{' or '.join(keys)} is missing")
