"""The engine app the hook tests run against, served by gunicorn (HTTP wiring) or called
in-process by the storage server (``attach_engine``). It records every hook call in
``CALLS``, which the ``hook_calls`` function reports, so tests see what ran wherever the
engine lives."""

from __future__ import annotations

import time
from collections import Counter

from leanengine import Engine, LeanCloudError, LeanEngineError, Object, Query

engine = Engine()
# Shorter than LeanCloud's limits so the timeout tests run quickly.
engine.function_timeout = 2.0
engine.before_hook_timeout = 3.0
SLOW_HOOK_SECONDS = 5.0

CALLS: Counter = Counter()


def record(name: str, obj=None) -> None:
    CALLS[name] += 1
    if obj is not None and obj.id:
        CALLS[f"{name}:{obj.id}"] += 1


@engine.define
def hook_calls():
    return dict(CALLS)


@engine.define
def whoami():
    user = engine.current.user
    return {"username": user.get("username") if user else None,
            "session": bool(engine.current.session_token)}


@engine.define
def todos_of(title):
    return Query("Todo").equal_to("title", title).find()


@engine.define
def save_slow_todo():
    """A save whose beforeSave takes longer than this function has left."""
    try:
        Object.create("Todo", title="slow").save()
    except LeanCloudError as error:
        return f"refused {error.code}"
    return "saved"


# Todo: validation, defaults, a per-user counter kept by afterSave ------------------------

@engine.before_save("Todo")
def todo_before_save(todo):
    record("Todo.beforeSave")
    title = todo.get("title")
    if not title:
        raise LeanEngineError("A Todo needs a title.")
    if title == "coded":
        raise LeanEngineError(3001, "coded refusal")
    if title == "slow":
        time.sleep(SLOW_HOOK_SECONDS)
    if title == "crash":
        raise RuntimeError("hook bug")
    if todo.get("priority") is None:
        todo.set("priority", 1)
    todo.set("objectId", "ffffffffffffffffffffffff")  # a hook cannot choose the id
    todo.set("createdAt", "2000-01-01T00:00:00.000Z")


@engine.after_save("Todo")
def todo_after_save(todo):
    record("Todo.afterSave", todo)
    user = engine.current.user
    owner = user.id if user else "anonymous"
    found = Query("TodoCount").equal_to("owner", owner).find()
    counter = found[0] if found else Object.create("TodoCount", owner=owner, count=0)
    counter.increment("count", 1)
    counter.save()
    # Saving the object the hook was handed must not fire afterSave again.
    todo.set("seenByAfterSave", True)
    todo.save()
    if todo.get("title") == "after-fails":
        raise LeanEngineError(3002, "after-hook failure")


@engine.before_update("Todo")
def todo_before_update(todo):
    record("Todo.beforeUpdate")
    CALLS["Todo.updatedKeys:" + ",".join(sorted(todo.updated_keys))] += 1
    if todo.get("title") == "forbidden":
        raise LeanEngineError(3003, "no forbidden titles")
    if "title" in todo.updated_keys:
        todo.set("titleChanged", True)


@engine.after_update("Todo")
def todo_after_update(todo):
    record("Todo.afterUpdate", todo)


@engine.before_delete("Todo")
def todo_before_delete(todo):
    record("Todo.beforeDelete", todo)
    if todo.get("title") == "keep":
        raise LeanEngineError(3004, "this one stays")


@engine.after_delete("Todo")
def todo_after_delete(todo):
    record("Todo.afterDelete", todo)


# A before-hook that saves its own object: not re-hooked --------------------------------

@engine.before_update("Note")
def note_before_update(note):
    record("Note.beforeUpdate")
    note.set("touched", CALLS["Note.beforeUpdate"])
    note.save()  # carries the __before mark: beforeUpdate must not run for it


@engine.after_save("AfterOnly")
def after_only(obj):
    record("AfterOnly.afterSave", obj)


# A before-update that reads fields the update does not touch ----------------------------

@engine.before_save("Versioned")
def versioned_before_save(obj):
    if (obj.get("n") or 0) > 100:
        raise LeanEngineError(3008, "n stays at most 100")


@engine.before_update("Versioned")
def versioned_before_update(obj):
    record("Versioned.beforeUpdate")
    if obj.get("locked") and "title" in obj.updated_keys:
        raise LeanEngineError(3007, "locked objects keep their title")
    if (obj.get("n") or 0) > 100:
        raise LeanEngineError(3008, "n stays at most 100")
    obj.set("revision", (obj.get("revision") or 0) + 1)


# Users -----------------------------------------------------------------------------------

@engine.before_save("_User")
def user_before_save(user):
    record("_User.beforeSave")
    if user.get("username", "").startswith("rejected"):
        raise LeanEngineError(3005, "no such names")
    user.set("nickname", "nick-" + user.get("username", ""))


@engine.after_save("_User")
def user_after_save(user):
    record("_User.afterSave", user)


@engine.on_login
def on_login(user):
    record("onLogin")
    if user.get("username", "").startswith("banned"):
        raise LeanEngineError(3006, "banned users may not log in")


@engine.on_auth_data
def on_auth_data(auth_data):
    """Third-party ids are case-insensitive here: the lookup uses the lowercased id."""
    record("onAuthData")
    for entry in auth_data.values():
        if isinstance(entry, dict) and isinstance(entry.get("uid"), str):
            entry["uid"] = entry["uid"].lower()
    return auth_data


@engine.on_verified("sms")
def on_verified_sms(user):
    record("onVerified.sms", user)


@engine.on_verified("email")
def on_verified_email(user):
    record("onVerified.email", user)


app = engine
