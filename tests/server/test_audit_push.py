"""Audit: the push records (``_Notification``: every push's content and target query) are
listed with the master key only, by any path (``/notifications`` already asked for it;
``/classes/_Notification``, CQL and subqueries did not). One record is still read by its id
with the app key, as the SDKs' ``Notification.fetch`` does."""

from __future__ import annotations

from users_server import module_server

api = module_server("audit-push")


def _push(api) -> str:
    status, body = api.post("/1.1/push", {"data": {"alert": "hi"},
                                          "where": {"owner": "target-user-id"}}, master=True)
    assert status == 200, body
    return body["objectId"]


def test_push_records_are_listed_with_the_master_key_only(api):
    _push(api)
    refused = [
        api.get("/1.1/classes/_Notification"),
        api.get("/1.1/classes/_Notification", params={"count": 1, "limit": 0}),
        api.get("/1.1/cloudQuery", params={"cql": "select * from _Notification"}),
        api.get("/1.1/classes/Anything", params={"where": {"n": {"$inQuery": {
            "className": "_Notification", "where": {}}}}}),
        api.get("/1.1/notifications"),
    ]
    for status, body in refused[:4]:
        assert (status, body["code"]) == (403, 119), body
    assert refused[4][0] == 401
    status, body = api.get("/1.1/classes/_Notification", master=True)
    assert status == 200 and body["results"]


def test_one_push_record_is_read_by_its_id(api):
    record = _push(api)
    for path in (f"/1.1/tables/Notifications/{record}", f"/1.1/notifications/{record}",
                 f"/1.1/classes/_Notification/{record}"):
        status, body = api.get(path)
        assert status == 200 and body["data"] == {"alert": "hi"}, (path, body)
