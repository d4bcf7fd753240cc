"""Users over raw HTTP against a real server: sign-up, login, me, sessions, passwords,
lockout, authData, and that no answer ever carries a password or salt."""

import json
import uuid

import pytest

import users_server
from leanengine.server.store import open_store
from leanengine.server.users import passwords


# These tests log in with made-up tokens: the server trusts their platforms unverified
# (tests/security/test_authdata.py covers verification).
api = users_server.module_server("users-data", {
    "LEANENGINE_TRUST_AUTHDATA": "weixin,qq,weibo,github,weixin_app,weixin_mini"})


def name(prefix="u"):
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def assert_no_secrets(body):
    text = json.dumps(body)
    assert '"password"' not in text and '"salt"' not in text


def test_sign_up_answers_session_token_and_hides_password(api):
    username = name()
    status, body = api.post("/1.1/users", {"username": username, "password": "pw1", "age": 3})
    assert status == 201
    assert set(body) >= {"objectId", "createdAt", "sessionToken"}
    assert_no_secrets(body)
    status, me = api.get("/1.1/users/me", token=body["sessionToken"])
    assert status == 200 and me["username"] == username and me["age"] == 3
    assert me["emailVerified"] is False and me["mobilePhoneVerified"] is False
    assert me["sessionToken"] == body["sessionToken"]
    assert_no_secrets(me)


def test_sign_up_through_classes_user_like_the_python_sdk(api):
    username = name()
    status, body = api.post("/1.1/classes/_User", {"username": username, "password": "pw"})
    assert status == 201 and body["sessionToken"]
    status, _ = api.post("/1.1/login", {"username": username, "password": "pw"})
    assert status == 200


def test_sign_up_in_batch(api):
    username = name()
    status, body = api.post("/1.1/batch", {"requests": [
        {"method": "POST", "path": "/1.1/classes/_User",
         "body": {"username": username, "password": "pw"}}]})
    assert status == 200 and body[0]["success"]["sessionToken"]


@pytest.mark.parametrize("body, code", [
    ({"password": "x"}, 200),
    ({"username": "someone"}, 201),
    ({"username": "", "password": "x"}, 200),
])
def test_sign_up_requires_username_and_password(api, body, code):
    status, answer = api.post("/1.1/users", body)
    assert status == 400 and answer["code"] == code


def test_unique_username_email_and_phone(api):
    username, email, phone = name(), f"{name()}@example.com", "+86139" + str(uuid.uuid4().int)[:8]
    api.sign_up(username, email=email, mobilePhoneNumber=phone)
    for body, code in [({"username": username}, 202),
                       ({"username": name(), "email": email}, 203),
                       ({"username": name(), "mobilePhoneNumber": phone}, 214)]:
        status, answer = api.post("/1.1/users", {"password": "x", **body})
        assert (status, answer["code"]) == (400, code)


@pytest.mark.parametrize("field, value, code", [
    ("username", 5, 217), ("username", "  ", 217), ("email", 5, 125), ("email", "a@", 125),
    ("mobilePhoneNumber", 13800000000, 127), ("mobilePhoneNumber", "12ab", 127),
])
def test_identity_fields_must_be_valid_strings(api, field, value, code):
    user = api.sign_up(name())
    status, body = api.put(f"/1.1/users/{user['objectId']}", {field: value},
                           token=user["sessionToken"])
    assert (status, body["code"]) == (400, code)


def test_email_and_phone_can_be_removed(api):
    user = api.sign_up(name(), email=f"{name()}@example.com")
    path, token = f"/1.1/users/{user['objectId']}", user["sessionToken"]
    assert api.put(path, {"email": {"__op": "Delete"}}, token=token)[0] == 200
    assert "email" not in api.get("/1.1/users/me", token=token)[1]


def test_invalid_email_and_phone_are_refused(api):
    status, answer = api.post("/1.1/users", {"username": name(), "password": "x",
                                             "email": "not-an-address"})
    assert answer["code"] == 125
    status, answer = api.post("/1.1/users", {"username": name(), "password": "x",
                                             "mobilePhoneNumber": "call me"})
    assert answer["code"] == 127


