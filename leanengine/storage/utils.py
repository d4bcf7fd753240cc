"""``leancloud.utils``: the legacy SDK's value helpers, with its signatures.

The codec itself is :mod:`leanengine.storage.codec`; these are the names LeanCloud apps
imported from ``leancloud.utils`` (note ``decode(key, value)``: key first, as there).
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from typing import Any, Callable

from ..protocol.dates import parse_iso
from . import codec
from .acl import ACL
from .file_ import File
from .geopoint import GeoPoint
from .object_ import Object
from .operation import Op
from .relation import Relation

__all__ = ["get_dumpable_types", "encode", "decode", "decode_date_string",
           "decode_updated_at", "traverse_object", "throttle", "classproperty"]


def get_dumpable_types() -> tuple:
    """The value types that carry their own wire form (``value.dump()``)."""
    return (ACL, File, GeoPoint, Relation, Op)


def encode(value: Any, disallow_objects: bool = False, dump_objects: bool = False) -> Any:
    """The wire form of ``value``: Objects as Pointers, or whole with ``dump_objects``;
    ``disallow_objects`` refuses Objects with ValueError."""
    if disallow_objects and _holds_object(value):
        raise ValueError("leancloud.Object not allowed")
    return codec.encode(value, full_objects=dump_objects)


def _holds_object(value: Any) -> bool:
    if isinstance(value, Object):
        return True
    if isinstance(value, (list, tuple)):
        return any(_holds_object(item) for item in value)
    if isinstance(value, dict):
        return any(_holds_object(item) for item in value.values())
    return False


def decode(key: str | None, value: Any) -> Any:
    """The SDK value of the wire value of field ``key``."""
    if isinstance(value, get_dumpable_types()):
        return value
    return codec.decode(value, key)


def decode_date_string(date_or_string: Any) -> datetime | None:
    """An aware datetime from an ISO string or a ``{"__type": "Date"}``; None stays None."""
    if date_or_string is None:
        return None
    if isinstance(date_or_string, str):
        return parse_iso(date_or_string)
    if isinstance(date_or_string, dict) and date_or_string.get("__type") == "Date":
        return parse_iso(date_or_string["iso"])
    raise TypeError("Invalid date type")


def decode_updated_at(updated_at: Any, created_at: datetime | None) -> datetime | None:
    """``updatedAt``, or ``created_at`` when the server left it out (a creation answers
    ``createdAt`` only, and a new object's updatedAt equals it)."""
    decoded = decode_date_string(updated_at)
    return created_at if decoded is None else decoded


def traverse_object(obj: Any, callback: Callable, seen: set | None = None) -> Any:
    """Call ``callback`` on every value inside ``obj`` (Objects' fields, lists, dicts),
    innermost first, each Object once; a truthy answer replaces that child in place."""
    seen = seen if seen is not None else set()
    if isinstance(obj, Object):
        if id(obj) in seen:
            return None
        seen.add(id(obj))
        traverse_object(obj._attributes, callback, seen)
        return callback(obj)
    if isinstance(obj, (list, dict)):
        keys = range(len(obj)) if isinstance(obj, list) else list(obj)
        for key in keys:
            replacement = traverse_object(obj[key], callback, seen)
            if replacement:
                obj[key] = replacement
    elif isinstance(obj, tuple):
        for child in obj:
            traverse_object(child, callback, seen)
    return callback(obj)


class throttle:
    """Decorator: call the function at most once per period; calls inside it are dropped
    (answer None)."""

    def __init__(self, seconds: float = 0, minutes: float = 0, hours: float = 0):
        self.throttle_period = timedelta(seconds=seconds, minutes=minutes, hours=hours)
        self.time_of_last_call = datetime.min

    def __call__(self, fn: Callable) -> Callable:
        @functools.wraps(fn)
        def throttled(*args: Any, **kwargs: Any) -> Any:
            now = datetime.now()
            if now - self.time_of_last_call > self.throttle_period:
                self.time_of_last_call = now
                return fn(*args, **kwargs)
            return None
        return throttled


class classproperty:
    """A read-only property of the class (``Model.query``-style)."""

    def __init__(self, getter: Callable):
        self.f = getter

    def __get__(self, obj: Any, owner: type) -> Any:
        return self.f(owner)
