"""SMS and e-mail flows over raw HTTP: codes are generated, delivered to the development
outbox, checked for real, spent once, and wrong ones answer 603."""

import json
import re
import uuid


import users_server
from leanengine.server.query.nodes import Query
from leanengine.server.store import open_store


api = users_server.module_server("codes-data", {"LEANENGINE_SMS_INTERVAL": "0"})


def phone():
    return "+86186" + str(uuid.uuid4().int)[:8]


def username():
    return "c" + uuid.uuid4().hex[:10]


def wrong(code):
    return "000000" if code != "000000" else "111111"


def test_request_and_verify_sms_code(api):
    number = phone()
    assert api.post("/1.1/requestSmsCode", {"mobilePhoneNumber": number}) == (200, {})
    code = api.last_message(number)["code"]
    assert f"SMS to {number}: Your verification code is {code}" in api.log_path.read_text()
    status, body = api.post(f"/1.1/verifySmsCode/{wrong(code)}", {"mobilePhoneNumber": number})
    assert (status, body["code"]) == (400, 603)
    assert api.post(f"/1.1/verifySmsCode/{code}", {"mobilePhoneNumber": number}) == (200, {})
    # a code is spent by its first use
    assert api.post(f"/1.1/verifySmsCode/{code}", {"mobilePhoneNumber": number})[1]["code"] == 603


def test_code_for_one_number_does_not_verify_another(api):
    first, second = phone(), phone()
    api.post("/1.1/requestSmsCode", {"mobilePhoneNumber": first})
    code = api.last_message(first)["code"]
    assert api.post(f"/1.1/verifySmsCode/{code}", {"mobilePhoneNumber": second})[1]["code"] == 603


def test_a_new_request_replaces_the_old_code(api):
    number = phone()
    api.post("/1.1/requestSmsCode", {"mobilePhoneNumber": number})
    old = api.last_message(number)["code"]
    api.post("/1.1/requestSmsCode", {"mobilePhoneNumber": number})
    new = api.last_message(number)["code"]
    if old != new:
        assert api.post(f"/1.1/verifySmsCode/{old}", {"mobilePhoneNumber": number})[1]["code"] == 603
    assert api.post(f"/1.1/verifySmsCode/{new}", {"mobilePhoneNumber": number})[0] == 200


def test_five_wrong_guesses_burn_the_code(api):
    number = phone()
    api.post("/1.1/requestSmsCode", {"mobilePhoneNumber": number})
    code = api.last_message(number)["code"]
    for _ in range(5):
        api.post(f"/1.1/verifySmsCode/{wrong(code)}", {"mobilePhoneNumber": number})
    assert api.post(f"/1.1/verifySmsCode/{code}", {"mobilePhoneNumber": number})[1]["code"] == 603


def test_missing_phone_number(api):
    assert api.post("/1.1/requestSmsCode", {})[1]["code"] == 212


def test_sign_up_or_log_in_by_mobile_phone(api):
    number = phone()
    api.post("/1.1/requestSmsCode", {"mobilePhoneNumber": number})
    code = api.last_message(number)["code"]
    status, body = api.post("/1.1/usersByMobilePhone",
                            {"mobilePhoneNumber": number, "smsCode": wrong(code)})
    assert body["code"] == 603
    status, created = api.post("/1.1/usersByMobilePhone",
                               {"mobilePhoneNumber": number, "smsCode": code, "nick": "n"})
    assert status == 201 and created["sessionToken"]
    assert created["mobilePhoneNumber"] == number and created["mobilePhoneVerified"] is True
    assert created["nick"] == "n" and "smsCode" not in created
    api.post("/1.1/requestSmsCode", {"mobilePhoneNumber": number})
    code = api.last_message(number)["code"]
    status, again = api.post("/1.1/usersByMobilePhone", {"mobilePhoneNumber": number, "smsCode": code})
    assert status == 200 and again["objectId"] == created["objectId"]


