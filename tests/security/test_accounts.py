"""Attacks on accounts: guessing passwords and one-time codes faster than the limits allow
(concurrently, across two server processes, or by charging the guesses to someone else),
half-done sign-ups and code requests on a server that cannot deliver, and a captcha read
by a program instead of a person."""

import json
import sqlite3
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

import users_server
from test_users_processes import pair  # noqa: F401 (a fixture: two servers over one data dir)
from leanengine.server.query.nodes import Query
from leanengine.server.store import open_store

api = users_server.module_server("accounts-attacks", {"LEANENGINE_SMS_INTERVAL": "0"})

MAX_LOGIN_FAILURES = 6
MAX_CODE_GUESSES = 5


def name():
    return "a" + uuid.uuid4().hex[:10]


def phone():
    return "+86186" + str(uuid.uuid4().int)[:8]


def wrong_codes(right, count):
    return [f"{n:06d}" for n in range(count + 1) if f"{n:06d}" != right][:count]


def all_at_once(calls):
    """Run ``calls`` (functions answering (status, body)) in threads released together."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def raw_post(target, path, body, method="POST"):
    """A call with a connection of its own (one per thread), as an attacker's script makes."""
    def call():
        response = requests.request(method, target.url + path, data=json.dumps(body),
                                    headers={**target.headers(),
                                             "Content-Type": "application/json"}, timeout=120)
        return response.status_code, response.json()
    return call


def codes_of(answers):
    return [body.get("code") for _, body in answers]


def auth_codes(data_dir):
    store = open_store(str(data_dir))
    try:
        return store.find(Query(class_name="_AuthCode"))
    finally:
        store.close()


def counters(data_dir, prefix):
    """The store's attempt counters whose key starts with ``prefix``, read beside the server."""
    with sqlite3.connect(data_dir / "data.sqlite3") as db:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'counters'").fetchone():
            return []
        return db.execute("SELECT key, value FROM counters WHERE key LIKE ?",
                          (prefix + "%",)).fetchall()


# --- login lockout ---------------------------------------------------------------------------

def test_sixty_concurrent_wrong_passwords_get_six_checks(api):
    username = name()
    api.sign_up(username, "right-password")
    answers = all_at_once([raw_post(api, "/1.1/login", {"username": username,
                                                        "password": f"guess-{n}"})
                           for n in range(60)])
    assert codes_of(answers).count(210) <= MAX_LOGIN_FAILURES
    assert set(codes_of(answers)) <= {210, 219}
    assert api.post("/1.1/login", {"username": username,
                                   "password": "right-password"})[1]["code"] == 219


def test_concurrent_guesses_split_over_two_processes_share_one_lockout(pair):
    first, second = pair
    username = name()
    first.sign_up(username, "right-password")
    answers = all_at_once([raw_post(first if n % 2 else second, "/1.1/login",
                                    {"username": username, "password": f"guess-{n}"})
                           for n in range(60)])
    assert codes_of(answers).count(210) <= MAX_LOGIN_FAILURES
    for server in pair:
        assert server.post("/1.1/login", {"username": username,
                                          "password": "right-password"})[1]["code"] == 219


def test_the_owners_logins_hand_a_guesser_no_fresh_guesses(api):
    username = name()
    api.sign_up(username, "right-password")
    for _ in range(MAX_LOGIN_FAILURES - 1):
        assert api.post("/1.1/login", {"username": username, "password": "x"})[1]["code"] == 210
    for _ in range(3):      # the owner logs in, again and again
        assert api.post("/1.1/login", {"username": username,
                                       "password": "right-password"})[0] == 200
    assert api.post("/1.1/login", {"username": username, "password": "x"})[1]["code"] == 210
    assert api.post("/1.1/login", {"username": username, "password": "y"})[1]["code"] == 219


