"""Cloud functions and hooks of the Todo app."""

import logging

from leanengine import Engine, LeanEngineError, Object, Query, current

engine = Engine()
logger = logging.getLogger("sample_app")

MAX_TITLE = 140


class Todo(Object):
    pass


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


@engine.before_save(Todo)
def check_title(todo):
    """A todo needs a title: trimmed, at most 140 characters. Refusing here makes the
    storage service refuse the save."""
    title = (todo.get("title") or "").strip()
    if not title:
        raise LeanEngineError(400, "A todo needs a title.")
    todo.set("title", title[:MAX_TITLE])
    if todo.get("done") is None:
        todo.set("done", False)


@engine.after_save(Todo)
def log_new_todo(todo):
    logger.info("todo %s saved by %s", todo.id, current.user.id if current.user else "nobody")


@engine.on_login
def refuse_blocked_users(user):
    if user.get("blocked"):
        raise LeanEngineError(403, "This account is blocked.")
