"""CORS on engine routes: browsers call cloud functions from other origins."""

from __future__ import annotations

from werkzeug.wrappers import Response

ALLOW_HEADERS = ", ".join((
    "Content-Type", "X-Requested-With",
    "X-LC-Id", "X-LC-Key", "X-LC-Session", "X-LC-Sign", "X-LC-Prod", "X-LC-UA", "X-LC-Hook-Key",
    "X-AVOSCloud-Application-Id", "X-AVOSCloud-Application-Key",
    "X-AVOSCloud-Application-Production", "X-AVOSCloud-Client-Version",
    "X-AVOSCloud-Request-Sign", "X-AVOSCloud-Session-Token", "X-AVOSCloud-Master-Key",
    "X-AVOSCloud-Super-Key",
    "X-Uluru-Application-Id", "X-Uluru-Application-Key", "X-Uluru-Application-Production",
    "X-Uluru-Client-Version", "X-Uluru-Session-Token",
))
ALLOW_METHODS = "PUT, GET, POST, DELETE, OPTIONS"
MAX_AGE = "86400"


def add_headers(response: Response, environ) -> Response:
    headers = response.headers
    headers["Access-Control-Allow-Origin"] = environ.get("HTTP_ORIGIN") or "*"
    headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
    headers["Access-Control-Allow-Methods"] = ALLOW_METHODS
    headers["Access-Control-Max-Age"] = MAX_AGE
    if "HTTP_ORIGIN" in environ:
        headers["Vary"] = "Origin"
    return response


def preflight(environ) -> Response:
    """The answer to an ``OPTIONS`` request on an engine route."""
    return add_headers(Response(status=200), environ)
