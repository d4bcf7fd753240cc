"""The request context handed to user code: remote address, session token, user."""

from __future__ import annotations

from ..context import RequestContext
from ..protocol.errors import INVALID_SESSION_TOKEN, LeanCloudError
from ..storage.object_ import Object
from ..storage.user import User
from .errors import LeanEngineError


def remote_address(environ) -> str | None:
    """The client's address: X-Real-IP, X-Forwarded-For, Forwarded, then the socket."""
    real_ip = environ.get("HTTP_X_REAL_IP")
    if real_ip:
        return real_ip.strip()
    forwarded_for = environ.get("HTTP_X_FORWARDED_FOR")
    if forwarded_for:
        return forwarded_for.split(",", 1)[0].strip()
    forwarded = environ.get("HTTP_FORWARDED")
    if forwarded:
        address = _forwarded_for(forwarded)
        if address:
            return address
    return environ.get("REMOTE_ADDR")


def _forwarded_for(header: str) -> str | None:
    """The ``for=`` of the first hop in an RFC 7239 ``Forwarded`` header."""
    first_hop = header.split(",", 1)[0]
    for pair in first_hop.split(";"):
        name, _, value = pair.strip().partition("=")
        if name.lower() != "for" or not value:
            continue
        value = value.strip('"')
        if value.startswith("["):  # "[2001:db8::1]:4711"
            return value[1:].partition("]")[0]
        if value.count(":") == 1:  # "192.0.2.60:4711"
            return value.partition(":")[0]
        return value
    return None


def new_context(environ, session_token: str | None = None, user=None) -> RequestContext:
    return RequestContext(user, session_token, {"remote_address": remote_address(environ)})


def fetch_user(session_token: str):
    """The user owning ``session_token``, asked of the storage service; it becomes the
    current user of the context in effect. A rejected token answers 401 with code 211.
    """
    try:
        return User.become(session_token)
    except LeanCloudError as exc:
        if exc.code == INVALID_SESSION_TOKEN:
            raise LeanEngineError(exc.code, exc.error, 401) from None
        raise LeanEngineError(exc.code, exc.error, exc.status) from None


# RequestContext's own ``user`` slot, which HookContext's property hides.
_get_user_slot = RequestContext.user.__get__
_set_user_slot = RequestContext.user.__set__


class HookContext(RequestContext):
    """The context of a hook call. The storage service sends the calling user's fields
    with every hook; they become a User only when the hook asks for it (most never do)."""

    __slots__ = ("_user_data",)

    def __init__(self, environ, user_data: dict):
        # Every hook call makes one: the slots are set here directly, where
        # RequestContext.__init__ would go through the ``user`` property below.
        _set_user_slot(self, None)
        self.session_token = user_data.get("sessionToken")
        self.meta = {"remote_address": remote_address(environ)}
        self.deadline = None
        self._user_data = user_data

    @property
    def user(self):
        if self._user_data is not None:
            _set_user_slot(self, make_user(self._user_data))
            self._user_data = None
        return _get_user_slot(self)

    @user.setter
    def user(self, value):
        self._user_data = None
        _set_user_slot(self, value)


def make_user(data: dict):
    """A User holding the fields the storage service sent with a hook (no request made)."""
    user = Object.as_class("_User")()  # User, or the app's registered subclass of it
    user._update_data(data)
    return user
