"""Attacks on third-party login (authData) against a real ``leanengine serve``: reading a
victim's hidden openid with query operators (the ``$regex`` oracle), logging in as the victim
with its openid and a made-up access_token, and operators smuggled into every lookup of
login, sign-up, link and unlink. The server verifies authData with the providers (a
stand-in on 127.0.0.1: there is no internet here), Apple's JWKS, the app's onAuthData hook,
or the operator's LEANENGINE_TRUST_AUTHDATA; anything else is refused."""

from __future__ import annotations

import logging
import os
import uuid

import processes
import pytest

import users_server
from authdata_providers import APPLE_CLIENT_ID, StandInProviders, new_rsa_key
from users_server import Api

HERE = os.path.dirname(os.path.abspath(__file__))
USERS = "/1.1/users"
FAIL_ON_NOT_EXIST = {"failOnNotExist": "true"}
INVALID_JSON, INVALID_KEY_NAME, FORBIDDEN, INVALID_LINKED_SESSION = 107, 105, 119, 251


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def closed_port_url() -> str:
    return f"http://127.0.0.1:{processes.free_port()}"


@pytest.fixture(scope="module")
def providers():
    stand_in = StandInProviders().start()
    yield stand_in
    stand_in.stop()


@pytest.fixture(scope="module")
def api(providers, tmp_path_factory):
    """The default server: nothing trusted, the built-in verifiers pointed at the stand-in."""
    process, api = users_server.start(tmp_path_factory.mktemp("authdata"), providers.env())
    yield api
    users_server.stop(process)


def weixin_user(api, providers, **extra) -> tuple[dict, dict]:
    """A victim who logged in with WeChat (verified); answers (user, its weixin entry)."""
    openid, token = unique("oV"), unique("tok-")
    providers.grant("weixin", token, openid)
    entry = {"openid": openid, "access_token": token, "expires_in": 7200, **extra}
    status, user = api.post(USERS, {"authData": {"weixin": entry}})
    assert status == 201 and user["sessionToken"], user
    return user, entry


def assert_refused(answer, status: int, code: int, expected_status: int = 400) -> None:
    assert (status, answer.get("code")) == (expected_status, code), answer
    assert "sessionToken" not in answer


# --- the regex oracle and the takeover it fed ------------------------------------------

def test_a_regex_on_the_openid_reads_nothing(api, providers):
    """Before the fix: 200/201 (prefix right) versus 211 (prefix wrong) read a victim's
    hidden openid one character at a time, with ``?failOnNotExist=true``."""
    victim, entry = weixin_user(api, providers)
    openid = entry["openid"]
    answers = []
    for prefix in (openid[:3], "zzz", openid):   # a right, a wrong and the whole prefix
        status, answer = api.post(USERS, {"authData": {"weixin": {
            "openid": {"$regex": f"^{prefix}"}, "access_token": "x"}}}, params=FAIL_ON_NOT_EXIST)
        assert_refused(answer, status, INVALID_JSON)
        answers.append((status, answer))
    assert answers[0] == answers[1] == answers[2]   # no oracle
    status, answer = api.post(USERS, {"authData": {"weixin": {
        "openid": {"$regex": "^oV"}, "access_token": "x"}}})   # nor a sign-up by pattern
    assert_refused(answer, status, INVALID_JSON)
    assert victim["objectId"] not in str(answer)


def test_the_victims_openid_with_a_made_up_token_is_no_login(api, providers):
    victim, entry = weixin_user(api, providers)
    for token in ("made-up", "", None):
        forged = {"openid": entry["openid"], "access_token": token}
        status, answer = api.post(USERS, {"authData": {"weixin": forged}})
        assert_refused(answer, status, INVALID_LINKED_SESSION)
        assert victim["objectId"] not in str(answer)
    status, answer = api.post(USERS, {"authData": {"weixin": {"openid": entry["openid"]}}})
    assert_refused(answer, status, INVALID_LINKED_SESSION)   # no token at all
    status, again = api.post(USERS, {"authData": {"weixin": entry}})
    assert status == 200 and again["objectId"] == victim["objectId"]   # the owner still can


# --- operators and odd shapes on every path ---------------------------------------------

