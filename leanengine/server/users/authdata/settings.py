"""How the server verifies authData, read from the environment once at start-up.

- ``LEANENGINE_TRUST_AUTHDATA=weixin,qq``: accept these platforms' authData unverified (an
  app migrated from LeanCloud that verified tokens in its own code); ``*`` trusts every
  platform. Logged as a WARNING at start-up.
- ``LEANENGINE_WEIXIN_API_URL``, ``LEANENGINE_QQ_API_URL``, ``LEANENGINE_WEIBO_API_URL``:
  the providers' API bases (default: the providers' own).
- ``LEANENGINE_APPLE_CLIENT_IDS`` (comma-separated bundle/service ids, the tokens'
  audience; without it Apple's tokens cannot be verified) and ``LEANENGINE_APPLE_JWKS_URL``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger("leanengine.server")

TRUST_ALL = "*"


@dataclass(frozen=True)
class Settings:
    trusted: frozenset = frozenset()
    weixin_url: str = "https://api.weixin.qq.com"
    qq_url: str = "https://graph.qq.com"
    weibo_url: str = "https://api.weibo.com"
    apple_jwks_url: str = "https://appleid.apple.com/auth/keys"
    apple_client_ids: tuple = ()

    def trusts(self, platform: str) -> bool:
        return TRUST_ALL in self.trusted or platform in self.trusted


def _names(value: str | None) -> tuple:
    return tuple(dict.fromkeys(n.strip() for n in (value or "").split(",") if n.strip()))


def from_environ(env) -> Settings:
    defaults = Settings()

    def url(name: str, default: str) -> str:
        return (env.get(name) or default).rstrip("/")

    return Settings(
        trusted=frozenset(_names(env.get("LEANENGINE_TRUST_AUTHDATA"))),
        weixin_url=url("LEANENGINE_WEIXIN_API_URL", defaults.weixin_url),
        qq_url=url("LEANENGINE_QQ_API_URL", defaults.qq_url),
        weibo_url=url("LEANENGINE_WEIBO_API_URL", defaults.weibo_url),
        apple_jwks_url=env.get("LEANENGINE_APPLE_JWKS_URL") or defaults.apple_jwks_url,
        apple_client_ids=_names(env.get("LEANENGINE_APPLE_CLIENT_IDS")))


_current = [Settings()]


def configure(env) -> Settings:
    """Read the settings (at start-up) and warn about the platforms trusted unverified."""
    settings = _current[0] = from_environ(env)
    if TRUST_ALL in settings.trusted:
        log.warning("LEANENGINE_TRUST_AUTHDATA=*: authData of EVERY platform is trusted "
                    "without verification; anyone who knows a user's third-party id can log "
                    "in as that user. Use it only if the app verifies authData itself.")
    elif settings.trusted:
        log.warning("LEANENGINE_TRUST_AUTHDATA: authData of %s is trusted without "
                    "verification (anyone who knows a user's id there can log in as that "
                    "user unless the app verifies it)", ", ".join(sorted(settings.trusted)))
    return settings


def current() -> Settings:
    return _current[0]
