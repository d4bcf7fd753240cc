"""The store interface every handler and service talks to.

Objects cross this interface in the wire's stored form:
``{"objectId", "createdAt", "updatedAt" (ISO strings), "ACL" (dict or None), ...fields}``
with typed values as in ``server.values``.  Queries cross it as ``query.nodes.Query``.
A backend owns its SQL; nothing above this line knows which database it is.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from typing import Callable, Iterable

from ..query.nodes import Query

Mutate = Callable[[dict], dict]


class Store(ABC):

    @abstractmethod
    def transaction(self, savepoint: bool = True) -> AbstractContextManager:
        """A write transaction; store calls inside it join it.  Writers are serialised.
        Nested, it is a savepoint: an exception undoes the nested part only; with
        ``savepoint=False`` a nested call simply joins the current transaction (for work
        that writes nothing before it can fail, so there is nothing to undo)."""

    @abstractmethod
    def insert(self, class_name: str, obj: dict) -> None:
        """Insert a new object, learning its field types: 111 on a type clash, 116 when its
        fields pass 128 KB (``values.dump_fields``), 137 when the id is taken.  An insert
        that fails leaves nothing behind (no learned field, no row)."""

    @abstractmethod
    def insert_many(self, class_name: str, objs: list) -> list:
        """Insert objects of one class, each on its own account, in order (a later object
        sees the types the earlier ones fixed): answers, per object, None or the
        LeanCloudError ``insert`` would raise for it; a failed object leaves nothing."""

    def replace(self, class_name: str, obj: dict) -> bool:
        """Write an object whole under its own id, createdAt included, inserting it or
        replacing the object holding that id (relation rows stay): for imports of
        exported data.  Learns field types as ``insert`` does (111, 116); fails leaving
        nothing.  Answers whether an object was replaced."""
        raise NotImplementedError(f"{type(self).__name__} cannot replace objects")

    @abstractmethod
    def get(self, class_name: str, object_id: str) -> dict | None:
        ...

    @abstractmethod
    def get_many(self, class_name: str, object_ids: Iterable[str]) -> dict:
        """``{objectId: obj}`` for the ids that exist."""

    @abstractmethod
    def find(self, query: Query) -> list[dict]:
        ...

    @abstractmethod
    def count(self, query: Query) -> int:
        ...

    @abstractmethod
    def update(self, class_name: str, object_id: str, mutate: Mutate, where=None) -> dict | None:
        """Atomically replace an object with ``mutate(current)``.

        ``where`` (a condition node) must also hold for the current object.  Returns the new
        object, None when the object does not exist; raises ``ConditionFailed`` when it exists
        but ``where`` does not hold.  ``mutate`` runs inside the transaction and may raise.
        """

    @abstractmethod
    def delete(self, class_name: str, object_id: str) -> bool:
        """Delete an object and its relation rows; False when it did not exist."""

    @abstractmethod
    def matches(self, class_name: str, object_id: str, where) -> bool:
        """Whether the stored object satisfies a condition node."""

    @abstractmethod
    def add_relations(self, owner_class: str, owner_id: str, key: str,
                      related_class: str, related_ids: Iterable[str]) -> None:
        ...

    @abstractmethod
    def remove_relations(self, owner_class: str, owner_id: str, key: str,
                         related_ids: Iterable[str]) -> None:
        ...

    @abstractmethod
    def ensure_index(self, class_name: str, path: tuple) -> None:
        """Index the field at ``path`` (e.g. ``("username",)``) of one class for lookups."""

    @abstractmethod
    def class_exists(self, class_name: str) -> bool:
        """Whether the class has ever been written (has objects or learned fields)."""

    @abstractmethod
    def schema(self, class_name: str) -> dict:
        """``{field: {"type": ..., ["className": ...]}}`` learned so far for the class."""

    @abstractmethod
    def schemas(self) -> dict:
        """``{class_name: schema}`` for every class."""

    @abstractmethod
    def cached(self, key, load: Callable[[], object], reads: tuple | None = None):
        """``load()``, remembered under ``key`` until the database changes (a commit by this
        process or by another).  Inside a write transaction it loads afresh, unless
        ``reads`` names the classes ``load`` reads and the transaction has written none of
        them (so the items of a batch share one lookup); this process's commits keep the
        memos whose ``reads`` they did not write.  For per-request lookups that
        rarely change (class permissions, a token's user and roles).  The value is shared:
        treat it as read-only."""

    @abstractmethod
    def add_to_counter(self, key: str, step: int = 1, limit: int | None = None,
                       idle: float | None = None) -> int | None:
        """Add ``step`` to the counter ``key`` in one atomic statement (shared by every
        process on the database) and answer its new value; None, changing nothing, when a
        positive step would take it past ``limit``.  A counter nobody added to for ``idle``
        seconds counts from zero again (None: it never does).  ``step=0`` reads it; a
        negative step gives back (not below zero).  Attempt limits take their unit here
        BEFORE checking the attempt, so concurrent attempts cannot pass the limit.  Joins
        the current transaction like any write.  (PostgreSQL: one ``INSERT ... ON CONFLICT
        (key) DO UPDATE ... WHERE ... RETURNING value``.)"""

    @abstractmethod
    def drop_counter(self, key: str) -> None:
        """Forget the counter ``key`` (it counts from zero again)."""

    @abstractmethod
    def close(self) -> None:
        ...


class ConditionFailed(Exception):
    """The object exists but the write's ``where`` condition does not hold."""