BAD_IDS = [{"$regex": "^o"}, {"$ne": None}, {"$exists": True}, {"$in": ["a", "b"]},
           {"$gt": ""}, 12345, 1.5, True, ["oV1"], {}, ""]


@pytest.mark.parametrize("bad", BAD_IDS, ids=repr)
@pytest.mark.parametrize("key", ["openid", "uid", "id"])
def test_an_id_that_is_not_a_string_is_refused_at_login(api, providers, bad, key):
    weixin_user(api, providers)
    status, answer = api.post(USERS, {"authData": {"weixin": {key: bad, "access_token": "x"}}},
                              params=FAIL_ON_NOT_EXIST)
    assert_refused(answer, status, INVALID_JSON)


@pytest.mark.parametrize("entry", [
    None, "oV123", ["oV123"], 7, {}, {"access_token": "x"},                  # no id at all
    {"openid": "oV1", "unionid": {"$regex": "."}, "platform": "weixin"},     # union id
    {"openid": "oV1", "unionid": "", "platform": "weixin"},
    {"openid": "oV1", "unionid": "u1", "platform": {"$ne": None}},
    {"openid": "oV1", "unionid": "u1", "platform": "we.ixin"},
    {"openid": "oV1", "access_token": "x", "extra": {"$where": "1"}},        # nested operators
    {"openid": "oV1", "access_token": {"__op": "Delete"}},
], ids=repr)
def test_an_entry_of_an_unknown_shape_is_refused_at_login(api, entry):
    status, answer = api.post(USERS, {"authData": {"weixin": entry}}, params=FAIL_ON_NOT_EXIST)
    assert status == 400 and answer["code"] in (INVALID_JSON, INVALID_KEY_NAME), answer


@pytest.mark.parametrize("platform", ["weixin.openid", "$where", "we ixin", "", "x" * 65,
                                      "weixin.openid.$regex"])
def test_a_platform_name_that_is_no_name_is_refused(api, platform):
    status, answer = api.post(USERS, {"authData": {platform: {"openid": "oV1"}}})
    assert_refused(answer, status, INVALID_KEY_NAME)


def test_anonymous_login_works_and_takes_no_operator(api):
    anonymous_id = str(uuid.uuid4())
    status, first = api.post(USERS, {"authData": {"anonymous": {"id": anonymous_id}}})
    assert status == 201 and first["sessionToken"], first
    status, again = api.post(USERS, {"authData": {"anonymous": {"id": anonymous_id}}})
    assert status == 200 and again["objectId"] == first["objectId"]
    for bad in ({"$regex": "."}, {"$ne": ""}, 1, "", None, [anonymous_id]):
        status, answer = api.post(USERS, {"authData": {"anonymous": {"id": bad}}},
                                  params=FAIL_ON_NOT_EXIST)
        assert_refused(answer, status, INVALID_JSON)


def test_an_anonymous_entry_cannot_claim_a_union_id(api, providers):
    """The union id finds the main account of a WeChat user: an anonymous entry (never
    verified) carrying the victim's union id would log in as the victim."""
    union = unique("union-")
    openid, token = unique("oV"), unique("tok-")
    providers.grant("weixin", token, openid, unionid=union)
    status, victim = api.post(USERS, {"authData": {"weixin": {
        "openid": openid, "access_token": token, "unionid": union, "platform": "weixin",
        "main_account": True}}})
    assert status == 201, victim
    status, answer = api.post(USERS, {"authData": {"anonymous": {
        "id": str(uuid.uuid4()), "unionid": union, "platform": "weixin"}}})
    assert status == 400 and answer["code"] == INVALID_LINKED_SESSION, answer  # WeChat's word
    assert victim["objectId"] not in str(answer)


def own_user(api) -> tuple[str, str]:
    user = api.sign_up(unique("linker"))
    return user["objectId"], user["sessionToken"]


