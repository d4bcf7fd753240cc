"""Users as the handlers see them: lookup, sessions and the user's answer.

Secrets live in classes whose objects carry an empty ACL (master only), so no public read
path can reach them: ``_Session`` (the valid session tokens). Password hashes and the
current session token stay on the ``_User`` row, in fields the object service never
returns. Failed logins are counted by ``lockout``.
"""

from __future__ import annotations

import hashlib
import os
import re

from ...protocol.errors import INVALID_JSON, LeanCloudError, USER_NOT_FOUND
from ..caller import Caller
from ..query.spec import FindSpec
from . import tokens

USER = "_User"
SESSION = "_Session"
LOGIN_FAILURE = "_LoginFailure"  # where older versions kept failed logins: still master-only
PRIVATE = {}  # the ACL of objects only the master key may read or write
SECRET_FIELDS = ("password", "salt", "sessionToken")
# Shown to the user alone (login, sign-up, ``me``), never to other callers: third-party
# access tokens live in authData.
OWNER_ONLY_FIELDS = ("authData",)
_LEANCLOUD_TOKEN = re.compile(r"^[a-z0-9]{25}$")  # the tokens LeanCloud handed out


def master() -> Caller:
    return Caller.master_key()


def pointer(user_id: str, class_name: str = USER) -> dict:
    return {"__type": "Pointer", "className": class_name, "objectId": user_id}


def default_acl(user_id: str) -> dict:
    """Anyone reads a user; only the user writes it."""
    return {"*": {"read": True}, user_id: {"read": True, "write": True}}


def find_one(services, class_name: str, where: dict) -> dict | None:
    rows = services.objects.find(master(), class_name, FindSpec(where=where, limit=1))
    return rows[0] if rows else None


def find_all(services, class_name: str, where: dict, limit: int = 1000) -> list[dict]:
    return services.objects.find(master(), class_name, FindSpec(where=where, limit=limit))


def find_user(services, field: str, value) -> dict | None:
    """The stored user (password hash included) whose ``field`` equals ``value``, a string:
    anything else from a client (``{"$regex": ...}``) would be a query condition."""
    if value is not None and not isinstance(value, str):
        raise LeanCloudError(INVALID_JSON, f"{field} must be a string.")
    if not value:
        return None
    found = find_one(services, USER, {field: value})
    return services.store.get(USER, found["objectId"]) if found else None


def public_view(services, caller, user_id: str) -> dict:
    """The user as the caller may see it (secrets removed by the object service)."""
    return services.objects.get(caller, USER, user_id) or {}


def owner_only_fields(services, user_id: str) -> dict:
    """The fields only the user itself (and the master key) is shown, e.g. authData."""
    stored = services.store.get(USER, user_id) or {}
    return {k: stored[k] for k in OWNER_ONLY_FIELDS if stored.get(k) is not None}


def without_secrets(user: dict | None) -> dict | None:
    if user is None:
        return None
    return {k: v for k, v in user.items() if k not in SECRET_FIELDS}


# --- sessions ------------------------------------------------------------------------------
# One token per user, as LeanCloud has it: the user row keeps it (a hidden field) and the
# ``_Session`` object that proves it is still valid has an id derived from the token, so
# resolving a token is two reads by primary key, never a scan.

def keyed_id(*parts: str) -> str:
    """A stable objectId for an internal record found by its key (24 hex digits)."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def _session_id(token: str) -> str:
    return keyed_id("session", token)


def session_token_for(services, user_id: str) -> str:
    """The user's session token, opening a session when the user has none.

    A token already on the user row without its ``_Session`` (a user imported from
    LeanCloud's export) is adopted, so the user's clients keep their token.
    """
    token = (services.store.get(USER, user_id) or {}).get("sessionToken")
    if isinstance(token, str) and token:
        if services.store.get(SESSION, _session_id(token)) is None:
            adopt_session(services, user_id, token)
        return token
    token = tokens.new_session_token()
    with services.store.transaction():
        adopt_session(services, user_id, token)
        services.store.update(USER, user_id, lambda obj: {**obj, "sessionToken": token})
    return token


def adopt_session(services, user_id: str, token: str) -> None:
    """Make ``token`` a valid session of the user (importers call this for exported
    users' tokens, so that logged-in clients stay logged in after a migration)."""
    services.objects.create(master(), SESSION, {
        "objectId": _session_id(token), "user": pointer(user_id), "ACL": PRIVATE})


def revoke_sessions(services, user_id: str) -> None:
    with services.store.transaction():
        user = services.store.get(USER, user_id)
        token = (user or {}).get("sessionToken")
        if isinstance(token, str):
            services.store.delete(SESSION, _session_id(token))
            services.store.update(USER, user_id, lambda obj: {
                k: v for k, v in obj.items() if k != "sessionToken"})


def password_changed(services, user_id: str) -> None:
    """After a password change or reset. LeanCloud keeps the user's session unless the app
    asks for a new login after a password change (its console option; here
    ``LEANENGINE_RELOGIN_AFTER_PASSWORD_CHANGE=1``)."""
    if os.environ.get("LEANENGINE_RELOGIN_AFTER_PASSWORD_CHANGE", "") in ("1", "true"):
        renew_session(services, user_id)


def renew_session(services, user_id: str) -> str:
    """Revoke the user's token and answer a fresh one."""
    revoke_sessions(services, user_id)
    return session_token_for(services, user_id)


def user_for_token(services, token) -> dict | None:
    """The stored user a session token belongs to (secrets removed), or None."""
    if not isinstance(token, str) or not token:
        return None
    session = services.store.get(SESSION, _session_id(token))
    user_id = ((session or {}).get("user") or {}).get("objectId")
    if user_id is None and _LEANCLOUD_TOKEN.match(token):
        user_id = _adopt_imported_token(services, token)
    return without_secrets(services.store.get(USER, user_id)) if user_id else None


def _adopt_imported_token(services, token: str) -> str | None:
    """A token of LeanCloud's shape that no session knows may belong to a user imported
    from LeanCloud's export (the token sits on the user row): adopt it, so clients stay
    logged in across the migration. Costs a search, as a login does."""
    found = find_one(services, USER, {"sessionToken": token})
    if found is None:
        return None
    adopt_session(services, found["objectId"], token)
    return found["objectId"]


def require_user_for_token(services, token) -> dict:
    user = user_for_token(services, token)
    if user is None:
        raise LeanCloudError(USER_NOT_FOUND, "Could not find user.")
    return user


def login_answer(services, user_id: str) -> dict:
    """What login, sign-up by phone, ``me`` and friends answer: the user plus its token."""
    answer = dict(public_view(services, master(), user_id))
    answer.update(owner_only_fields(services, user_id))
    answer["sessionToken"] = session_token_for(services, user_id)
    return answer
