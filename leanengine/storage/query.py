"""``leanengine.Query``: conditions, order and paging over one class, and its REST calls.

Every constraint method returns the query, so calls chain. ``dump`` gives the request
parameters (``where`` as a dict; the client JSON-encodes it).
"""

from __future__ import annotations

import re
from typing import Any, Iterator, TypeVar

from ..protocol.errors import OBJECT_NOT_FOUND, LeanCloudError
from . import client, codec
from .geopoint import EARTH_RADIUS_KM, EARTH_RADIUS_MILES, GeoPoint
from .object_ import Object

MAX_LIMIT = 1000
Q = TypeVar("Q", bound="Query")


class CQLResult:
    """What ``Query.do_cloud_query`` answers: the objects, the ``count(*)`` and the class."""

    __slots__ = ("results", "count", "class_name")

    def __init__(self, results: list, count: int | None, class_name: str | None):
        self.results = results
        self.count = count
        self.class_name = class_name


def _query_class(query_class: Any) -> type:
    from .file_ import File
    if isinstance(query_class, str):
        if query_class in ("File", "_File"):
            return File
        return Object.as_class(query_class)
    if isinstance(query_class, type) and issubclass(query_class, (Object, File)):
        return query_class
    raise ValueError("Query takes a class name or a subclass of leanengine.Object")


class Cursor:
    """What ``Query.scan`` answers: iterating it fetches the matches batch by batch."""

    def __init__(self, query: "Query", params: dict):
        self._query = query
        self._params = params

    def __iter__(self) -> Iterator:
        return self._query._scan(dict(self._params))


