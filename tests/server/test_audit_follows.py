"""Audit: ``_Followee``/``_Follower`` rows are written by the friendship routes only, never
through ``/classes`` (REST, batch or CQL): a forged row would make one user follow another."""

from __future__ import annotations

import pytest

from audit_helpers import new_user
from users_server import module_server

api = module_server("audit-follows")


def _pointer(user) -> dict:
    return {"__type": "Pointer", "className": "_User", "objectId": user["objectId"]}


@pytest.mark.parametrize("cls, fields", [
    ("_Followee", lambda a, b: {"user": _pointer(a), "followee": _pointer(b)}),
    ("_Follower", lambda a, b: {"user": _pointer(b), "follower": _pointer(a)}),
])
def test_follows_cannot_be_forged_through_the_classes(api, cls, fields):
    alice, bob = new_user(api), new_user(api)
    body = fields(alice, bob)
    for token in (None, alice["sessionToken"], bob["sessionToken"]):
        status, answer = api.post(f"/1.1/classes/{cls}", body, token=token)
        assert (status, answer["code"]) == (403, 119), answer
    status, answer = api.post("/1.1/batch", {"requests": [
        {"method": "POST", "path": f"/1.1/classes/{cls}", "body": body}]})
    assert answer[0]["error"]["code"] == 119
    status, answer = api.get("/1.1/cloudQuery", params={
        "cql": f"insert into {cls}(user) values(pointer('_User', ?))",
        "pvalues": [alice["objectId"]]})
    assert answer["code"] == 119
    for path in (f"/1.1/users/{bob['objectId']}/followers",
                 f"/1.1/users/{alice['objectId']}/followees"):
        assert api.get(path)[1] == {"results": []}


def test_the_friendship_routes_still_follow(api):
    alice, bob = new_user(api), new_user(api)
    status, body = api.post(f"/1.1/users/{alice['objectId']}/friendship/{bob['objectId']}",
                            {}, token=alice["sessionToken"])
    assert status == 200, body
    status, body = api.get(f"/1.1/users/{bob['objectId']}/followers")
    assert [row["follower"]["objectId"] for row in body["results"]] == [alice["objectId"]]
    row_id = body["results"][0]["objectId"]
    status, body = api.put(f"/1.1/classes/_Follower/{row_id}", {"x": 1},
                           token=bob["sessionToken"])
    assert status == 403


def test_a_follow_body_cannot_pick_the_rows_ids(api):
    alice, bob, carol = new_user(api), new_user(api), new_user(api)
    chosen = "a" * 24
    for user in (alice, carol):
        status, body = api.post(f"/1.1/users/{user['objectId']}/friendship/{bob['objectId']}",
                                {"objectId": chosen, "note": "hi"}, token=user["sessionToken"])
        assert status == 200, body
    status, body = api.get(f"/1.1/users/{bob['objectId']}/followers")
    rows = body["results"]
    assert len(rows) == 2 and chosen not in {row["objectId"] for row in rows}
    assert {row["note"] for row in rows} == {"hi"}
