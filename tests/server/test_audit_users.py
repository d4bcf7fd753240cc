"""Audit: a user is deleted only by itself (or the master key), whatever its ACL and
whatever path the request takes (REST, batch, CQL)."""

from __future__ import annotations

from audit_helpers import new_user
from users_server import module_server

api = module_server("audit-users")


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
