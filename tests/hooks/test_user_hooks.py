"""User hooks through the storage server: sign-up fires the _User save hooks, login fires
onLogin (which may refuse it), a completed SMS verification fires onVerified."""

from __future__ import annotations

import json
import os
import re
import uuid

import requests

from conftest import MASTER_HEADERS


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _users_named(platform, username: str) -> int:
    status, answer = platform.call("GET", "/classes/_User", headers=MASTER_HEADERS, params={
        "where": json.dumps({"username": username}), "count": 1, "limit": 0})
    return answer["count"]


def test_sign_up_runs_the_user_save_hooks(platform):
    for path in ("/users", "/classes/_User"):  # JS and Python SDKs sign up differently
        username = _name("signup")
        status, user = platform.call("POST", path, {"username": username, "password": "pw"})
        assert status == 201, user
        assert user["sessionToken"]
        status, stored = platform.call("GET", f"/users/{user['objectId']}")
        assert stored["nickname"] == "nick-" + username
        assert "password" not in stored and "__before" not in stored
        assert platform.hook_calls()[f"_User.afterSave:{user['objectId']}"] == 1
        # The hook never saw the password, and it was written all the same.
        status, answer = platform.call("POST", "/login", {"username": username, "password": "pw"})
        assert status == 200 and answer["objectId"] == user["objectId"]


def test_sign_up_refused_by_before_save_creates_no_user(platform):
    username = _name("rejected")
    status, answer = platform.call("POST", "/users", {"username": username, "password": "pw"})
    assert status == 400 and answer["code"] == 142 and "no such names" in answer["error"]
    assert _users_named(platform, username) == 0


def _phone() -> str:
    return "+86139" + str(uuid.uuid4().int)[:8]


def _sign_up_by_phone(platform, phone: str, **fields):
    status, answer = platform.call("POST", "/requestSmsCode", {"mobilePhoneNumber": phone})
    assert status == 200, answer
    return platform.call("POST", "/usersByMobilePhone", {
        "mobilePhoneNumber": phone, "smsCode": platform.last_sms_code(phone), **fields})


def test_sign_up_by_sms_code_runs_the_user_save_hooks(platform):
    phone = _phone()
    status, user = _sign_up_by_phone(platform, phone, email=f"{uuid.uuid4().hex[:8]}@example.com",
                                     emailVerified=True)
    assert status == 201 and user["sessionToken"], user
    status, stored = platform.call("GET", f"/users/{user['objectId']}", headers=MASTER_HEADERS)
    assert stored["nickname"] == "nick-" + phone and stored["mobilePhoneVerified"] is True
    assert stored["emailVerified"] is False          # the code proved the phone only
    assert "__before" not in stored
    assert platform.hook_calls()[f"_User.afterSave:{user['objectId']}"] == 1


def test_sign_up_by_sms_code_refused_by_before_save_creates_no_user(platform):
    username = _name("rejected")
    status, answer = _sign_up_by_phone(platform, _phone(), username=username)
    assert status == 400 and answer["code"] == 142 and "no such names" in answer["error"]
    assert _users_named(platform, username) == 0


def test_login_runs_on_login(platform):
    username = _name("login")
    platform.call("POST", "/users", {"username": username, "password": "pw"})
    before = platform.hook_calls().get("onLogin", 0)
    status, answer = platform.call("POST", "/login", {"username": username, "password": "pw"})
    assert status == 200 and answer["sessionToken"]
    assert platform.hook_calls()["onLogin"] == before + 1


def test_on_login_error_refuses_the_login(platform):
    username = _name("banned")
    platform.call("POST", "/users", {"username": username, "password": "pw"})
    status, answer = platform.call("POST", "/login", {"username": username, "password": "pw"})
    assert status == 400 and answer["code"] == 142
    assert "banned users may not log in" in answer["error"]
    assert "sessionToken" not in answer


def test_completed_sms_verification_runs_on_verified(platform):
    phone = "+86139" + str(uuid.uuid4().int)[:8]
    status, user = platform.call("POST", "/users", {"username": _name("phone"), "password": "pw",
                                                    "mobilePhoneNumber": phone})
    assert status == 201, user
    status, answer = platform.call("POST", "/requestMobilePhoneVerify", {"mobilePhoneNumber": phone})
    assert status == 200, answer
    code = platform.last_sms_code(phone)
    status, answer = platform.call("POST", f"/verifyMobilePhone/{code}", {"mobilePhoneNumber": phone})
    assert status == 200, answer
    assert platform.hook_calls()[f"onVerified.sms:{user['objectId']}"] == 1


def test_completed_email_verification_runs_on_verified(platform):
    address = f"{uuid.uuid4().hex[:10]}@example.com"
    status, user = platform.call("POST", "/users", {"username": _name("mail"), "password": "pw",
                                                    "email": address})
    assert status == 201, user
    with open(os.path.join(platform.data, "outbox.jsonl"), encoding="utf-8") as f:
        mails = [json.loads(line) for line in f if address in line]
    link = re.search(r"/1\.1/verifyEmail/[^\s\"]+", mails[-1]["text"]).group(0)
    response = requests.get(platform.url + link, timeout=30)
    assert response.status_code == 200
    assert platform.hook_calls()[f"onVerified.email:{user['objectId']}"] == 1


def test_on_auth_data_rewrites_the_auth_data_looked_up(platform):
    uid = "UID-" + uuid.uuid4().hex[:8].upper()
    status, first = platform.call("POST", "/users", {
        "authData": {"weixin": {"uid": uid, "access_token": "token"}}})
    assert status in (200, 201), first
    status, second = platform.call("POST", "/users", {
        "authData": {"weixin": {"uid": uid.lower(), "access_token": "token"}}})
    assert status in (200, 201), second
    assert second["objectId"] == first["objectId"]
    assert platform.hook_calls()["onAuthData"] >= 2
