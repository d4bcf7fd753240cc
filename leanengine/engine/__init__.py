"""The LeanEngine side: the ``Engine`` middleware and the web middlewares that go with it."""

from ..context import current
from .cookie_session import CookieSessionMiddleware
from .engine import Engine, run_local
from .errors import LeanEngineError
from .https import HttpsRedirectMiddleware

__all__ = ["Engine", "LeanEngineError", "current", "CookieSessionMiddleware",
           "HttpsRedirectMiddleware", "run_local"]

