"""The engine's route table: every path the platform and clients call.

Each route exists under ``/1.1/``, ``/1/``, ``/__engine/1.1/`` and ``/__engine/1/``; the
health check ``ping`` only under ``/__engine/``. A path that matches nothing here belongs
to the wrapped web app.
"""

from __future__ import annotations

from functools import lru_cache

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule, Submount

PREFIXES = ("/1.1", "/1", "/__engine/1.1", "/__engine/1")
# Cheap test before routing: paths outside these never reach the route table.
PATH_STARTS = ("/1.1/", "/1/", "/__engine/")

# Endpoints
PING = "ping"
FUNCTION = "function"
RPC = "rpc"
CLASS_HOOK = "class_hook"
ON_VERIFIED = "on_verified"
ON_LOGIN = "on_login"
ON_AUTH_DATA = "on_auth_data"
INSIGHT = "insight"
METADATAS = "metadatas"

_ROUTES = [
    Rule("/functions/_ops/metadatas", endpoint=METADATAS),
    Rule("/functions/onVerified/<kind>", endpoint=ON_VERIFIED),
    Rule("/functions/_User/onLogin", endpoint=ON_LOGIN),
    Rule("/functions/_User/onAuthData", endpoint=ON_AUTH_DATA),
    Rule("/functions/<any(BigQuery, Insight):source>/onComplete", endpoint=INSIGHT),
    Rule("/functions/<class_name>/<hook>", endpoint=CLASS_HOOK),
    Rule("/functions/<name>", endpoint=FUNCTION),
    Rule("/call/<name>", endpoint=RPC),
]

URL_MAP = Map(
    [Submount(prefix, _ROUTES) for prefix in PREFIXES]
    + [Rule("/__engine/1/ping", endpoint=PING), Rule("/__engine/1.1/ping", endpoint=PING)],
    strict_slashes=False,
    merge_slashes=False,
)
# Matching does not change an adapter, so one serves every request.
_ADAPTER = URL_MAP.bind("engine")


@lru_cache(maxsize=1024)
def match(path: str) -> tuple[str | None, dict]:
    """``(endpoint, arguments)`` for an engine path, ``(None, {})`` for anything else.

    Cached: an app has few engine paths, and matching costs more than the rest of a call.
    Callers must not change the returned arguments.
    """
    if not path.startswith(PATH_STARTS):
        return None, {}
    try:
        return _ADAPTER.match(path, method="POST")
    except HTTPException:
        return None, {}
