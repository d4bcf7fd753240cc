"""User routes: sign-up, login, ``me``, a user's get/update/delete, session refresh and
password change. Sign-up also answers ``POST /classes/_User`` (the Python SDK's way)."""

from __future__ import annotations

import os

from ...protocol import errors
from ...protocol.errors import LeanCloudError
from ..objects import HIDDEN_FIELDS
from ..objects_routes import find_answer
from .. import services as core
from .. import hooks
from ..request import Reply
from . import accounts, authdata, codes_flow, events, guards, lockout, passwords, principals, tokens
from .accounts import USER

_LOGIN_FIELDS = ("username", "email", "mobilePhoneNumber")


def register(router):
    install()
    router.add("/users", ["POST"], sign_up)
    router.add("/classes/_User", ["POST"], sign_up)
    router.add("/users", ["GET"], find_users)
    router.add("/login", ["POST", "GET"], login)
    router.add("/users/me", ["GET"], me)
    router.add("/users/<object_id>", ["GET"], get_user)
    router.add("/users/<object_id>", ["PUT"], update_user)
    router.add("/users/<object_id>", ["DELETE"], delete_user)
    router.add("/classes/_User/<object_id>", ["DELETE"], delete_user)
    router.add("/users/<object_id>/refreshSessionToken", ["PUT"], refresh_session_token)
    router.add("/users/<object_id>/updatePassword", ["PUT"], update_password)


def body_of(req) -> dict:
    body = {} if req.json is None else req.json  # the JS SDK sends a JSON null for "no body"
    if not isinstance(body, dict):
        raise LeanCloudError(errors.INVALID_JSON, "The request body must be a JSON object.")
    return dict(body)


def fetch_when_save(req) -> bool:
    return req.flag("fetchWhenSave") or req.flag("new")


def sign_up(req):
    body = body_of(req)
    if body.get("authData") and not body.get("username"):
        return _log_in_with_auth_data(req, body)
    if not isinstance(body.get("username"), str) or not body["username"]:
        raise LeanCloudError(errors.USERNAME_MISSING, "Username is missing or empty.")
    if not isinstance(body.get("password"), str) or not body["password"]:
        raise LeanCloudError(errors.PASSWORD_MISSING, "Password is missing or empty.")
    return _create_user(req, body)


def _create_user(req, body) -> Reply:
    services = req.services
    mail_sender = codes_flow.email_verification_sender(req, body)   # 503 before any write
    written = hooks.before_sign_up(services, req.caller, USER, body)  # not in the transaction
    with services.store.transaction():
        created = services.objects.create(req.caller, USER, written,
                                          fetch_when_save=fetch_when_save(req))
        user_id = created["objectId"]
        if "ACL" not in body:
            services.store.update(USER, user_id,
                                  lambda obj: {**obj, "ACL": accounts.default_acl(user_id)})
        created["sessionToken"] = accounts.session_token_for(services, user_id)
    if mail_sender is not None:
        codes_flow.send_email_verification(req, mail_sender, body, user_id)
    hooks.after_sign_up(services, req.caller, USER, user_id, body)
    return Reply(created, status=201)


def _log_in_with_auth_data(req, body):
    """Log in the user linked to one of the platforms in ``authData``, or sign one up.

    The authData is verified first (``authdata.verified``: the app's onAuthData hook, a
    provider, or the operator's trust), and its ids are literals, never query conditions.
    A platform entry carrying ``unionid`` and ``platform`` (WeChat-style union ids) also
    finds the user registered under ``_<platform>_unionid``; with ``main_account`` a new
    user is registered there.
    """
    auth_data = body.get("authData")
    if not isinstance(auth_data, dict):
        raise LeanCloudError(errors.INVALID_JSON, "authData must be an object.")
    services = req.services
    auth_data = body["authData"] = authdata.verified(services, auth_data)
    for platform, data in auth_data.items():
        user = guards.linked_user(services, platform, data) or _union_user(services, data)
        if user:
            events.login(services, user["objectId"])
            merged = {**(user.get("authData") or {}), **_with_union_entry(platform, data)}
            services.objects.update(accounts.master(), USER, user["objectId"],
                                    {"authData": merged})
            return accounts.login_answer(services, user["objectId"])
    if req.flag("failOnNotExist"):
        raise LeanCloudError(errors.USER_NOT_FOUND, "Could not find user.")
    for platform, data in list(auth_data.items()):
        auth_data.update(_with_union_entry(platform, data))
    body["username"] = tokens.new_session_token()[:25]
    with authdata.already_verified(auth_data):
        created = _create_user(req, body)
    # the whole new user, as a login answers it (its generated username, its authData)
    return Reply(accounts.login_answer(services, created.body["objectId"]), status=201)


def _union_key(data) -> str | None:
    if isinstance(data, dict) and data.get("unionid") and isinstance(data.get("platform"), str):
        return f"_{data['platform']}_unionid"
    return None


def _union_user(services, data) -> dict | None:
    key = _union_key(data)
    return guards.linked_user(services, key, {"uid": data["unionid"]}) if key else None


