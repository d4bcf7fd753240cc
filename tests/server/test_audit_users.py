"""Audit: users. A user is deleted only by itself (or the master key), whatever its ACL and
whatever path the request takes (REST, batch, CQL); an update cannot copy another user's
third-party link; a sign-up by phone sets no field only the server may set."""

from __future__ import annotations

import uuid

from audit_helpers import new_user
from users_server import module_server

api = module_server("audit-users", {"LEANENGINE_TRUST_AUTHDATA": "weixin"})  # made-up tokens


def _open_user(api) -> dict:
    """A user whose ACL lets everyone write (LeanCloud's old default; imports carry it)."""
    user = new_user(api)
    status, body = api.put(f"/1.1/users/{user['objectId']}",
                           {"ACL": {"*": {"read": True, "write": True}}}, master=True)
    assert status == 200, body
    return user


def _exists(api, user) -> bool:
    return api.get(f"/1.1/users/{user['objectId']}", master=True)[0] == 200


def test_cql_cannot_delete_another_user(api):
    victim, other = _open_user(api), new_user(api)
    status, body = api.get("/1.1/cloudQuery", token=other["sessionToken"], params={
        "cql": "delete from _User where objectId = ?", "pvalues": [victim["objectId"]]})
    assert (status, body["code"]) == (400, 206)
    status, body = api.get("/1.1/cloudQuery", params={
        "cql": "delete from _User where objectId = ?", "pvalues": [victim["objectId"]]})
    assert (status, body["code"]) == (400, 206)
    assert _exists(api, victim)


def test_rest_and_batch_cannot_delete_another_user(api):
    victim, other = _open_user(api), new_user(api)
    for path in (f"/1.1/users/{victim['objectId']}", f"/1.1/classes/_User/{victim['objectId']}"):
        status, body = api.delete(path, token=other["sessionToken"])
        assert (status, body["code"]) == (400, 206)
    status, body = api.post("/1.1/batch", {"requests": [
        {"method": "DELETE", "path": f"/1.1/classes/_User/{victim['objectId']}"}]},
        token=other["sessionToken"])
    assert body[0]["error"]["code"] == 206
    assert _exists(api, victim)


def test_a_user_still_deletes_itself_through_cql(api):
    user = new_user(api)
    status, body = api.get("/1.1/cloudQuery", token=user["sessionToken"], params={
        "cql": "delete from _User where objectId = ?", "pvalues": [user["objectId"]]})
    assert status == 200, body
    assert not _exists(api, user)



def test_an_auth_data_link_cannot_be_copied_through_a_dotted_key(api):
    """Linking a platform account another user holds answers 208, also when the update
    reaches into authData with a dotted key (two users on one account would make that
    account's login land on either)."""
    victim = api.post("/1.1/users", {"authData": {"weixin": {"openid": "victim-openid",
                                                             "access_token": "t"}}})[1]
    attacker = new_user(api)
    for body in ({"authData.weixin.openid": "victim-openid"},
                 {"authData.weixin": {"openid": "victim-openid"}},
                 {"authData": {"weixin": {"openid": "victim-openid"}}}):
        status, answer = api.put(f"/1.1/users/{attacker['objectId']}", body,
                                 token=attacker["sessionToken"])
        assert status == 400 and answer["code"] in (105, 208), (body, answer)
    status, login = api.post("/1.1/users", {"authData": {"weixin": {"openid": "victim-openid",
                                                                    "access_token": "t"}}})
    assert login["objectId"] == victim["objectId"]


def test_a_sign_up_by_phone_sets_no_server_owned_field(api):
    """The body of /usersByMobilePhone becomes the new user, written by the server: a
    client must not pick its objectId (an old user's id still named in ACLs would hand it
    that user's objects) nor claim a verified e-mail address."""
    old = new_user(api)
    assert api.delete(f"/1.1/users/{old['objectId']}", token=old["sessionToken"])[0] == 200
    cls = "AuditOld" + old["objectId"][:6]
    status, body = api.post(f"/1.1/classes/{cls}", {"secret": "s", "ACL": {
        old["objectId"]: {"read": True, "write": True}}}, master=True)
    assert status == 201, body
    number = "+86139" + str(uuid.uuid4().int)[:8]
    api.post("/1.1/requestSmsCode", {"mobilePhoneNumber": number})
    code = api.last_message(number)["code"]
    status, created = api.post("/1.1/usersByMobilePhone", {
        "mobilePhoneNumber": number, "smsCode": code, "objectId": old["objectId"],
        "email": "ceo@example.com", "emailVerified": True, "nick": "n"})
    assert status == 201, created
    assert created["objectId"] != old["objectId"]
    assert created["emailVerified"] is False and created["mobilePhoneVerified"] is True
    assert created["nick"] == "n"
    status, found = api.get(f"/1.1/classes/{cls}", token=created["sessionToken"])
    assert found == {"results": []}


def test_a_sign_up_by_phone_obeys_the_create_permission(api):
    status, body = api.put("/1.1/schemas/_User", {"classLevelPermissions": {"create": {}}},
                           master=True)
    assert status == 200, body
    try:
        number = "+86137" + str(uuid.uuid4().int)[:8]
        api.post("/1.1/requestSmsCode", {"mobilePhoneNumber": number})
        code = api.last_message(number)["code"]
        status, answer = api.post("/1.1/usersByMobilePhone",
                                  {"mobilePhoneNumber": number, "smsCode": code})
        assert (status, answer["code"]) == (403, 119)
    finally:
        api.put("/1.1/schemas/_User", {"classLevelPermissions": {}}, master=True)
