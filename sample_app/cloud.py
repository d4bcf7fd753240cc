"""Cloud functions and hooks of the Todo app."""

import logging

from leanengine import ACL, Engine, LeanEngineError, Object, Query, current

engine = Engine()
logger = logging.getLogger("sample_app")

MAX_TITLE = 140


class Todo(Object):
    pass


class TodoStats(Object):
    """One row per user: how many todos the user has created."""


@engine.define
def hello(name="LeanCloud"):
    """``POST /1.1/functions/hello {"name": "Ada"}`` answers ``{"result": "Hello, Ada!"}``."""
    return f"Hello, {name}!"


@engine.define
def open_todos():
    """The caller's unfinished todos (needs a logged-in caller and the storage service)."""
    if current.user is None:
        raise LeanEngineError(401, "Log in first.")
    query = Query(Todo).equal_to("owner", current.user).not_equal_to("done", True)
    return [todo.get("title") for todo in query.find()]


@engine.define
def my_todos():
    """RPC (``POST /1.1/call/my_todos`` or ``cloud.rpc("my_todos")``): the caller's todos as
    whole Todo objects, newest first."""
    if current.user is None:
        raise LeanEngineError(401, "Log in first.")
    return Query(Todo).equal_to("owner", current.user).descending("createdAt").find()


@engine.before_save(Todo)
def check_title(todo):
    """A todo needs a title: trimmed, at most 140 characters. Refusing here makes the
    storage service refuse the save (the client sees code 142). Defaults are filled in:
    ``done`` is false, and a logged-in caller owns the todo, readable only by them."""
    title = (todo.get("title") or "").strip()
    if not title:
        raise LeanEngineError(400, "A todo needs a title.")
    todo.set("title", title[:MAX_TITLE])
    if todo.get("done") is None:
        todo.set("done", False)
    user = current.user
    if user is not None and todo.get("owner") is None:
        todo.set("owner", user)
        acl = ACL()
        acl.set_read_access(user.id, True)
        acl.set_write_access(user.id, True)
        todo.set_acl(acl)


@engine.after_save(Todo)
def number_todo(todo):
    """Count the owner's todos in TodoStats and give the todo its number.

    Saving the same todo here does not fire this hook again: the object handed to an
    after-hook carries a signed mark that tells the storage service to skip it.
    """
    owner = todo.get("owner")
    if owner is None:
        return
    found = Query(TodoStats).equal_to("owner", owner).limit(1).find()
    stats = found[0] if found else TodoStats(owner=owner, count=0)
    stats.increment("count", 1)
    stats.save(fetch_when_save=True)
    todo.set("number", stats.get("count"))
    todo.save()
    logger.info("todo %s is number %s of user %s", todo.id, stats.get("count"), owner.id)


@engine.on_login
def refuse_blocked_users(user):
    if user.get("blocked"):
        raise LeanEngineError(403, "This account is blocked.")
