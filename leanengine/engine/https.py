"""``HttpsRedirectMiddleware``: in production, send plain-HTTP visitors to https.

The redirect goes to a host the app names, never merely to the request's ``Host`` header,
which the client writes: answering ``Host: evil.example`` with a redirect to
``https://evil.example/...`` is an open redirect, and a cache in front of the app may keep
that answer for everyone. Hosts come from ``LEANENGINE_PUBLIC_URL`` (the app's address,
e.g. ``https://app.example.com``) and ``LEANENGINE_ALLOWED_HOSTS`` (comma-separated host
names, for an app served under several), or the middleware's arguments. A request for
another host is sent to the public URL's host, or refused with 400 when only a list is
set. With neither set, the request's host is used as it is if it is a well-formed host
name (set one of them in production).
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

from werkzeug.utils import redirect
from werkzeug.wsgi import get_current_url

from .. import config

# The platform's health checks arrive over plain HTTP and must be answered, not redirected.
HEALTH_CHECK_PATHS = frozenset(
    f"{prefix}/{path}"
    for prefix in ("/__engine/1", "/__engine/1.1", "/1", "/1.1")
    for path in ("ping", "functions/_ops/metadatas")
)
# A host name or an IP address (v6 in brackets), and an optional port.
_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*"
                   r"[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")


class HttpsRedirectMiddleware:
    """When ``LEANCLOUD_APP_ENV=production``, redirect requests whose
    ``X-Forwarded-Proto`` is not ``https`` to the same URL over https (path and query kept)
    on an allowed host. ``public_url`` and ``allowed_hosts``, when either is given, take the
    place of the environment's."""

    def __init__(self, wsgi_app, public_url: str | None = None, allowed_hosts=None):
        self.origin_app = wsgi_app
        self.public_url = public_url
        self.allowed_hosts = allowed_hosts

    def __call__(self, environ, start_response):
        if (config.app_env() == "production"
                and environ.get("HTTP_X_FORWARDED_PROTO", "").lower() != "https"
                and environ.get("PATH_INFO", "") not in HEALTH_CHECK_PATHS):
            host = self._target_host(environ)
            if host is None:
                return _bad_host(start_response)
            return redirect(self._https_url(environ, host),
                            self._status(environ))(environ, start_response)
        return self.origin_app(environ, start_response)

    def _target_host(self, environ) -> str | None:
        """The host to redirect to (with its port, if any), or None to refuse."""
        requested = environ.get("HTTP_HOST") or environ.get("SERVER_NAME") or ""
        if not _HOST.fullmatch(requested):
            requested = ""
        public, hosts = self._configuration()
        public_host = urlsplit(public).netloc if public else ""
        allowed = {_hostname(host) for host in hosts if host}
        if public_host:
            allowed.add(_hostname(public_host))
        if not allowed:                         # nothing configured: the request's own host
            return requested or None
        if requested and _hostname(requested) in allowed:
            return requested
        return public_host or None

    def _configuration(self) -> tuple[str, list[str]]:
        """The public URL and the allowed hosts: the arguments when either was given,
        else the environment's."""
        if self.public_url is not None or self.allowed_hosts is not None:
            return self.public_url or "", [host.strip() for host in self.allowed_hosts or ()]
        hosts = os.environ.get("LEANENGINE_ALLOWED_HOSTS", "").split(",")
        return os.environ.get("LEANENGINE_PUBLIC_URL", ""), [host.strip() for host in hosts]

    @staticmethod
    def _https_url(environ, host: str) -> str:
        # quoted path and query, as the client sent them, on ``host``
        url = get_current_url({**environ, "HTTP_HOST": host})
        return "https://" + url.partition("://")[2]

    @staticmethod
    def _status(environ) -> int:
        # 307 keeps the method and body of a POST; browsers turn a 302 POST into a GET.
        return 302 if environ.get("REQUEST_METHOD") in ("GET", "HEAD") else 307


def _hostname(host: str) -> str:
    """``host`` without its port, in lower case (``Example.com:8080`` -> ``example.com``)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.partition("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _bad_host(start_response) -> list[bytes]:
    body = b"Bad Request: unknown host"
    start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8"),
                                       ("Content-Length", str(len(body)))])
    return [body]
