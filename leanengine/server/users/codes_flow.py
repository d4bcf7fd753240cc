"""SMS and e-mail flows: request a code (or a link), then prove it (the e-mail links
themselves are answered by ``email_links``)."""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager

from ...protocol import errors
from ...protocol.errors import LeanCloudError
from ..request import Reply
from .. import hooks
from . import accounts, captcha, events, guards, lockout, tokens
from .code_records import discard, issue, spend
from .delivery import base_url, sender_for
from .accounts import USER

log = logging.getLogger("leanengine.server.sender")

SMS_CODE_INVALID = errors.INVALID_SMS_CODE
LINK_TTL = {"reset-email": 6 * 3600, "verify-email": 24 * 3600}


def register(router):
    router.add("/requestSmsCode", ["POST"], request_sms_code)
    router.add("/verifySmsCode/<code>", ["POST"], verify_sms_code)
    router.add("/usersByMobilePhone", ["POST"], users_by_mobile_phone)
    router.add("/requestLoginSmsCode", ["POST"], request_login_sms_code)
    router.add("/requestPasswordResetBySmsCode", ["POST"], request_password_reset_by_sms)
    router.add("/resetPasswordBySmsCode/<code>", ["PUT", "POST"], reset_password_by_sms)
    router.add("/requestMobilePhoneVerify", ["POST"], request_mobile_phone_verify)
    router.add("/verifyMobilePhone/<code>", ["POST"], verify_mobile_phone)
    router.add("/requestChangePhoneNumber", ["POST"], request_change_phone_number)
    router.add("/changePhoneNumber", ["POST"], change_phone_number)
    router.add("/requestPasswordReset", ["POST"], request_password_reset)
    router.add("/requestEmailVerify", ["POST"], request_email_verify)


# --- issuing and spending codes ------------------------------------------------------------

def _spend_or_fail(services, purposes, code, target=None) -> dict:
    row = spend(services, purposes, code, target)
    if row is None:
        raise LeanCloudError(SMS_CODE_INVALID, "Invalid SMS code.")
    return row


SMS_TOO_FREQUENT = 601


def sms_interval() -> float:
    """Seconds between two codes of one purpose to one number (``LEANENGINE_SMS_INTERVAL``,
    60 by default; 0 turns the limit off)."""
    try:
        return float(os.environ.get("LEANENGINE_SMS_INTERVAL", 60))
    except ValueError:
        return 60.0


def _send_sms_code(services, sender, phone: str, purpose: str, ttl: float,
                   user_id=None) -> None:
    """Issue and send a code through ``sender`` (resolved before the request wrote
    anything: 503 without one); a code the sender failed to deliver is taken back with its
    place in the interval. One code per interval, however many requests race for it."""
    interval_key = f"sms-sent:{purpose}:{phone}"
    interval = sms_interval()
    if interval > 0 and services.store.add_to_counter(interval_key, limit=1,
                                                      idle=interval) is None:
        raise LeanCloudError(SMS_TOO_FREQUENT, "SMS sent too frequently; try again later.")
    try:
        code = issue(services, purpose, phone, ttl, user_id)
        with _taken_back_on_failure(services, purpose, phone):
            sender.send_sms(phone, f"Your verification code is {code}, valid for "
                                   f"{max(1, int(ttl // 60))} minutes.",
                            purpose=purpose, code=code)
    except BaseException:
        services.store.drop_counter(interval_key)
        raise


@contextmanager
def _taken_back_on_failure(services, purpose: str, target: str):
    """Around a send: a failed one takes its code back and answers 503 (the sender's own
    LeanCloud error, if it raised one)."""
    try:
        yield
    except BaseException as failure:
        discard(services, purpose, target)
        if isinstance(failure, LeanCloudError) or not isinstance(failure, Exception):
            raise
        log.exception("A %s message could not be sent.", purpose)
        raise LeanCloudError(errors.OTHER_CAUSE, "The message could not be sent; try again "
                             "later.", status=503) from None


def _send_link(req, sender, address: str, purpose: str, user_id: str, path: str,
               subject: str) -> None:
    """Issue and send an e-mail link (``sender``: resolved before the request wrote
    anything); a link the sender failed to deliver is taken back."""
    token = tokens.new_link_token()
    issue(req.services, purpose, token, LINK_TTL[purpose], user_id, code=token,
          extra={"address": address})
    link = f"{base_url(req)}/1.1/{path}/{token}"
    with _taken_back_on_failure(req.services, purpose, token):
        sender.send_email(address, subject, f"{subject}: {link}", purpose=purpose, link=link,
                          token=token)


# --- request helpers -----------------------------------------------------------------------

