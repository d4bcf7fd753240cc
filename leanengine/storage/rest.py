"""``leancloud.client``: the legacy SDK's low-level client, for apps that call it directly.

``get``/``post``/``put``/``delete`` answer the ``requests.Response`` (apps call
``.json()`` on it) and raise :class:`LeanCloudError` on an error answer, as LeanCloud's
SDK did; they sign and send through :mod:`leanengine.storage.client`, the SDK's own
client, whose helpers answer decoded JSON instead. The module's configuration names
(``APP_ID``, ``USE_MASTER_KEY``, ``TIMEOUT_SECONDS`` ...) are live views of the SDK's
configuration: see :mod:`leanengine.storage.settings`.
"""

from __future__ import annotations

import functools
import json
from typing import Any, Callable

import requests

from .. import config
from ..config import init, use_master_key, use_production, use_region
from . import client, settings
from .app_router import AppRouter
from .cloud import get_server_time

__all__ = ["init", "use_master_key", "use_production", "use_region", "need_init",
           "check_error", "get_url", "get_server_time", "get_app_info", "get", "post", "put",
           "delete", "AppRouter", "app_router"]

# The legacy SDK's router, made on first use there; one server serves everything here.
app_router: AppRouter | None = None


def need_init(func: Callable) -> Callable:
    """Call ``func`` with ``headers=`` the signed credential headers of this moment."""
    @functools.wraps(func)
    def signed(*args: Any, **kwargs: Any) -> Any:
        return func(*args, headers=client.headers(), **kwargs)
    return signed


def check_error(func: Callable) -> Callable:
    """Raise LeanCloudError when the ``requests.Response`` that ``func`` answers is an
    error answer; else answer it unchanged."""
    @functools.wraps(func)
    def checked(*args: Any, **kwargs: Any) -> requests.Response:
        response = func(*args, **kwargs)
        client.parse_response(response)
        return response
    return checked


def get_url(part: str) -> str:
    """Absolute URL of an API path such as ``/classes/Todo``."""
    return client.url_for(part)


def _send(method: str, url: str, headers: dict, params: Any = None,
          body: Any = None) -> requests.Response:
    data = None if body is None else json.dumps(body, separators=(",", ":"))
    return client.session.request(method, get_url(url), headers=headers, params=params,
                                  data=data, timeout=client.TIMEOUT_SECONDS,
                                  hooks=client.request_hooks)


def _query(params: dict | None) -> dict:
    """Query-string values: dicts JSON-encoded (``where``), as the legacy SDK sent them."""
    return {key: json.dumps(value, separators=(",", ":")) if isinstance(value, dict) else value
            for key, value in (params or {}).items()}


@need_init
@check_error
def get(url: str, params: dict | None = None, headers: dict | None = None) -> requests.Response:
    return _send("GET", url, headers, params=_query(params))


@need_init
@check_error
def post(url: str, params: Any, headers: dict | None = None) -> requests.Response:
    return _send("POST", url, headers, body=params)


@need_init
@check_error
def put(url: str, params: Any, headers: dict | None = None) -> requests.Response:
    return _send("PUT", url, headers, body=params)


@need_init
@check_error
def delete(url: str, params: Any = None, headers: dict | None = None) -> requests.Response:
    return _send("DELETE", url, headers, body=params)


def get_app_info() -> dict:
    """The app's keys, as ``{"app_id", "app_key", "master_key", "hook_key"}``."""
    keys = config.keys()
    return {"app_id": keys.app_id or None, "app_key": keys.app_key,
            "master_key": keys.master_key, "hook_key": keys.hook_key}


settings.install(__name__)
