"""What an Engine knows: cloud functions and hooks by their registered names.

Names follow the platform's convention (what ``_ops/metadatas`` reports): a function by
its own name, a class hook as ``__before_save_for_<Class>`` and so on, user hooks as
``__on_verified_sms``, ``__on_login__User``, ``__on_authdata__User``, the insight hook as
``__on_complete_bigquery_job``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

# Hook name on the wire -> prefix of its registered name.
CLASS_HOOKS = {
    "beforeSave": "__before_save_for_",
    "afterSave": "__after_save_for_",
    "beforeUpdate": "__before_update_for_",
    "afterUpdate": "__after_update_for_",
    "beforeDelete": "__before_delete_for_",
    "afterDelete": "__after_delete_for_",
}

ON_LOGIN = "__on_login__User"
ON_AUTH_DATA = "__on_authdata__User"
ON_INSIGHT = "__on_complete_bigquery_job"
VERIFY_KINDS = ("sms", "email")

# Functions with these names are realtime (LeanMessage) hooks: hook key only.
REALTIME_HOOKS = frozenset((
    "_messageReceived", "_receiversOffline", "_messageSent", "_messageUpdate",
    "_conversationStart", "_conversationStarted", "_conversationAdd", "_conversationAdded",
    "_conversationRemove", "_conversationRemoved", "_conversationUpdate",
    "_clientOnline", "_clientOffline", "_rtmClientSign",
))


def class_hook_name(hook: str, class_name: str) -> str:
    return CLASS_HOOKS[hook] + class_name


def on_verified_name(kind: str) -> str:
    return f"__on_verified_{kind}"


@dataclass(frozen=True)
class Entry:
    """One registered callable and how it may be called."""

    name: str
    func: Callable
    internal: bool = False  # only the hook key or the master key may call it
    fetch_user: bool = True  # turn the caller's session token into a User first


class Registry:
    def __init__(self):
        self._entries: dict[str, Entry] = {}
        # ``get(name)``: the entry registered as ``name``, or None. The dict's own method:
        # every engine call looks one up, and this costs it no Python frame.
        self.get: Callable[[str], Entry | None] = self._entries.get

    def add(self, entry: Entry) -> None:
        if entry.name in self._entries:
            raise RuntimeError(f"cloud function: {entry.name} is already registered")
        self._entries[entry.name] = entry

    def names(self) -> list[str]:
        return list(self._entries)

    def merge(self, other: "Registry") -> None:
        """Take every entry of ``other``; nothing is taken when any name is taken already."""
        taken = sorted(set(self._entries) & set(other._entries))
        if taken:
            raise RuntimeError(f"cloud function: {', '.join(taken)} already registered")
        self._entries.update(other._entries)
