"""authData: its shape (literal ids, never query conditions) and its verification (the
app's onAuthData hook, trusted platforms, built-in verifiers of weixin, qq, weibo and
Sign in with Apple) before it logs anyone in or is linked to a user."""

from .settings import configure
from .shape import check_platform, identity
from .verification import already_verified, linked, verified

__all__ = ["already_verified", "check_platform", "configure", "identity", "linked",
           "verified"]