def test_login_by_sms_code(api):
    number = phone()
    user = api.sign_up(username(), mobilePhoneNumber=number)
    assert api.post("/1.1/requestLoginSmsCode", {"mobilePhoneNumber": phone()})[1]["code"] == 213
    assert api.post("/1.1/requestLoginSmsCode", {"mobilePhoneNumber": number}) == (200, {})
    code = api.last_message(number)["code"]
    status, body = api.post("/1.1/login", {"mobilePhoneNumber": number, "smsCode": wrong(code)})
    assert body["code"] == 603
    status, body = api.post("/1.1/login", {"mobilePhoneNumber": number, "smsCode": code})
    assert status == 200 and body["objectId"] == user["objectId"] and body["sessionToken"]
    assert "password" not in body


def test_reset_password_by_sms_code(api):
    number, name = phone(), username()
    user = api.sign_up(name, "before", mobilePhoneNumber=number)
    assert api.post("/1.1/requestPasswordResetBySmsCode",
                    {"mobilePhoneNumber": phone()})[1]["code"] == 213
    api.post("/1.1/requestPasswordResetBySmsCode", {"mobilePhoneNumber": number})
    code = api.last_message(number)["code"]
    status, body = api.put(f"/1.1/resetPasswordBySmsCode/{wrong(code)}", {"password": "after"})
    assert body["code"] == 603
    assert api.put(f"/1.1/resetPasswordBySmsCode/{code}", {"password": "after"}) == (200, {})
    assert api.post("/1.1/login", {"username": name, "password": "before"})[1]["code"] == 210
    assert api.post("/1.1/login", {"username": name, "password": "after"})[0] == 200
    # LeanCloud's default: the session survives a password reset
    assert api.get("/1.1/users/me", token=user["sessionToken"])[0] == 200


def test_verify_mobile_phone(api):
    number = phone()
    user = api.sign_up(username(), mobilePhoneNumber=number)
    api.post("/1.1/requestMobilePhoneVerify", {"mobilePhoneNumber": number})
    code = api.last_message(number)["code"]
    assert api.post(f"/1.1/verifyMobilePhone/{wrong(code)}", {})[1]["code"] == 603
    # the JS SDK posts a JSON null body here
    assert api.request("POST", f"/1.1/verifyMobilePhone/{code}", raw=b"null",
                       content_type="application/json") == (200, {})
    me = api.get("/1.1/users/me", token=user["sessionToken"])[1]
    assert me["mobilePhoneVerified"] is True


def test_change_phone_number(api):
    old_number, new_number = phone(), phone()
    user = api.sign_up(username(), mobilePhoneNumber=old_number)
    taken = phone()
    api.sign_up(username(), mobilePhoneNumber=taken)
    token = user["sessionToken"]
    assert api.post("/1.1/requestChangePhoneNumber",
                    {"mobilePhoneNumber": new_number})[1]["code"] == 206
    assert api.post("/1.1/requestChangePhoneNumber", {"mobilePhoneNumber": taken},
                    token=token)[1]["code"] == 214
    assert api.post("/1.1/requestChangePhoneNumber", {"mobilePhoneNumber": new_number, "ttl": 5},
                    token=token) == (200, {})
    code = api.last_message(new_number)["code"]
    assert api.post("/1.1/changePhoneNumber", {"mobilePhoneNumber": new_number,
                                               "code": wrong(code)}, token=token)[1]["code"] == 603
    other = api.sign_up(username())
    assert api.post("/1.1/changePhoneNumber", {"mobilePhoneNumber": new_number, "code": code},
                    token=other["sessionToken"])[1]["code"] == 603
    api.post("/1.1/requestChangePhoneNumber", {"mobilePhoneNumber": new_number}, token=token)
    code = api.last_message(new_number)["code"]
    assert api.post("/1.1/changePhoneNumber", {"mobilePhoneNumber": new_number, "code": code},
                    token=token) == (200, {})
    me = api.get("/1.1/users/me", token=token)[1]
    assert me["mobilePhoneNumber"] == new_number and me["mobilePhoneVerified"] is True


