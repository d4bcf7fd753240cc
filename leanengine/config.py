"""The app's keys and switches, set by ``leanengine.init`` or read from the environment.

Values are looked up on every use, never frozen at import time: a test (or an app) that
calls ``init`` again, or changes ``LEANCLOUD_APP_*`` variables before ``init`` was ever
called, sees the new keys at once.
"""

from __future__ import annotations

import os
import threading

import dataclasses

from .protocol.credentials import AppKeys

_lock = threading.Lock()
_explicit: AppKeys | None = None  # set by init()
_flags = {"use_master_key": None, "production": None, "region": "CN", "api_server": None,
          "use_https": True}


def init(app_id: str, app_key: str | None = None, master_key: str | None = None,
         hook_key: str | None = None) -> None:
    """Set the app's keys (``leancloud.init`` of the legacy SDK). As there, the hook key
    defaults to ``LEANCLOUD_APP_HOOK_KEY``, and once a master key is given the SDK signs
    with it unless ``use_master_key(False)`` says otherwise."""
    global _explicit
    if not app_id:
        raise ValueError("app_id is required")
    if not (app_key or master_key):
        raise ValueError("app_key or master_key is required")
    with _lock:
        _explicit = AppKeys(app_id=app_id, app_key=app_key, master_key=master_key,
                            hook_key=hook_key or os.environ.get("LEANCLOUD_APP_HOOK_KEY") or None)


def reset() -> None:
    """Forget ``init`` and the switches (for tests): keys come from the environment again."""
    global _explicit
    with _lock:
        _explicit = None
        _flags.update(use_master_key=None, production=None, region="CN", api_server=None,
                      use_https=True)


def keys() -> AppKeys:
    if _explicit is not None:
        return _explicit
    env = os.environ
    return AppKeys(
        app_id=env.get("LEANCLOUD_APP_ID", ""),
        app_key=env.get("LEANCLOUD_APP_KEY") or None,
        master_key=env.get("LEANCLOUD_APP_MASTER_KEY") or None,
        hook_key=env.get("LEANCLOUD_APP_HOOK_KEY") or None,
    )


def set_keys(**changes: str | None) -> None:
    """Change some of the keys (``app_id=...``, ``master_key=...``), keeping the others:
    what assigning ``leancloud.client.APP_ID`` and its siblings does."""
    global _explicit
    with _lock:
        _explicit = dataclasses.replace(keys(), **changes)


def use_master_key(flag: bool = True) -> None:
    """Send the master key with every SDK request (or stop doing so)."""
    _flags["use_master_key"] = bool(flag)


def master_key_flag() -> bool | None:
    """What ``use_master_key`` last said; None when it was never called (or reset)."""
    return _flags["use_master_key"]


def set_master_key_flag(flag: bool | None) -> None:
    """``use_master_key``, where None goes back to the default that ``using_master_key``
    describes (``leancloud.client.USE_MASTER_KEY = None``)."""
    _flags["use_master_key"] = None if flag is None else bool(flag)


def using_master_key() -> bool:
    """Whether SDK requests are signed with the master key.

    Unless ``use_master_key`` was called: like the legacy SDK, yes when ``init`` was given a
    master key. Keys read from the environment (no ``init``, which the legacy SDK did not
    allow) sign with the app key, and with the master key only when there is no app key.
    """
    flag = _flags["use_master_key"]
    if flag is None:
        k = keys()
        return bool(k.master_key) if _explicit is not None else bool(k.master_key and not k.app_key)
    return flag


def use_production(flag: bool) -> None:
    _flags["production"] = bool(flag)


def production() -> bool:
    """``X-LC-Prod``: as set by ``use_production``, else as LeanEngine's environment says
    (``LEANCLOUD_APP_ENV=stage``, or a local ``lean up`` of an app with staging, means
    staging; everything else production)."""
    flag = _flags["production"]
    if flag is not None:
        return flag
    env = os.environ.get("LEANCLOUD_APP_ENV")
    if env in ("production", "stage"):
        return env == "production"
    return os.environ.get("LEAN_CLI_HAVE_STAGING") != "true"


def use_region(region: str) -> None:
    if region not in ("CN", "US", "CN_N1", "US_W1", "CN_E1"):
        raise ValueError(f"unknown region {region!r}")
    _flags["region"] = region


def region() -> str:
    return _flags["region"]


def use_https(flag: bool | None = None) -> bool:
    """The legacy SDK's ``USE_HTTPS`` switch, kept for apps that read or set it. It chose
    the scheme of the hosts LeanCloud's app router answered; ``api_server`` is a whole URL
    with its own scheme, so the switch changes nothing here. Returns the switch's value."""
    if flag is not None:
        _flags["use_https"] = bool(flag)
    return _flags["use_https"]


def set_api_server(url: str | None) -> None:
    _flags["api_server"] = url.rstrip("/") if url else None


def api_server() -> str:
    """Base URL of the storage API: set in code, else ``LEANCLOUD_API_SERVER`` or
    ``LC_API_SERVER``, else the local development server."""
    url = (_flags["api_server"] or os.environ.get("LEANCLOUD_API_SERVER")
           or os.environ.get("LC_API_SERVER") or "http://127.0.0.1:3000")
    return url.rstrip("/")


def app_port() -> int:
    return int(os.environ.get("LEANCLOUD_APP_PORT") or 3000)


def app_env() -> str | None:
    return os.environ.get("LEANCLOUD_APP_ENV") or None
