"""The condition tree a ``where`` JSON becomes: plain data, no SQL, one class per operator kind.

Paths are tuples of field names; ``("objectId",)``, ``("createdAt",)`` and ``("updatedAt",)``
name the system columns.  Operands carry their kind so a backend can compare like with like.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Path = tuple


@dataclass(frozen=True)
class Operand:
    """A value to compare with: ``kind`` is one of null, bool, number, text, date (value: ISO
    string), pointer (value: (className, objectId)), json (value: canonical JSON text)."""
    kind: str
    value: object


@dataclass(frozen=True)
class Compare:
    path: Path
    op: str          # eq lt lte gt gte
    operand: Operand
    field_type: str | None = None   # the schema type of a top-level field, when known


@dataclass(frozen=True)
class InList:
    """The value at ``path`` (or a member of the array there) is one of ``values``, all of
    one kind (number or text); one parameter however long the list."""
    path: Path
    kind: str
    values: tuple
    field_type: str | None = None


@dataclass(frozen=True)
class Exists:
    path: Path


@dataclass(frozen=True)
class Size:
    path: Path
    size: int


@dataclass(frozen=True)
class Regex:
    path: Path
    pattern: str     # already carries RE2 inline flags


@dataclass(frozen=True)
class Not:
    node: object


@dataclass(frozen=True)
class And:
    nodes: tuple


@dataclass(frozen=True)
class Or:
    nodes: tuple


@dataclass(frozen=True)
class SubQuery:
    class_name: str
    where: object
    principals: tuple | None     # None: no ACL filter (master key)


@dataclass(frozen=True)
class InQuery:
    """The pointer (or pointer array) at ``path`` points into the subquery's results."""
    path: Path
    sub: SubQuery


@dataclass(frozen=True)
class RelationIn:
    """The relation ``key`` of the object holds one of ``related_ids`` or, when ``sub`` is
    given, one of the subquery's results."""
    owner_class: str
    key: str
    related_ids: tuple = ()
    sub: SubQuery | None = None


@dataclass(frozen=True)
class Select:
    """The value at ``path`` is among the subquery results' values at ``key``."""
    path: Path
    sub: SubQuery
    key: Path


@dataclass(frozen=True)
class RelatedTo:
    """The object is in the relation ``key`` of the owner object, and the owner is readable
    by ``principals`` (None: no ACL filter, the master key)."""
    owner_class: str
    owner_id: str
    key: str
    principals: tuple | None = None


@dataclass(frozen=True)
class Near:
    path: Path
    latitude: float
    longitude: float
    max_radians: float | None
    min_radians: float | None = None


@dataclass(frozen=True)
class Within:
    path: Path
    south: float
    west: float
    north: float
    east: float


@dataclass
class Query:
    """A find or count against one class, ready for a store."""
    class_name: str
    where: object = field(default_factory=lambda: And(()))
    principals: tuple | None = None
    order: list = field(default_factory=list)   # [(path, descending)]
    limit: int | None = None
    skip: int = 0
    near: Near | None = None                    # order by distance when set
    with_acl: bool = True                       # False: results may carry no ACL (faster)
