"""``HttpsRedirectMiddleware``: in production, send plain-HTTP visitors to https."""

from __future__ import annotations

from werkzeug.utils import redirect
from werkzeug.wsgi import get_current_url

from .. import config

# The platform's health checks arrive over plain HTTP and must be answered, not redirected.
HEALTH_CHECK_PATHS = frozenset(
    f"{prefix}/{path}"
    for prefix in ("/__engine/1", "/__engine/1.1", "/1", "/1.1")
    for path in ("ping", "functions/_ops/metadatas")
)


class HttpsRedirectMiddleware:
    """When ``LEANCLOUD_APP_ENV=production``, redirect requests whose
    ``X-Forwarded-Proto`` is not ``https`` to the same URL over https (path and query kept)."""

    def __init__(self, wsgi_app):
        self.origin_app = wsgi_app

    def __call__(self, environ, start_response):
        if (config.app_env() == "production"
                and environ.get("HTTP_X_FORWARDED_PROTO", "").lower() != "https"
                and environ.get("PATH_INFO", "") not in HEALTH_CHECK_PATHS):
            return redirect(self._https_url(environ), self._status(environ))(environ, start_response)
        return self.origin_app(environ, start_response)

    @staticmethod
    def _https_url(environ) -> str:
        url = get_current_url(environ)  # quoted path and query, as the client sent them
        return "https://" + url.partition("://")[2]

    @staticmethod
    def _status(environ) -> int:
        # 307 keeps the method and body of a POST; browsers turn a 302 POST into a GET.
        return 302 if environ.get("REQUEST_METHOD") in ("GET", "HEAD") else 307