class Query:
    def __init__(self, query_class: str | type):
        self._query_class: Any = _query_class(query_class)
        self._where: dict[str, Any] = {}
        self._include: list[str] = []
        self._select: list[str] = []
        self._order: list[str] = []
        self._limit = -1
        self._skip = 0
        self._include_acl: bool | None = None
        self._extra: dict[str, Any] = {}

    @property
    def class_name(self) -> str:
        return self._query_class._class_name

    # -- composition ----------------------------------------------------------------

    @classmethod
    def _combine(cls, operator: str, queries: tuple["Query", ...]) -> "Query":
        if len(queries) < 2:
            raise ValueError(f"{operator} needs at least two queries")
        names = {q.class_name for q in queries}
        if len(names) != 1:
            raise TypeError("all queries must be over the same class")
        query = cls(queries[0]._query_class)
        query._where[operator] = [q._where for q in queries]
        return query

    @classmethod
    def or_(cls, *queries: "Query") -> "Query":
        """A query matching objects that match any of ``queries``."""
        return cls._combine("$or", queries)

    @classmethod
    def and_(cls, *queries: "Query") -> "Query":
        """A query matching objects that match all of ``queries``."""
        return cls._combine("$and", queries)

    def dump(self) -> dict:
        """The request parameters of this query."""
        params: dict[str, Any] = {"where": self._where}
        if self._include:
            params["include"] = ",".join(self._include)
        if self._select:
            params["keys"] = ",".join(self._select)
        if self._include_acl is not None:
            params["returnACL"] = "true" if self._include_acl else "false"
        if self._limit >= 0:
            params["limit"] = self._limit
        if self._skip > 0:
            params["skip"] = self._skip
        if self._order:
            params["order"] = ",".join(self._order)
        params.update(self._extra)
        return params

    def _sub_query(self) -> dict:
        dumped = self.dump()
        dumped["className"] = self.class_name
        return dumped

    # -- constraints ----------------------------------------------------------------

    def _add_condition(self: Q, key: str, condition: str, value: Any) -> Q:
        current = self._where.get(key)
        if not isinstance(current, dict) or "__type" in current:
            current = {}
            self._where[key] = current
        current[condition] = codec.encode(value)
        return self

    def equal_to(self: Q, key: str, value: Any) -> Q:
        self._where[key] = codec.encode(value)
        return self

    def not_equal_to(self: Q, key: str, value: Any) -> Q:
        return self._add_condition(key, "$ne", value)

    def less_than(self: Q, key: str, value: Any) -> Q:
        return self._add_condition(key, "$lt", value)

    def less_than_or_equal_to(self: Q, key: str, value: Any) -> Q:
        return self._add_condition(key, "$lte", value)

    def greater_than(self: Q, key: str, value: Any) -> Q:
        return self._add_condition(key, "$gt", value)

    def greater_than_or_equal_to(self: Q, key: str, value: Any) -> Q:
        return self._add_condition(key, "$gte", value)

    def contained_in(self: Q, key: str, values: list | tuple) -> Q:
        return self._add_condition(key, "$in", list(values))

    def not_contained_in(self: Q, key: str, values: list | tuple) -> Q:
        return self._add_condition(key, "$nin", list(values))

    def contains_all(self: Q, key: str, values: list | tuple) -> Q:
        return self._add_condition(key, "$all", list(values))

    def size_equal_to(self: Q, key: str, size: int) -> Q:
        return self._add_condition(key, "$size", size)

    def exists(self: Q, key: str) -> Q:
        return self._add_condition(key, "$exists", True)

    def does_not_exist(self: Q, key: str) -> Q:
        return self._add_condition(key, "$exists", False)

    does_not_exists = does_not_exist  # the spelling the Chinese storage guide uses

    def matched(self: Q, key: str, regex: str, ignore_case: bool = False,
                multi_line: bool = False) -> Q:
        """Values matching a regular expression (``i``/``m`` options from the flags)."""
        if not isinstance(regex, str):
            raise TypeError("matched takes a str pattern")
        self._add_condition(key, "$regex", regex)
        options = ("i" if ignore_case else "") + ("m" if multi_line else "")
        if options:
            self._add_condition(key, "$options", options)
        return self

    def contains(self: Q, key: str, value: str) -> Q:
        return self._add_condition(key, "$regex", re.escape(value))

    def startswith(self: Q, key: str, value: str) -> Q:
        return self._add_condition(key, "$regex", "^" + re.escape(value))

    def endswith(self: Q, key: str, value: str) -> Q:
        return self._add_condition(key, "$regex", re.escape(value) + "$")

    def matches_query(self: Q, key: str, query: "Query") -> Q:
        """Pointers in ``key`` to objects that ``query`` matches."""
        return self._add_condition(key, "$inQuery", query._sub_query())

    def does_not_match_query(self: Q, key: str, query: "Query") -> Q:
        return self._add_condition(key, "$notInQuery", query._sub_query())

    def matches_key_in_query(self: Q, key: str, query_key: str, query: "Query") -> Q:
        """Values of ``key`` equal to the ``query_key`` field of ``query``'s results."""
        return self._add_condition(key, "$select", {"key": query_key,
                                                    "query": query._sub_query()})

    def does_not_match_key_in_query(self: Q, key: str, query_key: str,
                                    query: "Query") -> Q:
        return self._add_condition(key, "$dontSelect", {"key": query_key,
                                                        "query": query._sub_query()})

    def near(self: Q, key: str, point: GeoPoint) -> Q:
        """Order results by distance from ``point``, nearest first."""
        if point is None:
            raise ValueError("near needs a GeoPoint")
        return self._add_condition(key, "$nearSphere", point)

    def within_radians(self: Q, key: str, point: GeoPoint, max_distance: float,
                       min_distance: float | None = None) -> Q:
        self.near(key, point)
        self._add_condition(key, "$maxDistance", max_distance)
        if min_distance is not None:
            self._add_condition(key, "$minDistance", min_distance)
        return self

    def within_kilometers(self: Q, key: str, point: GeoPoint, max_distance: float,
                          min_distance: float | None = None) -> Q:
        return self.within_radians(
            key, point, max_distance / EARTH_RADIUS_KM,
            None if min_distance is None else min_distance / EARTH_RADIUS_KM)

    def within_miles(self: Q, key: str, point: GeoPoint, max_distance: float,
                     min_distance: float | None = None) -> Q:
        return self.within_radians(
            key, point, max_distance / EARTH_RADIUS_MILES,
            None if min_distance is None else min_distance / EARTH_RADIUS_MILES)

    def within_geo_box(self: Q, key: str, southwest: GeoPoint, northeast: GeoPoint) -> Q:
        return self._add_condition(key, "$within", {"$box": [southwest, northeast]})

    # -- shape of the results -------------------------------------------------------

    def ascending(self: Q, key: str) -> Q:
        self._order = [key]
        return self

    def descending(self: Q, key: str) -> Q:
        self._order = ["-" + key]
        return self

    def add_ascending(self: Q, key: str) -> Q:
        self._order.append(key)
        return self

    def add_descending(self: Q, key: str) -> Q:
        self._order.append("-" + key)
        return self

    def limit(self: Q, n: int) -> Q:
        """At most ``n`` results (the server's default is 100, its maximum 1000)."""
        if n > MAX_LIMIT:
            raise ValueError(f"limit must be at most {MAX_LIMIT}")
        self._limit = n
        return self

    def skip(self: Q, n: int) -> Q:
        self._skip = n
        return self

    def select(self: Q, *keys: str) -> Q:
        """Return only these fields (plus objectId, createdAt and updatedAt)."""
        if len(keys) == 1 and isinstance(keys[0], (list, tuple)):
            keys = tuple(keys[0])
        self._select.extend(keys)
        return self

    def include(self: Q, *keys: str) -> Q:
        """Return the objects that these Pointer fields point to, not only Pointers."""
        if len(keys) == 1 and isinstance(keys[0], (list, tuple)):
            keys = tuple(keys[0])
        self._include.extend(keys)
        return self

    def include_acl(self: Q, value: bool = True) -> Q:
        self._include_acl = value
        return self

    # -- REST calls -----------------------------------------------------------------

    def _new_object(self) -> Any:
        return self._query_class()

    def _process_result(self, result: dict) -> dict:
        return result

    def _path(self) -> str:
        return f"/classes/{self.class_name}"

    def _objects(self, results: list, class_name: str | None = None) -> list:
        """SDK objects for query results; ``class_name`` is the class the server says
        they belong to when it differs (a Relation query redirected to its target)."""
        redirected = class_name and class_name != self.class_name
        objects = []
        for result in results:
            obj = Object.as_class(class_name)() if class_name and redirected \
                else self._new_object()
            obj._update_data(self._process_result(result))
            objects.append(obj)
        return objects

    def find(self) -> list:
        """Every object matching the query (within limit and skip)."""
        answer = client.get(self._path(), self.dump())
        return self._objects(answer["results"], answer.get("className"))

    def first(self) -> Any:
        """The first matching object; LeanCloudError 101 when none matches."""
        params = self.dump()
        params["limit"] = 1
        answer = client.get(self._path(), params)
        if not answer["results"]:
            raise LeanCloudError(OBJECT_NOT_FOUND, "Object not found.")
        return self._objects(answer["results"][:1], answer.get("className"))[0]

    def get(self, object_id: str) -> Any:
        """The object with this objectId; LeanCloudError 101 when there is none."""
        if not object_id:
            raise LeanCloudError(OBJECT_NOT_FOUND, "Object not found.")
        obj = self._query_class.create_without_data(object_id)
        options = {"select": self._select, "include": self._include}
        obj.fetch(**{k: v for k, v in options.items() if v})
        return obj

    def count(self) -> int:
        params = self.dump()
        params["limit"] = 0
        params["count"] = 1
        return client.get(self._path(), params)["count"]

    def scan(self, batch_size: int | None = None, scan_key: str | None = None) -> Iterator:
        """Every matching object, fetched in batches over the server's scan cursor."""
        params = self.dump()
        if "skip" in params or "limit" in params:
            raise LeanCloudError(1, "Query.scan does not support skip or limit")
        if batch_size is not None:
            params["limit"] = batch_size
        if scan_key is not None:
            params["scan_key"] = scan_key
        return Cursor(self, params)

    def _scan(self, params: dict) -> Iterator:
        while True:
            answer = client.get(f"/scan/classes/{self.class_name}", params)
            yield from self._objects(answer.get("results") or [])
            cursor = answer.get("cursor")
            if not cursor:
                return
            params = {**params, "cursor": cursor}

    @classmethod
    def do_cloud_query(cls, cql: str, *pvalues: Any) -> CQLResult:
        """Run a CQL statement; ``?`` placeholders take ``pvalues`` in order."""
        params: dict[str, Any] = {"cql": cql}
        if len(pvalues) == 1 and isinstance(pvalues[0], (list, tuple)):
            pvalues = tuple(pvalues[0])
        if pvalues:
            params["pvalues"] = codec.encode(list(pvalues))
        answer = client.get("/cloudQuery", params)
        class_name = answer.get("className")
        results = answer.get("results") or []
        objects = cls(class_name)._objects(results) if class_name else results
        return CQLResult(objects, answer.get("count"), class_name)