@pytest.mark.parametrize("bad", BAD_IDS + [None], ids=repr)
def test_an_id_that_is_not_a_string_is_refused_when_linking(api, providers, bad):
    victim, entry = weixin_user(api, providers)
    user_id, token = own_user(api)
    path = f"{USERS}/{user_id}"
    for body in ({"authData": {"weixin": {"openid": bad, "access_token": entry["access_token"]}}},
                 {"authData.weixin": {"openid": bad, "access_token": entry["access_token"]}}):
        status, answer = api.put(path, body, token=token)
        assert (status, answer.get("code")) == (400, INVALID_JSON), (body, answer)
    status, me = api.get(f"{USERS}/me", token=token)
    assert "authData" not in me


def test_platform_names_that_are_no_names_are_refused_when_linking_and_unlinking(api):
    user_id, token = own_user(api)
    path = f"{USERS}/{user_id}"
    for body in ({"authData": {"$where": {"openid": "x"}}}, {"authData": {"we.ixin": None}},
                 {"authData.$regex": {"openid": "x"}},
                 {"authData.we ixin": {"__op": "Delete"}}):
        status, answer = api.put(path, body, token=token)
        assert (status, answer.get("code")) == (400, INVALID_KEY_NAME), (body, answer)


@pytest.mark.parametrize("field", ["username", "email", "mobilePhoneNumber"])
@pytest.mark.parametrize("bad", [{"$regex": "."}, {"$ne": None}, {"$gt": ""}, ["a"], 7])
def test_login_by_name_email_or_phone_takes_no_operator(api, field, bad):
    """``{"username": {"$regex": "^a"}}`` must not match a stored name (it answered 211
    for no match and 210 for a match: an oracle of its own)."""
    api.sign_up(unique("named"), email=f"{unique('m')}@example.com",
                mobilePhoneNumber="+86186" + str(uuid.uuid4().int)[:8])
    status, answer = api.post("/1.1/login", {field: bad, "password": "wrong"})
    assert_refused(answer, status, INVALID_JSON)
    if field == "mobilePhoneNumber":
        status, answer = api.post("/1.1/login", {field: bad, "smsCode": "123456"})
        assert_refused(answer, status, INVALID_JSON)


@pytest.mark.parametrize("path, body", [
    ("/1.1/requestPasswordReset", {"email": {"$regex": "."}}),
    ("/1.1/requestEmailVerify", {"email": {"$ne": None}}),
    ("/1.1/requestPasswordResetBySmsCode", {"mobilePhoneNumber": {"$regex": "."}}),
    ("/1.1/requestMobilePhoneVerify", {"mobilePhoneNumber": {"$gt": ""}}),
    ("/1.1/requestLoginSmsCode", {"mobilePhoneNumber": {"$regex": "."}}),
    ("/1.1/usersByMobilePhone", {"mobilePhoneNumber": {"$regex": "."}, "smsCode": "123456"}),
    ("/1.1/resetPasswordBySmsCode/123456", {"mobilePhoneNumber": {"$regex": "."},
                                            "password": "taken-over"}),
    ("/1.1/verifyMobilePhone/123456", {"mobilePhoneNumber": {"$ne": None}}),
    ("/1.1/verifySmsCode/123456", {"mobilePhoneNumber": {"$regex": "."}}),
    ("/1.1/requestSmsCode", {"mobilePhoneNumber": {"$regex": "."}}),
])
def test_reset_and_verify_flows_take_no_operator(api, path, body):
    api.sign_up(unique("flows"), email=f"{unique('m')}@example.com",
                mobilePhoneNumber="+86186" + str(uuid.uuid4().int)[:8])
    sent_before = len(api.outbox())
    status, answer = api.post(path, body)
    assert 400 <= status < 500 and isinstance(answer.get("code"), int), answer
    assert len(api.outbox()) == sent_before   # nothing was sent to anyone


@pytest.mark.parametrize("field", ["username", "email", "mobilePhoneNumber"])
def test_sign_up_uniqueness_takes_no_operator(api, field):
    fields = {"username": unique("s"), "password": "pw", field: {"$regex": "."}}
    status, answer = api.post(USERS, fields)
    assert status == 400 and "sessionToken" not in answer, answer