@pytest.mark.parametrize("path", ["/1.1/login", "/1.1/usersByMobilePhone"])
def test_wrong_login_codes_count_as_failed_logins_and_concurrency_does_not_help(api, path):
    number = phone()
    username = name()
    api.sign_up(username, "right-password", mobilePhoneNumber=number)
    api.post("/1.1/requestLoginSmsCode", {"mobilePhoneNumber": number})
    code = api.last_message(number)["code"]
    answers = all_at_once([raw_post(api, path, {"mobilePhoneNumber": number, "smsCode": guess})
                           for guess in wrong_codes(code, 40)])
    assert set(codes_of(answers)) <= {603, 219}
    assert codes_of(answers).count(603) <= MAX_LOGIN_FAILURES
    status, body = api.post(path, {"mobilePhoneNumber": number, "smsCode": code})
    assert (status, body["code"]) == (400, 219)
    assert api.post("/1.1/login", {"username": username,
                                   "password": "right-password"})[1]["code"] == 219


def test_unknown_usernames_answer_as_before_and_leave_no_lockout_state(api):
    ghost = name()
    answers = [api.post("/1.1/login", {"username": ghost, "password": f"g{n}"})
               for n in range(MAX_LOGIN_FAILURES + 2)]
    assert {(status, body["code"]) for status, body in answers} == {(400, 211)}
    assert not [key for key, _ in counters(api.data_dir, "login-attempts:") if ghost in key]


# --- one-time codes --------------------------------------------------------------------------

def test_strangers_guessing_codes_do_not_lock_the_owner_out(api):
    number = phone()
    username = name()
    api.sign_up(username, "before", mobilePhoneNumber=number)
    api.post("/1.1/requestPasswordResetBySmsCode", {"mobilePhoneNumber": number})
    code = api.last_message(number)["code"]
    for guess in wrong_codes(code, 100):     # without a number
        assert api.put(f"/1.1/resetPasswordBySmsCode/{guess}", {"password": "x"})[1]["code"] == 603
    for guess in wrong_codes(code, 20):      # for numbers nobody has
        assert api.put(f"/1.1/resetPasswordBySmsCode/{guess}",
                       {"password": "x", "mobilePhoneNumber": phone()})[1]["code"] == 603
    assert api.put(f"/1.1/resetPasswordBySmsCode/{code}", {"password": "after"}) == (200, {})
    assert api.post("/1.1/login", {"username": username, "password": "after"})[0] == 200


def test_guessing_e_mail_link_tokens_leaves_the_owners_link_working(api):
    username = name()
    address = f"{username}@example.com"
    api.sign_up(username, "before", email=address)
    assert api.post("/1.1/requestPasswordReset", {"email": address}) == (200, {})
    link = [m for m in api.outbox() if m["to"] == address and m["purpose"] == "reset-email"][-1]
    for n in range(30):
        assert api.request("POST", f"/1.1/resetPassword/guess{n:04d}", {"password": "x"},
                           key=False)[1]["code"] == 101
    assert api.request("POST", link["link"], {"password": "after"}, key=False) == (200, {})
    assert api.post("/1.1/login", {"username": username, "password": "after"})[0] == 200


@pytest.mark.parametrize("purpose", ["sms", "reset", "verify", "login"])
def test_guesses_at_one_number_burn_its_code_only(api, purpose):
    request, check = {
        "sms": ("/1.1/requestSmsCode", lambda n, c: api.post(f"/1.1/verifySmsCode/{c}",
                                                              {"mobilePhoneNumber": n})),
        "reset": ("/1.1/requestPasswordResetBySmsCode",
                  lambda n, c: api.put(f"/1.1/resetPasswordBySmsCode/{c}",
                                       {"password": "new", "mobilePhoneNumber": n})),
        "verify": ("/1.1/requestMobilePhoneVerify",
                   lambda n, c: api.post(f"/1.1/verifyMobilePhone/{c}", {"mobilePhoneNumber": n})),
        "login": ("/1.1/requestLoginSmsCode",
                  lambda n, c: api.post("/1.1/usersByMobilePhone",
                                        {"mobilePhoneNumber": n, "smsCode": c})),
    }[purpose]
    victim, bystander = phone(), phone()
    for number in (victim, bystander):
        if purpose != "sms":
            api.sign_up(name(), mobilePhoneNumber=number)
        api.post(request, {"mobilePhoneNumber": number})
    victim_code = api.last_message(victim)["code"]
    bystander_code = api.last_message(bystander)["code"]
    for guess in wrong_codes(victim_code, MAX_CODE_GUESSES):
        assert check(victim, guess)[1]["code"] == 603
    assert check(victim, victim_code)[1]["code"] == 603          # burnt
    assert check(bystander, bystander_code)[0] in (200, 201)     # untouched