def _body(req) -> dict:
    body = {} if req.json is None else req.json  # the JS SDK sends a JSON null for "no body"
    if not isinstance(body, dict):
        raise LeanCloudError(errors.INVALID_JSON, "The request body must be a JSON object.")
    return body


def _phone(body) -> str:
    phone = body.get("mobilePhoneNumber")
    if not isinstance(phone, str) or not phone.strip():
        raise LeanCloudError(errors.MOBILE_PHONE_MISSING, "Mobile phone number is missing.")
    return guards.checked_phone(phone.strip())


def _email(body) -> str:
    email = body.get("email")
    if not isinstance(email, str) or not email.strip():
        raise LeanCloudError(errors.EMAIL_MISSING, "Email address is missing.")
    return email.strip()


def _ttl(body) -> float:
    ttl = body.get("ttl", 10)
    if not isinstance(ttl, int) or isinstance(ttl, bool) or not 1 <= ttl <= 1440:
        raise LeanCloudError(errors.INVALID_JSON, "ttl must be a number of minutes (1-1440).")
    return ttl * 60.0


def _user_by_phone(services, phone: str) -> dict:
    user = accounts.find_user(services, "mobilePhoneNumber", phone)
    if user is None:
        raise LeanCloudError(errors.MOBILE_PHONE_NOT_FOUND, "Mobile phone number not found.")
    return user


def _user_by_email(services, email: str) -> dict:
    user = accounts.find_user(services, "email", email)
    if user is None:
        raise LeanCloudError(errors.EMAIL_NOT_FOUND, "Email address not found.")
    return user


def _signed_in_user_id(req) -> str:
    if not req.caller.user_id:
        raise LeanCloudError(errors.SESSION_MISSING, "A session token is required.")
    return req.caller.user_id


def set_user_fields(services, user_id: str, fields: dict) -> None:
    services.objects.update(accounts.master(), USER, user_id, fields)


# --- SMS -----------------------------------------------------------------------------------

def request_sms_code(req):
    body = _body(req)
    sender = sender_for(req.services)
    captcha.check_validate_token(req.services, body)
    _send_sms_code(req.services, sender, _phone(body), "sms", _ttl(body))
    return {}


def verify_sms_code(req):
    body = _body(req)
    _spend_or_fail(req.services, ("sms",), req.params["code"], _phone(body))
    return {}


_SERVER_SET_USER_FIELDS = ("objectId", "emailVerified", "mobilePhoneVerified", "ACL")


def users_by_mobile_phone(req):
    """Sign up or log in with a phone number and the SMS code sent to it."""
    # The body becomes the new user, written with the master key: never with fields only
    # the server sets (an old user's objectId would inherit its ACL entries).
    body = {k: v for k, v in _body(req).items() if k not in _SERVER_SET_USER_FIELDS}
    phone = _phone(body)
    services = req.services
    code = body.pop("smsCode", None)
    user = accounts.find_user(services, "mobilePhoneNumber", phone)
    if user is not None:
        _spend_login_code(services, user["objectId"], phone, code)
        if not user.get("mobilePhoneVerified"):
            set_user_fields(services, user["objectId"], {"mobilePhoneVerified": True})
            events.verified(services, "sms", user["objectId"])
        events.login(services, user["objectId"])
        return accounts.login_answer(services, user["objectId"])
    _spend_or_fail(services, ("sms", "login"), code, phone)
    body.update(mobilePhoneNumber=phone, mobilePhoneVerified=True)
    body.setdefault("username", phone)
    services.check_class_permission(req.caller, USER, "create")
    written = hooks.before_sign_up(services, req.caller, USER, body)  # not in the transaction
    with services.store.transaction():
        created = services.objects.create(accounts.master(), USER, written)
        user_id = created["objectId"]
        services.store.update(USER, user_id,
                              lambda obj: {**obj, "ACL": accounts.default_acl(user_id)})
    hooks.after_sign_up(services, req.caller, USER, user_id, body)
    return Reply(accounts.login_answer(services, user_id), status=201)


def request_login_sms_code(req):
    body = _body(req)
    sender = sender_for(req.services)
    captcha.check_validate_token(req.services, body)
    phone = _phone(body)
    user = _user_by_phone(req.services, phone)
    _send_sms_code(req.services, sender, phone, "login", 600, user["objectId"])
    return {}


def log_in_with_sms_code(req, phone: str, code) -> dict:
    services = req.services
    user = accounts.find_user(services, "mobilePhoneNumber", phone)
    if user is None:
        raise LeanCloudError(errors.USER_NOT_FOUND, "Could not find user.")
    _spend_login_code(services, user["objectId"], phone, code)
    events.login(services, user["objectId"])
    return accounts.login_answer(services, user["objectId"])


