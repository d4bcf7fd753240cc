"""``/1.1/cloudQuery``: run one CQL statement as the caller, through the object service.

``cql`` and ``pvalues`` (a JSON array, usually as a string) come in the query string (what
the SDKs send, with GET) or in a JSON body (POST). Every statement goes through the same
ObjectService as REST, so ACLs, class permissions, hooks and validation apply unchanged.
"""

from __future__ import annotations

import json

from leanengine.protocol.errors import INVALID_JSON, LeanCloudError

from ..query.spec import DEFAULT_LIMIT, FindSpec, clamp_limit
from .functions import syntax_error
from .statements import Delete, Insert, Select, Statement, Update
from .translator import parse


def register(router) -> None:
    router.add("/cloudQuery", ["GET", "POST"], cloud_query)


def cloud_query(req) -> dict:
    cql, pvalues = _argument(req, "cql"), _argument(req, "pvalues")
    if cql is None:
        raise syntax_error("Missing cql.")
    statement = parse(cql, decode_pvalues(pvalues))
    return execute(req.services.objects, req.caller, statement)


def decode_pvalues(raw) -> list:
    """The placeholder values: a JSON array, sent as text or (in a JSON body) as an array.

    Text that decodes to text is decoded once more: the Python SDK encodes a single list
    argument twice. An array from a JSON body goes through text too, for the same number rules.
    """
    value = raw if raw is None or isinstance(raw, str) else json.dumps(raw)
    for _ in range(2):
        if not isinstance(value, str):
            break
        if not value.strip():
            return []
        try:
            value = json.loads(value, parse_constant=_not_json, parse_int=_json_int)
        except (ValueError, RecursionError):
            raise LeanCloudError(INVALID_JSON, "pvalues must be a JSON array.") from None
    if value is None:
        return []
    if not isinstance(value, list):
        raise LeanCloudError(INVALID_JSON, "pvalues must be a JSON array.")
    return value


def _not_json(constant: str):
    raise ValueError(f"{constant} is not JSON")


def _json_int(text: str):
    """An integer past 64 bits becomes a double, as JSON clients read it."""
    number = int(text)
    return number if abs(number) < 2 ** 63 else float(number)


def execute(objects, caller, statement: Statement) -> dict:
    """LeanCloud's answer to one statement: ``{"results": [...], "className": C}``, plus
    ``count`` when a select counts."""
    if isinstance(statement, Select):
        return _select(objects, caller, statement)
    class_name = statement.class_name
    if isinstance(statement, Insert):
        results = [objects.create(caller, class_name, row) for row in statement.rows]
    elif isinstance(statement, Update):
        updated = objects.update(caller, class_name, statement.object_id, statement.fields,
                                 where=statement.where)
        results = [{"objectId": statement.object_id, **(updated or {})}]
    elif isinstance(statement, Delete):
        objects.delete(caller, class_name, statement.object_id, where=statement.where)
        results = []
    else:  # pragma: no cover - parse() returns only the four kinds
        raise TypeError(statement)
    return {"results": results, "className": class_name}


def _select(objects, caller, select: Select) -> dict:
    spec = FindSpec(
        where=select.where,
        order=select.order,
        limit=clamp_limit(DEFAULT_LIMIT if select.limit is None else select.limit,
                          allow_zero=select.count),
        skip=select.skip,
        keys=",".join(select.keys) if select.keys else None,
        include=",".join(select.include) if select.include else None,
    )
    answer: dict = {"results": [], "className": select.class_name}
    if not select.count_only:
        answer["results"] = objects.find(caller, select.class_name, spec)
    if select.count:
        answer["count"] = objects.count(caller, select.class_name, spec)
    return answer


def _argument(req, name: str):
    value = req.args.get(name)
    if value is None and isinstance(req.json, dict):
        value = req.json.get(name)
    return value
