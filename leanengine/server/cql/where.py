"""Combining REST where dicts with and, or and not.

A where dict is a conjunction of its entries; an entry's value is either a plain value
(equality) or an operator dict whose keys all start with ``$``. ``and`` merges entries when
that keeps the meaning (``score > 80 and score <= 100`` becomes one operator dict) and
falls back to ``$and`` otherwise; ``not`` is pushed down to the operators (De Morgan): each
becomes its opposite where REST has one, and is wrapped in ``$not`` otherwise.
"""

from __future__ import annotations

from leanengine.protocol.errors import CQL_SYNTAX_ERROR, LeanCloudError

# An operator and the one that means its opposite.
_OPPOSITES = {
    "$lt": "$gte",
    "$lte": "$gt",
    "$gt": "$lte",
    "$gte": "$lt",
    "$in": "$nin",
    "$nin": "$in",
    "$inQuery": "$notInQuery",
    "$notInQuery": "$inQuery",
    "$select": "$dontSelect",
    "$dontSelect": "$select",
}

# Operators without an opposite, negated by wrapping them in ``$not``. (``$nearSphere`` is
# not among them: it also orders the results.)
_WRAPPED_BY_NOT = frozenset({"$all", "$size", "$within"})


def is_operator_dict(value) -> bool:
    return isinstance(value, dict) and bool(value) and all(k.startswith("$") for k in value)


def conjoin(parts: list[dict]) -> dict:
    """The where dict that matches what every part matches."""
    result: dict = {}
    apart: list[dict] = []  # parts that collide with what is merged so far
    for part in parts:
        merged = _merge(result, part)
        if merged is None:
            apart.extend(_and_items(part))
        else:
            result = merged
    if not apart:
        return result
    return {"$and": _and_items(result) + apart}


def disjoin(parts: list[dict]) -> dict:
    """The where dict that matches what any part matches."""
    items: list[dict] = []
    for part in parts:
        if list(part) == ["$or"]:
            items.extend(part["$or"])
        else:
            items.append(part)
    return {"$or": items}


def negate(where: dict) -> dict:
    """The negation of ``where``, operator by operator (``<`` becomes ``>=``, ``in`` becomes
    ``nin``, ...). Like SQL, a comparison negated this way still needs the field to exist."""
    negated = [_negate_entry(key, value) for key, value in where.items()]
    if not negated:
        raise _cannot("not of an empty condition")
    return negated[0] if len(negated) == 1 else disjoin(negated)


def _merge(left: dict, right: dict) -> dict | None:
    """``left and right`` as one dict, or None when their entries collide."""
    result = dict(left)
    for key, value in right.items():
        if key not in result:
            result[key] = value
            continue
        current = result[key]
        if key.startswith("$") or not (is_operator_dict(current) and is_operator_dict(value)):
            return None
        if set(current) & set(value):
            return None
        result[key] = {**current, **value}
    return result


def _and_items(where: dict) -> list[dict]:
    if not where:
        return []
    if list(where) == ["$and"]:
        return list(where["$and"])
    return [where]


def _negate_entry(key: str, value) -> dict:
    if key == "$or":
        return conjoin([negate(item) for item in value])
    if key == "$and":
        return disjoin([negate(item) for item in value])
    if key.startswith("$"):
        raise _cannot(key)
    if not is_operator_dict(value):
        return {key: {"$ne": value}}
    regex = {op: value[op] for op in ("$regex", "$options") if op in value}
    negated = []
    if "$regex" in regex:
        negated.append({key: {"$not": regex}})
    for op, argument in value.items():
        if op in regex:
            continue
        negated.append({key: _negate_operator(op, argument)})
    return negated[0] if len(negated) == 1 else disjoin(negated)


def _negate_operator(op: str, argument):
    if op in _OPPOSITES:
        return {_OPPOSITES[op]: argument}
    if op == "$ne":
        return argument
    if op == "$exists":
        return {"$exists": not argument}
    if op == "$not":
        return argument
    if op in _WRAPPED_BY_NOT:
        return {"$not": {op: argument}}
    raise _cannot(op)


def _cannot(what: str) -> LeanCloudError:
    return LeanCloudError(CQL_SYNTAX_ERROR, f"CQL cannot negate {what}.")
