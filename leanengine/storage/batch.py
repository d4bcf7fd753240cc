"""Batch writes: one ``/batch`` request for many objects, and saving the unsaved objects
and files that an object's fields point to, in dependency order."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..protocol.errors import LeanCloudError
from . import client, operation
from . import object_ as _object
from .errors import BatchError

if TYPE_CHECKING:
    from .object_ import Object


def raise_errors(answer: list) -> None:
    """Raise a ``BatchError`` listing every failed item of a ``/batch`` answer."""
    errors = []
    for index, item in enumerate(answer):
        error = item.get("error") if isinstance(item, dict) else None
        if error is not None:
            if isinstance(error, dict):
                errors.append((index, LeanCloudError(error.get("code", 1),
                                                     str(error.get("error")))))
            else:
                errors.append((index, LeanCloudError(item.get("code", 1), str(error))))
    if errors:
        raise BatchError(errors, answer)


def save_level(objs: list["Object"]) -> None:
    """Create or update ``objs`` in one ``/batch`` request; the ones that succeeded take
    the server's answer even when others failed."""
    if not objs:
        return
    requests = [{"method": "PUT" if obj.id else "POST",
                 "path": f"/{client.API_VERSION}{obj._path()}",
                 "body": obj._dump_save()} for obj in objs]
    answer = client.post("/batch", {"requests": requests})
    for obj, item in zip(objs, answer, strict=False):
        if isinstance(item, dict) and "success" in item:
            obj._after_save(item["success"])
    raise_errors(answer)


def _references(obj: "Object") -> tuple[list["Object"], list[Any]]:
    """The Objects and Files that ``obj``'s fields and pending changes point to directly."""
    from .file_ import File
    objects: list["Object"] = []
    files: list[File] = []

    def visit(value: Any) -> None:
        if isinstance(value, _object.Object):
            objects.append(value)
        elif isinstance(value, File):
            files.append(value)
        elif isinstance(value, operation.Op):
            for attr in ("value", "objects", "added", "removed"):
                visit(getattr(value, attr, None))
        elif isinstance(value, (list, tuple)):
            for item in value:
                visit(item)
        elif isinstance(value, dict):
            for item in value.values():
                visit(item)

    visit(obj._attributes)
    visit(list(obj._changes.values()))
    return objects, files


def save_graph(roots: list["Object"], include_roots: bool) -> None:
    """Save the unsaved Files and dirty Objects reachable from ``roots`` (and the roots
    themselves when ``include_roots``), those nothing unsaved depends on first: one batch
    request per level."""
    pending: dict[int, "Object"] = {}
    files: dict[int, Any] = {}
    root_ids = {id(r) for r in roots}
    seen = set(root_ids)
    stack = list(roots)
    if include_roots:
        pending.update((id(r), r) for r in roots if r.is_dirty())
    while stack:
        objects, found_files = _references(stack.pop())
        for f in found_files:
            if not f.id:
                files[id(f)] = f
        for child in objects:
            if id(child) in seen:
                continue
            seen.add(id(child))
            stack.append(child)
            if child.is_dirty():
                pending[id(child)] = child
    for f in files.values():
        f.save()
    while pending:
        ready = [obj for obj in pending.values()
                 if not any(id(ref) in pending and ref is not obj and not ref.id
                            for ref in _references(obj)[0])]
        if not ready:
            raise ValueError("unsaved objects refer to each other in a cycle; save one first")
        save_level(ready)
        for obj in ready:
            del pending[id(obj)]
