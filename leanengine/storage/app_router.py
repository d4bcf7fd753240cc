"""``AppRouter``: which host serves which API, the legacy SDK's internal router.

LeanCloud's SDK asked a router service for per-app hosts (api, push, engine, stats). Here
every API is served by one server (``leanengine.config.api_server``), so each service
type answers that server's host. Kept for apps that construct or inspect it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .. import config

SERVICES = ("api", "push", "engine", "stats", "rtm")


class AppRouter:
    def __init__(self, app_id: str | None = None, region: str | None = None):
        self.app_id = app_id
        self.region = region or config.region()

    def get(self, type_: str) -> str:
        """The host (``host:port``) that serves ``type_``, one of ``SERVICES``."""
        if type_ not in SERVICES:
            raise ValueError(f"unknown service type {type_!r}")
        return urlsplit(config.api_server()).netloc
