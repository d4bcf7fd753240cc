"""Batch runs of plain creates (served in bulk): per-item answers, in order, and nothing
half-written by a failed item."""

from __future__ import annotations

from core_helpers import unique_class


def _batch(api, items):
    return api.ok("POST", "/1.1/batch", {"requests": items})


def _create(cls, body, path_prefix="/1.1"):
    return {"method": "POST", "path": f"{path_prefix}/classes/{cls}", "body": body}


def _schema(master_api, cls) -> dict:
    return master_api.ok("GET", f"/1.1/schemas/{cls}")


def test_good_and_bad_creates_of_one_class(api, master_api):
    cls = unique_class()
    answer = _batch(api, [
        _create(cls, {"n": 1}),
        _create(cls, {"bad$": 1}),
        _create(cls, {"n": "later item, other type"}),
        _create(cls, {"n": 2, "ACL": "not an ACL"}),
        _create(cls, {"n": 3}, path_prefix="/1"),
        _create(cls, {"when": {"__type": "Date", "iso": "not a date"}}),
        _create(cls, {"n": 4, "big": "x" * (130 * 1024)}),
        _create(cls, {"n": 5}),
    ])
    codes = [item["error"]["code"] if "error" in item else None for item in answer]
    assert codes == [None, 105, 111, 123, None, 107, 116, None]
    created = [answer[i]["success"] for i in (0, 4, 7)]
    assert all(set(item) == {"objectId", "createdAt"} for item in created)
    stored = {o["objectId"]: o["n"] for o in api.find(cls)}
    assert stored == {created[0]["objectId"]: 1, created[1]["objectId"]: 3,
                      created[2]["objectId"]: 5}
    schema = _schema(master_api, cls)
    assert schema["n"] == {"type": "Number"}
    assert "when" not in schema and "big" not in schema and "bad$" not in schema


def test_type_conflict_inside_one_batch_leaves_no_learned_field(api, master_api):
    cls = unique_class()
    answer = _batch(api, [
        _create(cls, {"n": 1}),
        _create(cls, {"fresh": 1, "n": "clash"}),     # 111: 'fresh' must not be learned
        _create(cls, {"fresh": "text"}),
    ])
    assert "success" in answer[0]
    assert answer[1]["error"]["code"] == 111 and "'n'" in answer[1]["error"]["error"]
    assert "success" in answer[2]
    assert _schema(master_api, cls)["fresh"] == {"type": "String"}
    assert sorted(o.get("fresh", "-") for o in api.find(cls)) == ["-", "text"]


def test_duplicate_object_id_fails_only_its_item(master_api):
    cls = unique_class()
    answer = _batch(master_api, [
        _create(cls, {"objectId": "fixedid1", "n": 1}),
        _create(cls, {"objectId": "fixedid1", "only": "in the duplicate"}),
        _create(cls, {"objectId": "Bad-Id", "n": 2}),
        _create(cls, {"n": 3}),
    ])
    assert answer[0]["success"]["objectId"] == "fixedid1"
    assert answer[1]["error"]["code"] == 137
    assert answer[2]["error"]["code"] == 104
    assert "success" in answer[3]
    assert sorted(o["n"] for o in master_api.find(cls)) == [1, 3]
    assert "only" not in _schema(master_api, cls)


def test_a_taken_id_late_in_a_long_run_fails_only_its_item(master_api):
    """A run longer than one INSERT statement holds (100 rows): the taken id in the last
    statement must not cost the rows of the earlier ones, nor leave them twice."""
    cls = unique_class()
    master_api.create(cls, objectId="takenid", n=-1)
    items = [_create(cls, {"n": i}) for i in range(230)]
    items[215] = _create(cls, {"objectId": "takenid", "n": 215})
    answer = _batch(master_api, items)
    assert answer[215]["error"]["code"] == 137
    assert all("success" in item for i, item in enumerate(answer) if i != 215)
    stored = sorted(o["n"] for o in master_api.find(cls, limit=1000))
    assert stored == [-1] + [i for i in range(230) if i != 215]