def test_sign_up_with_a_username_checks_and_verifies_its_auth_data(api, providers):
    victim, entry = weixin_user(api, providers)
    for weixin, code in (({"openid": {"$regex": "^oV"}, "access_token": "x"}, INVALID_JSON),
                         ({"openid": entry["openid"], "access_token": "made-up"},
                          INVALID_LINKED_SESSION)):
        status, answer = api.post(USERS, {"username": unique("s"), "password": "pw",
                                          "authData": {"weixin": weixin}})
        assert_refused(answer, status, code)


@pytest.mark.parametrize("path, params", [
    ("/1.1/classes/_User", {"where": {"authData.weixin.openid": {"$regex": "^oV"}}}),
    ("/1.1/users", {"where": {"$or": [{"authData.weixin.openid": {"$regex": "^oV"}}]}}),
    ("/1.1/classes/_User", {"where": {"authData.weixin": {"$exists": True}}, "count": 1}),
    ("/1.1/classes/_User", {"order": "authData.weixin.openid"}),
    ("/1.1/cloudQuery", {"cql": "select count(*) from _User where authData.weixin.openid like 'oV%'"}),
])
def test_queries_cannot_reach_into_auth_data(api, providers, path, params):
    weixin_user(api, providers)
    _, token = own_user(api)
    status, answer = api.get(path, params=params, token=token)
    assert status >= 400 and "results" not in answer, answer


# --- verification by the providers (the stand-in) ----------------------------------------

def test_weixin_good_token_logs_in_and_a_bad_one_is_refused(api, providers):
    user, entry = weixin_user(api, providers)
    status, again = api.post(USERS, {"authData": {"weixin": entry}})
    assert status == 200 and again["objectId"] == user["objectId"]
    other = unique("tok-")
    providers.grant("weixin", other, unique("oV"))   # a real token, of someone else
    status, answer = api.post(USERS, {"authData": {"weixin": {**entry, "access_token": other}}})
    assert_refused(answer, status, INVALID_LINKED_SESSION)


def test_weixin_union_id_is_verified_too(api, providers):
    union, openid, token = unique("union-"), unique("oV"), unique("tok-")
    providers.grant("weixin", token, openid, unionid=union)
    entry = {"openid": openid, "access_token": token, "unionid": union, "platform": "weixin",
             "main_account": True}
    status, main = api.post(USERS, {"authData": {"weixin_app": entry}})
    assert status == 201, main
    # the attacker's own, valid WeChat login, claiming the victim's union id
    mine, my_token = unique("oV"), unique("tok-")
    providers.grant("weixin", my_token, mine, unionid=unique("union-"))
    status, answer = api.post(USERS, {"authData": {"weixin_mini": {
        "openid": mine, "access_token": my_token, "unionid": union, "platform": "weixin"}}})
    assert_refused(answer, status, INVALID_LINKED_SESSION)
    # the victim's second app, with its own verified openid, finds the main account
    second, second_token = unique("oV"), unique("tok-")
    providers.grant("weixin", second_token, second, unionid=union)
    status, same = api.post(USERS, {"authData": {"weixin_mini": {
        "openid": second, "access_token": second_token, "unionid": union, "platform": "weixin"}}})
    assert status == 200 and same["objectId"] == main["objectId"], same


@pytest.mark.parametrize("key", ["openid", "uid"])
def test_qq_good_token_logs_in_and_a_bad_one_is_refused(api, providers, key):
    openid, token = unique("QQ"), unique("qtok-")
    providers.grant("qq", token, openid)
    status, user = api.post(USERS, {"authData": {"qq": {key: openid, "access_token": token}}})
    assert status == 201 and user["sessionToken"], user
    status, answer = api.post(USERS, {"authData": {"qq": {key: openid, "access_token": "made-up"}}})
    assert_refused(answer, status, INVALID_LINKED_SESSION)


def test_weibo_good_token_logs_in_and_a_bad_one_is_refused(api, providers):
    uid, token = str(uuid.uuid4().int)[:10], unique("wtok-")
    providers.grant("weibo", token, uid)
    status, user = api.post(USERS, {"authData": {"weibo": {"uid": uid, "access_token": token}}})
    assert status == 201 and user["sessionToken"], user
    status, answer = api.post(USERS, {"authData": {"weibo": {"uid": uid, "access_token": "nope"}}})
    assert_refused(answer, status, INVALID_LINKED_SESSION)
    someone = str(uuid.uuid4().int)[:10]
    status, answer = api.post(USERS, {"authData": {"weibo": {"uid": someone, "access_token": token}}})
    assert_refused(answer, status, INVALID_LINKED_SESSION)


