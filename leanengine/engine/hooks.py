"""Objects handed to class hooks, and the answers the storage service expects back."""

from __future__ import annotations

import time

from ..protocol import hookmark
from ..protocol.credentials import AppKeys
from ..storage.object_ import Object

BEFORE = hookmark.BEFORE
AFTER = hookmark.AFTER
# Dumped with an object but not part of a before-hook's answer.
_NOT_FIELDS = ("__type", "className")

# A mark stays valid for minutes (hookmark.MAX_AGE_MS); one minted less than a second
# ago is as good as a new one and saves an HMAC on every hook call.
_MARK_REUSE_SECONDS = 1.0
# mark kind -> class name -> (hook key, time.time() when minted, mark)
_recent_marks: dict[str, dict[str, tuple[str, float, str]]] = {BEFORE: {}, AFTER: {}}


def hook_object(class_name: str, data: dict, mark_kind: str, keys: AppKeys):
    """An Object of ``class_name`` (its registered subclass; a User for ``_User``) holding
    ``data``, with ``updated_keys`` from ``_updatedKeys`` and the hook mark set.

    The mark (``__before``/``__after``) makes a save of this object from inside the hook
    skip the same hooks; a mark the object already carries is kept as it is.
    """
    fields = dict(data)  # what the hook's object holds: data minus the hook's own keys
    fields.pop("_updatedKeys", None)
    fields.pop(BEFORE, None)
    fields.pop(AFTER, None)
    obj = Object.as_class(class_name)()
    obj._update_data(fields)
    obj.updated_keys = list(data.get("_updatedKeys") or ())
    mark = data.get(mark_kind)
    if not isinstance(mark, str):  # a recent mark when there is one (checked inline: hot)
        now = time.time()
        recent = _recent_marks[mark_kind].get(class_name)
        if (recent is None or recent[0] != keys.hook_key
                or not 0 <= now - recent[1] < _MARK_REUSE_SECONDS):
            recent = _mint_mark(keys.hook_key, mark_kind, class_name, now)
        mark = recent[2]
    obj._flags[mark_kind] = mark  # sent with the object's next save, like __ignore_hooks
    return obj


def _mint_mark(key: str, kind: str, class_name: str, now: float) -> tuple[str, float, str]:
    mark = hookmark.sign(key, hookmark.mark_name(kind, class_name), int(now * 1000))
    recent = _recent_marks[kind][class_name] = (key, now, mark)
    return recent


def before_answer(obj) -> dict:
    """The object's fields after a before-save/update hook ran, in wire form."""
    fields = obj.dump()
    for key in _NOT_FIELDS:
        fields.pop(key, None)
    return fields
