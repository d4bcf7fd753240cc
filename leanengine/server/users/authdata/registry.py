"""Which verifier vouches for which platform. A verifier is a module (or object) with
``verify(entry, user_id, settings)`` (raises ``Refused`` or ``ProviderDown``),
``unavailable(settings)`` (why it cannot verify here, or None) and ``VOUCHES_FOR_UNIONID``.
"""

from __future__ import annotations

from . import apple, qq, weibo, weixin

_verifiers = {"weixin": weixin, "qq": qq, "weibo": weibo, "apple": apple, "lc_apple": apple}


def register(platform: str, verifier) -> None:
    """Plug in a verifier for a platform (or replace a built-in one; None removes it)."""
    if verifier is None:
        _verifiers.pop(platform, None)
    else:
        _verifiers[platform] = verifier


def verifier_for(platform: str, entry: dict):
    """The platform's verifier; an entry of an app-named platform that carries a union id
    (``{"unionid": ..., "platform": "weixin"}``) is verified by its union platform's."""
    found = _verifiers.get(platform)
    if found is None and "unionid" in entry and isinstance(entry.get("platform"), str):
        found = _verifiers.get(entry["platform"])
    return found
