"""Data hooks around the object service's writes.

``HookedObjects`` stands in for the ``ObjectService`` once an engine is attached (every
route, batch, CQL and sign-up reach objects through ``services.objects``):

- create: beforeSave (the object as the write would leave it) -> the client's fields with
  the hook's changes are what gets written (it cannot change ``objectId``, ``createdAt``,
  ``updatedAt`` or the class) -> write -> afterSave;
- update: beforeUpdate (the object as the update would leave it, with ``_updatedKeys``)
  -> write the update, with what the hook changed -> afterUpdate;
- delete: beforeDelete -> delete -> afterDelete.

Which hooks fire (PROTOCOL.md, "Hook loop protection"): none for the server's own writes
(an internal caller); a valid ``__before``/``__after`` mark for the class skips the before
or after hooks (forged or stale marks are ignored); ``__ignore_hooks`` is honoured only for
callers with the hook key or the master key. Hooks are called outside the store's write
transaction; the marks are never stored (the object service drops them).
"""

from __future__ import annotations

from ...protocol import hookmark
from .. import acl as acls
from .. import operations, values
from ..caller import Caller
from ..objects import HIDDEN_FIELDS
from .runner import HookRunner, class_hook_name, user_payload

HOOK_FIELDS = ("__ignore_hooks", hookmark.BEFORE, hookmark.AFTER)
# What a before-hook's answer cannot change.
PROTECTED = frozenset(("objectId", "createdAt", "updatedAt", "className", "__type",
                       "_updatedKeys") + HOOK_FIELDS)
BEFORE_HOOKS = frozenset(("beforeSave", "beforeUpdate", "beforeDelete"))
AFTER_HOOKS = frozenset(("afterSave", "afterUpdate", "afterDelete"))


def skipped_hooks(keys, caller, class_name: str, flags) -> frozenset:
    """The hooks a write asks to skip, honouring only what it may ask for."""
    if not isinstance(flags, dict):
        return frozenset()
    signers = (keys.hook_key, keys.master_key)
    skipped: set = set()
    if hookmark.verify(signers, hookmark.mark_name(hookmark.BEFORE, class_name),
                       flags.get(hookmark.BEFORE)):
        skipped |= BEFORE_HOOKS
    if hookmark.verify(signers, hookmark.mark_name(hookmark.AFTER, class_name),
                       flags.get(hookmark.AFTER)):
        skipped |= AFTER_HOOKS
    ignored = flags.get("__ignore_hooks")
    if isinstance(ignored, list) and (caller.hook or caller.master):
        skipped |= {name for name in ignored if isinstance(name, str)}
    return frozenset(skipped)


def hook_path(class_name: str, hook: str) -> str:
    return f"/1.1/functions/{class_name}/{hook}"


def _fields(body: dict) -> dict:
    return {k: v for k, v in body.items() if k not in HOOK_FIELDS}


def _payload(caller, obj: dict) -> dict:
    """A class hook's request body: the object, and the calling user when there is one."""
    payload = {"object": obj}
    user = user_payload(caller)
    if user:
        payload["user"] = user
    return payload


def written_after_hook(body: dict, sent: dict, answer: dict) -> dict:
    """What a write stores once its before-hook answered ``answer`` for the object ``sent``
    (the object as the write would leave it).

    The fields the hook changed are written as it left them; the write's own keys it did
    not change keep their values as the client sent them, so an operation stays an
    operation (an Increment is not turned into the number the hook saw, an AddRelation
    still adds); a key the hook removed is not written. Fields the hook merely handed
    back are not written again.
    """
    changed = {key: value for key, value in answer.items()
               if key not in PROTECTED and _changed_by_hook(sent.get(key, _ABSENT), value)}
    written = {}
    for key, value in body.items():
        top = key.partition(".")[0]
        if key in PROTECTED or top in changed:
            continue
        if top == key and key in sent and key not in answer:
            continue
        written[key] = value
    written.update(changed)
    return written


_ABSENT = object()


def _changed_by_hook(before, after) -> bool:
    if before == after or _wire_type(after) == "Relation":  # a Relation is not a value
        return False
    return _comparable(before) != _comparable(after)


def _comparable(value):
    """``value`` with each File reduced to its id, at any depth: engines spell a file
    reference differently (``id``, ``objectId``, with or without its metadata)."""
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    if not isinstance(value, dict):
        return value
    if value.get("__type") == "File":
        return ("File", value.get("objectId") or value.get("id"))
    return {key: _comparable(item) for key, item in value.items()}


def _wire_type(value):
    return value.get("__type") if isinstance(value, dict) else None


def _shown(class_name: str, fields: dict) -> dict:
    """What a hook may see of a write: never a password."""
    hidden = HIDDEN_FIELDS.get(class_name, ())
    return {k: v for k, v in fields.items() if k not in hidden}


def _with_hidden(class_name: str, written: dict, body: dict) -> dict:
    """The hook's answer plus the fields it was not shown (a new password)."""
    hidden = HIDDEN_FIELDS.get(class_name, ())
    return {**written, **{k: v for k, v in body.items() if k in hidden}}


