"""Object ACLs seen through every read path, class-level permissions set with the master
key, and the server's internal classes closed to clients."""

import uuid

import pytest

import users_server


api = users_server.module_server("permissions-data")


def unique(prefix):
    return f"{prefix}{uuid.uuid4().hex[:8]}"


@pytest.fixture
def owner_and_other(api):
    return api.sign_up(unique("owner")), api.sign_up(unique("other"))


def owner_only(user):
    return {user["objectId"]: {"read": True, "write": True}}


def test_owner_only_object_is_invisible_to_others_on_every_read_path(api, owner_and_other):
    owner, other = owner_and_other
    cls = unique("Secret")
    tag = unique("tag")
    status, secret = api.post(f"/1.1/classes/{cls}", {"tag": tag, "ACL": owner_only(owner)},
                              token=owner["sessionToken"])
    assert status == 201
    pointer = {"__type": "Pointer", "className": cls, "objectId": secret["objectId"]}
    status, holder = api.post("/1.1/classes/Holder", {"ref": pointer, "tag": tag})
    where = {"tag": tag}
    path = f"/1.1/classes/{cls}/{secret['objectId']}"

    def sees(token):
        got = api.get(path, token=token)[1]
        found = api.get(f"/1.1/classes/{cls}", params={"where": where}, token=token)[1]["results"]
        count = api.get(f"/1.1/classes/{cls}", params={"where": where, "count": 1, "limit": 0},
                        token=token)[1]["count"]
        included = api.get(f"/1.1/classes/Holder/{holder['objectId']}",
                           params={"include": "ref"}, token=token)[1]["ref"]
        in_query = api.get("/1.1/classes/Holder", token=token, params={"where": {
            "ref": {"$inQuery": {"where": where, "className": cls}}}})[1]["results"]
        batch = api.post("/1.1/batch", {"requests": [{"method": "GET", "path": path}]},
                         token=token)[1][0]
        cql = api.get("/1.1/cloudQuery", token=token, params={
            "cql": f"select * from {cls} where tag = ?", "pvalues": [tag]})[1]
        return {"get": bool(got), "find": len(found), "count": count,
                "include": included.get("tag") == tag, "inQuery": len(in_query),
                "batch": bool(batch.get("success")), "cql": len(cql.get("results", []))}

    assert sees(owner["sessionToken"]) == {"get": True, "find": 1, "count": 1, "include": True,
                                           "inQuery": 1, "batch": True, "cql": 1}
    nothing = {"get": False, "find": 0, "count": 0, "include": False, "inQuery": 0,
               "batch": False, "cql": 0}
    assert sees(other["sessionToken"]) == nothing
    assert sees(None) == nothing
    # the master key sees everything
    assert api.get(path, master=True)[1]["tag"] == tag


def test_owner_only_object_cannot_be_written_by_others(api, owner_and_other):
    owner, other = owner_and_other
    status, secret = api.post("/1.1/classes/Locked", {"v": 1, "ACL": owner_only(owner)})
    path = f"/1.1/classes/Locked/{secret['objectId']}"
    assert api.put(path, {"v": 2}, token=other["sessionToken"])[0] >= 400
    assert api.delete(path, token=other["sessionToken"])[0] >= 400
    assert api.put(path, {"v": 3}, token=owner["sessionToken"])[0] == 200
    assert api.get(path, master=True)[1]["v"] == 3


def set_permissions(api, cls, permissions, **kw):
    return api.put(f"/1.1/schemas/{cls}", {"classLevelPermissions": permissions}, **kw)


def test_class_permissions_need_the_master_key_and_a_valid_document(api):
    cls = unique("Guarded")
    status, body = set_permissions(api, cls, {"find": {"*": True}})
    assert status == 401
    assert set_permissions(api, cls, {"explode": {}}, master=True)[1]["code"] == 107
    status, body = set_permissions(api, cls, {"find": {"*": True}}, master=True)
    assert status == 200 and body["classLevelPermissions"] == {"find": {"*": True}}


def test_create_limited_to_signed_in_users(api, owner_and_other):
    owner, _ = owner_and_other
    cls = unique("Posts")
    set_permissions(api, cls, {"create": {"onlySignInUsers": True}}, master=True)
    status, body = api.post(f"/1.1/classes/{cls}", {"a": 1})
    assert (status, body["code"]) == (403, 119)
    assert api.post(f"/1.1/classes/{cls}", {"a": 1}, token=owner["sessionToken"])[0] == 201
    assert api.post(f"/1.1/classes/{cls}", {"a": 1}, master=True)[0] == 201


