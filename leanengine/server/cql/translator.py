"""From a CQL parse tree to a statement (statements.py), binding ``?`` placeholders.

The translator only builds REST-style values and where dicts; executing them (and turning
them into SQL) is the object service's job, so a CQL string can do no more than the REST
API could.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from lark import Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, VisitError

from leanengine.protocol.errors import LeanCloudError

from ..values import check_class_name, check_key_name
from . import functions, where as wheres
from .functions import syntax_error
from .grammar import parser
from .statements import Delete, Insert, Select, Statement, Update

MAX_CQL_BYTES = 4096  # LeanCloud's documented bound on a CQL statement

_COMPARATORS = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "!=": "$ne", "<>": "$ne"}

# km and miles per radian, the earth radii LeanCloud's SDKs use.
_UNIT_RADIUS = {"kilometers": 6371.0, "miles": 3958.8, "radians": 1.0}
_UNIT_NAMES = {"km": "kilometers", "kilometers": "kilometers", "mi": "miles", "miles": "miles",
               "radians": "radians"}
_MAX_DISTANCE_OPERATOR = {"kilometers": "$maxDistanceInKilometers", "miles": "$maxDistanceInMiles",
                          "radians": "$maxDistanceInRadians"}

_STRING_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0",
                   "\\": "\\", "'": "'", '"': '"'}
_STRING_PIECE = re.compile(r"\\u([0-9a-fA-F]{4})|\\(.)|''|\"\"", re.S)


def parse(cql: str, pvalues: list | None = None) -> Statement:
    """The statement a CQL string means, with ``?`` bound from ``pvalues`` in order.

    Raises LeanCloudError 300 for a syntax error, an unknown function or a value of the
    wrong kind, and LeanCloud's naming codes (103, 105) for bad class or key names.
    Surplus pvalues are ignored, as LeanCloud did.
    """
    if not isinstance(cql, str):
        raise syntax_error("cql must be a string.")
    if not cql.strip():
        raise syntax_error("CQL statement is empty.")
    if len(cql.encode("utf-8")) > MAX_CQL_BYTES:
        raise syntax_error(f"CQL statement is longer than {MAX_CQL_BYTES} bytes.")
    try:
        tree, placeholder_rank = _parse_tree(cql)
        return _Translator(placeholder_rank, list(pvalues or [])).transform(tree)
    except UnexpectedInput as error:
        raise syntax_error(_describe(error)) from None
    except VisitError as error:  # what a rule method raised, wrapped by lark
        if isinstance(error.orig_exc, LeanCloudError):
            raise error.orig_exc from None
        if not isinstance(error.orig_exc, RecursionError):
            raise
        raise syntax_error("CQL statement is nested too deeply.") from None
    except RecursionError:
        raise syntax_error("CQL statement is nested too deeply.") from None


@lru_cache(maxsize=256)
def _parse_tree(cql: str) -> tuple:
    """The parse tree of a statement and the rank of each ``?`` by its position in the text.

    Cached: placeholders make the same text come back often, and translating never
    changes a tree, so cached trees are safe to share."""
    tree = parser().parse(cql)
    positions = sorted(token.start_pos for token in tree.scan_values(
        lambda v: isinstance(v, Token) and v.type == "PLACEHOLDER"))
    return tree, {position: rank for rank, position in enumerate(positions)}


def _describe(error: UnexpectedInput) -> str:
    if isinstance(error, UnexpectedCharacters):
        return f"CQL syntax error at line {error.line}, column {error.column}: " \
               f"unexpected character {error.char!r}."
    token = getattr(error, "token", None)
    if isinstance(error, UnexpectedEOF) or getattr(token, "type", None) == "$END":
        message = "CQL syntax error: unexpected end of statement"
    else:
        message = f"CQL syntax error at line {error.line}, column {error.column}: unexpected {str(token)!r}"
    expected = [text for text in map(_terminal_text, sorted(getattr(error, "expected", None) or ()))
                if text]
    if 0 < len(expected) <= 3:
        message += ", expected " + " or ".join(expected)
    return message + "."


_PATTERN_TEXT = {"NAME": "a name", "QUOTED_NAME": "", "NUMBER": "a number", "STRING": "a string",
                 "SIGN": "'+' or '-'", "DIRECTION": "asc or desc", "UNIT": "km, miles or radians"}


def _terminal_text(name: str) -> str:
    """How a terminal is written (``'from'``, ``')'``), what it stands for, or "" to omit."""
    for terminal in parser().terminals:
        if terminal.name == name and terminal.pattern.type == "str":
            return repr(terminal.pattern.value)
    return _PATTERN_TEXT.get(name, name.lower())


class _Translator(Transformer):
    """Each rule method takes its already-translated children (a list)."""

    def __init__(self, placeholder_rank: dict, pvalues: list):
        super().__init__()
        self._placeholder_rank = placeholder_rank
        self._pvalues = pvalues

    # ---- terminals ----------------------------------------------------------------------
    def PLACEHOLDER(self, token):
        rank = self._placeholder_rank[token.start_pos]
        if rank >= len(self._pvalues):
            raise syntax_error(f"CQL has more ? placeholders than pvalues ({len(self._pvalues)}).")
        return self._pvalues[rank]

    def STRING(self, token):
        quote = token[0]

        def piece(match):
            if match.group(1):
                return chr(int(match.group(1), 16))
            if match.group(2) is not None:
                escaped = match.group(2)
                return _STRING_ESCAPES.get(escaped, "\\" + escaped)
            text = match.group(0)
            return text[0] if text[0] == quote else text

        return _STRING_PIECE.sub(piece, token[1:-1])

    def NUMBER(self, token):
        text = str(token)
        if re.fullmatch(r"-?\d+", text) and abs(int(text)) < 2 ** 63:
            return int(text)
        number = float(text)  # past 64 bits an integer is a double, as in JSON clients
        if math.isinf(number):
            raise syntax_error(f"Number {text[:20]} is out of range.")
        return number

    def NAME(self, token):
        return str(token)

    def QUOTED_NAME(self, token):
        return str(token)[1:-1]

    def SIGN(self, token):
        return str(token)

    def DIRECTION(self, token):
        return str(token).lower()

    def UNIT(self, token):
        return _UNIT_NAMES[str(token).lower()]

    # ---- names and values -----------------------------------------------------------
    def start(self, children):
        [statement] = children
        return statement

    def class_name(self, children):
        [name] = children
        return check_class_name(name)

    def column(self, children):
        [name] = children
        return check_key_name(name)

    def key(self, parts):
        for part in parts:
            check_key_name(part)
        return ".".join(parts)

    def true(self, _children):
        return True

    def false(self, _children):
        return False

    def null(self, _children):
        return None

    def call(self, children):
        name, *args = children
        return functions.call(name, list(args))

    def array(self, values):
        return list(values)

    def value_list(self, values):
        return list(values)

    def row(self, values):
        return tuple(values)

    def object(self, pairs):
        return dict(pairs)

    def pair(self, children):
        return tuple(children)

    def subquery(self, children):
        [select] = children
        return select

    # ---- predicates -------------------------------------------------------------------
    def comparator(self, children):
        [token] = children
        return str(token)

    def compare(self, children):
        key, comparator, value = children
        value = _operand(value)
        if comparator == "=":
            return {key: value}
        return {key: {_COMPARATORS[comparator]: value}}

    def compare_subquery(self, children):
        key, comparator, select = children
        if comparator not in ("=", "!=", "<>"):
            raise syntax_error(f"A subquery can only follow = or !=, not {comparator}.")
        return {key: _subquery_condition(select, negated=comparator != "=")}

    def in_(self, children):
        key, target = children
        return {key: _membership(key, target, negated=False)}

    def not_in(self, children):
        key, target = children
        return {key: _membership(key, target, negated=True)}

    def like(self, children):
        key, pattern = children
        return {key: {"$regex": _like_to_regex(pattern)}}

    def not_like(self, children):
        return wheres.negate(self.like(children))

    def regexp(self, children):
        key, pattern = children
        if not isinstance(pattern, str):
            raise syntax_error("regexp needs a string pattern.")
        return {key: {"$regex": pattern}}

    def not_regexp(self, children):
        return wheres.negate(self.regexp(children))

    def exists(self, children):
        [key] = children
        return {key: {"$exists": True}}

    def not_exists(self, children):
        [key] = children
        return {key: {"$exists": False}}

    def all_(self, children):
        key, values = children
        if not isinstance(values, list):
            raise syntax_error(f"all needs a list of values for {key}.")
        return {key: {"$all": [_operand(v) for v in values]}}

    def call_compare(self, children):
        name, key, comparator, value = children
        if name.lower() != "size":
            raise syntax_error(f"CQL has no function {name}() for conditions.")
        if comparator != "=":
            raise syntax_error("size() can only be compared with =.")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise syntax_error("size() must equal a non-negative integer.")
        return {key: {"$size": value}}

    def near(self, children):
        key, point, minimum, maximum = children
        condition = {"$nearSphere": _geo_point(point)}
        if minimum is not None:
            distance, unit = minimum
            condition["$minDistance"] = distance / _UNIT_RADIUS[unit]
        if maximum is not None:
            distance, unit = maximum
            condition[_MAX_DISTANCE_OPERATOR[unit]] = distance
        return {key: condition}

    def min_distance(self, children):
        distance, unit = children
        return _distance(distance, unit)

    def max_distance(self, children):
        distance, unit = children
        return _distance(distance, unit)

    def within(self, children):
        key, southwest, northeast = children
        return {key: {"$within": {"$box": [_geo_point(southwest), _geo_point(northeast)]}}}

    def related(self, children):
        _, key, owner = children
        if "." in key:
            raise syntax_error("related ... to needs a relation key, not a path.")
        if not (isinstance(owner, dict) and owner.get("__type") == "Pointer"):
            raise syntax_error("related ... to needs a pointer, e.g. pointer('Post', id).")
        return {"$relatedTo": {"object": owner, "key": key}}

    def negate(self, children):
        [condition] = children
        return wheres.negate(condition)

    def conjunction(self, conditions):
        return wheres.conjoin(list(conditions))

    def disjunction(self, conditions):
        return wheres.disjoin(list(conditions))

    def where(self, children):
        [condition] = children
        return condition

    # ---- select ---------------------------------------------------------------------
    def all_keys(self, _children):
        return ("all", None)

    def include_key(self, children):
        [key] = children
        return ("include", key)

    def plain_key(self, children):
        [key] = children
        return ("key", key)

    def call_target(self, children):
        [target] = children
        return "*" if isinstance(target, Token) else target

    def call_item(self, children):
        name, target = children
        if name.lower() != "count":
            raise syntax_error(f"CQL has no function {name}() in select; only count(*).")
        if target not in ("*", "objectId"):
            raise syntax_error("Only count(*) and count(objectId) are supported.")
        return ("count", None)

    def select_items(self, items):
        return list(items)

    def order_item(self, children):
        return tuple(children)  # (sign, key, direction)

    def order_clause(self, items):
        default = items[-1][2] or "asc"
        parts = []
        for sign, key, direction in items:
            descending = sign == "-" if sign else (direction or default) == "desc"
            parts.append(("-" if descending else "") + key)
        return ("order", ",".join(parts))

    def limit_clause(self, children):
        if len(children) == 1:
            return ("limit", (0, _count(children[0], "limit")))
        skip, limit = children
        return ("limit", (_count(skip, "skip"), _count(limit, "limit")))

    def tail(self, clauses):
        return dict(clause for clause in clauses if clause is not None)

    def select(self, children):
        items, class_name, condition, tail = children
        kinds = [kind for kind, _ in items]
        named = [key for kind, key in items if kind == "key"]
        include = [key for kind, key in items if kind == "include"]
        keys = None
        if named and "all" not in kinds:
            keys = _unique(named + [path.split(".")[0] for path in include])
        tail = tail or {}
        skip, limit = tail.get("limit", (0, None))
        counted = "count" in kinds
        return Select(
            class_name=class_name,
            where=condition or {},
            keys=keys,
            include=_unique(include),
            order=tail.get("order"),
            limit=limit,
            skip=skip,
            count=counted,
            count_only=counted and not named and not include and "all" not in kinds,
        )

    # ---- insert / update / delete ---------------------------------------------------
    def insert(self, children):
        class_name, *parts = children
        columns = [part for part in parts if isinstance(part, str)]
        rows = [part for part in parts if isinstance(part, tuple)]
        if len(set(columns)) != len(columns):
            raise syntax_error("insert names a column twice.")
        for row in rows:
            if len(row) != len(columns):
                raise syntax_error(f"insert has {len(columns)} column(s) but a row of {len(row)} value(s).")
        return Insert(class_name=class_name, rows=[dict(zip(columns, row)) for row in rows])

    def assignment(self, children):
        return tuple(children)  # (column, value)

    def update(self, children):
        class_name, *parts = children
        *assignments, condition = parts
        columns = [column for column, _ in assignments]
        if len(set(columns)) != len(columns):
            raise syntax_error("update sets a column twice.")
        object_id, rest = _take_object_id(condition, "update")
        return Update(class_name=class_name, object_id=object_id, fields=dict(assignments), where=rest)

    def delete(self, children):
        class_name, condition = children
        object_id, rest = _take_object_id(condition, "delete")
        return Delete(class_name=class_name, object_id=object_id, where=rest)


def _operand(value):
    """A value a condition compares with; never an operator smuggled in as data."""
    if isinstance(value, dict) and any(isinstance(k, str) and (k.startswith("$") or k == "__op")
                                       for k in value):
        raise syntax_error("A value in a condition cannot be a query operator or an update operation.")
    return value


def _membership(key: str, target, negated: bool) -> dict:
    if isinstance(target, Select):
        return _subquery_condition(target, negated)
    if not isinstance(target, list):
        raise syntax_error(f"in needs a list of values or a subquery for {key}.")
    return {"$nin" if negated else "$in": [_operand(v) for v in target]}


def _subquery_condition(select: Select, negated: bool) -> dict:
    """``$select``/``$dontSelect`` for a one-key subquery, ``$inQuery``/``$notInQuery`` for ``*``."""
    if select.count:
        raise syntax_error("A subquery cannot count.")
    query = select.query()
    if select.keys is None:
        return {"$notInQuery" if negated else "$inQuery": query}
    if len(select.keys) != 1 or select.include:
        raise syntax_error("A subquery must select exactly one key, or *.")
    query.pop("keys")
    return {"$dontSelect" if negated else "$select": {"query": query, "key": select.keys[0]}}


def _like_to_regex(pattern) -> str:
    """LeanCloud's like: ``%`` is any run of characters, everything else is literal."""
    if not isinstance(pattern, str):
        raise syntax_error("like needs a string pattern.")
    return "^" + ".*".join(re.escape(part) for part in pattern.split("%")) + "$"