def test_concurrent_guesses_over_two_processes_burn_the_code(pair):
    first, second = pair
    number = phone()
    first.post("/1.1/requestSmsCode", {"mobilePhoneNumber": number})
    code = first.last_message(number)["code"]
    answers = all_at_once([raw_post(first if n % 2 else second, f"/1.1/verifySmsCode/{guess}",
                                    {"mobilePhoneNumber": number})
                           for n, guess in enumerate(wrong_codes(code, 40))])
    assert set(codes_of(answers)) == {603}
    assert second.post(f"/1.1/verifySmsCode/{code}",
                       {"mobilePhoneNumber": number})[1]["code"] == 603
    taken = [value for key, value in counters(first.data_dir, "code-guesses:")]
    assert taken and max(taken) <= MAX_CODE_GUESSES


def test_another_user_cannot_replace_or_burn_my_change_of_number_code(api):
    me = api.sign_up(name())
    other = api.sign_up(name())
    new_number = phone()
    assert api.post("/1.1/requestChangePhoneNumber", {"mobilePhoneNumber": new_number},
                    token=me["sessionToken"]) == (200, {})
    my_code = api.last_message(new_number)["code"]
    api.post("/1.1/requestChangePhoneNumber", {"mobilePhoneNumber": new_number},
             token=other["sessionToken"])
    for guess in wrong_codes(my_code, MAX_CODE_GUESSES):
        api.post("/1.1/changePhoneNumber", {"mobilePhoneNumber": new_number, "code": guess},
                 token=other["sessionToken"])
    assert api.post("/1.1/changePhoneNumber", {"mobilePhoneNumber": new_number, "code": my_code},
                    token=me["sessionToken"]) == (200, {})
    assert api.get("/1.1/users/me", token=me["sessionToken"])[1]["mobilePhoneNumber"] == new_number