def test_linking_is_verified_like_a_login(api, providers):
    user_id, session = own_user(api)
    path = f"{USERS}/{user_id}"
    openid, token = unique("QQ"), unique("qtok-")
    providers.grant("qq", token, openid)
    for body in ({"authData": {"qq": {"openid": openid, "access_token": "made-up"}}},
                 {"authData.qq": {"openid": openid, "access_token": "made-up"}}):
        status, answer = api.put(path, body, token=session)
        assert (status, answer.get("code")) == (400, INVALID_LINKED_SESSION), answer
    status, me = api.get(f"{USERS}/me", token=session)
    assert "authData" not in me
    entry = {"openid": openid, "access_token": token}
    assert api.put(path, {"authData.qq": entry}, token=session)[0] == 200
    status, login = api.post(USERS, {"authData": {"qq": entry}})
    assert status == 200 and login["objectId"] == user_id
    # an unrelated update does not re-verify what is linked; unlinking needs no provider
    assert api.put(path, {"nickname": "n"}, token=session)[0] == 200
    assert api.put(path, {"authData.qq": {"__op": "Delete"}}, token=session)[0] == 200
    assert "qq" not in (api.get(f"{USERS}/me", token=session)[1].get("authData") or {})


def test_a_platform_nothing_verifies_is_refused_with_a_way_out(api):
    status, answer = api.post(USERS, {"authData": {"github": {"id": unique("g")}}})
    assert_refused(answer, status, FORBIDDEN)
    assert "cannot be verified" in answer["error"]
    assert "LEANENGINE_TRUST_AUTHDATA=github" in answer["error"]
    assert "onAuthData" in answer["error"]


def test_the_master_key_links_without_verification(api):
    user_id, _ = own_user(api)
    entry = {"id": unique("g")}
    status, answer = api.put(f"{USERS}/{user_id}", {"authData": {"github": entry}}, master=True)
    assert status == 200, answer
    status, stored = api.get(f"{USERS}/{user_id}", master=True)
    assert stored["authData"]["github"] == entry


def test_tokens_never_reach_the_server_log(api, providers):
    secret = unique("secret-token-")
    api.post(USERS, {"authData": {"weixin": {"openid": unique("oV"), "access_token": secret}}})
    api.post(USERS, {"authData": {"qq": {"openid": unique("QQ"), "access_token": secret}}})
    assert secret not in api.log_path.read_text(errors="replace")


# --- Sign in with Apple --------------------------------------------------------------------

@pytest.mark.parametrize("platform", ["lc_apple", "apple"])
def test_apple_good_token_logs_in(api, providers, platform):
    sub = unique("001234.")
    entry = {"uid": sub, "identity_token": providers.apple_token(sub)}
    status, user = api.post(USERS, {"authData": {platform: entry}})
    assert status == 201 and user["sessionToken"], user
    fresh = {"uid": sub, "id_token": providers.apple_token(sub)}
    status, again = api.post(USERS, {"authData": {platform: fresh}})
    assert status == 200 and again["objectId"] == user["objectId"]


@pytest.mark.parametrize("case", ["wrong aud", "wrong iss", "expired", "wrong sub",
                                  "bad signature", "unknown key", "not a jwt", "missing"])
def test_apple_bad_tokens_are_refused(api, providers, case):
    sub = unique("001234.")
    token = {
        "wrong aud": lambda: providers.apple_token(sub, aud="com.attacker.app"),
        "wrong iss": lambda: providers.apple_token(sub, iss="https://evil.example"),
        "expired": lambda: providers.apple_token(sub, expires_in=-3600),
        "wrong sub": lambda: providers.apple_token(unique("001234.")),
        "bad signature": lambda: providers.apple_token(sub, key=new_rsa_key()),
        "unknown key": lambda: providers.apple_token(sub, kid="not-published"),
        "not a jwt": lambda: "not.a.jwt",
        "missing": lambda: None,
    }[case]()
    status, answer = api.post(USERS, {"authData": {"lc_apple": {"uid": sub,
                                                                "identity_token": token}}})
    assert_refused(answer, status, INVALID_LINKED_SESSION)