def _with_union_entry(platform, data) -> dict:
    """``{platform: data}`` plus the union-id entry when the account is the main one."""
    entries = {platform: data}
    key = _union_key(data)
    if key and data.get("main_account"):
        entries[key] = {"uid": data["unionid"]}
    return entries


def login(req):
    data = body_of(req) if req.method == "POST" else req.args.to_dict()
    field = next((f for f in _LOGIN_FIELDS if data.get(f)), None)
    if field is None:
        raise LeanCloudError(errors.USERNAME_MISSING, "Username is missing or empty.")
    services = req.services
    if field == "mobilePhoneNumber" and data.get("smsCode") and not data.get("password"):
        return codes_flow.log_in_with_sms_code(req, data["mobilePhoneNumber"], data["smsCode"])
    password = data.get("password")
    if not isinstance(password, str) or not password:
        raise LeanCloudError(errors.PASSWORD_MISSING, "Password is missing or empty.")
    user = accounts.find_user(services, field, data[field])
    if user is None:
        raise LeanCloudError(errors.USER_NOT_FOUND, "Could not find user.")
    check_password(services, user, password)
    events.login(services, user["objectId"])
    return accounts.login_answer(services, user["objectId"])


def check_password(services, user: dict, password: str) -> None:
    """Verify a login password under the lockout rule (the attempt is counted before the
    hash is compared); upgrade a legacy hash on success."""
    user_id = user["objectId"]
    lockout.begin_attempt(services, user_id)
    if not passwords.verify(password, user.get("password"), user.get("salt")):
        raise LeanCloudError(errors.PASSWORD_MISMATCH, "The username and password mismatch.")
    lockout.attempt_succeeded(services, user_id)
    if passwords.needs_upgrade(user.get("password")):
        fresh = passwords.hash_password(password)
        services.store.update(USER, user_id, lambda obj: _with_password_hash(obj, fresh))


def _with_password_hash(obj: dict, password_hash: str) -> dict:
    upgraded = {k: v for k, v in obj.items() if k != "salt"}
    upgraded["password"] = password_hash
    return upgraded


def me(req):
    token = req.args.get("session_token") or req.caller.session_token
    user = accounts.require_user_for_token(req.services, token)
    return accounts.login_answer(req.services, user["objectId"])


def find_users(req):
    return find_answer(req, USER)


def get_user(req):
    object_id = req.params["object_id"]
    found = req.services.objects.get(req.caller, USER, object_id, keys=req.args.get("keys"),
                                     include=req.args.get("include"),
                                     return_acl=req.flag("returnACL"))
    if found is None:  # LeanCloud answers 211 here, where other classes answer {}
        raise LeanCloudError(errors.USER_NOT_FOUND, "Could not find user.")
    if req.caller.master or req.caller.user_id == object_id:
        found.update(accounts.owner_only_fields(req.services, object_id))
    return found


def update_user(req):
    object_id = req.params["object_id"]
    return req.services.objects.update(req.caller, USER, object_id, body_of(req),
                                       fetch_when_save=fetch_when_save(req))


def _require_self(req, object_id) -> None:
    """Only the user's own session (or the master key) may act on a user."""
    if not req.caller.master and req.caller.user_id != object_id:
        raise guards.cannot_alter_user()


def delete_user(req):
    object_id = req.params["object_id"]
    req.services.objects.delete(req.caller, USER, object_id)   # guards.guard_user_delete
    accounts.revoke_sessions(req.services, object_id)
    return {}


def refresh_session_token(req):
    object_id = req.params["object_id"]
    _require_self(req, object_id)
    if req.services.store.get(USER, object_id) is None:
        raise LeanCloudError(errors.OBJECT_NOT_FOUND, "Could not find user.")
    accounts.renew_session(req.services, object_id)
    return accounts.login_answer(req.services, object_id)


def update_password(req):
    object_id = req.params["object_id"]
    _require_self(req, object_id)
    body = body_of(req)
    old, new = body.get("old_password"), body.get("new_password")
    if not isinstance(new, str) or not new:
        raise LeanCloudError(errors.PASSWORD_MISSING, "Password is missing or empty.")
    user = req.services.store.get(USER, object_id)
    if user is None:
        raise LeanCloudError(errors.OBJECT_NOT_FOUND, "Could not find user.")
    check_password(req.services, user, old if isinstance(old, str) else "")
    req.services.objects.update(accounts.master(), USER, object_id, {"password": new})
    accounts.password_changed(req.services, object_id)
    return accounts.login_answer(req.services, object_id)


def install() -> None:
    """Plug the users part into the server core: caller resolution, class permissions and
    the write guards of ``_User`` and ``_Role``; read how authData is verified."""
    authdata.configure(os.environ)
    HIDDEN_FIELDS.setdefault(USER, set()).update(accounts.OWNER_ONLY_FIELDS + ("sessionToken",))
    core.set_caller_resolver(principals.resolve_caller)
    core.set_class_permission_check(principals.check_class_permission)
    core.add_write_guard(USER, guards.guard_user)
    core.add_delete_guard(USER, guards.guard_user_delete)
    core.add_write_guard("_Role", guards.guard_role)
