"""Many-to-many links stored on a parent object's field (``{"__type": "Relation"}``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import operation

if TYPE_CHECKING:
    from .object_ import Object
    from .query import Query


class Relation:
    def __init__(self, parent: "Object | None", key: str | None = None):
        self.parent = parent
        self.key = key
        self.target_class_name: str | None = None

    @classmethod
    def _from_server(cls, target_class_name: str | None, key: str | None) -> "Relation":
        relation = cls(None, key)
        relation.target_class_name = target_class_name
        return relation

    def _attach(self, parent: "Object", key: str) -> None:
        self.parent = parent
        self.key = key

    @classmethod
    def reverse_query(cls, parent_class: str, relation_key: str, child: "Object") -> "Query":
        """A query for the ``parent_class`` objects whose ``relation_key`` holds ``child``."""
        from .query import Query
        query = Query(parent_class)
        query.equal_to(relation_key, child._to_pointer())
        return query

    def _change(self, added: list, removed: list) -> None:
        if self.parent is None or self.key is None:
            raise ValueError("this Relation is not attached to an object's field")
        objects = added or removed
        target = objects[0]._class_name if objects else None
        if self.target_class_name is None:
            self.target_class_name = target
        elif target is not None and target != self.target_class_name:
            raise TypeError(f"a Relation of {self.target_class_name} cannot hold {target}")
        self.parent._apply(self.key, operation.RelationOp(added, removed))
        self.parent._attributes[self.key] = self

    def add(self, *obj_or_objs: Any) -> None:
        """Add objects (or lists of objects) to the relation; saved with the parent."""
        self._change(_flatten(obj_or_objs), [])

    def remove(self, *obj_or_objs: Any) -> None:
        self._change([], _flatten(obj_or_objs))

    @property
    def query(self) -> "Query":
        """A query over the objects in this relation."""
        from .object_ import Object
        from .query import Query
        if self.parent is None or self.key is None:
            raise ValueError("this Relation is not attached to an object's field")
        if self.target_class_name is None:
            query = Query(self.parent.class_name)
            query._extra["redirectClassNameForKey"] = self.key
        else:
            query = Query(Object.as_class(self.target_class_name))
        query._where["$relatedTo"] = {"object": self.parent._to_pointer(),
                                     "key": self.key}
        return query

    def dump(self) -> dict:
        return {"__type": "Relation", "className": self.target_class_name}

    def __repr__(self) -> str:
        return f"<Relation {self.key!r} of {self.target_class_name!r}>"


def _flatten(items: tuple) -> list:
    result: list = []
    for item in items:
        if isinstance(item, (list, tuple)):
            result.extend(item)
        else:
            result.append(item)
    return result
