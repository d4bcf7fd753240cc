"""Calling the engine's hooks: which are registered, the request for each, what comes back.

``HookRunner`` owns one transport (HTTP or in-process) and the app's keys. It learns the
names the engine registered from ``functions/_ops/metadatas`` (master key) and refreshes
them every few seconds, so a write to a class without hooks costs no engine call. While the
list is unknown (the engine never answered) every hook is tried, and a 404 from the engine
means "no such hook".

``before`` answers the engine's JSON or raises the client's error (142, or 124 on timeout);
``after`` never raises: a failing after-hook is logged and the client's answer stands.
"""

from __future__ import annotations

import json
import logging
import threading
import time

from ...protocol.credentials import AppKeys
from ...protocol.errors import LeanCloudError, TIMEOUT
from . import limits, refusals
from .transport import EngineTimedOut, EngineUnreachable

log = logging.getLogger("leanengine.server.hooks")

REGISTRY_SECONDS = 5.0
CLASS_HOOK_PREFIX = {
    "beforeSave": "__before_save_for_", "afterSave": "__after_save_for_",
    "beforeUpdate": "__before_update_for_", "afterUpdate": "__after_update_for_",
    "beforeDelete": "__before_delete_for_", "afterDelete": "__after_delete_for_",
}
ON_LOGIN = "__on_login__User"
USER_SECRETS = ("password", "salt", "sessionToken")


def class_hook_name(hook: str, class_name: str) -> str:
    return CLASS_HOOK_PREFIX[hook] + class_name


def on_verified_name(kind: str) -> str:
    return f"__on_verified_{kind}"


class HookRunner:

    def __init__(self, transport, keys: AppKeys):
        self.transport = transport
        self.keys = keys
        self._names: frozenset | None = None   # None: not known yet
        self._checked_at = float("-inf")
        self._lock = threading.Lock()

    # which hooks exist --------------------------------------------------------------------

    def registered(self, name: str) -> bool:
        names = self._registered_names()
        return names is None or name in names

    def forget_registry(self) -> None:
        self._checked_at = float("-inf")

    def _registered_names(self) -> frozenset | None:
        now = time.monotonic()
        if now - self._checked_at < REGISTRY_SECONDS:
            return self._names
        with self._lock:  # one refresh at a time; the others use the list they have
            if now - self._checked_at < REGISTRY_SECONDS:
                return self._names
            self._checked_at = now
        names = self._fetch_names()
        if names is not None:  # a failed refresh keeps the last list known
            self._names = names
        return self._names

    def _fetch_names(self) -> frozenset | None:
        if not self.keys.master_key:
            return None
        headers = {**self._headers(production=True), "X-LC-Key": f"{self.keys.master_key},master"}
        try:
            reply = self.transport.send("GET", "/1.1/functions/_ops/metadatas", b"", headers,
                                        time.monotonic() + limits.HOOK_SECONDS)
        except (EngineUnreachable, EngineTimedOut) as exc:
            log.warning("cannot list the engine's hooks: %s", exc)
            return None
        answer = reply.json()
        result = answer.get("result") if isinstance(answer, dict) else None
        if reply.status != 200 or not isinstance(result, list):
            log.warning("the engine's hook list answered HTTP %s", reply.status)
            return None
        return frozenset(name for name in result if isinstance(name, str))

    # calls --------------------------------------------------------------------------------

    def before(self, path: str, payload: dict, caller, what: str,
               limit: float = limits.BEFORE_HOOK_SECONDS):
        """The engine's answer to a refusing hook (before-hooks, onLogin); None when the
        engine has no such hook. Raises the client's LeanCloudError when it refuses."""
        return self._call(path, payload, caller, what, limit)

    def after(self, path: str, payload: dict, caller, what: str) -> None:
        """Run an after-hook; its failure is logged, never raised."""
        try:
            self._call(path, payload, caller, what, limits.HOOK_SECONDS)
        except LeanCloudError as error:
            log.warning("%s failed: [%s] %s", what, error.code, error.error)

    def _call(self, path: str, payload: dict, caller, what: str, limit: float):
        deadline = limits.deadline_for(limit, caller.deadline)
        seconds = limits.seconds_left(deadline)
        if seconds <= 0:
            raise refusals.timed_out(what, 0)
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            reply = self.transport.send("POST", path, body,
                                        self._headers(caller.production),
                                        deadline)
        except EngineTimedOut:
            raise refusals.timed_out(what, round(seconds, 3)) from None
        except EngineUnreachable as exc:
            log.warning("%s could not run: %s", what, exc)  # the address stays in the log
            raise refusals.unreachable(what, "the cloud engine could not be reached") from None
        answer = reply.json()
        if 200 <= reply.status < 300 and isinstance(answer, dict):
            return answer
        if reply.status == 404:  # the hook is gone: learn the new list soon
            self.forget_registry()
            return None
        if isinstance(answer, dict) and answer.get("code") == TIMEOUT:
            raise refusals.timed_out(what, round(seconds, 3))
        if reply.status == 401:
            raise refusals.unreachable(what, "the engine refused the server's keys (HTTP 401)")
        raise refusals.refused_by_hook(answer)

    def _headers(self, production: bool) -> dict:
        keys = self.keys
        headers = {"Content-Type": "application/json", "X-LC-Id": keys.app_id,
                   "X-LC-Prod": "1" if production else "0"}
        if keys.app_key:
            headers["X-LC-Key"] = keys.app_key
        elif keys.master_key:
            headers["X-LC-Key"] = f"{keys.master_key},master"
        if keys.hook_key:
            headers["X-LC-Hook-Key"] = keys.hook_key
        return headers


def user_payload(caller) -> dict | None:
    """The calling user as hooks receive it: no secrets, with the caller's session token
    (so the hook's own SDK calls can act as that user)."""
    user = caller.user
    if not user:
        return None
    data = {k: v for k, v in user.items() if k not in USER_SECRETS}
    if caller.session_token:
        data["sessionToken"] = caller.session_token
    return data