def test_login_by_username_email_and_phone(api):
    username, email, phone = name(), f"{name()}@example.com", "+86138" + str(uuid.uuid4().int)[:8]
    signed = api.sign_up(username, "s3cret", email=email, mobilePhoneNumber=phone)
    for field, value in [("username", username), ("email", email), ("mobilePhoneNumber", phone)]:
        status, body = api.post("/1.1/login", {field: value, "password": "s3cret"})
        assert status == 200, body
        assert body["objectId"] == signed["objectId"]
        assert body["sessionToken"] == signed["sessionToken"]
        assert_no_secrets(body)
    status, body = api.get("/1.1/login", params={"username": username, "password": "s3cret"})
    assert status == 200 and body["objectId"] == signed["objectId"]


def test_login_errors(api):
    username = name()
    api.sign_up(username, "right")
    assert api.post("/1.1/login", {"username": username, "password": "wrong"})[1]["code"] == 210
    assert api.post("/1.1/login", {"username": name(), "password": "x"})[1]["code"] == 211
    assert api.post("/1.1/login", {"username": username})[1]["code"] == 201
    assert api.post("/1.1/login", {"password": "x"})[1]["code"] == 200


def test_six_failed_logins_lock_the_account(api):
    username = name()
    api.sign_up(username, "right")
    for _ in range(6):
        status, body = api.post("/1.1/login", {"username": username, "password": "wrong"})
        assert body["code"] == 210
    status, body = api.post("/1.1/login", {"username": username, "password": "right"})
    assert (status, body["code"]) == (400, 219)
    other = name()
    api.sign_up(other, "right")
    assert api.post("/1.1/login", {"username": other, "password": "right"})[0] == 200


def test_successful_login_is_no_failure_but_keeps_the_earlier_ones(api):
    # (issue 9: a login that wiped the count gave a guesser six fresh guesses per login of
    # the owner)
    username = name()
    api.sign_up(username, "right")
    for _ in range(5):
        api.post("/1.1/login", {"username": username, "password": "wrong"})
    for _ in range(3):
        assert api.post("/1.1/login", {"username": username, "password": "right"})[0] == 200
    assert api.post("/1.1/login", {"username": username, "password": "wrong"})[1]["code"] == 210
    assert api.post("/1.1/login", {"username": username, "password": "right"})[1]["code"] == 219


def test_me_with_query_token_and_bad_token(api):
    user = api.sign_up(name())
    status, me = api.get("/1.1/users/me", params={"session_token": user["sessionToken"]})
    assert status == 200 and me["objectId"] == user["objectId"]
    status, body = api.get("/1.1/users/me", params={"session_token": "nope"})
    assert (status, body["code"]) == (400, 211)
    status, body = api.get("/1.1/users/me", token="nope")
    assert body["code"] == 211
    assert api.get("/1.1/users/me")[1]["code"] == 211


def test_get_find_and_count_users_never_show_secrets(api):
    user = api.sign_up(name(), email=f"{name()}@example.com")
    status, body = api.get(f"/1.1/users/{user['objectId']}")
    assert status == 200 and body["objectId"] == user["objectId"]
    assert "sessionToken" not in body
    assert_no_secrets(body)
    status, body = api.get("/1.1/users", params={"where": {"objectId": user["objectId"]},
                                                 "count": 1})
    assert body["count"] == 1 and body["results"][0]["objectId"] == user["objectId"]
    assert_no_secrets(body)
    status, body = api.get("/1.1/classes/_User", params={"limit": 1000}, master=True)
    assert_no_secrets(body)
    assert api.get("/1.1/users/000000000000000000000000")[1]["code"] == 211


def test_user_is_writable_only_by_its_own_session_or_master(api):
    alice, bob = api.sign_up(name()), api.sign_up(name())
    path = f"/1.1/users/{alice['objectId']}"
    assert api.put(path, {"nick": "x"})[1]["code"] == 206
    assert api.put(path, {"nick": "x"}, token=bob["sessionToken"])[1]["code"] == 206
    status, _ = api.put(f"/1.1/classes/_User/{alice['objectId']}", {"nick": "x"},
                        token=bob["sessionToken"])
    assert status >= 400
    status, body = api.put(path, {"nick": "alice"}, token=alice["sessionToken"])
    assert status == 200 and "updatedAt" in body
    assert api.put(path, {"age": 30}, master=True)[0] == 200
    me = api.get("/1.1/users/me", token=alice["sessionToken"])[1]
    assert (me["nick"], me["age"]) == ("alice", 30)
    assert api.delete(path, token=bob["sessionToken"])[1]["code"] == 206
    assert api.delete(path, token=alice["sessionToken"])[0] == 200
    assert api.get(path)[1]["code"] == 211
    assert api.get("/1.1/users/me", token=alice["sessionToken"])[1]["code"] == 211


