"""Applying an update body (plain values and ``__op`` operations) to an object's fields.

Runs inside the store's write transaction, against the current stored fields, so every
operation is atomic.  A dotted key (``"stats.views"``) reaches into a nested object.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..protocol import errors
from ..protocol.errors import LeanCloudError
from . import values

MISSING = object()


@dataclass(frozen=True)
class RelationChange:
    key: str
    add: bool
    class_name: str
    ids: tuple


def prepare(body: dict) -> dict:
    """Validate an update body before the transaction: key names, values and operations."""
    prepared = {}
    for key, value in body.items():
        top = key.partition(".")[0] if "." in key else key
        values.check_key_name(top)
        if top in values.RESERVED_KEYS:
            continue
        if top is not key and not all(key.split(".")[1:]):
            raise LeanCloudError(errors.INVALID_KEY_NAME, f"Invalid key name '{key}'.")
        if type(value) in values.SCALAR_TYPES:
            prepared[key] = value
        elif isinstance(value, dict) and "__op" in value:
            prepared[key] = _prepare_op(key, value)
        else:
            prepared[key] = values.normalize(value)
    return prepared


def _number(value, name):
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise LeanCloudError(errors.INVALID_JSON, f"{name} needs a number.")
    return value


def _prepare_op(key, op: dict) -> dict:
    kind = op["__op"]
    if kind in ("Increment", "Decrement"):
        amount = _number(op.get("amount", 1), kind)
        return {"__op": "Increment", "amount": -amount if kind == "Decrement" else amount}
    if kind in ("Add", "AddUnique", "Remove"):
        objects = op.get("objects")
        if not isinstance(objects, list):
            raise LeanCloudError(errors.INVALID_JSON, f"{kind} needs an objects array.")
        return {"__op": kind, "objects": values.normalize(objects)}
    if kind in ("AddRelation", "RemoveRelation"):
        if "." in key:
            raise LeanCloudError(errors.INVALID_KEY_NAME, "Relations live on top-level keys.")
        objects = values.normalize(op.get("objects"))
        if not isinstance(objects, list) or not objects or not all(
                isinstance(o, dict) and o.get("__type") == "Pointer" for o in objects):
            raise LeanCloudError(errors.INVALID_POINTER, f"{kind} needs an array of pointers.")
        if len({o["className"] for o in objects}) != 1:
            raise LeanCloudError(errors.INVALID_POINTER, "A relation holds one class.")
        return {"__op": kind, "objects": objects}
    if kind in ("BitAnd", "BitOr", "BitXor"):
        value = op.get("value")
        if not isinstance(value, int) or isinstance(value, bool):
            raise LeanCloudError(errors.INVALID_JSON, f"{kind} needs an integer value.")
        return {"__op": kind, "value": value}
    if kind == "Delete":
        return {"__op": "Delete"}
    raise LeanCloudError(errors.INVALID_JSON, f"Unknown operation '{kind}'.")


def apply(fields: dict, body: dict) -> tuple[dict, list]:
    """The fields after applying a prepared body, and the relation changes it asks for.
    ``fields`` is left as it was: the result shares only what the body leaves untouched
    (operations build new lists; nested objects on a dotted path are copied)."""
    fields = dict(fields)
    changes: list[RelationChange] = []
    for key, value in body.items():
        if "." not in key and (type(value) is not dict or "__op" not in value):
            fields[key] = value            # the common case: a plain value at the top level
            continue
        parts = key.split(".")
        holder = _holder(fields, parts)
        name = parts[-1]
        current = holder.get(name, MISSING)
        if isinstance(value, dict) and "__op" in value:
            result = _apply_op(key, current, value, changes)
        else:
            result = value
        if result is MISSING:
            holder.pop(name, None)
        else:
            holder[name] = result
    return fields, changes


def _holder(fields: dict, parts: list) -> dict:
    holder = fields
    for part in parts[:-1]:
        inner = holder.get(part)
        if inner is None:
            inner = {}
        if not isinstance(inner, dict) or "__type" in inner:
            raise LeanCloudError(errors.INCORRECT_TYPE, f"'{part}' is not an object.")
        holder[part] = inner = dict(inner)
        holder = inner
    return holder


def _type_error(key, wanted):
    return LeanCloudError(errors.INCORRECT_TYPE, f"Field '{key}' is not {wanted}.")


def _apply_op(key, current, op, changes):
    kind = op["__op"]
    if kind == "Delete":
        return MISSING
    if kind == "Increment":
        if current is MISSING or current is None:
            return op["amount"]
        if not isinstance(current, (int, float)) or isinstance(current, bool):
            raise _type_error(key, "a number")
        return current + op["amount"]
    if kind in ("BitAnd", "BitOr", "BitXor"):
        base = 0 if current is MISSING or current is None else current
        if not isinstance(base, int) or isinstance(base, bool):
            raise _type_error(key, "an integer")
        value = op["value"]
        return base & value if kind == "BitAnd" else base | value if kind == "BitOr" else base ^ value
    if kind in ("Add", "AddUnique", "Remove"):
        items = [] if current is MISSING or current is None else current
        if not isinstance(items, list):
            raise _type_error(key, "an array")
        if kind == "Add":
            return items + op["objects"]
        seen = {values.dump(item) for item in op["objects"]}
        if kind == "Remove":
            return [item for item in items if values.dump(item) not in seen]
        result = list(items)
        present = {values.dump(item) for item in items}
        for item in op["objects"]:
            text = values.dump(item)
            if text not in present:
                present.add(text)
                result.append(item)
        return result
    # AddRelation / RemoveRelation
    class_name = op["objects"][0]["className"]
    if current not in (MISSING, None) and (not isinstance(current, dict)
                                          or current.get("__type") != "Relation"):
        raise _type_error(key, "a relation")
    changes.append(RelationChange(key, kind == "AddRelation", class_name,
                                  tuple(o["objectId"] for o in op["objects"])))
    return {"__type": "Relation", "className": class_name}
