"""With LeanCloud's "log in again after a password change" option
(LEANENGINE_RELOGIN_AFTER_PASSWORD_CHANGE=1), a password change or reset ends the session."""

import uuid


import users_server


api = users_server.module_server("relogin-data", {
    "LEANENGINE_RELOGIN_AFTER_PASSWORD_CHANGE": "1", "LEANENGINE_SMS_INTERVAL": "0"})


def test_update_password_renews_the_token(api):
    user = api.sign_up("r" + uuid.uuid4().hex[:10], "old")
    status, body = api.put(f"/1.1/users/{user['objectId']}/updatePassword",
                           {"old_password": "old", "new_password": "new"}, token=user["sessionToken"])
    assert status == 200 and body["sessionToken"] != user["sessionToken"]
    assert api.get("/1.1/users/me", token=user["sessionToken"])[1]["code"] == 211
    assert api.get("/1.1/users/me", token=body["sessionToken"])[0] == 200


def test_reset_by_sms_ends_the_session(api):
    number = "+86188" + str(uuid.uuid4().int)[:8]
    user = api.sign_up("r" + uuid.uuid4().hex[:10], "old", mobilePhoneNumber=number)
    api.post("/1.1/requestPasswordResetBySmsCode", {"mobilePhoneNumber": number})
    code = api.last_message(number)["code"]
    assert api.put(f"/1.1/resetPasswordBySmsCode/{code}", {"password": "new"}) == (200, {})
    assert api.get("/1.1/users/me", token=user["sessionToken"])[1]["code"] == 211
