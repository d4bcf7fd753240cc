"""Object ACLs on every read and write path.

Over HTTP: an object readable only by one user is invisible to an anonymous caller through
get, find, count, include, $inQuery, $select, batch, and refuses update and delete; the
master key sees and changes it.  In process (ObjectService with explicit callers): the owner
and a role member see it, another user does not.
"""

from __future__ import annotations


import pytest

from core_helpers import Api, unique_class
from leanengine.protocol.credentials import AppKeys
from leanengine.protocol.errors import LeanCloudError
from leanengine.server import create_app
from leanengine.server.caller import Caller
from leanengine.server.query.spec import FindSpec

OWNER_ONLY = {"owner1": {"read": True, "write": True}}


def ptr(cls, oid):
    return {"__type": "Pointer", "className": cls, "objectId": oid}


@pytest.fixture
def private(api):
    cls, holders = unique_class("P"), unique_class("H")
    secret = api.create(cls, name="secret", city="Hidden", ACL=OWNER_ONLY)
    public = api.create(cls, name="public", city="Open")
    holder = api.create(holders, name="holder", target=ptr(cls, secret), city="Hidden")
    return cls, holders, secret, public, holder


def test_invisible_to_others_on_every_read_path(api, private):
    cls, holders, secret, public, holder = private
    assert api.ok("GET", f"/1.1/classes/{cls}/{secret}") == {}
    assert [o["name"] for o in api.find(cls)] == ["public"]
    assert api.find(cls, {"name": "secret"}) == []
    answer = api.ok("GET", f"/1.1/classes/{cls}", params={"count": 1, "limit": 0})
    assert answer["count"] == 1
    row = api.find(holders, include="target")[0]
    assert row["target"] == ptr(cls, secret)
    assert api.find(holders, {"target": {"$inQuery": {"className": cls, "where": {}}}}) == []
    select = {"query": {"className": cls, "where": {}}, "key": "city"}
    assert api.find(holders, {"city": {"$select": select}}) == []
    answer = api.ok("POST", "/1.1/batch", {"requests": [
        {"method": "GET", "path": f"/1.1/classes/{cls}/{secret}"},
        {"method": "GET", "path": f"/1.1/classes/{cls}", "params": {"where": {"name": "secret"}}}]})
    assert answer == [{"success": None}, {"success": {"results": []}}]   # hidden = missing


def test_refused_writes(api, private):
    cls, holders, secret, public, holder = private
    for method, body in (("PUT", {"name": "stolen"}), ("DELETE", None)):
        status, answer = api.call(method, f"/1.1/classes/{cls}/{secret}", body)
        assert status == 403 and answer == {"code": 1, "error": "Forbidden writing by object's ACL."}
    answer = api.ok("POST", "/1.1/batch", {"requests": [
        {"method": "PUT", "path": f"/1.1/classes/{cls}/{secret}", "body": {"name": "x"}}]})
    assert answer[0]["error"]["code"] == 1


def test_master_key_bypasses(master_api, private):
    cls, holders, secret, public, holder = private
    assert master_api.ok("GET", f"/1.1/classes/{cls}/{secret}")["name"] == "secret"
    assert len(master_api.find(cls)) == 2
    row = master_api.find(holders, include="target")[0]
    assert row["target"]["name"] == "secret"
    master_api.ok("PUT", f"/1.1/classes/{cls}/{secret}", {"name": "renamed"})
    scanned = master_api.ok("GET", f"/1.1/scan/classes/{cls}")["results"]
    assert sorted(o["name"] for o in scanned) == ["public", "renamed"]
    master_api.ok("DELETE", f"/1.1/classes/{cls}/{secret}")
    assert master_api.ok("GET", f"/1.1/classes/{cls}/{secret}") == {}


def test_public_read_only_acl(api):
    cls = unique_class("R")
    oid = api.create(cls, n=1, ACL={"*": {"read": True}})
    assert api.ok("GET", f"/1.1/classes/{cls}/{oid}")["n"] == 1
    status, answer = api.call("PUT", f"/1.1/classes/{cls}/{oid}", {"n": 2})
    assert status == 403
    fetched = api.ok("GET", f"/1.1/classes/{cls}/{oid}", params={"returnACL": "true"})
    assert fetched["ACL"] == {"*": {"read": True}}


