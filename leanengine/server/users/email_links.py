"""The pages behind the links that e-mails carry: a password reset form and the address
verification. Opened in a browser (GET: a small HTML page) or called as an API (POST/PUT
with JSON, answered with JSON)."""

from __future__ import annotations

import html
from urllib.parse import parse_qs

from ...protocol import errors, jsontext
from ...protocol.errors import LeanCloudError
from ..request import Reply
from . import codes_flow, events
from .code_records import lookup, spend
from .accounts import USER

RESET = "reset-email"
VERIFY = "verify-email"
_FORM_LIMIT = 64 * 1024


def register(router):
    router.add("/resetPassword/<code>", ["GET"], reset_form, auth=False)
    router.add("/resetPassword/<code>", ["POST", "PUT"], reset_password, auth=False, body="raw",
               max_body=_FORM_LIMIT)
    router.add("/verifyEmail/<code>", ["GET", "POST"], verify_email, auth=False)


def _page(title: str, body: str, status: int = 200) -> Reply:
    page = (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}"
            f"</title></head><body><h1>{html.escape(title)}</h1>{body}</body></html>")
    return Reply(page.encode(), status=status, content_type="text/html; charset=utf-8")


def _expired() -> LeanCloudError:
    return LeanCloudError(errors.OBJECT_NOT_FOUND, "The link is invalid or has expired.")


def reset_form(req):
    if lookup(req.services, RESET, req.params["code"]) is None:
        return _page("This link is invalid or has expired", "", status=404)
    return _page("Choose a new password",
                 "<form method='post'><input type='password' name='password' required> "
                 "<button>Save</button></form>")


def reset_password(req):
    is_form = (req.headers.get("Content-Type") or "").startswith(
        "application/x-www-form-urlencoded")
    password = _password(req.raw or b"", is_form)
    if not password:
        raise LeanCloudError(errors.PASSWORD_MISSING, "Password is missing or empty.")
    row = spend(req.services, (RESET,), req.params["code"], req.params["code"])
    if row is None:
        if is_form:
            return _page("This link is invalid or has expired", "", status=404)
        raise _expired()
    codes_flow.reset_password(req.services, row["userId"], password, {})
    return _page("Your password was changed", "") if is_form else {}


def _password(raw: bytes, is_form: bool) -> str | None:
    try:
        if is_form:
            values = parse_qs(raw.decode(), keep_blank_values=True).get("password") or [None]
            return values[0]
        body = jsontext.loads_client(raw) if raw.strip() else {}
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise LeanCloudError(errors.INVALID_JSON, "Malformed request body.") from None
    password = body.get("password") if isinstance(body, dict) else None
    return password if isinstance(password, str) else None


def verify_email(req):
    row = spend(req.services, (VERIFY,), req.params["code"], req.params["code"])
    user = req.services.store.get(USER, row["userId"]) if row else None
    if user is None or user.get("email") != row.get("address"):
        if req.method == "GET":
            return _page("This link is invalid or has expired", "", status=404)
        raise _expired()
    codes_flow.set_user_fields(req.services, row["userId"], {"emailVerified": True})
    events.verified(req.services, "email", row["userId"])
    return _page("Your email address is verified", "") if req.method == "GET" else {}
