"""``where`` JSON (every operator of LeanCloud's REST API) -> the condition tree of nodes.py.

The parser validates as it goes: a malformed query answers 102, a bad key 105, a bad GeoPoint
302.  It needs the schema only to know which fields are Relations (equality and ``$inQuery``
on a Relation mean membership) and which are Dates.
"""

from __future__ import annotations

import re
from typing import Callable

import re2

from ...protocol import errors
from ...protocol.errors import LeanCloudError
from .. import values
from .nodes import (And, Compare, Exists, InList, InQuery, Near, Not, Operand, Or, RelatedTo,
                    RelationIn, Regex, Select, Size, SubQuery, Within)

EARTH_RADIUS_KM = 6371.0
EARTH_RADIUS_MILES = 3958.8
MAX_DEPTH = 12
DATE_COLUMNS = ("createdAt", "updatedAt")
_PATH_PART = re.compile(r"^[A-Za-z0-9_]{1,128}$")

SchemaLookup = Callable[[str], dict]


def invalid(message: str) -> LeanCloudError:
    return LeanCloudError(errors.INVALID_QUERY, message)


def parse_path(key) -> tuple:
    if not isinstance(key, str):
        raise LeanCloudError(errors.INVALID_KEY_NAME, "Invalid key name.")
    parts = tuple(key.split("."))
    if not all(_PATH_PART.match(p) for p in parts):
        raise LeanCloudError(errors.INVALID_KEY_NAME, f"Invalid key name '{key}'.")
    return parts


