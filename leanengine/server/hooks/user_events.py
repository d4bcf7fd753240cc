"""The engine's user hooks, as the listener of ``server.users.events``: onLogin (its error
refuses the login), onVerified (``sms``/``email``; errors are logged) and onAuthData (it
verifies the authData of a login or a link: its error refuses, its answer replaces the
authData looked up and stored)."""

from __future__ import annotations

from ..caller import Caller
from ..users import events
from . import limits
from .runner import ON_LOGIN, on_verified_name, user_payload

ON_AUTH_DATA = "__on_authdata__User"


class EngineUserEvents(events.UserEvents):

    def on_login(self, services, user: dict) -> None:
        runner = _runner(services, ON_LOGIN)
        if runner is not None:
            caller = Caller(user=user)
            runner.before("/1.1/functions/_User/onLogin", {"object": user_payload(caller)},
                          caller, "the onLogin hook", limit=limits.HOOK_SECONDS)

    def on_verified(self, services, kind: str, user: dict) -> None:
        runner = _runner(services, on_verified_name(kind))
        if runner is not None and user:
            caller = Caller(user=user)
            runner.after(f"/1.1/functions/onVerified/{kind}", {"object": user_payload(caller)},
                         caller, f"the onVerified {kind} hook")

    def on_auth_data(self, services, auth_data: dict) -> dict | None:
        runner = _runner(services, ON_AUTH_DATA)
        if runner is None:
            return None
        answer = runner.before("/1.1/functions/_User/onAuthData", {"authData": auth_data},
                               Caller(), "the onAuthData hook", limit=limits.HOOK_SECONDS)
        result = (answer or {}).get("result")
        return result if isinstance(result, dict) else auth_data


def _runner(services, name: str):
    from . import runner_of

    runner = runner_of(services)
    return runner if runner is not None and runner.registered(name) else None


def install() -> None:
    events.set_listener(EngineUserEvents())