# --- providers down, Apple unconfigured ----------------------------------------------------

@pytest.fixture(scope="module")
def api_down(providers, tmp_path_factory):
    """WeChat unreachable, QQ answering 500, Weibo answering a megabyte; no Apple ids."""
    env = {"LEANENGINE_WEIXIN_API_URL": closed_port_url(),
           "LEANENGINE_QQ_API_URL": providers.url + "/broken",
           "LEANENGINE_WEIBO_API_URL": providers.url + "/huge"}
    process, api = users_server.start(tmp_path_factory.mktemp("authdata-down"), env)
    yield api
    users_server.stop(process)


@pytest.mark.parametrize("platform, entry", [
    ("weixin", {"openid": "oV1", "access_token": "tok-down"}),
    ("qq", {"openid": "QQ1", "access_token": "tok-down"}),
    ("weibo", {"uid": "123", "access_token": "tok-down"}),
])
def test_a_provider_that_is_down_is_a_clear_error(api_down, platform, entry):
    status, answer = api_down.post(USERS, {"authData": {platform: entry}})
    assert status == 502 and answer["code"] == 1, answer
    assert f"authData.{platform} could not be verified" in answer["error"]
    assert "tok-down" not in answer["error"]
    assert "tok-down" not in api_down.log_path.read_text(errors="replace")


def test_apple_without_client_ids_cannot_be_verified(api_down, providers):
    sub = unique("001234.")
    status, answer = api_down.post(USERS, {"authData": {"lc_apple": {
        "uid": sub, "identity_token": providers.apple_token(sub)}}})
    assert_refused(answer, status, FORBIDDEN)
    assert "LEANENGINE_APPLE_CLIENT_IDS" in answer["error"]


# --- the operator's trust ------------------------------------------------------------------

@pytest.fixture(scope="module")
def api_trusting(tmp_path_factory):
    env = {"LEANENGINE_TRUST_AUTHDATA": "github, weixin", "LEANENGINE_QQ_API_URL": closed_port_url()}
    process, api = users_server.start(tmp_path_factory.mktemp("authdata-trust"), env)
    yield api
    users_server.stop(process)


def test_trusted_platforms_log_in_unverified_and_are_announced(api_trusting):
    for platform, entry in (("github", {"id": unique("g")}),
                            ("weixin", {"openid": unique("oV"), "access_token": "made-up"})):
        status, user = api_trusting.post(USERS, {"authData": {platform: entry}})
        assert status == 201 and user["sessionToken"], user
    status, answer = api_trusting.post(USERS, {"authData": {"qq": {   # not trusted: verified
        "openid": unique("QQ"), "access_token": "made-up"}}})
    assert status == 502, answer
    log = api_trusting.log_path.read_text(errors="replace")
    assert "LEANENGINE_TRUST_AUTHDATA: authData of github, weixin is trusted without" in log
    # trusted or not, ids stay literals
    status, answer = api_trusting.post(USERS, {"authData": {"weixin": {
        "openid": {"$regex": "^oV"}}}}, params=FAIL_ON_NOT_EXIST)
    assert_refused(answer, status, INVALID_JSON)


def test_trusting_every_platform_warns_loudly(caplog):
    from leanengine.server.users.authdata import settings

    try:
        with caplog.at_level(logging.WARNING, logger="leanengine.server"):
            trusted = settings.configure({"LEANENGINE_TRUST_AUTHDATA": "*"})
        assert trusted.trusts("anything")
        assert [r.levelno for r in caplog.records] == [logging.WARNING]
        assert "EVERY platform" in caplog.text
    finally:
        settings.configure({})


# --- the app's onAuthData hook ---------------------------------------------------------------

