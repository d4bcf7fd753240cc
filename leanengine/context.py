"""Who is calling: the current user, session token and request metadata.

Inside an engine request each request has its own context (a ``ContextVar``, so
concurrent threads and gevent greenlets never see each other's user). Outside any
request (a plain script) there is one process-wide context.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any, Callable


class RequestContext:
    __slots__ = ("user", "session_token", "meta", "deadline")

    def __init__(self, user: Any = None, session_token: str | None = None,
                 meta: dict | None = None, deadline: float | None = None):
        self.user = user
        self.session_token = session_token
        self.meta = meta if meta is not None else {}
        self.deadline = deadline  # time.monotonic() by which the request must answer


_process_wide = RequestContext()
_request: ContextVar[RequestContext] = ContextVar("leanengine_request", default=_process_wide)

# ``get()``: the current request's context, or the process-wide one outside requests. The
# ContextVar's own method (its default is the process-wide context): no Python frame on
# the hot paths that ask for it.
get: Callable[[], RequestContext] = _request.get


# ``activate(ctx)`` makes ``ctx`` current until ``deactivate(token)``: ``request_scope``
# without the cost of a context manager, for the engine's per-request hot path. They are
# the ContextVar's own methods, so that a call costs no Python frame.
activate: Callable[[RequestContext], Token] = _request.set
deactivate: Callable[[Token], None] = _request.reset


@contextmanager
def request_scope(ctx: RequestContext):
    """Make ``ctx`` the current context for the duration of one request."""
    token = _request.set(ctx)
    try:
        yield ctx
    finally:
        _request.reset(token)


class Current:
    """``engine.current`` / ``leanengine.current``: attribute access to the context."""

    @property
    def user(self):
        return get().user

    @user.setter
    def user(self, value):
        get().user = value

    @property
    def session_token(self) -> str | None:
        return get().session_token

    @session_token.setter
    def session_token(self, value):
        get().session_token = value

    @property
    def meta(self) -> dict:
        return get().meta

    @property
    def deadline(self) -> float | None:
        return get().deadline


current = Current()
