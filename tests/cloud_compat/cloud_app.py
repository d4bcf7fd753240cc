"""The app LeanCloud's official SDKs call through ``leanengine up --app cloud_app:app``.

A typical LeanCloud app's cloud code: plain functions, RPC functions taking and returning
objects, errors raised on purpose and by accident, a function for logged-in users, an
internal function, and hooks on a class (``Task``) and on users. Hooks leave traces
(``TaskLog`` rows, fields on users) the clients read back to see that they ran.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone

import leanengine
from leanengine import Engine, File, GeoPoint, LeanEngineError, Object, Query

engine = Engine()
engine.function_timeout = 3.0  # LeanCloud's is 15 s; shorter keeps the timeout check quick


# Cloud functions (AV.Cloud.run / leancloud.cloud.run) ---------------------------------

@engine.define
def hello(name="world"):
    return f"Hello, {name}!"


@engine.define
def echo(**params):
    """The params as the function received them."""
    return params


@engine.define
def stats(numbers, label=None):
    return {"label": label, "count": len(numbers), "sum": sum(numbers),
            "nested": {"list": numbers[:2], "none": None, "flag": True}}


@engine.define
def fail_coded():
    raise LeanEngineError(3100, "coded failure")


@engine.define
def fail_message():
    raise LeanEngineError("only a message")


@engine.define
def crash():
    raise RuntimeError("a bug in cloud code")


@engine.define
def whoami():
    user = engine.current.user
    if user is None:
        raise LeanEngineError(3101, "log in first")
    return {"objectId": user.id, "username": user.get("username"),
            "session": engine.current.session_token == user.get_session_token(),
            "same": leanengine.current.user is user}


@engine.define
def slow():
    time.sleep(6)
    return "too late"


@engine.define
def current_user():
    return engine.current.user


@engine.define
def create_task(title):
    """A save made by a function runs as its caller: the hooks see the caller too."""
    task = Object.create("Task", title=title)
    task.save(fetch_when_save=True)
    return task


@engine.define
def read_task(task_id):
    """A read made by a function runs with its caller's session: ACLs apply."""
    return Query("Task").get(task_id)


@engine.define(internal=True)
def internal_only():
    return "internal"


# RPC (AV.Cloud.rpc / leancloud.cloud.rpc) ---------------------------------------------

def _describe(value):
    """A JSON picture of a decoded RPC argument, so a client sees what arrived."""
    if isinstance(value, Object):
        return {"type": "Object", "className": value.class_name, "id": value.id,
                "fields": {k: _describe(value.get(k)) for k in value.dump()
                           if k not in ("objectId", "createdAt", "updatedAt", "__type",
                                        "className")}}
    if isinstance(value, datetime):
        return {"type": "Date", "iso": value.astimezone(timezone.utc).isoformat()}
    if isinstance(value, GeoPoint):
        return {"type": "GeoPoint", "latitude": value.latitude, "longitude": value.longitude}
    if isinstance(value, File):
        return {"type": "File", "id": value.id, "name": value.name, "url": value.url}
    if isinstance(value, list):
        return [_describe(item) for item in value]
    if isinstance(value, dict):
        return {k: _describe(v) for k, v in value.items()}
    return value


@engine.define
def describe(**params):
    """What the RPC arguments decoded to, as plain JSON (called with rpc)."""
    return {name: _describe(value) for name, value in params.items()}


@engine.define
def reflect(**params):
    """The RPC arguments sent back as they were decoded: objects come back as objects."""
    return params


@engine.define
def touch(task):
    """Changes the task it is given, saves it and returns it."""
    task.set("touched", True)
    task.save()
    return task


@engine.define
def make_values(file_id=None):
    """One of each typed value: saved and unsaved objects, in a list and a dict, a date, a
    GeoPoint and (given its id) a file."""
    saved = Object.create("Task", title="made by rpc")
    saved.save(fetch_when_save=True)  # the create answer alone carries no hook changes
    unsaved = Object.create("Task", title="not saved")
    answer = {
        "saved": saved,
        "unsaved": unsaved,
        "list": [saved, unsaved],
        "dict": {"first": saved},
        "date": datetime(2026, 1, 12, 8, 30, 0, 123000, tzinfo=timezone.utc),
        "point": GeoPoint(39.9, 116.4),
        "number": 7,
    }
    if file_id:
        answer["file"] = File.create_without_data(file_id).fetch()
    return answer


