"""``leanengine.Object``: one row of a class, its local state and its REST calls.

Local state: ``_attributes`` holds the current values (pending changes applied),
``_changes`` the pending operation per field; ``save`` sends only ``_changes``.
Subclasses register themselves by class name, so data coming back from the server
(``decode``) is turned into the user's own classes.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Iterable, TypeVar

from .. import config
from ..protocol.dates import format_iso, parse_iso
from ..protocol.errors import OBJECT_NOT_FOUND, LeanCloudError
from . import batch, client, codec, operation
from .acl import ACL

if TYPE_CHECKING:
    from .query import Query
    from .relation import Relation

T = TypeVar("T", bound="Object")

_registry: dict[str, type["Object"]] = {}
# The legacy SDK's name for the registry of Object subclasses (by class name here).
object_class_map = _registry
HOOK_NAMES = ("beforeSave", "afterSave", "beforeUpdate", "afterUpdate",
              "beforeDelete", "afterDelete")
_METADATA = ("objectId", "createdAt", "updatedAt")


class _QueryProperty:
    """``Todo.query``: a new Query over the class, on the class or an instance."""

    def __get__(self, instance: Any, owner: type["Object"]) -> "Query":
        from .query import Query
        return Query(owner)


def _as_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, dict):
        value = value.get("iso")
    return parse_iso(value)


class Object:
    _class_name: str | None = None
    query = _QueryProperty()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        explicit = cls.__dict__.get("class_name")
        if isinstance(explicit, str):
            cls._class_name = explicit
            del cls.class_name
        elif "_class_name" not in cls.__dict__:
            inherited = cls._class_name
            # ``class MyUser(User)`` stays a _User; ``class Todo(Object)`` is a Todo.
            keep = inherited is not None and inherited.startswith("_")
            cls._class_name = inherited if keep else cls.__name__
        _registry[cls._class_name or cls.__name__] = cls

    def __new__(cls, *args: Any, **attrs: Any):
        # ``@Object.as_class("Name")`` used as a decorator calls the class with the
        # decorated class: give it that class name instead of making an instance.
        if len(args) == 1 and isinstance(args[0], type) and issubclass(args[0], Object):
            decorated = args[0]
            decorated._class_name = cls._class_name
            _registry[cls._class_name or decorated.__name__] = decorated
            return decorated
        return super().__new__(cls)

    def __init__(self, **attrs: Any):
        if self._class_name is None:
            raise TypeError("use Object.extend(name) or Object.create(name) for a class")
        self.id: str | None = None
        self.created_at: datetime | None = None
        self.updated_at: datetime | None = None
        self.updated_keys: list[str] = []
        self.fetch_when_save = False  # the default of save(fetch_when_save=...)
        self._attributes: dict[str, Any] = {}
        self._changes: dict[str, operation.Op] = {}
        self._flags: dict[str, Any] = {}
        if attrs:
            self.set(attrs)

    # -- classes --------------------------------------------------------------------

    @classmethod
    def extend(cls, name: str) -> type["Object"]:
        """The subclass for class ``name`` (the registered one when there is one)."""
        existing = _registry.get(name)
        if existing is not None and issubclass(existing, cls):
            return existing
        return type(name, (cls,), {"_class_name": name})

    @staticmethod
    def as_class(arg: str) -> type["Object"]:
        """The registered class for a class name (``User`` for ``_User``).

        Also usable as a decorator, ``@Object.as_class("Todo")``, to give a Python class
        the storage class name ``Todo``.
        """
        existing = _registry.get(arg)
        if existing is not None:
            return existing
        return type(arg, (Object,), {"_class_name": arg})

    @classmethod
    def create(cls, class_name: str, **attributes: Any) -> "Object":
        return cls.extend(class_name)(**attributes)

    @classmethod
    def create_without_data(cls: type[T], id_: str) -> T:
        """An object standing for one already on the server; ``fetch`` loads it."""
        if cls is Object:
            raise RuntimeError("call create_without_data on a subclass of Object")
        obj = cls()
        obj.id = id_
        return obj

    @property
    def class_name(self) -> str:
        return self._class_name  # type: ignore[return-value]

    # -- local state ----------------------------------------------------------------

    def get(self, attr: str, default: Any = None, deafult: Any = None) -> Any:
        if default is None and deafult is not None:  # the legacy SDK's misspelling
            default = deafult
        if attr == "objectId":
            return self.id if self.id is not None else default
        if attr == "createdAt":
            return self.created_at if self.created_at is not None else default
        if attr == "updatedAt":
            return self.updated_at if self.updated_at is not None else default
        return self._attributes.get(attr, default)

    def has(self, attr: str) -> bool:
        return attr in self._attributes

    def validate(self, attrs: dict) -> bool:
        acl = attrs.get("ACL")
        if acl is not None and not isinstance(acl, (ACL, operation.Op)):
            raise TypeError("ACL must be a leanengine.ACL")
        return True

    def set(self: T, key_or_attrs: str | dict, value: Any = None, unset: bool = False) -> T:
        """Set one field (``set(key, value)``) or many (``set({...})``)."""
        if isinstance(key_or_attrs, dict):
            attrs = dict(key_or_attrs)
        else:
            attrs = {key_or_attrs: value}
        if unset:
            attrs = {key: operation.Delete() for key in attrs}
        self.validate(attrs)
        for key, val in attrs.items():
            if key in _METADATA:
                self._set_metadata(key, val)
                continue
            if isinstance(val, operation.Op):
                op = val
            else:
                plain = type(val) in codec.PLAIN_TYPES
                op = operation.Set(val if plain else codec.decode(val, key))
            self._apply(key, op)
        return self

    def _apply(self, key: str, op: operation.Op) -> None:
        new_value = op.apply(self._attributes.get(key))
        previous = self._changes.get(key)
        self._changes[key] = op.merge(previous) if previous is not None else op
        if new_value is operation.UNSET:
            self._attributes.pop(key, None)
        else:
            self._attributes[key] = new_value

    def _set_metadata(self, key: str, value: Any) -> None:
        if key == "objectId":
            self.id = value
        elif key == "createdAt":
            self.created_at = _as_datetime(value)
        else:
            self.updated_at = _as_datetime(value)

    def unset(self: T, attr: str) -> T:
        return self.set(attr, None, unset=True)

    def clear(self: T) -> T:
        """Remove every field (each is sent as a Delete)."""
        for key in list(self._attributes):
            self._apply(key, operation.Delete())
        return self

    def increment(self: T, attr: str, amount: int | float = 1) -> T:
        return self.set(attr, operation.Increment(amount))

    def add(self: T, attr: str, item: Any) -> T:
        return self.set(attr, operation.Add([item]))

    def add_unique(self: T, attr: str, item: Any) -> T:
        return self.set(attr, operation.AddUnique([item]))

    def remove(self: T, attr: str, item: Any) -> T:
        return self.set(attr, operation.Remove([item]))

    def bit_and(self: T, attr: str, value: int) -> T:
        return self.set(attr, operation.BitAnd(value))

    def bit_or(self: T, attr: str, value: int) -> T:
        return self.set(attr, operation.BitOr(value))

    def bit_xor(self: T, attr: str, value: int) -> T:
        return self.set(attr, operation.BitXor(value))

    def is_dirty(self, attr: str | None = None) -> bool:
        if attr:
            return attr in self._changes
        return self.id is None or bool(self._changes)

    def is_new(self) -> bool:
        """True until the object has an objectId (save then POSTs rather than PUTs)."""
        return not self.id

    def is_existed(self) -> bool:
        """True when the object is known to exist on the server (saved or fetched)."""
        return bool(self.id) and self.created_at is not None

    def relation(self, attr: str) -> "Relation":
        from .relation import Relation
        value = self._attributes.get(attr)
        if value is None:
            return Relation(self, attr)
        if not isinstance(value, Relation):
            raise TypeError(f"field {attr!r} is not a Relation")
        value._attach(self, attr)
        return value

    def get_acl(self) -> ACL | None:
        return self._attributes.get("ACL")

    def set_acl(self: T, acl: ACL) -> T:
        return self.set("ACL", acl)

    def ignore_hook(self: T, hook_name: str) -> T:
        """Ask the server to skip one hook for the next write (needs the master or hook key)."""
        if hook_name not in HOOK_NAMES:
            raise ValueError(f"invalid hook name: {hook_name}")
        ignored = self._flags.setdefault("__ignore_hooks", [])
        if hook_name not in ignored:
            ignored.append(hook_name)
        return self

    def _require_privileged_key(self, what: str) -> None:
        keys = config.keys()
        if not (keys.hook_key or keys.master_key):
            raise ValueError(f"{what} needs the master key or the hook key")

    def disable_before_hook(self: T) -> T:
        self._require_privileged_key("disable_before_hook")
        for name in ("beforeSave", "beforeUpdate", "beforeDelete"):
            self.ignore_hook(name)
        return self

    def disable_after_hook(self: T) -> T:
        self._require_privileged_key("disable_after_hook")
        for name in ("afterSave", "afterUpdate", "afterDelete"):
            self.ignore_hook(name)
        return self

    # -- wire forms -----------------------------------------------------------------

    def _to_pointer(self) -> dict:
        return {"__type": "Pointer", "className": self._class_name, "objectId": self.id}

    def dump(self) -> dict:
        """Every field in wire form, with objectId, createdAt, updatedAt, ``__type`` and
        ``className`` (what RPC answers and hook payloads carry)."""
        data, plain = {}, codec.PLAIN_TYPES
        for key, value in self._attributes.items():  # a loop: no comprehension frame
            data[key] = value if type(value) in plain else codec.encode(value)
        if self.id is not None:
            data["objectId"] = self.id
        if self.created_at is not None:
            data["createdAt"] = format_iso(self.created_at)
        if self.updated_at is not None:
            data["updatedAt"] = format_iso(self.updated_at)
        data["__type"] = "Object"
        data["className"] = self._class_name
        return data

    def _dump_save(self) -> dict:
        body = {key: op.dump(codec.encode) for key, op in self._changes.items()}
        body.update(self._flags)
        return body

    def _update_data(self, server_data: dict) -> None:
        """Merge fields answered by the server; they are saved state, not changes."""
        attributes, plain = self._attributes, codec.PLAIN_TYPES
        for key, value in server_data.items():
            if key in _METADATA:
                self._set_metadata(key, value)
            elif key not in ("__type", "className"):
                attributes[key] = value if type(value) in plain else codec.decode(value, key)
        if self.updated_at is None and self.created_at is not None:
            self.updated_at = self.created_at
        self._changes = {}

    def _after_save(self, server_data: dict) -> None:
        self._update_data(server_data)
        self._flags = {}

    # -- REST calls -----------------------------------------------------------------

    def _path(self) -> str:
        if self.id:
            return f"/classes/{self._class_name}/{self.id}"
        return f"/classes/{self._class_name}"

    def save(self, where: "Query | None" = None, fetch_when_save: bool | None = None) -> None:
        """Create or update the object, sending only the changed fields.

        ``where`` makes the update conditional (error 305 when it does not match);
        ``fetch_when_save`` asks for every field back after an update.
        """
        from .query import Query
        if where is not None:
            if not isinstance(where, Query):
                raise TypeError(f"where must be a leanengine.Query, got {type(where).__name__}")
            if where.class_name != self._class_name:
                raise TypeError("where must query the object's own class")
            if self.is_new():
                raise TypeError("where works only on objects already saved")
        batch.save_graph([self], include_roots=False)
        if fetch_when_save is None:
            fetch_when_save = self.fetch_when_save
        if self.id and not self._changes and not self._flags and where is None \
                and not fetch_when_save:
            return  # nothing to send
        params: dict[str, Any] = {}
        if fetch_when_save:
            params["fetchWhenSave"] = "true"
        if where is not None:
            params["where"] = where.dump()["where"]
        method = "PUT" if self.id else "POST"
        answer = client.request(method, self._path(), params=params or None,
                                body=self._dump_save())
        self._after_save(answer)

    def fetch(self: T, select: Iterable[str] | None = None,
              include: Iterable[str] | None = None) -> T:
        """Load the object's fields from the server (101 when it does not exist)."""
        if not self.id:
            raise ValueError("fetch needs an object with an objectId")
        params = {}
        if select:
            params["keys"] = ",".join(_names(select))
        if include:
            params["include"] = ",".join(_names(include))
        answer = client.get(self._path(), params or None)
        if not answer:
            raise LeanCloudError(OBJECT_NOT_FOUND, "Object not found.")
        if not select:  # the server's copy replaces ours, fields removed there included
            self._attributes = {}
        self._update_data(answer)
        return self

    def destroy(self) -> None:
        """Delete the object on the server."""
        if not self.id:
            return
        client.delete(self._path(), body=self._flags or None)

    @classmethod
    def save_all(cls, objs: list["Object"]) -> None:
        """Save many objects in one batch request (their unsaved children first)."""
        if objs:
            batch.save_graph(list(objs), include_roots=True)

    @classmethod
    def destroy_all(cls, objs: list["Object"]) -> None:
        """Delete many objects in one batch request."""
        targets = [obj for obj in objs if obj.id]
        if not targets:
            return
        requests = [{"method": "DELETE", "path": f"/{client.API_VERSION}{obj._path()}",
                     **({"body": obj._flags} if obj._flags else {})} for obj in targets]
        answer = client.post("/batch", {"requests": requests})
        batch.raise_errors(answer)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._class_name} id={self.id!r}>"


def _names(keys: Iterable[str]) -> list[str]:
    if isinstance(keys, str):
        return [keys]
    return list(keys)


# The legacy SDK made Object subclasses with a metaclass; here ``__init_subclass__`` does
# that work and Object's metaclass is plain ``type``.
ObjectMeta = type(Object)
