"""The one HTTP client of the SDK: a pooled ``requests.Session`` that signs every request.

Everything the SDK sends goes through :func:`request`, which adds the app's credentials
(``X-LC-Id`` and ``X-LC-Sign``, or the master-key form), the current user's session,
the hook key and the production switch, applies a timeout, and turns any error the
server answers into a :class:`~leanengine.LeanCloudError`.
"""

from __future__ import annotations

import json
import time
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from .. import config, context
from ..protocol import budget
from ..protocol.credentials import make_sign
from ..protocol.errors import LeanCloudError
from ..version import __version__

API_VERSION = "1.1"
TIMEOUT_SECONDS = 15.0
USER_AGENT = f"leanengine-python/{__version__}"

# requests.Session is safe to share for sending requests; the pool is sized for a
# gevent worker running many concurrent requests.
session = requests.Session()
_adapter = HTTPAdapter(pool_connections=8, pool_maxsize=64)
session.mount("http://", _adapter)
session.mount("https://", _adapter)
# requests' event hooks (``{"response": [callback]}``) applied to every SDK request, as the
# legacy SDK's ``client.request_hooks`` was: apps add loggers or tracers here.
request_hooks: dict = {}


def url_for(path: str) -> str:
    """Absolute URL of an API path such as ``/classes/Todo``."""
    return f"{config.api_server()}/{API_VERSION}{path}"


def _session_token() -> str | None:
    ctx = context.get()
    user = ctx.user
    token = getattr(user, "session_token", None) if user is not None else None
    return token or ctx.session_token


def headers(session_token: str | None = None, use_master_key: bool | None = None) -> dict:
    """The credential headers for one request, signed now."""
    keys = config.keys()
    if not keys.app_id:
        raise RuntimeError("leanengine is not initialized: call leanengine.init() or set "
                           "LEANCLOUD_APP_ID and LEANCLOUD_APP_KEY")
    master = config.using_master_key() if use_master_key is None else use_master_key
    timestamp = int(time.time() * 1000)
    result = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-LC-Id": keys.app_id,
        "X-LC-Prod": "1" if config.production() else "0",
    }
    if master and keys.master_key:
        result["X-LC-Sign"] = make_sign(keys.master_key, timestamp, master=True)
    elif keys.app_key:
        result["X-LC-Sign"] = make_sign(keys.app_key, timestamp)
    else:
        raise RuntimeError("no app key to sign with: call leanengine.use_master_key()")
    if keys.hook_key:
        result["X-LC-Hook-Key"] = keys.hook_key
    token = session_token or _session_token()
    if token:
        result["X-LC-Session"] = token
    deadline = context.get().deadline
    if deadline is not None:  # inside a cloud function or hook: what it has left
        result[budget.HEADER] = budget.header_value(deadline)
    return result


def request(method: str, path: str, params: dict | None = None, body: Any = None,
            session_token: str | None = None, use_master_key: bool | None = None,
            raw_body: bytes | None = None, content_type: str | None = None) -> Any:
    """Send one API request and return its decoded JSON answer.

    ``params`` values that are dicts or lists are sent JSON-encoded (``where=...``).
    """
    hdrs = headers(session_token, use_master_key)
    if content_type:
        hdrs["Content-Type"] = content_type
    query = None
    if params:
        query = {k: (json.dumps(v, separators=(",", ":")) if isinstance(v, (dict, list)) else v)
                 for k, v in params.items() if v is not None}
    data = raw_body
    if body is not None:
        data = json.dumps(body, separators=(",", ":")).encode("utf-8")
    try:
        response = session.request(method, url_for(path), params=query, data=data,
                                   headers=hdrs, timeout=TIMEOUT_SECONDS,
                                   hooks=request_hooks)
    except requests.Timeout as exc:
        raise LeanCloudError(124, f"request timed out: {method} {path}") from exc
    except requests.ConnectionError as exc:
        raise LeanCloudError(1, f"cannot reach the API server at {config.api_server()}: "
                                f"{exc}") from exc
    return parse_response(response)


def parse_response(response: requests.Response) -> Any:
    try:
        content = response.json()
    except ValueError:
        snippet = response.text[:200]
        raise LeanCloudError(
            1, f"the API server answered HTTP {response.status_code} with a body that is "
               f"not JSON: {snippet!r}", status=response.status_code) from None
    if isinstance(content, dict) and "error" in content and (
            "code" in content or response.status_code >= 400):
        raise LeanCloudError(content.get("code") or 1, str(content.get("error")),
                             status=response.status_code)
    if response.status_code >= 400:
        raise LeanCloudError(1, f"HTTP {response.status_code}", status=response.status_code)
    return content


def get(path: str, params: dict | None = None, **kwargs: Any) -> Any:
    return request("GET", path, params=params, **kwargs)


def post(path: str, body: Any = None, params: dict | None = None, **kwargs: Any) -> Any:
    return request("POST", path, params=params, body=body if body is not None else {},
                   **kwargs)


def put(path: str, body: Any = None, params: dict | None = None, **kwargs: Any) -> Any:
    return request("PUT", path, params=params, body=body if body is not None else {},
                   **kwargs)


def delete(path: str, params: dict | None = None, body: Any = None, **kwargs: Any) -> Any:
    return request("DELETE", path, params=params, body=body, **kwargs)