class WhereParser:
    """Parses one query's ``where``; remembers the ``$nearSphere`` that orders results."""

    def __init__(self, schemas: SchemaLookup, principals: tuple | None,
                 hidden: dict | None = None, may_find: Callable[[str], None] | None = None):
        self.schemas = schemas
        self.principals = principals
        self.hidden = hidden or {}       # {class: fields that may not be queried}
        self.may_find = may_find         # raises when the caller may not query a class
        self.near: Near | None = None

    def check_visible(self, class_name: str, path: tuple) -> tuple:
        """Refuse conditions on fields that never leave the server (password, salt...):
        a condition on them would be an oracle on their values."""
        if path and path[0] in self.hidden.get(class_name, ()):
            raise LeanCloudError(errors.OPERATION_FORBIDDEN,
                                 f"The field '{path[0]}' cannot be queried.", status=403)
        return path

    def parse(self, where, class_name: str, depth: int = 0):
        if depth > MAX_DEPTH:
            raise invalid("The query is nested too deeply.")
        if where is None:
            return And(())
        if isinstance(where, list):   # rest.mdx: a list of conditions is an implicit $and
            return And(tuple(self.parse(item, class_name, depth + 1) for item in where))
        if not isinstance(where, dict):
            raise invalid("where must be a JSON object.")
        nodes = []
        for key, value in where.items():
            if key == "$or" or key == "$and":
                if not isinstance(value, list) or not value:
                    raise invalid(f"{key} needs a non-empty array.")
                parts = tuple(self.parse(item, class_name, depth + 1) for item in value)
                nodes.append(Or(parts) if key == "$or" else And(parts))
            elif key == "$relatedTo":
                nodes.append(self._related_to(value))
            elif isinstance(key, str) and key.startswith("$"):
                raise invalid(f"Unknown operator {key}.")
            else:
                path = self.check_visible(class_name, parse_path(key))
                nodes.append(self._field(class_name, path, value, depth))
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    # fields -------------------------------------------------------------------------------

    def _field(self, class_name, path, value, depth):
        if isinstance(value, dict) and any(isinstance(k, str) and k.startswith("$") for k in value):
            return self._operators(class_name, path, value, depth)
        return self._equal(class_name, path, value)

    def _field_type(self, class_name, path) -> dict:
        if len(path) != 1:
            return {}
        return self.schemas(class_name).get(path[0]) or {}

    def _equal(self, class_name, path, value):
        if self._field_type(class_name, path).get("type") == "Relation":
            return RelationIn(class_name, path[0], related_ids=(self._pointer_id(value),))
        return Compare(path, "eq", self._operand(path, value), self._type_name(class_name, path))

    def _type_name(self, class_name, path) -> str | None:
        return self._field_type(class_name, path).get("type")

    def _operators(self, class_name, path, ops, depth):
        nodes = []
        options = ops.get("$options", "")
        for op, arg in ops.items():
            if op in ("$lt", "$lte", "$gt", "$gte"):
                nodes.append(Compare(path, op[1:], self._operand(path, arg),
                                     self._type_name(class_name, path)))
            elif op == "$ne":
                nodes.append(Not(self._equal(class_name, path, arg)))
            elif op in ("$in", "$nin", "$all"):
                nodes.append(self._membership(class_name, path, op, arg))
            elif op == "$exists":
                if not isinstance(arg, bool):
                    raise invalid("$exists needs true or false.")
                nodes.append(Exists(path) if arg else Not(Exists(path)))
            elif op == "$size":
                if not isinstance(arg, int) or isinstance(arg, bool) or arg < 0:
                    raise invalid("$size needs a non-negative integer.")
                nodes.append(Size(path, arg))
            elif op == "$regex":
                excluded = does_not_contain(arg)
                if excluded is not None:
                    nodes.append(Not(Regex(path, regex_pattern(excluded, options))))
                else:
                    nodes.append(Regex(path, regex_pattern(arg, options)))
            elif op == "$options":
                continue
            elif op in ("$select", "$dontSelect"):
                node = self._select(path, arg, depth)
                nodes.append(node if op == "$select" else Not(node))
            elif op in ("$inQuery", "$notInQuery"):
                node = self._in_query(class_name, path, arg, depth)
                nodes.append(node if op == "$inQuery" else Not(node))
            elif op == "$not":
                if not isinstance(arg, dict) or not arg or not all(
                        isinstance(k, str) and k.startswith("$") for k in arg):
                    raise invalid("$not needs an object of operators.")
                nodes.append(Not(self._operators(class_name, path, arg, depth + 1)))
            elif op == "$nearSphere":
                nodes.append(self._near(path, arg, ops))
            elif op.startswith("$maxDistance") or op.startswith("$minDistance"):
                if "$nearSphere" not in ops:
                    raise invalid(f"{op} needs $nearSphere.")
            elif op == "$within" or op == "$geoWithin":
                nodes.append(self._within(path, arg))
            else:
                raise invalid(f"Unknown operator {op}.")
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def _membership(self, class_name, path, op, arg):
        if not isinstance(arg, list):
            raise invalid(f"{op} needs an array.")
        if op != "$all" and self._field_type(class_name, path).get("type") == "Relation":
            node = RelationIn(class_name, path[0], related_ids=tuple(self._pointer_id(v) for v in arg))
        else:
            kind = self._type_name(class_name, path)
            operands = [self._operand(path, v) for v in arg]
            kinds = {operand.kind for operand in operands}
            if op == "$in" and len(kinds) == 1 and kinds <= {"number", "text"}:
                node = InList(path, kinds.pop(), tuple(o.value for o in operands), kind)
            else:
                eqs = tuple(Compare(path, "eq", operand, kind) for operand in operands)
                node = And(eqs) if op == "$all" else Or(eqs)
        return Not(node) if op == "$nin" else node

    # operands -----------------------------------------------------------------------------

    def _operand(self, path, value) -> Operand:
        if path in (("createdAt",), ("updatedAt",)):
            iso = value.get("iso") if isinstance(value, dict) else value
            return Operand("date", values.normalize_iso(iso))
        if value is None:
            return Operand("null", None)
        if isinstance(value, bool):
            return Operand("bool", value)
        if isinstance(value, int) and not -2 ** 63 <= value < 2 ** 63:
            return Operand("number", float(value))   # past SQL integers: compare as a double
        if isinstance(value, (int, float)):
            return Operand("number", value)
        if isinstance(value, str):
            return Operand("text", value)
        if isinstance(value, dict) and value.get("__type") == "Date":
            return Operand("date", values.normalize_iso(value.get("iso")))
        if isinstance(value, dict) and value.get("__type") in ("Pointer", "Object"):
            pointer = values.normalize(value)
            return Operand("pointer", (pointer["className"], pointer["objectId"]))
        if isinstance(value, (dict, list)):
            return Operand("json", values.dump(values.normalize(value)))
        raise invalid("Unsupported value in query.")

    @staticmethod
    def _pointer_id(value) -> str:
        if isinstance(value, dict) and value.get("__type") in ("Pointer", "Object") \
                and isinstance(value.get("objectId"), str):
            return value["objectId"]
        raise LeanCloudError(errors.INVALID_POINTER, "A relation is queried with pointers.")

    # subqueries ---------------------------------------------------------------------------

    def _sub(self, spec, depth) -> SubQuery:
        if not isinstance(spec, dict):
            raise invalid("A subquery needs className and where.")
        class_name = values.check_class_name(spec.get("className"))
        if self.may_find is not None:
            self.may_find(class_name)
        where = self.parse(spec.get("where") or {}, class_name, depth + 1)
        return SubQuery(class_name, where, self.principals)

    def _in_query(self, class_name, path, spec, depth):
        sub = self._sub(spec, depth)
        if self._field_type(class_name, path).get("type") == "Relation":
            return RelationIn(class_name, path[0], sub=sub)
        return InQuery(path, sub)

    def _select(self, path, spec, depth):
        if not isinstance(spec, dict) or not isinstance(spec.get("query"), dict):
            raise invalid("$select needs query and key.")
        sub = self._sub(spec["query"], depth)
        return Select(path, sub, self.check_visible(sub.class_name, parse_path(spec.get("key"))))

    def _related_to(self, spec):
        if not isinstance(spec, dict) or not isinstance(spec.get("key"), str):
            raise invalid("$relatedTo needs object and key.")
        pointer = values.normalize(spec.get("object"))
        if not isinstance(pointer, dict) or pointer.get("__type") != "Pointer":
            raise LeanCloudError(errors.INVALID_POINTER, "$relatedTo needs a pointer.")
        return RelatedTo(pointer["className"], pointer["objectId"], spec["key"], self.principals)

    # geo ----------------------------------------------------------------------------------

    def _near(self, path, point, ops):
        point = values.geo_point(point)
        node = Near(path, point["latitude"], point["longitude"],
                    _distance(ops, "$maxDistance"), _distance(ops, "$minDistance"))
        if self.near is None:
            self.near = node
        return node

    def _within(self, path, spec):
        box = spec.get("$box") if isinstance(spec, dict) else None
        if not isinstance(box, list) or len(box) != 2:
            raise invalid("$within needs a $box of two corners.")
        south_west, north_east = (values.geo_point(corner) for corner in box)
        return Within(path, south_west["latitude"], south_west["longitude"],
                      north_east["latitude"], north_east["longitude"])


