"""The legacy SDK's configuration as module attributes (``leancloud.client.APP_ID`` ...).

LeanCloud's SDK kept its configuration in globals of ``leancloud.client`` and apps read
and assign them (``client.USE_MASTER_KEY = None``, ``client.TIMEOUT_SECONDS = 30``).
Here the configuration lives in :mod:`leanengine.config` and
:mod:`leanengine.storage.client`, so such a module is given :class:`SettingsModule` as
its class: each name is a property that reads the live value and whose assignment
changes it. One mechanism, no copies to keep in sync: a property on the module's class
wins over the module's own globals for both reading and assigning.
"""

from __future__ import annotations

import types
from typing import Any

from .. import config
from . import client


def _key_property(field: str) -> property:
    def read(module: types.ModuleType) -> str | None:
        return getattr(config.keys(), field) or None

    def write(module: types.ModuleType, value: str | None) -> None:
        config.set_keys(**{field: value or None})

    return property(read, write, doc=f"The app's {field} (``leanengine.init``).")


def _client_property(name: str) -> property:
    def read(module: types.ModuleType) -> Any:
        return getattr(client, name)

    def write(module: types.ModuleType, value: Any) -> None:
        setattr(client, name, value)

    return property(read, write, doc=f"``leanengine.storage.client.{name}``.")


def _production(module: types.ModuleType) -> str:
    return "1" if config.production() else "0"


def _set_production(module: types.ModuleType, value: Any) -> None:
    config.use_production(value not in ("0", 0, False, None))


def _set_region(module: types.ModuleType, value: str) -> None:
    config.use_region(value)


class SettingsModule(types.ModuleType):
    """A module whose configuration names are views of the SDK's live configuration."""

    APP_ID = _key_property("app_id")
    APP_KEY = _key_property("app_key")
    MASTER_KEY = _key_property("master_key")
    HOOK_KEY = _key_property("hook_key")
    # None: sign with the master key when ``init`` was given one (the legacy default).
    USE_MASTER_KEY = property(lambda module: config.master_key_flag(),
                              lambda module, flag: config.set_master_key_flag(flag))
    USE_PRODUCTION = property(_production, _set_production, doc='"1" or "0" (X-LC-Prod).')
    REGION = property(lambda module: config.region(), _set_region)
    USE_HTTPS = property(lambda module: config.use_https(),
                         lambda module, flag: config.use_https(flag))
    TIMEOUT_SECONDS = _client_property("TIMEOUT_SECONDS")
    SERVER_VERSION = _client_property("API_VERSION")
    session = _client_property("session")
    request_hooks = _client_property("request_hooks")


def install(module_name: str) -> None:
    """Give the module ``module_name`` (already in ``sys.modules``) the settings names."""
    import sys
    sys.modules[module_name].__class__ = SettingsModule
