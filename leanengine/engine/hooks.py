"""Objects handed to class hooks, and the answers the storage service expects back."""

from __future__ import annotations

from ..protocol import hookmark
from ..protocol.credentials import AppKeys
from ..storage.object_ import Object

BEFORE = hookmark.BEFORE
AFTER = hookmark.AFTER
_MARKS = (BEFORE, AFTER)
# Dumped with an object but not part of a before-hook's answer.
_NOT_FIELDS = frozenset(("__type", "className"))


def hook_object(class_name: str, data: dict, mark_kind: str, keys: AppKeys):
    """An Object of ``class_name`` (its registered subclass; a User for ``_User``) holding
    ``data``, with ``updated_keys`` from ``_updatedKeys`` and the hook mark set.

    The mark (``__before``/``__after``) makes a save of this object from inside the hook
    skip the same hooks; a mark the object already carries is kept as it is.
    """
    fields = {k: v for k, v in data.items() if k != "_updatedKeys" and k not in _MARKS}
    obj = Object.create(class_name)
    obj._update_data(fields)
    obj.updated_keys = list(data.get("_updatedKeys") or [])
    mark = data.get(mark_kind)
    if not isinstance(mark, str):
        mark = hookmark.sign(keys.hook_key, hookmark.mark_name(mark_kind, class_name))
    obj._flags[mark_kind] = mark  # sent with the object's next save, like __ignore_hooks
    return obj


def before_answer(obj) -> dict:
    """The object's fields after a before-save/update hook ran, in wire form."""
    return {k: v for k, v in obj.dump().items() if k not in _NOT_FIELDS}
