"""The route table: every API route of the server, registered by the modules listed here.

A module in ``ROUTE_MODULES`` exposes ``register(router)`` and calls ``router.add(...)``.
Rules are written without the version prefix and served under both ``/1.1`` and ``/1``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule

ROUTE_MODULES = (
    "leanengine.server.cql.routes",
    "leanengine.server.objects_routes",
    "leanengine.server.users.routes",
    "leanengine.server.users.codes_flow",
    "leanengine.server.users.captcha",
    "leanengine.server.users.email_links",
    "leanengine.server.users.follow",
    "leanengine.server.users.role_routes",
    "leanengine.server.users.permission_routes",
    "leanengine.server.files.routes",
    "leanengine.server.hooks.routes",
    "leanengine.server.push.routes",
)

PREFIXES = ("/1.1", "/1")
JSON_BODY_LIMIT = 16 * 1024 * 1024


@dataclass(frozen=True)
class Route:
    handler: Callable
    auth: bool = True          # app id plus a key, master key or signature required
    master: bool = False       # the master key required
    body: str = "json"         # "json" or "raw"
    max_body: int = JSON_BODY_LIMIT


class Router:

    def __init__(self):
        self._map = Map(strict_slashes=False, merge_slashes=False)
        self._adapter = None
        self._matched: dict = {}     # (method, path) -> (route, params): batch repeats paths

    def add(self, rule: str, methods, handler: Callable, *, auth: bool = True,
            master: bool = False, body: str = "json", max_body: int = JSON_BODY_LIMIT,
            prefixed: bool = True) -> None:
        """Serve ``rule`` under ``/1.1`` and ``/1`` (or as it is with ``prefixed=False``, for
        paths at the server root such as file urls; werkzeug tries a catch-all rule after
        every more specific one)."""
        route = Route(handler, auth, master, body, max_body)
        for prefix in PREFIXES if prefixed else ("",):
            self._map.add(Rule(prefix + rule, methods=list(methods), endpoint=route))
        self._adapter = None
        self._matched.clear()

    def add_converter(self, name: str, converter) -> None:
        """A werkzeug URL converter usable in rules as ``<name:part>``."""
        self._map.converters[name] = converter
        self._adapter = None
        self._matched.clear()

    def match(self, method: str, path: str) -> tuple[Route, dict]:
        """The route and URL parts; raises werkzeug's NotFound or MethodNotAllowed."""
        found = self._matched.get((method, path))
        if found is None:
            if self._adapter is None:
                self._adapter = self._map.bind("localhost")
            found = self._adapter.match(path, method=method)
            if len(self._matched) > 4096:
                self._matched.clear()
            self._matched[(method, path)] = found
        return found[0], dict(found[1])


def build_router(modules=ROUTE_MODULES) -> Router:
    router = Router()
    for name in modules:
        importlib.import_module(name).register(router)
    return router


__all__ = ["Router", "Route", "build_router", "NotFound", "MethodNotAllowed", "ROUTE_MODULES"]