@engine.define
def complex_object(file_id):
    """A saved object with a column of every type, as LeanCloud's JS SDK tests receive it."""
    other = Object.create("Task", title="pointed at by rpc")
    other.save()
    task = Object.create("Task", title="complex", number=1.23, array=[1, 2, 3],
                         object={"foo": "bar"}, empty="", flag=True, pointer=other,
                         point=GeoPoint(0, 30), file=File.create_without_data(file_id),
                         date=datetime(2015, 5, 14, 6, 24, 47, tzinfo=timezone.utc))
    task.relation("related").add(other)
    task.save()
    return Query("Task").get(task.id)


@engine.define
def tasks_titled(title):
    return Query("Task").equal_to("title", title).find()


# Hooks on Task ------------------------------------------------------------------------

@engine.before_save("Task")
def task_before_save(task):
    title = task.get("title")
    if title is None:
        raise LeanEngineError("A task needs a title.")
    if title == "coded":
        raise LeanEngineError(3200, "coded refusal")
    if title == "crash":
        raise RuntimeError("hook bug")
    if (task.get("n") or 0) > 100:  # a new object's increment shows as its value too
        raise LeanEngineError(3204, "n stays at most 100")
    if title == "json":  # the older docs' way to give a hook's refusal a code
        raise LeanEngineError(json.dumps({"code": 3210, "message": "json refusal"}))
    task.set("title", title.strip())
    task.set("checked", True)
    user = engine.current.user
    if user is not None and task.get("owner") is None:
        task.set("owner", user)


@engine.after_save("Task")
def task_after_save(task):
    user = engine.current.user
    Object.create("TaskLog", event="afterSave", taskId=task.id, title=task.get("title"),
                  by=user.id if user else None).save()


@engine.before_update("Task")
def task_before_update(task):
    if task.get("title") == "forbidden":
        raise LeanEngineError(3201, "no forbidden titles")
    if task.get("locked") and "title" in task.updated_keys:  # a stored field, not updated
        raise LeanEngineError(3203, "locked tasks keep their title")
    if (task.get("n") or 0) > 100:  # an increment shows as the value it would give
        raise LeanEngineError(3204, "n stays at most 100")
    if "title" in task.updated_keys:
        task.set("renamed", True)
    if "tags" in task.updated_keys:
        task.set("tagged", True)


@engine.after_update("Task")
def task_after_update(task):
    Object.create("TaskLog", event="afterUpdate", taskId=task.id, title=task.get("title")).save()
    task.increment("updates", 1)
    task.save()  # the object this hook was handed: afterUpdate does not run again


@engine.before_delete("Task")
def task_before_delete(task):
    if task.get("locked"):
        raise LeanEngineError(3202, "this task is locked")


@engine.after_delete("Task")
def task_after_delete(task):
    Object.create("TaskLog", event="afterDelete", taskId=task.id).save()


# Users --------------------------------------------------------------------------------

@engine.before_save("_User")
def user_before_save(user):
    name = user.get("username") or ""
    if name.startswith("rejected"):
        raise LeanEngineError(3300, "no such names")
    user.set("nickname", "nick-" + name)


@engine.before_update("_User")
def user_before_update(user):
    if user.get("nickname") == "admin":
        raise LeanEngineError(3302, "nobody is admin")
    if (user.get("username") or "").startswith("frozen"):  # a stored field, not updated
        raise LeanEngineError(3303, "frozen users stay as they are")


@engine.on_login
def on_login(user):
    if (user.get("username") or "").startswith("banned"):
        raise LeanEngineError(3301, "banned users may not log in")


@engine.on_verified("sms")
def on_verified_sms(user):
    Object.create("TaskLog", event="verifiedSms", userId=user.id,
                  phone=user.get("mobilePhoneNumber")).save()



@engine.on_verified("email")
def on_verified_email(user):
    Object.create("TaskLog", event="verifiedEmail", userId=user.id,
                  email=user.get("email")).save()


app = engine