def _spend_login_code(services, user_id: str, phone: str, code) -> None:
    """A login by code is a login attempt: counted before the code is checked (a wrong code
    is a failed login; a locked account refuses even the right one, 219)."""
    lockout.begin_attempt(services, user_id)
    _spend_or_fail(services, ("login", "sms"), code, phone)
    lockout.attempt_succeeded(services, user_id)


def request_password_reset_by_sms(req):
    return _send_code_to_user(req, "reset")


def reset_password_by_sms(req):
    body = _body(req)
    password = body.get("password")
    if not isinstance(password, str) or not password:
        raise LeanCloudError(errors.PASSWORD_MISSING, "Password is missing or empty.")
    target = _phone(body) if body.get("mobilePhoneNumber") else None
    row = _spend_or_fail(req.services, ("reset",), req.params["code"], target)
    reset_password(req.services, row["userId"], password, {"mobilePhoneVerified": True})
    return {}


def reset_password(services, user_id: str, password: str, extra: dict) -> None:
    set_user_fields(services, user_id, {"password": password, **extra})
    accounts.password_changed(services, user_id)
    lockout.unlock(services, user_id)


def request_mobile_phone_verify(req):
    return _send_code_to_user(req, "verify")


def _send_code_to_user(req, kind: str) -> dict:
    """A code of ``kind`` for the user who has the body's phone number (10 minutes)."""
    body = _body(req)
    sender = sender_for(req.services)
    captcha.check_validate_token(req.services, body)
    phone = _phone(body)
    user = _user_by_phone(req.services, phone)
    _send_sms_code(req.services, sender, phone, kind, 600, user["objectId"])
    return {}


def verify_mobile_phone(req):
    body = _body(req)
    target = _phone(body) if body.get("mobilePhoneNumber") else None
    row = _spend_or_fail(req.services, ("verify",), req.params["code"], target)
    user = req.services.store.get(USER, row["userId"])
    if user is None or user.get("mobilePhoneNumber") != row["target"]:
        raise LeanCloudError(SMS_CODE_INVALID, "Invalid SMS code.")
    set_user_fields(req.services, row["userId"], {"mobilePhoneVerified": True})
    events.verified(req.services, "sms", row["userId"])
    return {}


def request_change_phone_number(req):
    user_id = _signed_in_user_id(req)
    body = _body(req)
    sender = sender_for(req.services)
    captcha.check_validate_token(req.services, body)
    phone = _phone(body)
    if accounts.find_user(req.services, "mobilePhoneNumber", phone):
        raise LeanCloudError(errors.MOBILE_PHONE_TAKEN,
                             "Mobile phone number has already been taken.")
    _send_sms_code(req.services, sender, phone, _change_purpose(user_id), _ttl(body), user_id)
    return {}


def _change_purpose(user_id: str) -> str:
    """Codes to change a number are the requesting user's: another user asking for the
    same number neither replaces nor burns them."""
    return f"change:{user_id}"


def change_phone_number(req):
    user_id = _signed_in_user_id(req)
    body = _body(req)
    phone = _phone(body)
    row = spend(req.services, (_change_purpose(user_id),), body.get("code"), phone)
    if row is None or row.get("userId") != user_id:
        raise LeanCloudError(SMS_CODE_INVALID, "Invalid SMS code.")
    set_user_fields(req.services, user_id, {"mobilePhoneNumber": phone,
                                            "mobilePhoneVerified": True})
    events.verified(req.services, "sms", user_id)
    return {}


# --- e-mail --------------------------------------------------------------------------------

def email_verification_sender(req, body: dict):
    """The sender a sign-up will verify its address with (None: the body has no address);
    asked before the user is written, so that a server that cannot send refuses the
    sign-up (503) instead of half-doing it."""
    email = body.get("email")
    return sender_for(req.services) if isinstance(email, str) and email else None


def send_email_verification(req, sender, body: dict, user_id: str) -> None:
    """After the sign-up committed: a sender that fails now loses only the mail (logged;
    ``requestEmailVerify`` sends another), the account stays whole and answered."""
    try:
        _send_link(req, sender, body["email"], "verify-email", user_id, "verifyEmail",
                   "Verify your email address")
    except LeanCloudError as failure:
        log.warning("The verification e-mail of user %s was not sent: %s", user_id, failure)


def request_password_reset(req):
    email = _email(_body(req))
    sender = sender_for(req.services)
    user = _user_by_email(req.services, email)
    _send_link(req, sender, email, "reset-email", user["objectId"], "resetPassword",
               "Reset your password")
    return {}


def request_email_verify(req):
    email = _email(_body(req))
    sender = sender_for(req.services)
    user = _user_by_email(req.services, email)
    _send_link(req, sender, email, "verify-email", user["objectId"], "verifyEmail",
               "Verify your email address")
    return {}

