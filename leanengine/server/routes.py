"""The route table: every API route of the server, registered by the modules listed here.

A module in ``ROUTE_MODULES`` exposes ``register(router)`` and calls ``router.add(...)``.
Rules are written without the version prefix and served under both ``/1.1`` and ``/1``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, PathConverter, Rule, UnicodeConverter

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
    "leanengine.server.statuses.routes", "leanengine.server.rtm.routes",
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
        self._shapes = None          # see _bind

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
                self._bind()
            found = self._match_shape(method, path)
            if found is None:
                rule, params = self._adapter.match(path, method=method, return_rule=True)
                found = (rule.endpoint, params)
                self._remember_shape(method, path, rule, params)
            if len(self._matched) > 4096:
                self._matched.clear()
            self._matched[(method, path)] = found
        return found[0], dict(found[1])

    # Object paths (``/1.1/classes/Todo/<id>``) are new on nearly every request, and a
    # werkzeug match costs ~25 us.  A rule whose last part is a plain ``<name>`` matches
    # the same way whatever that last segment holds, unless the segment is a word some
    # rule spells out (``/users/me``) or another converter could claim it: so the answer
    # for ``head/X`` serves ``head/Y`` too.  Used only when every converter in the map is
    # the default one or path-like (path-like ones must not look at the last segment).

    def _bind(self) -> None:
        self._adapter = self._map.bind("localhost")
        self._shapes, self._static_parts = {}, set()
        for rule in self._map.iter_rules():
            for part in rule.rule.split("/"):
                if "<" not in part:
                    self._static_parts.add(part)
                elif not (part.startswith("<") and part.endswith(">")):
                    self._shapes = None          # a part mixing text and a variable
                else:
                    converter = self._converter(part)
                    if converter is not UnicodeConverter and not issubclass(converter, PathConverter):
                        self._shapes = None
            if self._shapes is None:
                return

    def _converter(self, part: str) -> type:
        """The converter class of a rule part ``<name>``, ``<kind:name>``, ``<kind(args):name>``."""
        inner = part[1:-1]
        kind = inner.partition(":")[0].partition("(")[0] if ":" in inner else "default"
        return self._map.converters[kind]

    def _remember_shape(self, method: str, path: str, rule: Rule, params: dict) -> None:
        head, _, last = path.rpartition("/")
        last_part = rule.rule.rpartition("/")[2]
        name = last_part[1:-1]
        if self._shapes is not None and params.get(name) == last and last_part[:1] == "<" \
                and self._converter(last_part) is UnicodeConverter:
            if len(self._shapes) > 4096:
                self._shapes.clear()
            self._shapes[(method, head)] = (rule.endpoint, params, name)

    def _match_shape(self, method: str, path: str):
        head, _, last = path.rpartition("/")
        shape = self._shapes.get((method, head)) if self._shapes is not None else None
        if shape is None or not last or "%" in last or last in self._static_parts:
            return None
        route, params, name = shape
        return route, {**params, name: last}


def build_router(modules=ROUTE_MODULES) -> Router:
    router = Router()
    for name in modules:
        importlib.import_module(name).register(router)
    return router


__all__ = ["Router", "Route", "build_router", "NotFound", "MethodNotAllowed", "ROUTE_MODULES"]