def test_client_cannot_set_verified_flags_or_session_token(api):
    user = api.sign_up(name(), emailVerified=True, sessionToken="mine")
    me = api.get("/1.1/users/me", token=user["sessionToken"])[1]
    assert not me.get("emailVerified") and me["sessionToken"] != "mine"


def test_refresh_session_token_revokes_the_old_one(api):
    user = api.sign_up(name())
    old = user["sessionToken"]
    status, body = api.put(f"/1.1/users/{user['objectId']}/refreshSessionToken", token=old)
    assert status == 200 and body["sessionToken"] != old
    assert body["objectId"] == user["objectId"]
    assert api.get("/1.1/users/me", token=old)[1]["code"] == 211
    assert api.get("/1.1/users/me", token=body["sessionToken"])[0] == 200
    other = api.sign_up(name())
    status, answer = api.put(f"/1.1/users/{user['objectId']}/refreshSessionToken",
                             token=other["sessionToken"])
    assert answer["code"] == 206
    status, by_master = api.put(f"/1.1/users/{user['objectId']}/refreshSessionToken", master=True)
    assert status == 200 and by_master["sessionToken"] != body["sessionToken"]


def test_update_password_checks_the_old_one(api):
    username = name()
    user = api.sign_up(username, "old-pw")
    path = f"/1.1/users/{user['objectId']}/updatePassword"
    status, body = api.put(path, {"old_password": "bad", "new_password": "new-pw"},
                           token=user["sessionToken"])
    assert body["code"] == 210
    status, body = api.put(path, {"old_password": "old-pw", "new_password": "new-pw"},
                           token=user["sessionToken"])
    # LeanCloud's default: the session survives a password change
    assert status == 200 and body["sessionToken"] == user["sessionToken"]
    assert_no_secrets(body)
    assert api.post("/1.1/login", {"username": username, "password": "old-pw"})[1]["code"] == 210
    assert api.post("/1.1/login", {"username": username, "password": "new-pw"})[0] == 200
    other = api.sign_up(name())
    status, body = api.put(path, {"old_password": "new-pw", "new_password": "x"},
                           token=other["sessionToken"])
    assert body["code"] == 206


def test_passwords_are_stored_hashed(api):
    user = api.sign_up(name(), "plain-text-pw")
    stored = stored_object(api, "_User", user["objectId"])
    assert stored["password"].startswith("scrypt$")
    assert "plain-text-pw" not in json.dumps(stored)


def stored_object(api, class_name, object_id):
    """An object as the store holds it (secrets included), read beside the server."""
    store = open_store(str(api.data_dir))
    try:
        return store.get(class_name, object_id)
    finally:
        store.close()


def test_imported_legacy_password_logs_in_and_is_upgraded(api):
    salt = "h60d8x797d3oa0naxybxxv9bn7xpt2yiowz68mpiwou7gwr2"
    legacy = passwords.legacy_hash("password", salt)
    username = name("legacy")
    status, body = api.post("/1.1/classes/_User", master=True,
                            body={"username": name("tmp"), "password": "tmp"})
    user_id = body["objectId"]
    _write_raw_user_fields(api, user_id, username, legacy, salt)
    assert api.post("/1.1/login", {"username": username, "password": "wrong"})[1]["code"] == 210
    status, body = api.post("/1.1/login", {"username": username, "password": "password"})
    assert status == 200 and body["objectId"] == user_id
    assert_no_secrets(body)
    stored = stored_object(api, "_User", user_id)
    assert stored["password"].startswith("scrypt$") and "salt" not in stored
    assert api.post("/1.1/login", {"username": username, "password": "password"})[0] == 200


def _write_raw_user_fields(api, user_id, username, password_hash, salt):
    """Simulate an imported LeanCloud user: write username/password/salt in the store."""
    store = open_store(str(api.data_dir))
    try:
        store.update("_User", user_id, lambda obj: {**obj, "username": username,
                                                   "password": password_hash, "salt": salt})
    finally:
        store.close()


