"""Two server processes on one data directory agree on users: sessions, revocations,
lockouts, roles and class permissions live in the database, not in a process."""

import uuid

import pytest

import users_server


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("shared-data")
    first_process, first = users_server.start(data_dir, {"LEANENGINE_SMS_INTERVAL": "0"})
    second_process, second = users_server.start(data_dir, {"LEANENGINE_SMS_INTERVAL": "0"})
    yield first, second
    users_server.stop(first_process)
    users_server.stop(second_process)


def name():
    return "p" + uuid.uuid4().hex[:10]


def test_sessions_and_revocation_cross_processes(pair):
    first, second = pair
    user = first.sign_up(name())
    assert second.get("/1.1/users/me", token=user["sessionToken"])[0] == 200
    status, fresh = second.put(f"/1.1/users/{user['objectId']}/refreshSessionToken",
                               token=user["sessionToken"])
    assert first.get("/1.1/users/me", token=user["sessionToken"])[1]["code"] == 211
    assert first.get("/1.1/users/me", token=fresh["sessionToken"])[0] == 200


def test_lockout_counts_failures_from_both_processes(pair):
    first, second = pair
    username = name()
    first.sign_up(username, "right")
    for api in (first, second, first, second, first, second):
        assert api.post("/1.1/login", {"username": username, "password": "bad"})[1]["code"] == 210
    assert first.post("/1.1/login", {"username": username, "password": "right"})[1]["code"] == 219
    assert second.post("/1.1/login", {"username": username, "password": "right"})[1]["code"] == 219


def test_roles_and_class_permissions_cross_processes(pair):
    first, second = pair
    user = first.sign_up(name())
    cls, role = "Shared" + uuid.uuid4().hex[:6], "Staff" + uuid.uuid4().hex[:6]
    first.put(f"/1.1/schemas/{cls}", {"classLevelPermissions": {"create": {f"role:{role}": True}}},
              master=True)
    assert second.post(f"/1.1/classes/{cls}", {"a": 1}, token=user["sessionToken"])[1]["code"] == 119
    first.post("/1.1/roles", {"name": role, "ACL": {"*": {"read": True}}, "users": {
        "__op": "AddRelation", "objects": [{"__type": "Pointer", "className": "_User",
                                            "objectId": user["objectId"]}]}}, master=True)
    assert second.post(f"/1.1/classes/{cls}", {"a": 1}, token=user["sessionToken"])[0] == 201


def test_a_code_sent_by_one_process_is_checked_by_the_other(pair):
    first, second = pair
    number = "+86177" + str(uuid.uuid4().int)[:8]
    first.post("/1.1/requestSmsCode", {"mobilePhoneNumber": number})
    code = first.last_message(number)["code"]
    assert second.post(f"/1.1/verifySmsCode/{code}", {"mobilePhoneNumber": number}) == (200, {})
