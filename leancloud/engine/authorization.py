"""``leancloud.engine.authorization``: ``AuthorizationMiddleware``, the app-key check.

``Engine`` checks the credentials of its own routes; this middleware is kept for apps
that put it in front of another WSGI app. It checks against the app's current keys
(``leanengine.config``) and answers 401 ``Unauthorized.`` otherwise. ``APP_ID`` ...
``HOOK_KEY`` are the environment's keys at import, as LeanCloud's module read them.
"""

import os

from leanengine import config
from leanengine.engine import access, wire
from leanengine.engine.errors import LeanEngineError

APP_ID = os.environ.get("LEANCLOUD_APP_ID")
APP_KEY = os.environ.get("LEANCLOUD_APP_KEY")
ANDX_KEY = os.environ.get("LEANCLOUD_APP_ANDX_KEY")
MASTER_KEY = os.environ.get("LEANCLOUD_APP_MASTER_KEY")
HOOK_KEY = os.environ.get("LEANCLOUD_APP_HOOK_KEY")

current_environ = None  # LeanCloud's test hook; never set here


class AuthorizationMiddleware:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        try:
            access.require_app(access.credentials(environ, {}), config.keys())
        except LeanEngineError as error:
            return wire.send(wire.error_answer(error), start_response, [])
        return self.app(environ, start_response)


__all__ = ["APP_ID", "APP_KEY", "ANDX_KEY", "MASTER_KEY", "HOOK_KEY", "current_environ",
           "AuthorizationMiddleware"]
