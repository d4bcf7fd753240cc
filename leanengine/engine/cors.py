"""CORS on engine routes: browsers call cloud functions from other origins."""

from __future__ import annotations

from ..protocol.framing import single_line

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
_FIXED = (
    ("Access-Control-Allow-Headers", ALLOW_HEADERS),
    ("Access-Control-Allow-Methods", ALLOW_METHODS),
    ("Access-Control-Max-Age", MAX_AGE),
)


def headers(environ) -> list[tuple[str, str]]:
    """The CORS headers for an answer to this request."""
    origin = environ.get("HTTP_ORIGIN")
    if origin:
        return [("Access-Control-Allow-Origin", single_line(origin)), ("Vary", "Origin"), *_FIXED]
    return [("Access-Control-Allow-Origin", "*"), *_FIXED]
