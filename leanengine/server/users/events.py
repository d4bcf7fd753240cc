"""What the user flows tell the engine's user hooks: a login (which a hook may refuse by
raising), a verified phone number or e-mail address, and third-party authData (which a
hook verifies, and may rewrite, before it is looked up or linked).

The part of the server that calls the engine registers a listener with ``set_listener``;
without one these calls do nothing.
"""

from __future__ import annotations

from . import accounts


class UserEvents:
    """The listener interface, and the default that ignores every event. ``user`` is the
    stored user without its secrets."""

    def on_login(self, services, user: dict) -> None:
        """Raise a LeanCloudError to refuse the login."""

    def on_verified(self, services, kind: str, user: dict) -> None:
        """``kind`` is ``"sms"`` or ``"email"``."""

    def on_auth_data(self, services, auth_data: dict) -> dict | None:
        """The authData as the app verified it (raise a LeanCloudError to refuse), or None
        when the app has no hook for it (then the server verifies it itself)."""
        return None


_listener: list[UserEvents] = [UserEvents()]


def set_listener(listener: UserEvents | None) -> None:
    _listener[0] = listener or UserEvents()


def _user(services, user_id: str) -> dict:
    return accounts.without_secrets(services.store.get(accounts.USER, user_id)) or {}


def login(services, user_id: str) -> None:
    _listener[0].on_login(services, _user(services, user_id))


def verified(services, kind: str, user_id: str) -> None:
    _listener[0].on_verified(services, kind, _user(services, user_id))


def auth_data(services, data: dict) -> dict | None:
    """The app's verified authData, or None when no hook verifies authData."""
    return _listener[0].on_auth_data(services, data)
