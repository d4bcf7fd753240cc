"""The services every handler reaches through ``request.services``, and the extension
points that other parts of the server plug into:

- ``set_caller_resolver(fn)``: ``fn(services, session_token) -> (user | None, [role names])``
  turns a session token into the caller's user and roles (raise LeanCloudError 211 for a bad
  token).  Without one, a session token gives no user.
- ``set_class_permission_check(fn)``: ``fn(services, caller, class_name, operation)``, raising
  to refuse; operation is create, get, find, update, delete or addFields.  Default: allow.
- ``add_write_guard(class_name, fn)``: ``fn(services, caller, class_name, object_id, body)``
  returns the body to write (object_id None on create); runs before every create and update
  of that class through the object service.
- ``add_delete_guard(class_name, fn)``: ``fn(services, caller, class_name, object_id)``,
  raising to refuse; runs before every delete of that class through the object service.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..protocol.credentials import AppKeys


def _no_user(services, session_token):
    return None, []


def _allow(services, caller, class_name, operation):
    return None


_resolver = [_no_user]
_class_permission = [_allow]
_write_guards: dict[str, list] = {}
_delete_guards: dict[str, list] = {}


def set_caller_resolver(fn) -> None:
    _resolver[0] = fn


def set_class_permission_check(fn) -> None:
    _class_permission[0] = fn


def add_write_guard(class_name: str, fn) -> None:
    guards = _write_guards.setdefault(class_name, [])
    if fn not in guards:
        guards.append(fn)


def add_delete_guard(class_name: str, fn) -> None:
    guards = _delete_guards.setdefault(class_name, [])
    if fn not in guards:
        guards.append(fn)


@dataclass
class Services:
    store: object                      # store.base.Store
    keys: AppKeys
    data_dir: str
    objects: object = None             # objects.ObjectService, set by build_services
    dispatch: object = None            # app.ServerApp.dispatch: run a sub-request (batch)
    match: object = None               # app.ServerApp._match: (route, params) of method, path
    extra: dict = field(default_factory=dict)   # room for other parts' own services

    def resolve_caller(self, session_token: str):
        return _resolver[0](self, session_token)

    @property
    def class_permissions_enabled(self) -> bool:
        return _class_permission[0] is not _allow

    def check_class_permission(self, caller, class_name: str, operation: str) -> None:
        if not caller.master:
            _class_permission[0](self, caller, class_name, operation)

    def has_write_guard(self, class_name: str) -> bool:
        return class_name in _write_guards

    def guard_write(self, caller, class_name: str, object_id, body: dict) -> dict:
        for guard in _write_guards.get(class_name, ()):
            body = guard(self, caller, class_name, object_id, body)
        return body

    def guard_delete(self, caller, class_name: str, object_id: str) -> None:
        for guard in _delete_guards.get(class_name, ()):
            guard(self, caller, class_name, object_id)


def build_services(store, keys: AppKeys, data_dir: str) -> Services:
    from .objects import ObjectService

    services = Services(store=store, keys=keys, data_dir=data_dir)
    services.objects = ObjectService(services)
    return services