@pytest.fixture(scope="module")
def api_hooked(tmp_path_factory):
    """``leanengine serve --engine-url`` with an engine whose onAuthData verifies tokens;
    the built-in verifiers point at a closed port, so only the hook can verify."""
    tmp = tmp_path_factory.mktemp("authdata-hook")
    engine_port, server_port = processes.free_port(), processes.free_port()
    engine_url, server_url = f"http://127.0.0.1:{engine_port}", f"http://127.0.0.1:{server_port}"
    env = dict(os.environ, LEANCLOUD_APP_ID=users_server.APP_ID,
               LEANCLOUD_APP_KEY=users_server.APP_KEY,
               LEANCLOUD_APP_MASTER_KEY=users_server.MASTER_KEY,
               LEANCLOUD_APP_HOOK_KEY=users_server.HOOK_KEY, LEANCLOUD_API_SERVER=server_url,
               LEANENGINE_WEIXIN_API_URL=closed_port_url())
    env.pop("LEANCLOUD_APP_ENV", None)
    running = [processes.start(
        [*processes.command("gunicorn"), "authdata_engine:app", "-k", "gevent", "-w", "1",
         "-b", f"127.0.0.1:{engine_port}", "--chdir", HERE],
        engine_url + "/__engine/1/ping", tmp / "engine.log", env=env)]
    try:
        running.append(processes.start(
            [*processes.command("leanengine"), "serve", "--host", "127.0.0.1",
             "--port", str(server_port), "--data", str(tmp / "data"), "--engine-url", engine_url],
            server_url + "/1.1/date", tmp / "server.log", env=env))
        yield Api(server_url, tmp, tmp / "server.log")
    finally:
        for process in reversed(running):
            processes.stop(process)


def test_the_apps_on_auth_data_hook_verifies_logins(api_hooked):
    openid = unique("oV")
    entry = {"openid": openid, "access_token": f"hook-ok-{openid}"}
    status, user = api_hooked.post(USERS, {"authData": {"weixin": entry}})
    assert status == 201 and user["authData"]["weixin"]["verifiedBy"] == "onAuthData", user
    status, again = api_hooked.post(USERS, {"authData": {"weixin": entry}})
    assert status == 200 and again["objectId"] == user["objectId"]
    status, answer = api_hooked.post(USERS, {"authData": {"weixin": {
        "openid": openid, "access_token": "made-up"}}})
    assert status >= 400 and "sessionToken" not in answer, answer
    assert "could not verify" in answer.get("error", ""), answer
    # a platform with no built-in verifier is the hook's to verify
    gid = unique("g")
    status, user = api_hooked.post(USERS, {"authData": {"github": {
        "id": gid, "access_token": f"hook-ok-{gid}"}}})
    assert status == 201, user


def test_the_apps_on_auth_data_hook_verifies_links(api_hooked):
    user = api_hooked.sign_up(unique("hooked"))
    path, session = f"{USERS}/{user['objectId']}", user["sessionToken"]
    openid = unique("oV")
    status, answer = api_hooked.put(path, {"authData.weixin": {
        "openid": openid, "access_token": "made-up"}}, token=session)
    assert status >= 400, answer
    status, answer = api_hooked.put(path, {"authData.weixin": {
        "openid": openid, "access_token": f"hook-ok-{openid}"}}, token=session)
    assert status == 200, answer
    status, me = api_hooked.get(f"{USERS}/me", token=session)
    assert me["authData"]["weixin"]["verifiedBy"] == "onAuthData"


def test_the_hooks_answer_is_held_to_literal_ids_too(api_hooked):
    status, answer = api_hooked.post(USERS, {"authData": {"weixin": {
        "openid": {"$regex": "^oV"}, "access_token": "hook-ok-x"}}}, params=FAIL_ON_NOT_EXIST)
    assert_refused(answer, status, INVALID_JSON)



def test_without_pyjwt_apple_cannot_be_verified(monkeypatch):
    """PyJWT is an optional extra (``leanengine[authdata]``): without it Apple's tokens are
    refused as unverifiable, never accepted unchecked."""
    from leanengine.server.users.authdata import apple
    from leanengine.server.users.authdata.settings import Settings

    configured = Settings(apple_client_ids=(APPLE_CLIENT_ID,))
    assert apple.unavailable(configured) is None
    monkeypatch.setattr(apple, "jwt", None)
    assert "PyJWT" in apple.unavailable(configured)
