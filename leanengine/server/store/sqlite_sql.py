"""Condition trees (query/nodes.py) -> parameterised SQLite SQL over the ``objects`` table.

Every value and every JSON path travels as a bound parameter; the only text spliced into SQL
is table aliases and operators chosen here, so no key or value can inject SQL.  Objects live
in one table: ``objects(class, id, created_at, updated_at, acl, data)`` with the fields as
JSON in ``data``.  Two functions are registered on each connection: ``lc_regexp`` (RE2,
linear time) and ``lc_distance`` (great-circle distance in radians).
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache

import re2

from ...protocol.errors import LeanCloudError
from .. import values
from ..query import nodes as n

COLUMNS = {"objectId": "id", "createdAt": "created_at", "updatedAt": "updated_at"}
_OPS = {"eq": "=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}
_JSON_TYPES = {"number": "('integer','real')", "text": "('text')", "json": "('object','array')"}
_SCHEMA_KINDS = {"Number": "number", "String": "text"}


_PATH_PART = re.compile(r"^[A-Za-z0-9_]{1,128}$")


def json_path(path) -> str:
    """``'$."a"."b"'`` as an SQL literal.  Paths are spliced, not bound, so that expression
    indexes (``SQLiteStore.ensure_index``) match; every part is checked to be letters, digits
    and underscores (the parser's rule too), so a path can never carry a quote."""
    if not path or not all(isinstance(p, str) and _PATH_PART.match(p) for p in path):
        raise ValueError(f"unsafe JSON path {path!r}")
    return "'$" + "".join(f'."{part}"' for part in path) + "'"


def class_literal(class_name: str) -> str:
    """A class name as an SQL literal (spliced so that partial indexes apply), checked
    against the class-name rule first."""
    if not isinstance(class_name, str) or not values.CLASS_NAME.match(class_name):
        raise ValueError(f"unsafe class name {class_name!r}")
    return f"'{class_name}'"


class Compiler:
    """Collects SQL text and its parameters for one statement.

    Parameters are bound in the order the SQL text is built: build each fragment right
    where it goes."""

    def __init__(self):
        self.params: list = []
        self._aliases = 0

    def bind(self, value) -> str:
        self.params.append(value)
        return "?"

    def new_alias(self) -> str:
        self._aliases += 1
        return f"s{self._aliases}"

    # statement parts ----------------------------------------------------------------------

    def visible(self, alias: str, principals) -> str:
        """The ACL read filter for a caller's principals (None: everything)."""
        if principals is None:
            return "1"
        keys = ",".join(self.bind(p) for p in principals)
        return (f"({alias}.acl IS NULL OR json_extract({alias}.acl, '$.\"*\".read') = 1 OR "
                f"EXISTS (SELECT 1 FROM json_each({alias}.acl) ae WHERE ae.key IN ({keys}) "
                f"AND json_extract(ae.value, '$.read') = 1))")

    def order_by(self, alias: str, query: n.Query) -> str:
        terms = []
        for path, descending, is_date in query.order:
            terms.append(f"{self.value(alias, path + ('iso',) if is_date else path)}"
                         f" {'DESC' if descending else 'ASC'}")
        if not terms and query.near is not None:
            terms.append(self._distance(alias, query.near))
        return (" ORDER BY " + ", ".join(terms)) if terms else ""

    # values -------------------------------------------------------------------------------

    def value(self, alias, path) -> str:
        if len(path) == 1 and path[0] in COLUMNS:
            return f"{alias}.{COLUMNS[path[0]]}"
        return f"json_extract({alias}.data, {json_path(path)})"

    def _type(self, alias, path) -> str:
        return f"json_type({alias}.data, {json_path(path)})"

    def _each(self, alias, path, element_test) -> str:
        """Some element of the array at ``path`` passes ``element_test`` (SQL over ``je``).
        SQLite may run the test on the members of a non-array too, so tests that read inside
        an element guard with CASE on ``je.type``."""
        return (f"({self._type(alias, path)} = 'array' AND EXISTS (SELECT 1 FROM "
                f"json_each({alias}.data, {json_path(path)}) je WHERE {element_test()}))")

    # conditions ---------------------------------------------------------------------------

    def condition(self, node, alias: str) -> str:
        method = getattr(self, "_" + type(node).__name__.lower())
        return method(node, alias)

    def _and(self, node, alias):
        return "(" + " AND ".join(self.condition(c, alias) for c in node.nodes) + ")" if node.nodes else "1"

    def _or(self, node, alias):
        return "(" + " OR ".join(self.condition(c, alias) for c in node.nodes) + ")" if node.nodes else "0"

    def _not(self, node, alias):
        return f"(NOT IFNULL({self.condition(node.node, alias)}, 0))"

    def _compare(self, node, alias):
        """Equality also matches arrays holding the value.  With the field's schema type
        known, only the branch that can match is emitted, and the value comparison comes
        before the type check, so most rows cost one JSON lookup."""
        path, op, kind, value = node.path, _OPS[node.op], node.operand.kind, node.operand.value
        scalar_possible = node.field_type != "Array" or kind == "json"
        member_possible = op == "=" and node.field_type in (None, "Array")
        if len(path) == 1 and path[0] in COLUMNS:
            if kind not in ("text", "date"):
                return "0"
            return f"({alias}.{COLUMNS[path[0]]} {op} {self.bind(value)})"
        if kind == "null":
            return f"(IFNULL({self._type(alias, path)}, 'null') = 'null')" if op == "=" else "0"
        if kind == "bool":
            if op != "=":
                return "0"
            word = "'true'" if value else "'false'"
            if node.field_type == "Boolean":   # every stored value a boolean: json_extract
                scalar = lambda: f"({self.value(alias, path)} = {1 if value else 0})"  # indexable
            else:
                scalar = lambda: f"({self._type(alias, path)} = {word})"
            member = lambda: self._each(alias, path, lambda: f"je.type = {word}")
            return self._either(scalar if scalar_possible else None,
                                member if member_possible else None)
        if kind == "date":
            scalar = lambda: (f"({self.value(alias, path + ('iso',))} {op} {self.bind(value)} AND "
                      f"{self.value(alias, path + ('__type',))} = 'Date')")
            member = lambda: self._each(alias, path, lambda: (
                f"CASE WHEN je.type = 'object' THEN json_extract(je.value, '$.iso') END = {self.bind(value)}"))
            return self._either(scalar if scalar_possible else None,
                                member if member_possible else None)
        if kind == "pointer":
            if op != "=":
                raise LeanCloudError(102, "Pointers can only be compared for equality.")
            class_name, object_id = value
            scalar = lambda: (f"({self.value(alias, path + ('objectId',))} = {self.bind(object_id)} AND "
                      f"{self.value(alias, path + ('className',))} = {self.bind(class_name)})")
            member = lambda: self._each(alias, path, lambda: (
                f"CASE WHEN je.type = 'object' THEN json_extract(je.value, '$.objectId') END = {self.bind(object_id)} AND "
                f"CASE WHEN je.type = 'object' THEN json_extract(je.value, '$.className') END = {self.bind(class_name)}"))
            return self._either(scalar if scalar_possible else None,
                                member if member_possible else None)
        types = _JSON_TYPES[kind]
        if _SCHEMA_KINDS.get(node.field_type) == kind:
            # The schema holds every stored value of the field to this type: no type check.
            scalar = lambda: f"({self.value(alias, path)} {op} {self.bind(value)})"
        else:
            scalar = lambda: (f"({self.value(alias, path)} {op} {self.bind(value)} AND "
                              f"{self._type(alias, path)} IN {types})")
        member = lambda: self._each(alias, path, lambda: f"je.type IN {types} AND je.value = {self.bind(value)}")
        return self._either(scalar if scalar_possible else None,
                            member if member_possible else None)

    def _either(self, scalar, member) -> str:
        """``scalar() OR member()``, either part possibly absent (None).  Parts are built
        lazily, in text order, so only the emitted parts bind parameters."""
        parts = ([scalar()] if scalar else []) + ([member()] if member else [])
        return "(" + " OR ".join(parts) + ")" if parts else "0"

    def _inlist(self, node, alias):
        values = lambda: f"(SELECT value FROM json_each({self.bind(json.dumps(node.values))}))"
        if len(node.path) == 1 and node.path[0] in COLUMNS:
            return f"({alias}.{COLUMNS[node.path[0]]} IN {values()})" if node.kind == "text" else "0"
        types = _JSON_TYPES[node.kind]
        scalar = lambda: (f"({self.value(alias, node.path)} IN {values()} AND "
                          f"{self._type(alias, node.path)} IN {types})")
        member = lambda: self._each(alias, node.path,
                                    lambda: f"je.type IN {types} AND je.value IN {values()}")
        return self._either(scalar if node.field_type != "Array" else None,
                            member if node.field_type in (None, "Array") else None)

    def _exists(self, node, alias):
        if len(node.path) == 1 and node.path[0] in COLUMNS:
            return "1"
        return f"({self._type(alias, node.path)} IS NOT NULL)"

    def _size(self, node, alias):
        return (f"({self._type(alias, node.path)} = 'array' AND json_array_length({alias}.data, "
                f"{json_path(node.path)}) = {self.bind(node.size)})")

    def _regex(self, node, alias):
        if len(node.path) == 1 and node.path[0] in COLUMNS:
            return f"lc_regexp({self.bind(node.pattern)}, {self.value(alias, node.path)})"
        scalar = (f"({self._type(alias, node.path)} = 'text' AND "
                  f"lc_regexp({self.bind(node.pattern)}, {self.value(alias, node.path)}))")
        member = self._each(alias, node.path,
                            lambda: f"je.type = 'text' AND lc_regexp({self.bind(node.pattern)}, je.value)")
        return f"({scalar} OR {member})"

    def subquery(self, sub: n.SubQuery, select: str) -> str:
        """``SELECT <select> FROM objects b WHERE ...`` with ``{b}`` in select as the alias."""
        b = self.new_alias()
        head = select.format(b=b)
        return (f"SELECT {head} FROM objects {b} WHERE {b}.class = {class_literal(sub.class_name)} AND "
                f"{self.condition(sub.where, b)} AND {self.visible(b, sub.principals)}")

    def _inquery(self, node, alias):
        if len(node.path) == 1 and node.path[0] == "objectId":
            return f"({alias}.id IN ({self.subquery(node.sub, '{b}.id')}))"
        scalar = (f"({self.value(alias, node.path + ('objectId',))} IN "
                  f"({self.subquery(node.sub, '{b}.id')}))")
        member = self._each(alias, node.path, lambda: (
            f"CASE WHEN je.type = 'object' THEN json_extract(je.value, '$.objectId') END IN ({self.subquery(node.sub, '{b}.id')})"))
        return f"({scalar} OR {member})"

    def _select(self, node, alias):
        target = self.value(alias, node.path)
        key = node.key
        if len(key) == 1 and key[0] in COLUMNS:
            head = "{b}." + COLUMNS[key[0]]
        else:
            head = "json_extract({b}.data, " + json_path(key) + ")"
        return f"({target} IN ({self.subquery(node.sub, head)}))"

    def _relatedto(self, node, alias):
        related = (f"({alias}.id IN (SELECT r.related_id FROM relations r WHERE "
                   f"r.owner_class = {self.bind(node.owner_class)} AND r.owner_id = {self.bind(node.owner_id)} "
                   f"AND r.key = {self.bind(node.key)}))")
        if node.principals is None:
            return related
        o = self.new_alias()
        owner = (f"EXISTS (SELECT 1 FROM objects {o} WHERE {o}.class = {self.bind(node.owner_class)} "
                 f"AND {o}.id = {self.bind(node.owner_id)} AND {self.visible(o, node.principals)})")
        return f"({related} AND {owner})"

    def _relationin(self, node, alias):
        head = (f"({alias}.id IN (SELECT r.owner_id FROM relations r WHERE "
                f"r.owner_class = {self.bind(node.owner_class)} AND r.key = {self.bind(node.key)} ")
        if node.sub is not None:
            related = self.subquery(node.sub, "{b}.id")
        else:
            related = ",".join(self.bind(i) for i in node.related_ids) or "NULL"
        return f"{head}AND r.related_id IN ({related})))"

    def _distance(self, alias, near: n.Near) -> str:
        return (f"lc_distance({self.value(alias, near.path + ('latitude',))}, "
                f"{self.value(alias, near.path + ('longitude',))}, "
                f"{self.bind(near.latitude)}, {self.bind(near.longitude)})")

    def _near(self, node, alias):
        parts = [f"{self.value(alias, node.path + ('__type',))} = 'GeoPoint'"]
        if node.max_radians is not None:
            parts.append(f"{self._distance(alias, node)} <= {self.bind(node.max_radians)}")
        if node.min_radians is not None:
            parts.append(f"{self._distance(alias, node)} >= {self.bind(node.min_radians)}")
        return "(" + " AND ".join(parts) + ")"

    def _within(self, node, alias):
        return (f"({self.value(alias, node.path + ('__type',))} = 'GeoPoint' AND "
                f"{self.value(alias, node.path + ('latitude',))} BETWEEN {self.bind(node.south)} "
                f"AND {self.bind(node.north)} AND {self.value(alias, node.path + ('longitude',))} "
                f"BETWEEN {self.bind(node.west)} AND {self.bind(node.east)})")


@lru_cache(maxsize=256)
def _compiled(pattern: str):
    return re2.compile(pattern)


def regexp(pattern, text) -> int:
    if not isinstance(text, str) or not isinstance(pattern, str):
        return 0
    return 1 if _compiled(pattern).search(text) else 0


def distance(lat1, lng1, lat2, lng2):
    """Great-circle distance in radians (haversine)."""
    if None in (lat1, lng1, lat2, lng2):
        return None
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * math.asin(min(1.0, math.sqrt(h)))
