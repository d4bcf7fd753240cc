"""Users as the handlers see them: lookup, sessions, login failures and the user's answer.

Secrets live in classes whose objects carry an empty ACL (master only), so no public read
path can reach them: ``_Session`` (one session token per user, as LeanCloud has it),
``_LoginFailure`` (recent failed logins of a user). Password hashes stay on the ``_User``
row, in fields the object service never returns.
"""

from __future__ import annotations

import time

from ...protocol.errors import LeanCloudError, USER_NOT_FOUND
from ..caller import Caller
from ..query.spec import FindSpec
from . import lockout, tokens

USER = "_User"
SESSION = "_Session"
LOGIN_FAILURE = "_LoginFailure"
PRIVATE = {}  # the ACL of objects only the master key may read or write
SECRET_FIELDS = ("password", "salt")
# Shown to the user alone (login, sign-up, ``me``), never to other callers: third-party
# access tokens live in authData.
OWNER_ONLY_FIELDS = ("authData",)


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
    """The stored user (password hash included) whose ``field`` equals ``value``."""
    if not isinstance(value, str) or not value:
        return None
    found = find_one(services, USER, {field: value})
    return services.store.get(USER, found["objectId"]) if found else None


def public_view(services, caller, user_id: str) -> dict:
    """The user as the caller may see it (secrets removed by the object service)."""
    return services.objects.get(caller, USER, user_id) or {}


def without_secrets(user: dict | None) -> dict | None:
    if user is None:
        return None
    return {k: v for k, v in user.items() if k not in SECRET_FIELDS}


# --- sessions ------------------------------------------------------------------------------

def session_token_for(services, user_id: str) -> str:
    """The user's session token, opening a session when the user has none."""
    session = find_one(services, SESSION, {"user": pointer(user_id)})
    if session:
        return session["sessionToken"]
    token = tokens.new_session_token()
    services.objects.create(master(), SESSION, {
        "sessionToken": token, "user": pointer(user_id), "ACL": PRIVATE})
    return token


def revoke_sessions(services, user_id: str) -> None:
    for session in find_all(services, SESSION, {"user": pointer(user_id)}):
        services.objects.delete(master(), SESSION, session["objectId"])


def renew_session(services, user_id: str) -> str:
    """Revoke every token of the user and answer a fresh one."""
    revoke_sessions(services, user_id)
    return session_token_for(services, user_id)


def user_for_token(services, token) -> dict | None:
    """The stored user a session token belongs to (secrets removed), or None."""
    if not isinstance(token, str) or not token:
        return None
    session = find_one(services, SESSION, {"sessionToken": token})
    if not session:
        return None
    user_id = (session.get("user") or {}).get("objectId")
    return without_secrets(services.store.get(USER, user_id)) if user_id else None


def require_user_for_token(services, token) -> dict:
    user = user_for_token(services, token)
    if user is None:
        raise LeanCloudError(USER_NOT_FOUND, "Could not find user.")
    return user


def login_answer(services, user_id: str) -> dict:
    """What login, sign-up by phone, ``me`` and friends answer: the user plus its token."""
    answer = dict(public_view(services, master(), user_id))
    stored = services.store.get(USER, user_id) or {}
    answer.update({k: stored[k] for k in OWNER_ONLY_FIELDS if stored.get(k) is not None})
    answer["sessionToken"] = session_token_for(services, user_id)
    return answer


# --- failed logins -------------------------------------------------------------------------

def _failure_record(services, user_id: str) -> dict | None:
    return find_one(services, LOGIN_FAILURE, {"userId": user_id})


def is_locked(services, user_id: str) -> bool:
    record = _failure_record(services, user_id)
    return bool(record) and lockout.is_locked(record.get("failures") or [], time.time())


def record_failure(services, user_id: str) -> None:
    record = _failure_record(services, user_id)
    if record:
        failures = lockout.record_failure(record.get("failures") or [], time.time())
        services.objects.update(master(), LOGIN_FAILURE, record["objectId"], {"failures": failures})
    else:
        failures = lockout.record_failure([], time.time())
        services.objects.create(master(), LOGIN_FAILURE,
                                {"userId": user_id, "failures": failures, "ACL": PRIVATE})


def clear_failures(services, user_id: str) -> None:
    record = _failure_record(services, user_id)
    if record:
        services.objects.delete(master(), LOGIN_FAILURE, record["objectId"])