@pytest.fixture
def service(tmp_path):
    app = create_app(str(tmp_path), AppKeys("id", "key", "master"))
    yield app.services.objects
    app.services.store.close()


def test_owner_and_role_members_see_and_write(service):
    owner, stranger = Caller(user={"objectId": "owner1"}), Caller(user={"objectId": "other"})
    admin = Caller(user={"objectId": "adm"}, roles=["admin"])
    mine = service.create(owner, "Doc", {"t": "mine", "ACL": OWNER_ONLY})["objectId"]
    staff = service.create(owner, "Doc", {"t": "staff", "ACL": {"role:admin": {"read": True}}})["objectId"]
    service.create(owner, "Holder", {"docs": [ptr("Doc", mine), ptr("Doc", staff)]})

    def visible(caller):
        return sorted(o["t"] for o in service.find(caller, "Doc", FindSpec()))

    assert visible(owner) == ["mine"] and visible(stranger) == [] and visible(admin) == ["staff"]
    assert service.get(stranger, "Doc", mine) is None
    assert service.get(owner, "Doc", mine)["t"] == "mine"
    assert service.count(admin, "Doc", FindSpec()) == 1
    held = service.find(admin, "Holder", FindSpec(include="docs"))[0]["docs"]
    assert held[0] == ptr("Doc", mine) and held[1]["t"] == "staff"
    sub = {"docs": {"$inQuery": {"className": "Doc", "where": {}}}}
    assert service.count(stranger, "Holder", FindSpec(where=sub)) == 0
    assert service.count(owner, "Holder", FindSpec(where=sub)) == 1
    service.update(owner, "Doc", mine, {"t": "mine2"})
    with pytest.raises(LeanCloudError) as refused:
        service.update(admin, "Doc", staff, {"t": "x"})
    assert refused.value.status == 403
    with pytest.raises(LeanCloudError):
        service.delete(stranger, "Doc", mine)
    service.delete(owner, "Doc", mine)
    assert service.get(Caller.master_key(), "Doc", mine) is None


def test_class_permission_hook_is_consulted(service):
    from leanengine.server import services as hooks
    seen = []

    def refuse_delete(services, caller, class_name, operation):
        seen.append((class_name, operation))
        if operation == "delete":
            raise LeanCloudError(119, "Forbidden to delete by class permissions.", status=403)

    previous = hooks._class_permission[0]
    hooks.set_class_permission_check(refuse_delete)
    try:
        caller = Caller()
        oid = service.create(caller, "Perm", {"a": 1})["objectId"]
        service.find(caller, "Perm", FindSpec())
        with pytest.raises(LeanCloudError) as refused:
            service.delete(caller, "Perm", oid)
        assert refused.value.code == 119
        service.delete(Caller.master_key(), "Perm", oid)
    finally:
        hooks.set_class_permission_check(previous)
    assert ("Perm", "create") in seen and ("Perm", "addFields") in seen and ("Perm", "find") in seen


def sign_up(url: str) -> tuple[str, str]:
    name = unique_class("user")
    status, answer = Api(url).call("POST", "/1.1/users", {"username": name, "password": "pw-" + name})
    assert status == 201, answer
    return answer["objectId"], answer["sessionToken"]


