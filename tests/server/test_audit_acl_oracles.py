"""Audit: answers that would tell a caller what it may not read.

A write's ``where`` condition and a ``fetchWhenSave`` answer look at an object; neither may
reveal a field of an object the caller cannot read, whatever it may write.
"""

from __future__ import annotations

from audit_helpers import create, new_class, new_user, stored
from users_server import module_server

api = module_server("audit-oracles")


def test_condition_on_an_object_neither_readable_nor_writable_is_no_oracle(api):
    owner, other = new_user(api), new_user(api)
    cls = new_class()
    secret = create(api, cls, owner["sessionToken"], pin=4711,
                    ACL={owner["objectId"]: {"read": True, "write": True}})
    answers = []
    for pin in (4711, 1234):
        answers.append(api.put(f"/1.1/classes/{cls}/{secret}", {"x": 1},
                               params={"where": {"pin": pin}}, token=other["sessionToken"]))
    assert answers[0] == answers[1]
    assert answers[0][0] == 403
    for pin in (4711, 1234):
        answers.append(api.delete(f"/1.1/classes/{cls}/{secret}",
                                  params={"where": {"pin": pin}}, token=other["sessionToken"]))
    assert answers[2] == answers[3] == answers[0]
    assert stored(api, cls, secret)["pin"] == 4711


def test_condition_on_a_write_only_object_is_no_oracle(api):
    owner, other = new_user(api), new_user(api)
    cls = new_class()
    acl = {"*": {"write": True}, owner["objectId"]: {"read": True, "write": True}}
    box = create(api, cls, owner["sessionToken"], pin=4711, ACL=acl)
    updates = [api.put(f"/1.1/classes/{cls}/{box}", {"x": 1}, params={"where": {"pin": pin}},
                       token=other["sessionToken"]) for pin in (4711, 1234)]
    assert updates[0] == updates[1]
    assert updates[0][1]["code"] == 305
    assert "x" not in stored(api, cls, box)
    deletes = [api.delete(f"/1.1/classes/{cls}/{box}", params={"where": {"pin": pin}},
                          token=other["sessionToken"]) for pin in (4711, 1234)]
    assert deletes[0] == deletes[1]
    assert deletes[0][1]["code"] == 305
    assert stored(api, cls, box)["pin"] == 4711


def test_condition_through_batch_and_cql_is_no_oracle(api):
    owner, other = new_user(api), new_user(api)
    cls = new_class()
    secret = create(api, cls, owner["sessionToken"], pin=4711,
                    ACL={owner["objectId"]: {"read": True, "write": True}})
    status, batch = api.post("/1.1/batch", {"requests": [
        {"method": "PUT", "path": f"/1.1/classes/{cls}/{secret}?where=%7B%22pin%22%3A{pin}%7D",
         "body": {"x": 1}} for pin in (4711, 1234)]}, token=other["sessionToken"])
    assert status == 200 and batch[0] == batch[1]
    cql = [api.get("/1.1/cloudQuery", token=other["sessionToken"], params={
        "cql": f"update {cls} set x = 1 where objectId = ? and pin = ?",
        "pvalues": [secret, pin]}) for pin in (4711, 1234)]
    assert cql[0] == cql[1]
    assert "x" not in stored(api, cls, secret)


def test_conditions_still_work_for_readers(api):
    owner = new_user(api)
    cls = new_class()
    box = create(api, cls, owner["sessionToken"], pin=4711,
                 ACL={owner["objectId"]: {"read": True, "write": True}})
    status, body = api.put(f"/1.1/classes/{cls}/{box}", {"x": 1}, params={"where": {"pin": 1}},
                           token=owner["sessionToken"])
    assert (status, body["code"]) == (400, 305)
    status, body = api.put(f"/1.1/classes/{cls}/{box}", {"x": 1},
                           params={"where": {"pin": 4711}}, token=owner["sessionToken"])
    assert status == 200, body
    assert stored(api, cls, box)["x"] == 1


def test_fetch_when_save_shows_nothing_of_an_unreadable_object(api):
    owner, other = new_user(api), new_user(api)
    cls = new_class()
    acl = {"*": {"write": True}, owner["objectId"]: {"read": True, "write": True}}
    box = create(api, cls, owner["sessionToken"], pin=4711, tags=["hidden"], ACL=acl)
    status, body = api.put(f"/1.1/classes/{cls}/{box}",
                           {"pin": {"__op": "Increment", "amount": 0},
                            "tags": {"__op": "AddUnique", "objects": []}},
                           params={"fetchWhenSave": "true", "returnACL": "true"},
                           token=other["sessionToken"])
    assert status == 200, body
    assert set(body) == {"objectId", "updatedAt"}
    status, body = api.put(f"/1.1/classes/{cls}/{box}", {"pin": {"__op": "Increment", "amount": 1}},
                           params={"fetchWhenSave": "true"}, token=owner["sessionToken"])
    assert body["pin"] == 4712



def test_fetch_when_save_of_a_create_the_creator_cannot_read_shows_only_the_id(api):
    owner = new_user(api)
    cls = new_class()
    status, body = api.post(f"/1.1/classes/{cls}", {"pin": 1, "ACL": {"*": {"write": True}}},
                            params={"fetchWhenSave": "true"}, token=owner["sessionToken"])
    assert status == 201 and set(body) == {"objectId", "createdAt"}, body
    status, body = api.post(f"/1.1/classes/{cls}", {"pin": 2}, params={"fetchWhenSave": "true"},
                            token=owner["sessionToken"])
    assert status == 201 and body["pin"] == 2
