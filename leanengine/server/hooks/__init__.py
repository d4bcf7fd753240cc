"""The storage server's side of cloud functions and data hooks.

``attach(server_app, engine)`` connects a ``ServerApp`` to an engine, given as a URL
(``leanengine serve --engine-url``) or as the app's WSGI callable (``leanengine up``);
``ServerApp.attach_engine`` calls it. From then on:

- writes through ``services.objects`` fire the class hooks (``writes.HookedObjects``);
- ``/1.1/functions/<name>`` and ``/1.1/call/<name>`` reach the engine with the caller's
  credentials (``routes``);
- logins run onLogin, completed verifications onVerified, authData logins onAuthData
  (``user_events``, the listener of ``server.users.events``);
- sign-up calls ``before_sign_up``/``after_sign_up`` around its write transaction.
Without an attached engine all of these do nothing.

Time limits and how the remaining time of an enclosing function travels: ``limits``.
"""

from __future__ import annotations

from contextlib import nullcontext

from ...protocol import hookmark
from .. import values
from . import user_events
from .runner import HookRunner
from .transport import transport_for
from .writes import HookedObjects

RUNNER = "hooks.runner"


def attach(server_app, engine) -> HookRunner:
    """Fire hooks and forward functions to ``engine`` (a URL or a WSGI callable)."""
    services = server_app.services
    objects = services.objects
    if isinstance(objects, HookedObjects):
        objects = objects.objects
    runner = HookRunner(transport_for(engine), services.keys)
    services.extra[RUNNER] = runner
    services.objects = HookedObjects(objects, runner)
    user_events.install()
    return runner


def runner_of(services) -> HookRunner | None:
    return services.extra.get(RUNNER)


def write_scope(services):
    """What a group of writes (a batch, a guarded create) runs in: one write transaction,
    unless hooks may be called between them (a hook must never run while the store's write
    lock is held: its own writes through the SDK would wait for it)."""
    return nullcontext() if runner_of(services) else services.store.transaction()


def unhooked_creator(services, caller, class_name: str, body):
    """The object service to create ``body`` with when no create hook would fire for it
    (the hooks wrapper's own service when an engine is attached), else None."""
    objects = services.objects
    if not isinstance(objects, HookedObjects):
        return objects
    if objects.hooks_to_fire(caller, class_name, body, "beforeSave", "afterSave"):
        return None
    return objects.objects


def delete(services, caller, class_name: str, object_id: str, *, where=None, flags=None):
    """Delete through the object service, passing the request's ``__before``/``__after``
    and ``__ignore_hooks`` flags on to the hooks when an engine is attached."""
    if isinstance(services.objects, HookedObjects):
        return services.objects.delete(caller, class_name, object_id, where=where, flags=flags)
    return services.objects.delete(caller, class_name, object_id, where=where)


def before_sign_up(services, caller, class_name: str, body):
    """Run ``_User``'s beforeSave ahead of a sign-up's write transaction; answers the body
    to write. It carries marks that keep the object service from calling the engine inside
    the transaction; ``after_sign_up`` runs afterSave once the transaction is over."""
    objects = services.objects
    if not isinstance(objects, HookedObjects) or not isinstance(body, dict):
        return body
    if "beforeSave" in objects.hooks_to_fire(caller, class_name, body, "beforeSave"):
        values.check_class_name(class_name)
        body = objects.before_save(caller, class_name, body)
    return {**body, **_marks(services.keys, class_name)}


def after_sign_up(services, caller, class_name: str, object_id: str, body) -> None:
    """afterSave of a sign-up; ``body`` is the request's body, as it came."""
    objects = services.objects
    if isinstance(objects, HookedObjects) and \
            "afterSave" in objects.hooks_to_fire(caller, class_name, body, "afterSave"):
        objects.after(caller, class_name, "afterSave", object_id)


def _marks(keys, class_name: str) -> dict:
    key = keys.hook_key or keys.master_key
    if not key:
        return {}
    return {kind: hookmark.sign(key, hookmark.mark_name(kind, class_name))
            for kind in (hookmark.BEFORE, hookmark.AFTER)}
