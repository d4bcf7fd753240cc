"""Roles over raw HTTP: creation rules, users and roles relations, and the hierarchy feeding
``role:<Name>`` ACL entries."""

import uuid


import users_server


api = users_server.module_server("roles-data")


def unique(prefix):
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def user_pointer(user):
    return {"__type": "Pointer", "className": "_User", "objectId": user["objectId"]}


def role_pointer(role_id):
    return {"__type": "Pointer", "className": "_Role", "objectId": role_id}


PUBLIC_READ = {"*": {"read": True}}


def make_role(api, name, users=(), roles=()):
    body = {"name": name, "ACL": PUBLIC_READ}
    if users:
        body["users"] = {"__op": "AddRelation", "objects": [user_pointer(u) for u in users]}
    if roles:
        body["roles"] = {"__op": "AddRelation", "objects": [role_pointer(r) for r in roles]}
    status, created = api.post("/1.1/roles", body, master=True)
    assert status == 201, created
    return created["objectId"]


def test_role_needs_a_valid_unique_name_and_an_acl(api):
    assert api.post("/1.1/roles", {"ACL": PUBLIC_READ})[1]["code"] == 139
    assert api.post("/1.1/roles", {"name": "bad/name", "ACL": PUBLIC_READ})[1]["code"] == 139
    assert api.post("/1.1/roles", {"name": unique("R")})[1]["code"] == 123
    name = unique("R")
    status, created = api.post("/1.1/roles", {"name": name, "ACL": PUBLIC_READ})
    assert status == 201 and created["objectId"]
    assert api.post("/1.1/roles", {"name": name, "ACL": PUBLIC_READ})[1]["code"] == 137
    assert api.post("/1.1/classes/_Role", {"name": name, "ACL": PUBLIC_READ})[1]["code"] == 137
    status, body = api.put(f"/1.1/roles/{created['objectId']}", {"name": unique("R")}, master=True)
    assert body["code"] == 139


def test_role_get_find_update_delete(api):
    name = unique("Editors")
    role_id = make_role(api, name)
    status, body = api.get(f"/1.1/roles/{role_id}")
    assert status == 200 and body["name"] == name
    status, body = api.get("/1.1/roles", params={"where": {"name": name}, "count": 1})
    assert body["count"] == 1 and body["results"][0]["objectId"] == role_id
    assert api.put(f"/1.1/roles/{role_id}", {"note": "x"}, master=True)[0] == 200
    assert api.get(f"/1.1/roles/{role_id}")[1]["note"] == "x"
    assert api.delete(f"/1.1/roles/{role_id}", master=True)[0] == 200
    assert api.get(f"/1.1/roles/{role_id}")[1] == {}


def test_role_users_relation_is_queryable(api):
    alice = api.sign_up(unique("alice"))
    role_id = make_role(api, unique("Team"), users=[alice])
    status, body = api.get("/1.1/users", params={"where": {"$relatedTo": {
        "object": role_pointer(role_id), "key": "users"}}})
    assert [u["objectId"] for u in body["results"]] == [alice["objectId"]]
    status, body = api.get("/1.1/roles", params={"where": {"users": user_pointer(alice)}})
    assert [r["objectId"] for r in body["results"]] == [role_id]


def test_role_acl_entries_follow_membership_and_hierarchy(api):
    admin, moderator, outsider = (api.sign_up(unique(n)) for n in ("adm", "mod", "out"))
    admins = unique("Admins")
    moderators = unique("Moderators")
    admins_id = make_role(api, admins, users=[admin])
    # members of Admins are moderators too: Admins is in Moderators.roles
    make_role(api, moderators, users=[moderator], roles=[admins_id])
    status, note = api.post("/1.1/classes/Note", {"text": "mods only",
                                                  "ACL": {f"role:{moderators}": {"read": True}}})
    path = f"/1.1/classes/Note/{note['objectId']}"
    assert api.get(path, token=moderator["sessionToken"])[1]["text"] == "mods only"
    assert api.get(path, token=admin["sessionToken"])[1]["text"] == "mods only"
    assert api.get(path, token=outsider["sessionToken"])[1] == {}
    assert api.get(path)[1] == {}
    # writing needs a write entry
    assert api.put(path, {"text": "x"}, token=admin["sessionToken"])[0] >= 400


def test_removing_a_user_from_a_role_takes_effect(api):
    member = api.sign_up(unique("m"))
    name = unique("Temp")
    role_id = make_role(api, name, users=[member])
    status, note = api.post("/1.1/classes/Note", {"ACL": {f"role:{name}": {"read": True}}})
    path = f"/1.1/classes/Note/{note['objectId']}"
    assert api.get(path, token=member["sessionToken"])[1]["objectId"] == note["objectId"]
    api.put(f"/1.1/roles/{role_id}", {"users": {"__op": "RemoveRelation",
                                                "objects": [user_pointer(member)]}}, master=True)
    assert api.get(path, token=member["sessionToken"])[1] == {}


def test_role_acl_protects_the_role_itself(api):
    owner, stranger = api.sign_up(unique("o")), api.sign_up(unique("s"))
    status, created = api.post("/1.1/roles", {
        "name": unique("Owned"), "ACL": {"*": {"read": True},
                                        owner["objectId"]: {"write": True}}})
    path = f"/1.1/roles/{created['objectId']}"
    body = {"users": {"__op": "AddRelation", "objects": [user_pointer(stranger)]}}
    assert api.put(path, body, token=stranger["sessionToken"])[0] >= 400
    assert api.put(path, body, token=owner["sessionToken"])[0] == 200