def test_concurrent_code_requests_send_one_code_per_interval(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    processes = [users_server.start(data_dir, {"LEANENGINE_SMS_INTERVAL": "60"})
                 for _ in range(2)]
    try:
        (_, first), (_, second) = processes
        number = phone()
        answers = all_at_once([raw_post(first if n % 2 else second, "/1.1/requestSmsCode",
                                        {"mobilePhoneNumber": number}) for n in range(20)])
        assert sorted(status for status, _ in answers) == [200] + [400] * 19
        assert len([m for m in first.outbox() if m["to"] == number]) == 1
    finally:
        for process, _ in processes:
            users_server.stop(process)


# --- all or nothing without a sender ---------------------------------------------------------

production = users_server.module_server("accounts-production",
                                        {"LEANCLOUD_APP_ENV": "production",
                                         "LEANENGINE_SENDER": ""})


def test_sign_up_with_an_email_is_refused_whole_when_nothing_can_send_it(production):
    username = name()
    status, body = production.post("/1.1/users", {"username": username, "password": "pw",
                                                  "email": f"{username}@example.com"})
    assert (status, body["code"]) == (503, 1)
    found = production.get("/1.1/users", params={"where": {"username": username}},
                           master=True)[1]["results"]
    assert found == []
    assert production.post("/1.1/users", {"username": username, "password": "pw"})[0] == 201


@pytest.mark.parametrize("path, body, signed_in", [
    ("/1.1/requestSmsCode", {"mobilePhoneNumber": "NEW"}, False),
    ("/1.1/requestPasswordResetBySmsCode", {"mobilePhoneNumber": "USER"}, False),
    ("/1.1/requestLoginSmsCode", {"mobilePhoneNumber": "USER"}, False),
    ("/1.1/requestMobilePhoneVerify", {"mobilePhoneNumber": "USER"}, False),
    ("/1.1/requestChangePhoneNumber", {"mobilePhoneNumber": "NEW"}, True),
    ("/1.1/requestPasswordReset", {"email": "USER"}, False),
    ("/1.1/requestEmailVerify", {"email": "USER"}, False),
])
def test_code_and_link_requests_write_nothing_when_nothing_can_send_them(production, path, body,
                                                                         signed_in):
    number, username = phone(), name()
    address = f"{username}@example.com"
    user = production.post("/1.1/users", {"username": username, "password": "pw",
                                          "mobilePhoneNumber": number})[1]
    production.put(f"/1.1/users/{user['objectId']}", {"email": address}, master=True)
    values = {"NEW": phone(), "USER": address if "email" in body else number}
    before = auth_codes(production.data_dir)
    status, answer = production.post(path, {k: values[v] for k, v in body.items()},
                                     token=user["sessionToken"] if signed_in else None)
    assert (status, answer["code"]) == (503, 1)
    assert auth_codes(production.data_dir) == before
    assert counters(production.data_dir, "sms-sent:") == []


def test_a_sender_that_cannot_be_loaded_refuses_whole_requests(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    process, server = users_server.start(data_dir, {"LEANENGINE_SENDER": "no_such_module:Sender"})
    try:
        username = name()
        status, body = server.post("/1.1/users", {"username": username, "password": "pw",
                                                  "email": f"{username}@example.com"})
        assert (status, body["code"]) == (503, 1)
        status, body = server.post("/1.1/requestSmsCode", {"mobilePhoneNumber": phone()})
        assert (status, body["code"]) == (503, 1)
        assert server.get("/1.1/users", params={"where": {"username": username}},
                          master=True)[1]["results"] == []
        assert auth_codes(data_dir) == []
    finally:
        users_server.stop(process)


def test_a_sender_failing_after_sign_up_leaves_a_whole_account_and_no_dead_links(tmp_path):
    (tmp_path / "broken_sender.py").write_text(
        "from leanengine.server.users.codes import Sender\n"
        "class BrokenSender(Sender):\n"
        "    def send_email(self, address, subject, text, **meta):\n"
        "        raise ConnectionError('mail server down')\n"
        "    send_sms = send_email\n")
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    process, server = users_server.start(data_dir, {
        "LEANCLOUD_APP_ENV": "production", "LEANENGINE_SENDER": "broken_sender:BrokenSender",
        "PYTHONPATH": str(tmp_path)})
    try:
        username = name()
        status, created = server.post("/1.1/users", {"username": username, "password": "pw",
                                                     "email": f"{username}@example.com"})
        assert status == 201 and created["sessionToken"]
        assert server.post("/1.1/login", {"username": username, "password": "pw"})[0] == 200
        assert auth_codes(data_dir) == []
        status, body = server.post("/1.1/requestEmailVerify",
                                   {"email": f"{username}@example.com"})
        assert (status, body["code"]) == (503, 1) and auth_codes(data_dir) == []
    finally:
        users_server.stop(process)


# --- captcha ---------------------------------------------------------------------------------

def _captcha(server):
    status, answer = server.get("/1.1/requestCaptcha", params={"width": 100, "height": 40})
    assert status == 200 and set(answer) == {"captcha_token", "captcha_url"}
    record = [row for row in auth_codes(server.data_dir)
              if row.get("target") == answer["captcha_token"]]
    return answer, record[0]["display"]


def test_the_captcha_is_an_image_with_no_code_in_its_bytes(api):
    answer, code = _captcha(api)
    image = requests.get(answer["captcha_url"], timeout=30)
    assert image.status_code == 200 and image.headers["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG\r\n\x1a\n")
    for form in (code, code.lower(), " ".join(code), "".join(f"{c}\x00" for c in code)):
        assert form.encode() not in image.content
    # drawn once: fetching it again shows the same noise, nothing to average away
    assert requests.get(answer["captcha_url"], timeout=30).content == image.content
    status, body = api.post("/1.1/verifyCaptcha", {"captcha_token": answer["captcha_token"],
                                                   "captcha_code": code})
    assert status == 200 and body["validate_token"]


def test_a_captcha_token_is_burnt_after_a_few_wrong_tries(api):
    answer, code = _captcha(api)
    for guess in ("AAAA", "BBBB", "CCCC", "DDDD", "EEEE")[:MAX_CODE_GUESSES]:
        if guess != code:
            assert api.post("/1.1/verifyCaptcha", {"captcha_token": answer["captcha_token"],
                                                   "captcha_code": guess})[0] == 400
    status, body = api.post("/1.1/verifyCaptcha", {"captcha_token": answer["captcha_token"],
                                                   "captcha_code": code})
    assert (status, body["code"]) == (400, 1)
