"""``leancloud.engine.https_redirect_middleware``: ``HttpsRedirectMiddleware``.

``is_prod`` is what LeanCloud's module computed at import (``LEANCLOUD_APP_ENV`` is
``production``); the middleware itself reads the environment on every request.
"""

import os

from leanengine.engine.https import HttpsRedirectMiddleware

is_prod = os.environ.get("LEANCLOUD_APP_ENV") == "production"

__all__ = ["HttpsRedirectMiddleware", "is_prod"]