def test_find_get_update_delete_limited_to_a_user_or_role(api, owner_and_other):
    owner, other = owner_and_other
    cls = unique("Reports")
    status, created = api.post(f"/1.1/classes/{cls}", {"a": 1}, master=True)
    path = f"/1.1/classes/{cls}/{created['objectId']}"
    role = unique("Auditors")
    api.post("/1.1/roles", {"name": role, "ACL": {"*": {"read": True}}, "users": {
        "__op": "AddRelation", "objects": [{"__type": "Pointer", "className": "_User",
                                            "objectId": other["objectId"]}]}}, master=True)
    rule = {owner["objectId"]: True, f"role:{role}": True}
    set_permissions(api, cls, {"find": rule, "get": rule, "update": {owner["objectId"]: True},
                               "delete": {}}, master=True)
    stranger = api.sign_up(unique("s"))
    for token in (owner["sessionToken"], other["sessionToken"]):
        assert api.get(path, token=token)[1]["a"] == 1
        assert len(api.get(f"/1.1/classes/{cls}", token=token)[1]["results"]) == 1
    for token in (stranger["sessionToken"], None):
        assert api.get(path, token=token)[1]["code"] == 119
        assert api.get(f"/1.1/classes/{cls}", token=token)[1]["code"] == 119
        assert api.get(f"/1.1/classes/{cls}", params={"count": 1, "limit": 0},
                       token=token)[1]["code"] == 119
    assert api.put(path, {"a": 2}, token=other["sessionToken"])[1]["code"] == 119
    assert api.put(path, {"a": 2}, token=owner["sessionToken"])[0] == 200
    assert api.delete(path, token=owner["sessionToken"])[1]["code"] == 119
    assert api.delete(path, master=True)[0] == 200


def test_add_fields_permission(api, owner_and_other):
    owner, _ = owner_and_other
    cls = unique("Fixed")
    status, created = api.post(f"/1.1/classes/{cls}", {"known": 1}, master=True)
    set_permissions(api, cls, {"add_fields": {}}, master=True)
    token = owner["sessionToken"]
    assert api.post(f"/1.1/classes/{cls}", {"known": 2}, token=token)[0] == 201
    status, body = api.post(f"/1.1/classes/{cls}", {"known": 3, "novel": 1}, token=token)
    assert (status, body["code"]) == (403, 119)
    assert api.post(f"/1.1/classes/{cls}", {"novel": 1}, master=True)[0] == 201


def test_permissions_can_be_replaced(api):
    cls = unique("Flip")
    set_permissions(api, cls, {"create": {}}, master=True)
    assert api.post(f"/1.1/classes/{cls}", {"a": 1})[1]["code"] == 119
    set_permissions(api, cls, {"create": {"*": True}}, master=True)
    assert api.post(f"/1.1/classes/{cls}", {"a": 1})[0] == 201


@pytest.mark.parametrize("cls", ["_Session", "_AuthCode", "_LoginFailure", "_ClassPermission"])
def test_internal_classes_are_closed_to_clients(api, cls):
    api.sign_up(unique("someone"))
    status, body = api.get(f"/1.1/classes/{cls}")
    assert (status, body["code"]) == (403, 119)
    status, body = api.post(f"/1.1/classes/{cls}", {"className": "Anything", "permissions": {}})
    assert (status, body["code"]) == (403, 119)
    status, body = api.get(f"/1.1/classes/{cls}", master=True)
    assert status == 200


def test_class_permissions_also_close_include_and_subqueries(api):
    cls, holder, tag = unique("Closed"), unique("Holder"), unique("tag")
    status, hidden = api.post(f"/1.1/classes/{cls}", {"tag": tag}, master=True)
    pointer = {"__type": "Pointer", "className": cls, "objectId": hidden["objectId"]}
    api.post(f"/1.1/classes/{holder}", {"ref": pointer, "tag": tag})
    set_permissions(api, cls, {"find": {}, "get": {}}, master=True)
    status, body = api.get(f"/1.1/classes/{holder}", params={"where": {"tag": tag},
                                                             "include": "ref"})
    assert status == 200 and "tag" not in body["results"][0]["ref"]
    status, body = api.get(f"/1.1/classes/{holder}", params={"where": {
        "ref": {"$inQuery": {"where": {"tag": tag}, "className": cls}}}})
    assert status == 403 or body["results"] == []