def _distance(ops: dict, prefix: str) -> float | None:
    """``$maxDistance`` (radians) or its ``InRadians/InKilometers/InMiles`` forms, in radians."""
    found = None
    for suffix, scale in (("", 1.0), ("InRadians", 1.0), ("InKilometers", 1 / EARTH_RADIUS_KM),
                          ("InMiles", 1 / EARTH_RADIUS_MILES)):
        name = prefix + suffix
        if name in ops:
            distance = ops[name]
            if not isinstance(distance, (int, float)) or isinstance(distance, bool):
                raise invalid(f"{name} needs a number.")
            found = distance * scale
    return found


_DOES_NOT_CONTAIN = re.compile(r"^\^\(\(\?!(?P<inner>[^()]+)\)\.\)\*\$$")


def does_not_contain(pattern) -> str | None:
    """``^((?!X).)*$``, the guides' "does not contain X", needs a lookahead, which RE2 (linear
    time) lacks; it means that ``X`` matches nowhere, so it runs as NOT ``X``.  Answers X."""
    match = _DOES_NOT_CONTAIN.match(pattern) if isinstance(pattern, str) else None
    return match.group("inner") if match else None


def regex_pattern(pattern, options) -> str:
    """An RE2 pattern with LeanCloud's ``$options`` (i, m, s; x and u accepted) inlined."""
    if not isinstance(pattern, str) or not isinstance(options, str):
        raise invalid("$regex needs a string.")
    flags = "".join(sorted({c for c in options if c in "ims"}))
    if set(options) - set("imsxu"):
        raise invalid(f"Unsupported $options '{options}'.")
    if "x" in options:
        pattern = strip_extended(pattern)
    full = f"(?{flags}){pattern}" if flags else pattern
    try:
        re2.compile(full)
    except re2.error as exc:
        raise invalid(f"Invalid $regex: {exc}") from None
    return full


def strip_extended(pattern: str) -> str:
    """The ``x`` option (which RE2 lacks): drop unescaped whitespace and ``#`` comments
    outside character classes."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
        elif char == "[":
            in_class = True
            out.append(char)
        elif char == "#":
            end = pattern.find("\n", i)
            i = len(pattern) if end < 0 else end
            continue
        elif char not in " \t\n\r\f":
            out.append(char)
        i += 1
    return "".join(out)