def test_auth_data_sign_up_login_link_and_unlink(api):
    weixin = {"openid": name("oid"), "access_token": "t1"}
    status, first = api.post("/1.1/users", {"authData": {"weixin": weixin}})
    assert status == 201 and first["sessionToken"]
    status, again = api.post("/1.1/users", {"authData": {"weixin": {**weixin, "access_token": "t2"}}})
    assert status == 200 and again["objectId"] == first["objectId"]
    assert again["authData"]["weixin"]["access_token"] == "t2"
    user = api.sign_up(name())
    path = f"/1.1/users/{user['objectId']}"
    status, body = api.put(path, {"authData": {"weixin": weixin}}, token=user["sessionToken"])
    assert body["code"] == 208
    qq = {"uid": name("qq")}
    assert api.put(path, {"authData": {"qq": qq}}, token=user["sessionToken"])[0] == 200
    github = {"id": name("gh")}
    assert api.put(path, {"authData": {"github": github}}, token=user["sessionToken"])[0] == 200
    me = api.get("/1.1/users/me", token=user["sessionToken"])[1]
    assert set(me["authData"]) == {"qq", "github"}
    status, body = api.post("/1.1/users", {"authData": {"qq": qq}})
    assert status == 200 and body["objectId"] == user["objectId"]
    assert api.put(path, {"authData": {"qq": None}}, token=user["sessionToken"])[0] == 200
    me = api.get("/1.1/users/me", token=user["sessionToken"])[1]
    assert set(me["authData"]) == {"github"}
    status, fresh = api.post("/1.1/users", {"authData": {"qq": qq}})
    assert status == 201 and fresh["objectId"] != user["objectId"]
    # other callers never see a user's third-party tokens; the user and the master key do
    assert "authData" not in api.get(path)[1]
    assert "authData" not in api.get(path, token=fresh["sessionToken"])[1]
    assert set(api.get(path, token=user["sessionToken"])[1]["authData"]) == {"github"}
    assert set(api.get(path, master=True)[1]["authData"]) == {"github"}
    status, found = api.get("/1.1/users", params={"where": {"objectId": user["objectId"]}})
    assert "authData" not in found["results"][0]


def test_hidden_fields_are_not_queryable(api):
    user = api.sign_up(name())
    for where in ({"objectId": user["objectId"], "password": {"$regex": "^scrypt"}},
                  {"objectId": user["objectId"], "password": {"$exists": True}},
                  {"objectId": user["objectId"], "authData": {"$exists": False}}):
        status, body = api.get("/1.1/classes/_User", params={"where": where},
                               token=user["sessionToken"])
        assert status >= 400 or body["results"] == []


def test_concurrent_sign_ups_with_one_username_make_one_user(api):
    from concurrent.futures import ThreadPoolExecutor
    username = name("race")

    def attempt(_):
        return users_server.Api(api.url, api.data_dir).post(
            "/1.1/users", {"username": username, "password": "pw"})

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(attempt, range(8)))
    assert sorted(status for status, _ in results) == [201] + [400] * 7
    assert all(body["code"] == 202 for status, body in results if status == 400)
    found = api.get("/1.1/users", params={"where": {"username": username}, "count": 1})[1]
    assert found["count"] == 1


def test_auth_data_dotted_link_and_unset(api):
    user = api.sign_up(name())
    taken = {"openid": name("taken")}
    api.post("/1.1/users", {"authData": {"weibo": taken}})
    path, token = f"/1.1/users/{user['objectId']}", user["sessionToken"]
    assert api.put(path, {"authData.weibo": taken}, token=token)[1]["code"] == 208
    assert api.put(path, {"authData.qq": {"uid": name("q")}}, token=token)[0] == 200
    assert api.put(path, {"authData.github": {"id": name("g")}}, token=token)[0] == 200
    assert api.put(path, {"authData.qq": {"__op": "Delete"}}, token=token)[0] == 200
    me = api.get("/1.1/users/me", token=token)[1]
    assert set(me["authData"]) == {"github"}


def test_auth_data_fail_on_not_exist(api):
    body = {"authData": {"weixin": {"openid": name("none")}}}
    status, answer = api.request("POST", "/1.1/users", body, params={"failOnNotExist": "true"})
    assert (status, answer["code"]) == (400, 211)


def test_auth_data_union_id_finds_the_main_account(api):
    union = name("union")
    app_entry = {"openid": name("app"), "unionid": union, "platform": "weixin",
                 "main_account": True}
    status, main = api.post("/1.1/users", {"authData": {"weixin_app": app_entry}})
    assert status == 201
    mini_entry = {"openid": name("mini"), "unionid": union, "platform": "weixin"}
    status, same = api.post("/1.1/users", {"authData": {"weixin_mini": mini_entry}})
    assert status == 200 and same["objectId"] == main["objectId"]
    assert set(same["authData"]) >= {"weixin_app", "weixin_mini"}


