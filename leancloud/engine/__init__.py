"""``leancloud.engine``: the LeanEngine side, from ``leanengine.engine``.

``Engine``, ``LeanEngineError`` and the middlewares are leanengine's own; the
module-level registration helpers and inner WSGI pieces LeanCloud's package exposed
here are kept in the submodules (see ``leancloud.engine.leanengine``).
"""

from leanengine.engine import (CookieSessionMiddleware, Engine, HttpsRedirectMiddleware,
                               LeanEngineError)

from . import leanengine, utils
from .authorization import AuthorizationMiddleware
from .cors import CORSMiddleware
from .leanengine import (LeanEngineApplication, after_delete, after_save, after_update,
                         before_delete, before_save, before_update, context, current,
                         register_cloud_func, register_on_auth_data, register_on_bigquery,
                         register_on_login, register_on_verified, user)

__all__ = ["Engine", "LeanEngineError", "CookieSessionMiddleware", "HttpsRedirectMiddleware",
           "AuthorizationMiddleware", "CORSMiddleware", "LeanEngineApplication",
           "after_delete", "after_save", "after_update", "before_delete", "before_save",
           "before_update", "context", "current", "register_cloud_func",
           "register_on_auth_data", "register_on_bigquery", "register_on_login",
           "register_on_verified", "user", "leanengine", "utils"]
