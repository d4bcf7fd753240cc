"""Bad input on every users, roles, permissions and files route answers a LeanCloud error
({"code", "error"} and a 4xx status), never a 500."""

import pytest

import users_server

ROUTES = [
    ("POST", "/1.1/users"), ("POST", "/1.1/classes/_User"), ("POST", "/1.1/login"),
    ("PUT", "/1.1/users/0123456789abcdef01234567"),
    ("PUT", "/1.1/users/0123456789abcdef01234567/updatePassword"),
    ("PUT", "/1.1/users/0123456789abcdef01234567/refreshSessionToken"),
    ("POST", "/1.1/requestSmsCode"), ("POST", "/1.1/verifySmsCode/123456"),
    ("POST", "/1.1/usersByMobilePhone"), ("POST", "/1.1/requestLoginSmsCode"),
    ("POST", "/1.1/requestPasswordResetBySmsCode"), ("PUT", "/1.1/resetPasswordBySmsCode/123456"),
    ("POST", "/1.1/requestMobilePhoneVerify"), ("POST", "/1.1/verifyMobilePhone/123456"),
    ("POST", "/1.1/requestChangePhoneNumber"), ("POST", "/1.1/changePhoneNumber"),
    ("POST", "/1.1/requestPasswordReset"), ("POST", "/1.1/requestEmailVerify"),
    ("POST", "/1.1/resetPassword/nope"), ("POST", "/1.1/verifyCaptcha"),
    ("POST", "/1.1/users/0123456789abcdef01234567/friendship/0123456789abcdef01234568"),
    ("POST", "/1.1/roles"), ("PUT", "/1.1/roles/0123456789abcdef01234567"),
    ("PUT", "/1.1/schemas/Anything"), ("POST", "/1.1/files"), ("POST", "/1.1/fileTokens"),
    ("POST", "/1.1/fileCallback"),
]
BODIES = ["[1, 2]", "{", '"text"', "{}", '{"username": 5, "password": [1], "email": {},'
          ' "mobilePhoneNumber": 7, "authData": "x", "name": 3, "ACL": 4, "key": 9,'
          ' "token": 1, "code": {}, "ttl": "x", "old_password": 1, "new_password": {},'
          ' "smsCode": [], "classLevelPermissions": 5, "captcha_token": 1, "url": 2}']


api = users_server.module_server("bad-input-data", {"LEANENGINE_SMS_INTERVAL": "0"})


@pytest.mark.parametrize("method, path", ROUTES)
@pytest.mark.parametrize("master", [False, True])
def test_bad_bodies_get_leancloud_errors(api, method, path, master):
    for raw in BODIES:
        status, answer = api.request(method, path, raw=raw.encode(), master=master,
                                     content_type="application/json")
        assert 400 <= status < 500, (raw, status, answer)
        assert isinstance(answer, dict) and isinstance(answer.get("code"), int), (raw, answer)
        assert isinstance(answer.get("error"), str)


@pytest.mark.parametrize("path, params", [
    ("/1.1/users", {"where": "{bad"}), ("/1.1/users", {"where": "[1]", "limit": "x"}),
    ("/1.1/users/me", {"session_token": "[1]"}), ("/1.1/roles", {"where": "{"}),
    ("/1.1/requestCaptcha", {"width": "wide", "height": "-5", "size": "x"}),
    ("/1.1/users/0123456789abcdef01234567/followers", {"where": "{"}),
    ("/1.1/users/0123456789abcdef01234567/followersAndFollowees", {"where": "[]"}),
    ("/1.1/files", {"where": "{"}), ("/1.1/login", {"username": "x"}),
    ("/1.1/captchas/unknown", {}), ("/1.1/resetPassword/unknown", {}),
    ("/1.1/verifyEmail/unknown", {}),
])
def test_bad_query_strings_never_answer_500(api, path, params):
    status, answer = api.get(path, params=params)
    assert status < 500, answer
