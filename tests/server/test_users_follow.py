"""Follow and unfollow over raw HTTP, and the _Followee/_Follower queries the SDKs build
(``create_followee_query`` / ``create_follower_query``)."""

import uuid

import pytest

import users_server


api = users_server.module_server("follow-data")


def pointer(user):
    return {"__type": "Pointer", "className": "_User", "objectId": user["objectId"]}


def sign_up(api):
    return api.sign_up("f" + uuid.uuid4().hex[:10])


def followees(api, user):
    where = {"user": pointer(user)}
    body = api.get("/1.1/classes/_Followee", params={"where": where, "include": "followee"})[1]
    return [row["followee"]["objectId"] for row in body["results"]]


def followers(api, user):
    where = {"user": pointer(user)}
    body = api.get("/1.1/classes/_Follower", params={"where": where, "include": "follower"})[1]
    return [row["follower"]["objectId"] for row in body["results"]]


@pytest.mark.parametrize("word", ["friendship", "followee"])
def test_follow_and_unfollow(api, word):
    alice, bob, carol = sign_up(api), sign_up(api), sign_up(api)
    path = f"/1.1/users/{alice['objectId']}/{word}/{bob['objectId']}"
    assert api.post(path, {}, token=alice["sessionToken"]) == (200, {})
    assert api.post(path, {}, token=alice["sessionToken"]) == (200, {})  # idempotent
    api.post(f"/1.1/users/{carol['objectId']}/{word}/{bob['objectId']}", {},
             token=carol["sessionToken"])
    assert followees(api, alice) == [bob["objectId"]]
    assert sorted(followers(api, bob)) == sorted([alice["objectId"], carol["objectId"]])
    status, body = api.get(f"/1.1/users/{bob['objectId']}/followers")
    assert {r["follower"]["objectId"] for r in body["results"]} == {alice["objectId"],
                                                                    carol["objectId"]}
    included = body["results"][0]["follower"]
    assert included["username"] and "password" not in included
    assert api.delete(path, token=alice["sessionToken"]) == (200, {})
    assert followees(api, alice) == []
    assert followers(api, bob) == [carol["objectId"]]


def test_follow_needs_the_follower_session(api):
    alice, bob = sign_up(api), sign_up(api)
    path = f"/1.1/users/{alice['objectId']}/friendship/{bob['objectId']}"
    assert api.post(path, {})[1]["code"] == 206
    assert api.post(path, {}, token=bob["sessionToken"])[1]["code"] == 206
    assert api.post(path, {}, master=True) == (200, {})
    missing = f"/1.1/users/{alice['objectId']}/friendship/000000000000000000000000"
    assert api.post(missing, {}, token=alice["sessionToken"])[1]["code"] == 211


def test_follow_rows_are_read_only_to_clients(api):
    alice, bob = sign_up(api), sign_up(api)
    api.post(f"/1.1/users/{alice['objectId']}/friendship/{bob['objectId']}", {"group": "work"},
             token=alice["sessionToken"])
    row = api.get("/1.1/classes/_Followee", params={"where": {"user": pointer(alice)}})[1]["results"][0]
    assert row["group"] == "work"
    status, _ = api.delete(f"/1.1/classes/_Followee/{row['objectId']}", token=alice["sessionToken"])
    assert status >= 400
    assert followees(api, alice) == [bob["objectId"]]


def test_followers_and_followees_in_one_call_with_counts(api):
    alice, bob, carol = sign_up(api), sign_up(api), sign_up(api)
    api.post(f"/1.1/users/{alice['objectId']}/friendship/{bob['objectId']}", {},
             token=alice["sessionToken"])
    api.post(f"/1.1/users/{carol['objectId']}/friendship/{alice['objectId']}", {},
             token=carol["sessionToken"])
    status, body = api.get(f"/1.1/users/{alice['objectId']}/followersAndFollowees",
                           params={"count": 1})
    assert status == 200
    assert [r["follower"]["objectId"] for r in body["followers"]] == [carol["objectId"]]
    assert [r["followee"]["objectId"] for r in body["followees"]] == [bob["objectId"]]
    assert (body["followers_count"], body["followees_count"]) == (1, 1)
    status, body = api.get(f"/1.1/users/{alice['objectId']}/followees", params={"count": 1})
    assert body["count"] == 1