def _geo_point(value) -> dict:
    """A GeoPoint from geopoint(...), a typed value, or CQL's ``[longitude, latitude]``."""
    if isinstance(value, dict) and value.get("__type") == "GeoPoint":
        return value
    if isinstance(value, list) and len(value) == 2:
        return functions.geopoint(*value)
    raise syntax_error("A location must be geopoint(longitude, latitude) or [longitude, latitude].")


def _distance(distance, unit) -> tuple:
    if isinstance(distance, bool) or not isinstance(distance, (int, float)) or distance < 0:
        raise syntax_error("A distance must be a non-negative number.")
    return (distance, unit or "radians")


def _count(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise syntax_error(f"{what} must be a non-negative integer.")
    return value


def _unique(items: list) -> list:
    return list(dict.fromkeys(items))


def _take_object_id(condition: dict, verb: str) -> tuple[str, dict | None]:
    """Split ``objectId = '...' and rest`` into the id and the rest (None when nothing)."""
    if isinstance(condition.get("objectId"), str):
        rest = {k: v for k, v in condition.items() if k != "objectId"}
        return condition["objectId"], rest or None
    if list(condition) == ["$and"]:
        items = condition["$and"]
        for index, item in enumerate(items):
            if isinstance(item.get("objectId"), str):
                leftover = {k: v for k, v in item.items() if k != "objectId"}
                remaining = [i for i in items[:index] + [leftover] + items[index + 1:] if i]
                return item["objectId"], wheres.conjoin(remaining) or None
    raise syntax_error(f"{verb} needs where objectId = '<id>' (one object at a time).")
