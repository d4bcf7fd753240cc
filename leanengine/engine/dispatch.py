"""From a matched engine route to user code and back: one handler per endpoint.

Every handler follows the same path: read the body, check credentials, find the
registered callable, build the request context, run the callable under its time limit,
encode the answer. Errors become ``{"code", "error"}`` answers here and nowhere else.
"""

from __future__ import annotations

import logging
import platform
import time

from .. import config, context
from ..protocol import budget
from ..protocol.errors import INVALID_JSON, SCRIPT_FAILED, LeanCloudError
from ..storage import codec
from ..version import __version__
from . import access, caller, hooks, routes, wire
from .errors import LeanEngineError
from .registry import (CLASS_HOOKS, ON_AUTH_DATA, ON_INSIGHT, ON_LOGIN, REALTIME_HOOKS,
                       VERIFY_KINDS, on_verified_name)
from .timeouts import call_with_timeout

logger = logging.getLogger("leanengine.engine")

_RUNTIME = f"{platform.python_implementation().lower()}-{platform.python_version()}"


class Dispatcher:
    def __init__(self, engine):
        self.engine = engine
        self._handlers = {
            routes.PING: self.ping,
            routes.FUNCTION: self.function,
            routes.RPC: self.rpc,
            routes.CLASS_HOOK: self.class_hook,
            routes.ON_VERIFIED: self.on_verified,
            routes.ON_LOGIN: self.on_login,
            routes.ON_AUTH_DATA: self.on_auth_data,
            routes.INSIGHT: self.insight,
            routes.METADATAS: self.metadatas,
        }

    def dispatch(self, environ, endpoint: str, args: dict) -> wire.Answer:
        try:
            return self._handlers[endpoint](environ, **args)
        except LeanEngineError as exc:
            return wire.error_answer(exc)
        except LeanCloudError as exc:  # a storage call in user code failed
            return wire.answer(exc.to_dict(), exc.status)
        except Exception:
            logger.exception("cloud code failed: %s %s", endpoint, args)
            return wire.answer(
                {"code": SCRIPT_FAILED, "error": "Cloud Code script had an error."}, 500)

    # -- endpoints --------------------------------------------------------------------

    def ping(self, environ) -> wire.Answer:
        return wire.answer({"runtime": _RUNTIME, "version": __version__})

    def function(self, environ, name: str) -> wire.Answer:
        result = self._call_function(environ, name, typed=False)
        try:
            return wire.answer({"result": result})
        except TypeError:  # objects, dates...: the typed encoding
            return wire.answer({"result": _encode(result)})

    def rpc(self, environ, name: str) -> wire.Answer:
        result = self._call_function(environ, name, typed=True)
        return wire.answer({"result": _encode(result)})

    def class_hook(self, environ, class_name: str, hook: str) -> wire.Answer:
        params, creds, keys = self._read(environ)
        access.require_platform(creds, keys)
        prefix = CLASS_HOOKS.get(hook)  # registered as prefix + class (registry.class_hook_name)
        entry = self.engine.registry.get(prefix + class_name) if prefix else None
        if entry is None:
            raise _not_found(f"{class_name}/{hook}")
        data = params.get("object")
        if not isinstance(data, dict):
            raise LeanEngineError(INVALID_JSON, "The hook body needs an object.", 400)
        is_before = hook.startswith("before")
        try:
            obj = hooks.hook_object(class_name, data, hooks.BEFORE if is_before else hooks.AFTER, keys)
        except (ValueError, KeyError, TypeError) as exc:
            raise LeanEngineError(INVALID_JSON, f"Invalid typed value: {exc}", 400) from None
        limit = self.engine.before_hook_timeout if is_before else self.engine.hook_timeout
        user = params.get("user")  # the caller's fields, when a user made the change
        ctx = (caller.HookContext(environ, user) if isinstance(user, dict) and user
               else caller.new_context(environ))
        self._run(environ, entry.func, (obj,), ctx, limit)
        if not is_before:
            return wire.answer({"result": "ok"})
        if hook == "beforeDelete":
            return wire.answer({})
        return wire.answer(hooks.before_answer(obj))

    def on_verified(self, environ, kind: str) -> wire.Answer:
        return self._user_object_hook(environ, on_verified_name(kind) if kind in VERIFY_KINDS else None)

    def on_login(self, environ) -> wire.Answer:
        return self._user_object_hook(environ, ON_LOGIN)

    def on_auth_data(self, environ) -> wire.Answer:
        entry, params = self._user_hook(environ, ON_AUTH_DATA)
        result = self._run(environ, entry.func, (params.get("authData"),),
                           caller.new_context(environ), self.engine.hook_timeout)
        return wire.answer({"result": _encode(result)})

    def insight(self, environ, source: str) -> wire.Answer:
        entry, params = self._user_hook(environ, ON_INSIGHT)
        job = wire.public_params(params)
        result = self._run(environ, entry.func, (job.get("status") == "OK", job),
                           caller.new_context(environ), self.engine.hook_timeout)
        return wire.answer({"result": _encode(result)})

    def metadatas(self, environ) -> wire.Answer:
        _, creds, keys = self._read(environ)
        access.require_master(creds, keys)
        return wire.answer({"result": self.engine.registry.names()})

    # -- shared steps -----------------------------------------------------------------

    def _read(self, environ):
        params = wire.parse_object(wire.read_body(environ))
        return params, access.credentials(environ, params), config.keys()

    def _call_function(self, environ, name: str, typed: bool):
        params, creds, keys = self._read(environ)
        role = access.require_app(creds, keys)
        if name in REALTIME_HOOKS:
            access.require_hook_key(creds, keys)
        entry = self.engine.registry.get(name)
        if entry is None:
            raise _not_found(name)
        if entry.internal:
            access.require_internal(role, creds, keys)
        kwargs = wire.public_params(params)
        if typed:
            kwargs = _decode_typed(kwargs)
        token = creds.session_token
        ctx = caller.new_context(environ, token)
        fetch = bool(token) and self.engine.fetch_user and entry.fetch_user

        def call():
            if fetch:  # inside the request's context: User.become makes it current there
                caller.fetch_user(token)
            return entry.func(**kwargs)

        return self._run(environ, call, (), ctx, self.engine.function_timeout)

    def _user_hook(self, environ, name: str | None):
        params, creds, keys = self._read(environ)
        access.require_platform(creds, keys)
        entry = self.engine.registry.get(name) if name else None
        if entry is None:
            raise _not_found(name or environ.get("PATH_INFO", ""))
        return entry, params

    def _user_object_hook(self, environ, name: str | None) -> wire.Answer:
        """onVerified and onLogin: the hook gets the User; raising refuses the login."""
        entry, params = self._user_hook(environ, name)
        data = params.get("object")
        user = caller.make_user(data if isinstance(data, dict) else {})
        self._run(environ, entry.func, (user,), caller.new_context(environ),
                  self.engine.hook_timeout)
        return wire.answer({"result": "ok"})

    def _run(self, environ, func, args: tuple, ctx: context.RequestContext,
             limit: float | None):
        """Run user code in ``ctx`` within ``limit`` seconds, or what an enclosing call has
        left: a hook fired in-process from inside a function, or the time the storage
        service says is left (``X-LeanEngine-Time-Left``) when it calls over HTTP."""
        now = time.monotonic()
        outer = context.get().deadline
        header = environ.get(budget.ENVIRON_KEY)
        if header is not None:  # sent when the storage service's caller had a deadline
            from_header = budget.deadline_from(header, now)
            if from_header is not None and (outer is None or from_header < outer):
                outer = from_header
        if outer is not None:
            limit = outer - now if limit is None else min(limit, outer - now)
        ctx.deadline = None if limit is None else now + limit
        token = context.activate(ctx)
        try:
            return call_with_timeout(func, limit, *args)
        finally:
            context.deactivate(token)


def _decode_typed(params: dict) -> dict:
    try:
        return {k: codec.decode(v) for k, v in params.items()}
    except (ValueError, KeyError, TypeError) as exc:  # e.g. a Date without a valid iso
        raise LeanEngineError(INVALID_JSON, f"Invalid typed value: {exc}", 400) from None
    except RecursionError:  # nested deeper than the decoder follows, yet valid JSON
        raise LeanEngineError(INVALID_JSON, "Invalid typed value: nested too deeply.",
                              400) from None


def _encode(value):
    return codec.encode(value, full_objects=True)


def _not_found(name: str) -> LeanEngineError:
    return LeanEngineError(404, f"cloud function or hook named '{name}' not found.", 404)
