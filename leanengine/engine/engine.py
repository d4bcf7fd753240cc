"""``Engine``: the LeanEngine WSGI middleware.

Wrap a web app with it; it answers the engine routes (cloud functions, RPC, hooks,
metadata, ping) and hands every other request to the web app::

    engine = Engine(app)

    @engine.define
    def hello(name="world"):
        return f"hello {name}"

    @engine.before_save("Todo")
    def check(todo):
        ...
"""

from __future__ import annotations

import warnings

from .. import context
from ..protocol import framing
from ..protocol.errors import LeanCloudWarning
from . import caller, cors, errors, routes, server, timeouts, wire
from .dispatch import Dispatcher
from .errors import LeanEngineError
from .registry import (ON_AUTH_DATA, ON_INSIGHT, ON_LOGIN, REALTIME_HOOKS, VERIFY_KINDS, Entry,
                       Registry, class_hook_name, on_verified_name)


class Engine:
    # Time limits in seconds (the platform's); set on an instance to change them.
    function_timeout = timeouts.FUNCTION_SECONDS
    before_hook_timeout = timeouts.BEFORE_HOOK_SECONDS
    hook_timeout = timeouts.HOOK_SECONDS

    current = context.current
    # The Engine of this process for local calls (``cloud.run.local``): the last one given
    # a web app, else the first one made.
    root: "Engine | None" = None

    def __init__(self, wsgi_app=None, fetch_user: bool = True):
        """``fetch_user``: turn a caller's session token into ``current.user`` by asking
        the storage service (``User.become``) before a function runs."""
        self.wsgi_app = wsgi_app
        self.fetch_user = fetch_user
        self.registry = Registry()
        self._dispatcher = Dispatcher(self)
        self._server = None
        if wsgi_app is not None or Engine.root is None:
            Engine.root = self

    # -- WSGI -------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        endpoint, args = routes.match(environ.get("PATH_INFO") or "/")
        if endpoint is None:
            return self._call_web_app(environ, start_response)
        method = environ.get("REQUEST_METHOD")
        if method == "OPTIONS":  # CORS preflight
            answer = wire.Answer(200, b"")
        else:
            answer = self._dispatcher.dispatch(environ, endpoint, args)
        return wire.send(answer, start_response, cors.headers(environ), head=method == "HEAD")

    def _call_web_app(self, environ, start_response):
        if self.wsgi_app is None:
            not_found = LeanEngineError(404, "Not Found", 404)
            return wire.send(wire.error_answer(not_found), start_response, [],
                             head=environ.get("REQUEST_METHOD") == "HEAD")
        with context.request_scope(caller.new_context(environ)):
            body = self.wsgi_app(environ, start_response)
        return framing.head_only(body) if environ.get("REQUEST_METHOD") == "HEAD" else body

    def wrap(self, wsgi_app):
        """Put ``wsgi_app`` behind the engine; returns the engine (a WSGI app)."""
        self.wsgi_app = wsgi_app
        Engine.root = self
        return self

    def run_local(self, name: str, **params):
        """Call the cloud function ``name`` in this process, in the caller's context, with
        no HTTP and no time limit (the legacy ``cloud.run.local``, handy in tests)."""
        if name in REALTIME_HOOKS:  # only the platform may call these
            raise errors.unauthorized()
        entry = self.registry.get(name)
        if entry is None:
            raise LeanEngineError(404, f"cloud function named '{name}' not found.", 404)
        return entry.func(**wire.public_params(params))

    def register(self, engine: "Engine") -> None:
        """Take over every function and hook of another Engine (e.g. one per module)."""
        if not isinstance(engine, Engine):
            raise TypeError("Please specify an Engine instance")
        self.registry.merge(engine.registry)

    # -- cloud functions --------------------------------------------------------------

    def define(self, name_or_func=None, *, internal: bool = False, fetch_user: bool = True):
        """Register a cloud function, called with the request's JSON params as keyword
        arguments. Forms: ``@define``, ``@define("name")``, ``@define(internal=True)``.

        ``internal``: callable only with the master key or the hook key.
        ``fetch_user=False``: do not ask the storage service for the caller's user.
        """
        def register(func, name=None):
            self.registry.add(Entry(name or func.__name__, func, internal, fetch_user))
            return func

        if callable(name_or_func):
            return register(name_or_func)
        return lambda func: register(func, name_or_func)

    # -- class hooks ------------------------------------------------------------------

    def before_save(self, cls):
        return self._class_hook("beforeSave", cls)

    def after_save(self, cls):
        return self._class_hook("afterSave", cls)

    def before_update(self, cls):
        return self._class_hook("beforeUpdate", cls)

    def after_update(self, cls):
        return self._class_hook("afterUpdate", cls)

    def before_delete(self, cls):
        return self._class_hook("beforeDelete", cls)

    def after_delete(self, cls):
        return self._class_hook("afterDelete", cls)

    def _class_hook(self, hook: str, cls):
        """``cls``: a class name, or an Object subclass."""
        class_name = cls if isinstance(cls, str) else _class_name_of(cls)
        return self._hook(class_hook_name(hook, class_name))

    # -- user, insight and realtime hooks ---------------------------------------------

    def on_verified(self, kind: str):
        """``@engine.on_verified('sms')`` or ``('email')``: called with the User."""
        if kind not in VERIFY_KINDS:
            raise ValueError("on_verified takes 'sms' or 'email'")
        return self._hook(on_verified_name(kind))

    def on_login(self, func):
        """Called with the User about to log in; raising refuses the login."""
        return self._hook(ON_LOGIN)(func)

    def on_auth_data(self, func):
        """Called with a login's ``authData``; returns the authData to use."""
        return self._hook(ON_AUTH_DATA)(func)

    def on_insight(self, event="end"):
        """``@engine.on_insight('end')`` (or bare): called as ``func(ok, job)`` when an
        Insight (BigQuery) job completes."""
        if callable(event):
            return self._hook(ON_INSIGHT)(event)
        if event != "end":
            raise ValueError("on_insight supports the 'end' event only")
        return self._hook(ON_INSIGHT)

    def on_bigquery(self, event="end"):
        warnings.warn("on_bigquery is deprecated, please use on_insight instead",
                      LeanCloudWarning, stacklevel=2)
        return self.on_insight(event)

    def _hook(self, name: str):
        def register(func):
            self.registry.add(Entry(name, func))
            return func
        return register

    # -- serving ----------------------------------------------------------------------

    def run(self, host: str = "127.0.0.1", port: int | None = None, application=None,
            **options) -> None:
        """Serve with werkzeug's development server (port: ``LEANCLOUD_APP_PORT``).

        ``engine.run(host, port, app)``, the legacy form, serves ``app`` instead.
        """
        server.run_development(application or self, host, port, **options)

    def start(self, host: str = "0.0.0.0", port: int | None = None):
        """Serve with gevent's WSGI server in the background; ``stop()`` ends it.

        Monkey-patch first (``gevent.monkey.patch_all()``), as gunicorn's gevent worker
        does, so that requests and time limits run as greenlets.
        """
        self._server = server.start_gevent(self, host, port)
        return self._server

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None


def run_local(name: str, **params):
    """Call a cloud function of this process's Engine (``Engine.root``) without HTTP:
    what ``cloud.run.local`` does in the legacy SDK."""
    if Engine.root is None:
        raise RuntimeError("no Engine in this process")
    return Engine.root.run_local(name, **params)


def _class_name_of(cls) -> str:
    name = getattr(cls, "_class_name", None) or getattr(cls, "__name__", None)
    if not isinstance(name, str):
        raise TypeError("a class name or a leanengine.Object subclass is required")
    return name
