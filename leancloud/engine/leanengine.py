"""``leancloud.engine.leanengine``: the names of LeanCloud's engine core module.

``LeanEngineError``, ``current`` and the hook naming are leanengine's own. LeanCloud's
module also exposed its registration plumbing: ``register_*(_cloud_codes, ...)`` and the
``before_save``-style helpers put a function into a dict of cloud code under its
platform name, and ``dispatch_*`` call from such a dict. Apps register through an
``Engine`` (``engine.define``, ``engine.before_save``); these are faithful small
equivalents for code that used the plumbing directly.
"""

import functools
import logging

from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.local import LocalProxy

from leanengine import context as _context
from leanengine.context import current
from leanengine.engine import Engine, LeanEngineError
from leanengine.engine.caller import remote_address
from leanengine.engine.registry import (CLASS_HOOKS, ON_AUTH_DATA, ON_INSIGHT, ON_LOGIN,
                                        class_hook_name, on_verified_name)

from . import context

logger = logging.getLogger("leancloud.cloudcode.cloudcode")
user = LocalProxy(lambda: _context.get().user)  # the current request's user
http_status_codes = dict(HTTP_STATUS_CODES)
hook_name_mapping = dict(CLASS_HOOKS)


class LeanEngineApplication(Engine):
    """The engine routes alone (cloud functions, hooks, metadata), with no web app."""

    def __init__(self, fetch_user=True):
        super().__init__(fetch_user=fetch_user)


def __getattr__(name):
    if name == "root_engine":  # the process's Engine, as LeanCloud's module kept it
        return Engine.root
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def register_cloud_func(_cloud_codes, func_or_func_name):
    """``register_cloud_func(codes, func)`` or ``(codes, "name")`` as a decorator."""
    if callable(func_or_func_name):
        _cloud_codes[func_or_func_name.__name__] = func_or_func_name
        return func_or_func_name
    return lambda func: _store(_cloud_codes, func_or_func_name, func)


def _store(_cloud_codes, name, func):
    if name in _cloud_codes:
        raise RuntimeError(f"cloud function: {name} is already registered")
    _cloud_codes[name] = func
    return func


def register_cloud_hook(_cloud_codes, class_name, hook_name):
    if not isinstance(class_name, str):
        class_name = getattr(class_name, "_class_name", None) or class_name.__name__
    return lambda func: _store(_cloud_codes, class_hook_name(hook_name, class_name), func)


before_save = functools.partial(register_cloud_hook, hook_name="beforeSave")
after_save = functools.partial(register_cloud_hook, hook_name="afterSave")
before_update = functools.partial(register_cloud_hook, hook_name="beforeUpdate")
after_update = functools.partial(register_cloud_hook, hook_name="afterUpdate")
before_delete = functools.partial(register_cloud_hook, hook_name="beforeDelete")
after_delete = functools.partial(register_cloud_hook, hook_name="afterDelete")


def register_on_verified(_cloud_codes, verify_type):
    if verify_type not in ("sms", "email"):
        raise ValueError("verify_type should be sms or email")
    return lambda func: _store(_cloud_codes, on_verified_name(verify_type), func)


def register_on_login(_cloud_codes, func):
    return _store(_cloud_codes, ON_LOGIN, func)


def register_on_auth_data(_cloud_codes, func):
    return _store(_cloud_codes, ON_AUTH_DATA, func)


def register_on_bigquery(_cloud_codes, event):
    if event != "end":
        raise ValueError("event should be end")
    return lambda func: _store(_cloud_codes, ON_INSIGHT, func)


def _call(_cloud_codes, name, /, *args, **kwargs):
    func = _cloud_codes.get(name)
    if func is None:
        raise LeanEngineError(404, f"cloud function named '{name}' not found.", 404)
    return func(*args, **kwargs)


def dispatch_cloud_func(_cloud_codes, app_params, func_name, decode_object, params):
    return {"result": _call(_cloud_codes, func_name, **params)}


def dispatch_cloud_hook(_cloud_codes, app_params, class_name, hook_name, params):
    return _call(_cloud_codes, class_hook_name(hook_name, class_name), params)


def dispatch_on_verified(_cloud_codes, app_params, verify_type, params):
    return _call(_cloud_codes, on_verified_name(verify_type), params)


def dispatch_on_login(_cloud_codes, app_params, params):
    return _call(_cloud_codes, ON_LOGIN, params)


def dispatch_on_auth_data(_cloud_codes, app_params, params):
    return _call(_cloud_codes, ON_AUTH_DATA, params)


def dispatch_ops_meta_data(_cloud_codes):
    return {"result": list(_cloud_codes)}


def dispatch_on_bigquery(_cloud_codes, app_params, event, params):
    return _call(_cloud_codes, ON_INSIGHT, params)


def get_remote_address(request):
    """The caller's IP of a werkzeug request (``X-Real-IP``/``X-Forwarded-For`` first)."""
    return remote_address(request.environ)