def test_new_email_or_phone_is_unverified(api):
    user = api.sign_up(name(), email=f"{name()}@example.com", mobilePhoneNumber="+86137" + str(uuid.uuid4().int)[:8])
    me = api.get("/1.1/users/me", token=user["sessionToken"])[1]
    assert me["emailVerified"] is False and me["mobilePhoneVerified"] is False
    api.put(f"/1.1/users/{user['objectId']}", {"emailVerified": True}, master=True)
    assert api.get("/1.1/users/me", token=user["sessionToken"])[1]["emailVerified"] is True
    api.put(f"/1.1/users/{user['objectId']}", {"email": f"{name()}@example.com"},
            token=user["sessionToken"])
    assert api.get("/1.1/users/me", token=user["sessionToken"])[1]["emailVerified"] is False


def test_users_created_outside_sign_up_are_not_writable_by_others(api):
    username = name("cql")
    status, body = api.get("/1.1/cloudQuery", params={
        "cql": "insert into _User(username, password) values(?, ?)", "pvalues": [username, "pw"]})
    assert status == 200, body
    other = api.sign_up(name())
    found = api.get("/1.1/users", params={"where": {"username": username}})[1]["results"][0]
    status, _ = api.delete(f"/1.1/classes/_User/{found['objectId']}", token=other["sessionToken"])
    assert status >= 400
    status, _ = api.get("/1.1/cloudQuery", token=other["sessionToken"], params={
        "cql": f"delete from _User where objectId = '{found['objectId']}'"})
    assert api.get(f"/1.1/users/{found['objectId']}")[1]["username"] == username
    assert api.post("/1.1/login", {"username": username, "password": "pw"})[0] == 200


def test_imported_session_token_is_kept(api):
    """A user row imported with LeanCloud's sessionToken keeps that token once adopted."""
    status, body = api.post("/1.1/classes/_User", master=True,
                            body={"username": name("imp"), "password": "pw"})
    user_id, imported = body["objectId"], "imported-token-" + uuid.uuid4().hex[:12]
    store = open_store(str(api.data_dir))
    try:
        store.update("_User", user_id, lambda obj: {**obj, "sessionToken": imported,
                                                    "username": "imported-" + user_id})
    finally:
        store.close()
    status, logged = api.post("/1.1/login", {"username": "imported-" + user_id, "password": "pw"})
    assert logged["sessionToken"] == imported
    assert api.get("/1.1/users/me", token=imported)[1]["objectId"] == user_id


def test_imported_leancloud_token_works_before_any_login(api):
    status, body = api.post("/1.1/classes/_User", master=True,
                            body={"username": name("imp"), "password": "pw"})
    user_id = body["objectId"]
    imported = uuid.uuid4().hex[:25]  # LeanCloud's tokens: 25 lowercase letters and digits
    store = open_store(str(api.data_dir))
    try:
        store.update("_User", user_id, lambda obj: {**obj, "sessionToken": imported})
    finally:
        store.close()
    assert api.get("/1.1/users/me", token=imported)[1]["objectId"] == user_id
    assert api.get("/1.1/users/me", token=uuid.uuid4().hex[:25])[1]["code"] == 211


def test_no_read_path_shows_password_salt_or_session_token(api):
    username = name()
    user = api.sign_up(username, "pw-sweep")
    token, user_id = user["sessionToken"], user["objectId"]
    pointer = {"__type": "Pointer", "className": "_User", "objectId": user_id}
    status, post = api.post("/1.1/classes/Post", {"author": pointer})
    answers = [
        api.put(f"/1.1/users/{user_id}", {"password": "pw-sweep2", "nick": "n"}, token=token,
                params={"fetchWhenSave": "true"})[1],
        api.put(f"/1.1/classes/_User/{user_id}", {"nick": "m"}, master=True,
                params={"new": "true"})[1],
        api.get(f"/1.1/classes/Post/{post['objectId']}", params={"include": "author"})[1],
        api.get("/1.1/cloudQuery", params={"cql": "select * from _User"}, master=True)[1],
        api.post("/1.1/batch", {"requests": [{"method": "GET", "path": f"/1.1/users/{user_id}"}]},
                 master=True)[1],
        api.get("/1.1/scan/classes/_User", master=True)[1],
        api.get(f"/1.1/users/{user_id}", master=True)[1],
    ]
    for answer in answers:
        text = json.dumps(answer)
        assert '"password"' not in text and '"salt"' not in text, text
        assert token not in text
    assert api.post("/1.1/login", {"username": username, "password": "pw-sweep2"})[0] == 200
