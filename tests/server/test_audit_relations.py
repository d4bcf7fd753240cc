"""Audit: a relation is part of its owner: ``$relatedTo`` finds nothing through an owner
the caller cannot read."""

from __future__ import annotations

from audit_helpers import create, new_class, new_user
from users_server import module_server

api = module_server("audit-relations")


def test_related_to_an_unreadable_owner_finds_nothing(api):
    owner, other = new_user(api), new_user(api)
    members, groups = new_class(), new_class()
    member = create(api, members, None, name="m")
    pointer = {"__type": "Pointer", "className": members, "objectId": member}
    group = create(api, groups, owner["sessionToken"],
                   members={"__op": "AddRelation", "objects": [pointer]},
                   ACL={owner["objectId"]: {"read": True, "write": True}})
    where = {"$relatedTo": {"object": {"__type": "Pointer", "className": groups,
                                       "objectId": group}, "key": "members"}}
    status, body = api.get(f"/1.1/classes/{members}", params={"where": where},
                           token=other["sessionToken"])
    assert (status, body) == (200, {"results": []})
    status, body = api.get(f"/1.1/classes/{members}", params={"where": where, "count": 1,
                                                              "limit": 0})
    assert body["count"] == 0
    status, body = api.get(f"/1.1/classes/{members}", params={"where": where},
                           token=owner["sessionToken"])
    assert [row["objectId"] for row in body["results"]] == [member]