def test_owner_only_object_over_http_with_sessions(core_server):
    owner_id, owner_token = sign_up(core_server.url)
    _, other_token = sign_up(core_server.url)
    owner, other = Api(core_server.url, session=owner_token), Api(core_server.url, session=other_token)
    cls, holders = unique_class("Private"), unique_class("Holder")
    secret = owner.create(cls, name="mine", ACL={owner_id: {"read": True, "write": True}})
    owner.create(holders, target=ptr(cls, secret), city="x")
    sub = {"target": {"$inQuery": {"className": cls, "where": {}}}}
    select = {"city": {"$select": {"query": {"className": cls, "where": {}}, "key": "name"}}}

    assert owner.ok("GET", f"/1.1/classes/{cls}/{secret}")["name"] == "mine"
    assert other.ok("GET", f"/1.1/classes/{cls}/{secret}") == {}
    assert [o["name"] for o in owner.find(cls)] == ["mine"] and other.find(cls) == []
    assert other.ok("GET", f"/1.1/classes/{cls}", params={"count": 1, "limit": 0})["count"] == 0
    assert owner.find(holders, include="target")[0]["target"]["name"] == "mine"
    assert other.find(holders, include="target")[0]["target"] == ptr(cls, secret)
    assert len(owner.find(holders, sub)) == 1 and other.find(holders, sub) == []
    assert other.find(holders, select) == []
    batch = {"requests": [{"method": "GET", "path": f"/1.1/classes/{cls}/{secret}"}]}
    assert other.ok("POST", "/1.1/batch", batch) == [{"success": None}]   # hidden = missing
    assert owner.ok("POST", "/1.1/batch", batch)[0]["success"]["name"] == "mine"
    for method, body in (("PUT", {"name": "stolen"}), ("DELETE", None)):
        status, answer = other.call(method, f"/1.1/classes/{cls}/{secret}", body)
        assert status == 403 and answer["code"] == 1
    owner.ok("PUT", f"/1.1/classes/{cls}/{secret}", {"name": "still mine"})
    owner.ok("DELETE", f"/1.1/classes/{cls}/{secret}")
    assert owner.ok("GET", f"/1.1/classes/{cls}/{secret}") == {}


def test_class_permissions_close_include_and_subqueries(service):
    from leanengine.server import services as hooks

    def hide_class(services, caller, class_name, operation):
        if class_name == "Hidden" and operation in ("get", "find"):
            raise LeanCloudError(119, "Forbidden by class permissions.", status=403)

    master = Caller.master_key()
    hidden = service.create(master, "Hidden", {"name": "h"})["objectId"]
    service.create(master, "Open", {"ref": ptr("Hidden", hidden), "name": "h"})
    previous = hooks._class_permission[0]
    hooks.set_class_permission_check(hide_class)
    try:
        caller = Caller()
        row = service.find(caller, "Open", FindSpec(include="ref"))[0]
        assert row["ref"] == ptr("Hidden", hidden)
        for where in ({"ref": {"$inQuery": {"className": "Hidden", "where": {}}}},
                      {"name": {"$select": {"query": {"className": "Hidden", "where": {}}, "key": "name"}}},
                      {"ref": {"$notInQuery": {"className": "Hidden", "where": {}}}}):
            with pytest.raises(LeanCloudError) as refused:
                service.find(caller, "Open", FindSpec(where=where))
            assert refused.value.code == 119
        assert service.find(master, "Open", FindSpec(include="ref"))[0]["ref"]["name"] == "h"
    finally:
        hooks.set_class_permission_check(previous)


def test_role_acl_over_http(core_server, master_api):
    member_id, member_token = sign_up(core_server.url)
    _, outsider_token = sign_up(core_server.url)
    role = unique_class("Staff")
    status, _ = master_api.call("POST", "/1.1/roles", {
        "name": role, "ACL": {"*": {"read": True}},
        "users": {"__op": "AddRelation", "objects": [ptr("_User", member_id)]}})
    assert status == 201
    cls = unique_class("StaffOnly")
    oid = master_api.create(cls, note="staff", ACL={f"role:{role}": {"read": True}})
    member = Api(core_server.url, session=member_token)
    outsider = Api(core_server.url, session=outsider_token)
    assert member.ok("GET", f"/1.1/classes/{cls}/{oid}")["note"] == "staff"
    assert outsider.ok("GET", f"/1.1/classes/{cls}/{oid}") == {}
    assert len(member.find(cls)) == 1 and outsider.find(cls) == []
    status, answer = member.call("PUT", f"/1.1/classes/{cls}/{oid}", {"note": "x"})
    assert status == 403                                  # read, not write
