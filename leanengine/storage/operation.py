"""Pending changes of one field, as sent in update bodies (``{"__op": ...}``).

Each operation knows its wire form (``dump``), its effect on the local value
(``apply``) and how it folds into an earlier pending operation on the same field
(``merge``), so that ``obj.increment('n'); obj.increment('n')`` sends one Increment of 2.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

Encoder = Callable[[Any], Any]


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()  # the value of a field that an operation removed


class Op:
    def dump(self, encode: Encoder) -> Any:
        raise NotImplementedError

    def apply(self, old: Any) -> Any:
        raise NotImplementedError

    def merge(self, previous: "Op") -> "Op":
        """This operation done after ``previous``, as one operation."""
        if isinstance(previous, (Set, Delete)):
            base = None if isinstance(previous, Delete) else previous.value
            return Set(self.apply(base))
        raise ValueError(f"cannot combine {type(self).__name__} with a pending "
                         f"{type(previous).__name__} on the same field; save first")


class Set(Op):
    def __init__(self, value: Any):
        self.value = value

    def dump(self, encode: Encoder) -> Any:
        return encode(self.value)

    def apply(self, old: Any) -> Any:
        return self.value

    def merge(self, previous: Op) -> Op:
        return self


class Delete(Op):
    def dump(self, encode: Encoder) -> Any:
        return {"__op": "Delete"}

    def apply(self, old: Any) -> Any:
        return UNSET

    def merge(self, previous: Op) -> Op:
        return self


class Increment(Op):
    def __init__(self, amount: int | float = 1):
        self.amount = amount

    def dump(self, encode: Encoder) -> Any:
        return {"__op": "Increment", "amount": self.amount}

    def apply(self, old: Any) -> Any:
        return (old or 0) + self.amount

    def merge(self, previous: Op) -> Op:
        if isinstance(previous, Increment):
            return Increment(previous.amount + self.amount)
        return super().merge(previous)


class _Bit(Op):
    name = ""

    def __init__(self, value: int):
        self.value = value

    def dump(self, encode: Encoder) -> Any:
        return {"__op": self.name, "value": self.value}


class BitAnd(_Bit):
    name = "BitAnd"

    def apply(self, old: Any) -> Any:
        return (old or 0) & self.value


class BitOr(_Bit):
    name = "BitOr"

    def apply(self, old: Any) -> Any:
        return (old or 0) | self.value


class BitXor(_Bit):
    name = "BitXor"

    def apply(self, old: Any) -> Any:
        return (old or 0) ^ self.value


class _ArrayOp(Op):
    name = ""

    def __init__(self, objects: Iterable[Any]):
        self.objects = list(objects)

    def dump(self, encode: Encoder) -> Any:
        return {"__op": self.name, "objects": encode(self.objects)}


class Add(_ArrayOp):
    name = "Add"

    def apply(self, old: Any) -> Any:
        return list(old or []) + self.objects

    def merge(self, previous: Op) -> Op:
        if isinstance(previous, Add):
            return Add(previous.objects + self.objects)
        return super().merge(previous)


class AddUnique(_ArrayOp):
    name = "AddUnique"

    def apply(self, old: Any) -> Any:
        result = list(old or [])
        for item in self.objects:
            if item not in result:
                result.append(item)
        return result

    def merge(self, previous: Op) -> Op:
        if isinstance(previous, AddUnique):
            return AddUnique(AddUnique(self.objects).apply(previous.objects))
        return super().merge(previous)


class Remove(_ArrayOp):
    name = "Remove"

    def apply(self, old: Any) -> Any:
        return [item for item in (old or []) if item not in self.objects]

    def merge(self, previous: Op) -> Op:
        if isinstance(previous, Remove):
            return Remove(previous.objects + [o for o in self.objects
                                              if o not in previous.objects])
        return super().merge(previous)


class RelationOp(Op):
    """Objects added to and removed from a Relation field."""

    def __init__(self, added: Iterable[Any] = (), removed: Iterable[Any] = ()):
        self.added = list(added)
        self.removed = list(removed)

    def dump(self, encode: Encoder) -> Any:
        ops = []
        if self.added:
            ops.append({"__op": "AddRelation", "objects": encode(self.added)})
        if self.removed:
            ops.append({"__op": "RemoveRelation", "objects": encode(self.removed)})
        return ops[0] if len(ops) == 1 else {"__op": "Batch", "ops": ops}

    def apply(self, old: Any) -> Any:
        return old

    def merge(self, previous: Op) -> Op:
        if not isinstance(previous, RelationOp):
            return super().merge(previous)
        added = [o for o in previous.added if not _contains(self.removed, o)]
        removed = [o for o in previous.removed if not _contains(self.added, o)]
        added += [o for o in self.added if not _contains(added, o)]
        removed += [o for o in self.removed if not _contains(removed, o)]
        return RelationOp(added, removed)


def _contains(objects: list, obj: Any) -> bool:
    return any(o is obj or (o.id and o.id == obj.id) for o in objects)


# The legacy SDK's names for the same operations.
BaseOp = Op
Unset = Delete
Relation = RelationOp