def test_runs_of_several_classes_between_other_requests_keep_order(api):
    first, second = unique_class(), unique_class()
    existing = api.create(first, n=0)
    answer = _batch(api, [
        _create(first, {"n": 1}),
        _create(first, {"n": 2}),
        _create(second, {"n": 3}),
        {"method": "PUT", "path": f"/1.1/classes/{first}/{existing}",
         "body": {"n": {"__op": "Increment", "amount": 10}}},
        _create(first, {"n": 4}),
        {"method": "GET", "path": f"/1.1/classes/{first}/{existing}"},
        {"method": "post", "path": f"classes/{second}", "body": {"n": 5}},
    ])
    assert len(answer) == 7 and all("success" in item for item in answer)
    assert "updatedAt" in answer[3]["success"]
    assert answer[5]["success"]["n"] == 10
    assert sorted(o["n"] for o in api.find(first)) == [1, 2, 4, 10]
    assert sorted(o["n"] for o in api.find(second)) == [3, 5]


def test_create_flags_and_relations_in_a_batch(api):
    cls, target = unique_class(), unique_class()
    friend = api.create(target, name="friend")
    answer = _batch(api, [
        _create(cls, {"n": 1, "fetchWhenSave": True}),
        {**_create(cls, {"n": 2}), "params": {"fetchWhenSave": True}},
        _create(cls, {"n": 3, "friends": {"__op": "AddRelation", "objects": [
            {"__type": "Pointer", "className": target, "objectId": friend}]}}),
    ])
    assert answer[0]["success"]["n"] == 1 and answer[1]["success"]["n"] == 2
    owner = answer[2]["success"]["objectId"]
    related = api.find(target, {"$relatedTo": {"key": "friends", "object": {
        "__type": "Pointer", "className": cls, "objectId": owner}}})
    assert [o["objectId"] for o in related] == [friend]


def test_guarded_classes_keep_their_rules_in_a_batch(api):
    name = unique_class("u").lower()
    answer = _batch(api, [
        _create("_User", {"username": name, "password": "pw"}),
        _create("_User", {"username": name, "password": "pw"}),
        _create("_User", {"password": "no name"}),
    ])
    assert "sessionToken" in answer[0]["success"]
    assert answer[1]["error"]["code"] == 202
    assert answer[2]["error"]["code"] == 200


def test_batch_get_of_a_missing_object_succeeds_with_null(api):
    """What LeanCloud answers (and JS fetchAll turns into 101): an object that is not there
    is ``{"success": null}`` in a batch, while a class never written is an error."""
    cls = unique_class()
    existing = api.create(cls, n=1)
    answer = _batch(api, [
        {"method": "GET", "path": f"/1.1/classes/{cls}/{existing}"},
        {"method": "GET", "path": f"/1.1/classes/{cls}/ffffffffffffffffffffffff"},
        {"method": "GET", "path": f"/1.1/classes/{unique_class()}/{existing}"},
    ])
    assert answer[0]["success"]["n"] == 1
    assert answer[1] == {"success": None}
    assert answer[2]["error"]["code"] == 101
    assert api.ok("GET", f"/1.1/classes/{cls}/ffffffffffffffffffffffff") == {}


def test_update_of_a_missing_object_is_code_1_naming_it(api):
    """LeanCloud's answer, recorded by its JS SDK's suite and shown in rest.mdx's batch
    section: ``{"code": 1, "error": "Could not find object by id '<id>' for class '<C>'."}``;
    the other items of the batch still run."""
    cls = unique_class()
    api.create(cls, age=1)
    answer = _batch(api, [
        {"method": "PUT", "path": f"/1.1/classes/{cls}/fakeid", "body": {"age": 30}},
        _create(cls, {"age": 40}),
    ])
    assert answer[0] == {"error": {
        "code": 1, "error": f"Could not find object by id 'fakeid' for class '{cls}'."}}
    assert "objectId" in answer[1]["success"]
    status, direct = api.call("PUT", f"/1.1/classes/{cls}/fakeid", {"age": 30})
    assert direct["code"] == 1 and "'fakeid'" in direct["error"]
    assert sorted(o["age"] for o in api.find(cls)) == [1, 40]
