"""What a CQL statement means, independent of how it was written.

The ``where`` of every statement is a REST-style where dict, exactly what a client would
send to ``/1.1/classes/<Class>``: executing a statement needs nothing the REST API lacks.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Select:
    """``select ... from C``: a find, a count, or both."""

    class_name: str
    where: dict = field(default_factory=dict)
    keys: list[str] | None = None  # None: every field
    include: list[str] = field(default_factory=list)
    order: str | None = None  # REST form, e.g. "-score,name"
    limit: int | None = None  # None: the server's default
    skip: int = 0
    count: bool = False  # count(*) asked
    count_only: bool = False  # count(*) and nothing else: no objects wanted

    def query(self) -> dict:
        """The REST form of this select as an inner query (``$inQuery``/``$select``)."""
        query: dict = {"className": self.class_name, "where": self.where}
        if self.order:
            query["order"] = self.order
        if self.limit is not None:
            query["limit"] = self.limit
        if self.skip:
            query["skip"] = self.skip
        if self.keys:
            query["keys"] = ",".join(self.keys)
        return query


@dataclass(frozen=True)
class Insert:
    """``insert into C(a, b) values (...), (...)``: one object per row."""

    class_name: str
    rows: list[dict]


@dataclass(frozen=True)
class Update:
    """``update C set ... where objectId = ? [and ...]``: one object, maybe conditional."""

    class_name: str
    object_id: str
    fields: dict  # values or {"__op": ...} operations, as in a REST update body
    where: dict | None = None  # the other conditions; no match answers 305


@dataclass(frozen=True)
class Delete:
    """``delete from C where objectId = ? [and ...]``: one object, maybe conditional."""

    class_name: str
    object_id: str
    where: dict | None = None


Statement = Select | Insert | Update | Delete
