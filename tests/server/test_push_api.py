"""Push over raw HTTP: devices, the push record, its targets and its error codes."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest


def test_push_records_its_targets_and_is_readable(api, master_api):
    batch = uuid.uuid4().hex[:8]
    news, sports = f"news{batch}", f"sports{batch}"
    for device, channels in (("a", [news]), ("b", [sports]), ("c", [news])):
        status, _ = master_api.call("POST", "/1.1/installations", {
            "deviceType": "android", "installationId": device + batch, "channels": channels,
            "batch": batch})
        assert status == 201
    status, _ = master_api.call("POST", "/1.1/installations", {
        "deviceType": "android", "installationId": "a" + batch, "channels": [news, "tech"]})
    assert status == 200  # the same device updated, not registered twice
    assert len(master_api.find("_Installation", {"batch": batch})) == 3

    sent = master_api.ok("POST", "/1.1/push", {
        "channels": [news], "data": {"alert": "hello"}, "expiration_interval": 60})
    record = api.ok("GET", f"/1.1/tables/Notifications/{sent['objectId']}")
    assert record["data"] == {"alert": "hello"} and record["devices"] == 2
    assert record["status"] == "done" and record["prod"] == "prod"

    later = (datetime.now(timezone.utc) + timedelta(hours=1)).isoformat()
    scheduled = master_api.ok("POST", "/1.1/push", {
        "where": {"batch": batch}, "data": {"alert": "later"}, "push_time": later})
    record = master_api.ok("GET", f"/1.1/notifications/{scheduled['objectId']}")
    assert record["status"] == "scheduled" and record["devices"] == 3

    by_cql = master_api.ok("POST", "/1.1/push", {
        "cql": f"select * from _Installation where installationId = 'b{batch}'",
        "data": {"alert": "cql"}})
    assert master_api.ok("GET", f"/1.1/notifications/{by_cql['objectId']}")["devices"] == 1


@pytest.mark.parametrize("body, code", [
    ({}, 107),
    ({"data": "text"}, 107),
    ({"data": {"alert": "x"}, "where": []}, 102),
    ({"data": {"alert": "x"}, "channels": "news"}, 112),
    ({"data": {"alert": "x"}, "push_time": "tomorrow"}, 107),
    ({"data": {"alert": "x"}, "prod": "staging"}, 107),
    ({"data": {"alert": "x"}, "expiration_interval": -5}, 107),
    ({"data": {"alert": "x"}, "cql": "select * from Todo"}, 300),
    ({"data": {"alert": "x"}, "cql": "select from"}, 300),
])
def test_bad_push_requests(master_api, body, code):
    status, answer = master_api.call("POST", "/1.1/push", body)
    assert (status, answer["code"]) == (400, code), answer


def test_push_needs_the_master_key_and_a_small_body(api, master_api):
    status, _ = api.call("POST", "/1.1/push", {"data": {"alert": "x"}})
    assert status == 401
    status, answer = master_api.call("POST", "/1.1/push",
                                     raw=json.dumps({"data": {"alert": "x" * 5000}}).encode())
    assert status == 413


def test_clients_cannot_forge_or_list_notifications(api):
    status, answer = api.call("POST", "/1.1/classes/_Notification", {"data": {"alert": "fake"}})
    assert (status, answer["code"]) == (403, 119)
    status, _ = api.call("GET", "/1.1/notifications")
    assert status == 401