def test_password_reset_by_email_link(api):
    email, name = f"{username()}@example.com", username()
    api.sign_up(name, "before", email=email)
    assert api.post("/1.1/requestPasswordReset", {"email": "nobody@example.com"})[1]["code"] == 205
    assert api.post("/1.1/requestPasswordReset", {"email": email}) == (200, {})
    message = api.last_message(email)
    assert message["channel"] == "email" and message["link"] in message["text"]
    status, body = api.request("POST", message["link"] + "x", {"password": "after"}, key=False)
    assert status == 400
    status, body = api.request("POST", message["link"], {"password": "after"}, key=False)
    assert status == 200
    assert api.post("/1.1/login", {"username": name, "password": "after"})[0] == 200
    # the link works once
    status, _ = api.request("POST", message["link"], {"password": "again"}, key=False)
    assert status == 400


def test_password_reset_form_in_a_browser(api):
    email, name = f"{username()}@example.com", username()
    api.sign_up(name, "before", email=email)
    api.post("/1.1/requestPasswordReset", {"email": email})
    link = api.last_message(email)["link"]
    page = api.http.get(link)
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    assert "<form" in page.text
    done = api.http.post(link, data={"password": "from-the-form"})
    assert done.status_code == 200 and "text/html" in done.headers["Content-Type"]
    assert api.post("/1.1/login", {"username": name, "password": "from-the-form"})[0] == 200
    assert api.http.get(link).status_code == 404


def test_email_verification_link(api):
    email = f"{username()}@example.com"
    user = api.sign_up(username(), email=email)
    assert api.post("/1.1/requestEmailVerify", {"email": "nobody@example.com"})[1]["code"] == 205
    assert api.post("/1.1/requestEmailVerify", {"email": email}) == (200, {})
    link = api.last_message(email)["link"]
    page = api.http.get(link)
    assert page.status_code == 200 and "verified" in page.text
    me = api.get("/1.1/users/me", token=user["sessionToken"])[1]
    assert me["emailVerified"] is True
    assert api.http.get(link).status_code == 404
    assert api.request("POST", link, {}, key=False)[1]["code"] == 101


def test_outbox_and_log_never_carry_passwords(api):
    api.sign_up(username(), "never-logged-pw", email=f"{username()}@example.com")
    assert "never-logged-pw" not in (api.data_dir / "outbox.jsonl").read_text()
    assert "never-logged-pw" not in api.log_path.read_text()


def test_captcha_then_sms_with_validate_token(api):
    status, captcha = api.get("/1.1/requestCaptcha", params={"width": 100, "height": 40})
    assert status == 200 and captcha["captcha_token"]
    image = api.http.get(captcha["captcha_url"])
    assert image.status_code == 200 and image.headers["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG\r\n\x1a\n")
    code = stored_captcha_code(api, captcha["captcha_token"])
    status, body = api.post("/1.1/verifyCaptcha", {"captcha_token": captcha["captcha_token"],
                                                   "captcha_code": "zzzz"})
    assert status == 400
    status, body = api.post("/1.1/verifyCaptcha", {"captcha_token": captcha["captcha_token"],
                                                   "captcha_code": code.lower()})
    assert status == 200 and body["validate_token"]
    number = phone()
    assert api.post("/1.1/requestSmsCode", {"mobilePhoneNumber": number,
                                            "validate_token": body["validate_token"]}) == (200, {})
    # a validate token is spent by its first use; a forged one is refused
    status, _ = api.post("/1.1/requestSmsCode", {"mobilePhoneNumber": number,
                                                 "validate_token": body["validate_token"]})
    assert status == 400
    assert api.post("/1.1/requestSmsCode", {"mobilePhoneNumber": number,
                                            "validate_token": "forged"})[0] == 400