class HookedObjects:
    """The object service with hooks around create, update and delete; every other
    method is the object service's own."""

    def __init__(self, objects, runner: HookRunner):
        self.objects = objects
        self.runner = runner
        self.services = objects.services
        self.store = objects.store

    def __getattr__(self, name):
        return getattr(self.objects, name)

    def hooks_to_fire(self, caller, class_name: str, flags, *hooks: str) -> list[str]:
        if caller.internal:
            return []
        skipped = skipped_hooks(self.services.keys, caller, class_name, flags)
        return [hook for hook in hooks if hook not in skipped
                and self.runner.registered(class_hook_name(hook, class_name))]

    # writes -------------------------------------------------------------------------------

    def create(self, caller: Caller, class_name: str, body: dict, **options) -> dict:
        fire = self.hooks_to_fire(caller, class_name, body, "beforeSave", "afterSave")
        if fire and isinstance(body, dict):
            values.check_class_name(class_name)
            if "beforeSave" in fire:
                self.services.check_class_permission(caller, class_name, "create")
                body = self.before_save(caller, class_name, body)
        answer = self.objects.create(caller, class_name, body, **options)
        if "afterSave" in fire:
            self.after(caller, class_name, "afterSave", answer["objectId"])
        return answer

    def before_save(self, caller, class_name: str, body: dict) -> dict:
        """The body to write after the class's beforeSave hook saw it."""
        sent = self._as_written(class_name, {}, body)
        answer = self.runner.before(hook_path(class_name, "beforeSave"),
                                    _payload(caller, sent), caller,
                                    f"the beforeSave hook of {class_name}")
        if answer is None:
            return body
        written = _with_hidden(class_name, written_after_hook(body, sent, answer), body)
        if "objectId" in body:  # a master-key create may choose the id; the hook may not
            written["objectId"] = body["objectId"]
        return written

    def update(self, caller: Caller, class_name: str, object_id: str, body: dict,
               **options) -> dict:
        fire = self.hooks_to_fire(caller, class_name, body, "beforeUpdate", "afterUpdate")
        stored = (self._writable(caller, class_name, object_id, "update")
                  if fire and isinstance(body, dict) else None)
        if not stored:
            return self.objects.update(caller, class_name, object_id, body, **options)
        updated_keys = list(_fields(body))
        if "beforeUpdate" in fire:
            sent = self._as_written(class_name, stored, body)
            payload = _payload(caller, {**sent, "objectId": object_id,
                                        "_updatedKeys": updated_keys})
            answer = self.runner.before(hook_path(class_name, "beforeUpdate"), payload, caller,
                                        f"the beforeUpdate hook of {class_name}")
            if answer is not None:
                body = _with_hidden(class_name, written_after_hook(body, sent, answer), body)
        result = self.objects.update(caller, class_name, object_id, body, **options)
        if "afterUpdate" in fire:
            self.after(caller, class_name, "afterUpdate", object_id, updated_keys)
        return result

    def delete(self, caller: Caller, class_name: str, object_id: str, *, where=None,
               flags=None) -> None:
        fire = self.hooks_to_fire(caller, class_name, flags, "beforeDelete", "afterDelete")
        stored = self._writable(caller, class_name, object_id, "delete") if fire else None
        if not stored:
            return self.objects.delete(caller, class_name, object_id, where=where)
        rendered = self._rendered(class_name, stored)
        if "beforeDelete" in fire:
            self.runner.before(hook_path(class_name, "beforeDelete"),
                               _payload(caller, rendered), caller,
                               f"the beforeDelete hook of {class_name}")
        self.objects.delete(caller, class_name, object_id, where=where)
        if "afterDelete" in fire:
            self.after(caller, class_name, "afterDelete", object_id, rendered=rendered)

    # helpers ------------------------------------------------------------------------------

    def _writable(self, caller, class_name: str, object_id, operation: str) -> dict | None:
        """The stored object when the caller may write it; None lets the object service
        answer the error (not found, forbidden) without any hook running."""
        if not isinstance(object_id, str):
            return None
        values.check_class_name(class_name)
        self.services.check_class_permission(caller, class_name, operation)
        if operation == "delete":
            self.services.guard_delete(caller, class_name, object_id)
        stored = self.store.get(class_name, object_id)
        if stored is None or not acls.can_write(caller, stored):
            return None
        return stored

    def _as_written(self, class_name: str, stored: dict, body: dict) -> dict:
        """What a before-hook is shown, as on LeanCloud: the whole object as the write
        would leave it (operations applied to the stored fields; to none on create), so
        that a hook judges an update by fields it leaves alone too, and reads an
        incremented count as a number."""
        fields, _ = operations.apply(stored, operations.prepare(_fields(body)))
        shown = self.objects.render(Caller.master_key(), class_name, fields,
                                    return_acl=bool(stored) or "ACL" in fields)
        return _shown(class_name, shown)

    def _rendered(self, class_name: str, stored: dict) -> dict:
        return self.objects.render(Caller.master_key(), class_name, stored, return_acl=True)

    def after(self, caller, class_name: str, hook: str, object_id: str,
              updated_keys: list | None = None, rendered: dict | None = None) -> None:
        """Run an after-hook on the object as stored (or as it was, for afterDelete)."""
        if rendered is None:
            stored = self.store.get(class_name, object_id)
            if stored is None:
                return
            rendered = self._rendered(class_name, stored)
        if updated_keys is not None:
            rendered = {**rendered, "_updatedKeys": updated_keys}
        self.runner.after(hook_path(class_name, hook), _payload(caller, rendered), caller,
                          f"the {hook} hook of {class_name}")