def stored_captcha_code(api, token):
    """The code drawn in the captcha image, read beside the server (a human reads the image)."""
    store = open_store(str(api.data_dir))
    try:
        rows = [row for row in store.find(Query(class_name="_AuthCode"))
                if row.get("target") == token]
        return rows[0]["display"]
    finally:
        store.close()


def test_invalid_phone_number(api):
    assert api.post("/1.1/requestSmsCode", {"mobilePhoneNumber": "12ab"})[1]["code"] == 127


def test_a_sender_named_in_the_environment_delivers_at_most_one_code_a_minute(tmp_path):
    (tmp_path / "my_sender.py").write_text(
        "import json, os\n"
        "from leanengine.server.users.codes import Sender\n"
        "class FileSender(Sender):\n"
        "    def send_sms(self, phone, text, **meta):\n"
        "        with open(os.environ['MY_SENDER_FILE'], 'a') as out:\n"
        "            out.write(json.dumps({'to': phone, 'text': text}) + '\\n')\n")
    delivered = tmp_path / "delivered.jsonl"
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    process, api = users_server.start(data_dir, {
        "LEANENGINE_SENDER": "my_sender:FileSender", "MY_SENDER_FILE": str(delivered),
        "PYTHONPATH": str(tmp_path)})  # the default 60 s between two codes applies
    try:
        number = phone()
        assert api.post("/1.1/requestSmsCode", {"mobilePhoneNumber": number}) == (200, {})
        record = json.loads(delivered.read_text().splitlines()[-1])
        assert record["to"] == number
        code = re.search(r"\d{6}", record["text"]).group()
        assert api.post(f"/1.1/verifySmsCode/{code}", {"mobilePhoneNumber": number}) == (200, {})
        assert not (data_dir / "outbox.jsonl").exists()
        other = phone()
        assert api.post("/1.1/requestSmsCode", {"mobilePhoneNumber": other}) == (200, {})
        status, body = api.post("/1.1/requestSmsCode", {"mobilePhoneNumber": other})
        assert (status, body["code"]) == (400, 601)
        assert len(delivered.read_text().splitlines()) == 2
    finally:
        users_server.stop(process)


def test_guessing_codes_without_a_phone_number_is_bounded_per_code(tmp_path):
    """Guesses naming no number are guesses at every code at once: a code found that way
    is accepted only while fewer than LEANENGINE_BLIND_CODE_GUESSES such guesses were made
    since it was issued; it still works with its number, and strangers never burn it."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    process, api = users_server.start(data_dir, {"LEANENGINE_SMS_INTERVAL": "0",
                                                 "LEANENGINE_BLIND_CODE_GUESSES": "30"})
    try:
        number = phone()
        api.sign_up(username(), "before", mobilePhoneNumber=number)
        api.post("/1.1/requestPasswordResetBySmsCode", {"mobilePhoneNumber": number})
        code = api.last_message(number)["code"]
        guesses = [f"{n:06d}" for n in range(1000) if f"{n:06d}" != code][:30]
        for guess in guesses:
            assert api.put(f"/1.1/resetPasswordBySmsCode/{guess}",
                           {"password": "x"})[1]["code"] == 603
        # the right code no longer works without the number ...
        assert api.put(f"/1.1/resetPasswordBySmsCode/{code}", {"password": "after"})[1]["code"] == 603
        # ... but still does with it
        assert api.put(f"/1.1/resetPasswordBySmsCode/{code}",
                       {"password": "after", "mobilePhoneNumber": number}) == (200, {})
        # and the next code starts afresh, without the number too
        api.post("/1.1/requestPasswordResetBySmsCode", {"mobilePhoneNumber": number})
        code = api.last_message(number)["code"]
        assert api.put(f"/1.1/resetPasswordBySmsCode/{code}", {"password": "again"}) == (200, {})
    finally:
        users_server.stop(process)
