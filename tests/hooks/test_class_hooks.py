"""Class hooks fired by storage writes, over raw HTTP, in both wirings (``platform``)."""

from __future__ import annotations

import json
import time

from conftest import HOOK_HEADERS, HOOK_KEY, MASTER_HEADERS, MASTER_KEY

from leanengine.protocol import hookmark

REFUSED = "Cloud Code validation failed. Error detail : "


def _count(platform, where: dict, class_name: str = "Todo") -> int:
    status, answer = platform.call("GET", f"/classes/{class_name}",
                                   params={"where": json.dumps(where), "count": 1, "limit": 0})
    assert status == 200, answer
    return answer["count"]


def _get(platform, object_id: str, class_name: str = "Todo") -> dict:
    status, answer = platform.call("GET", f"/classes/{class_name}/{object_id}")
    assert status == 200, answer
    return answer


def _create(platform, body: dict, class_name: str = "Todo", headers=None) -> dict:
    status, answer = platform.call("POST", f"/classes/{class_name}", body, headers=headers)
    assert status == 201, answer
    return answer


# create --------------------------------------------------------------------------------

def test_before_save_output_is_what_gets_written(platform):
    created = _create(platform, {"title": "defaults"})
    stored = _get(platform, created["objectId"])
    assert stored["priority"] == 1 and stored["title"] == "defaults"
    # The hook tried to set objectId and createdAt: neither changed.
    assert stored["objectId"] == created["objectId"] != "ffffffffffffffffffffffff"
    assert stored["createdAt"] == created["createdAt"] != "2000-01-01T00:00:00.000Z"
    assert not any(key.startswith("__") for key in stored)


def test_before_save_sees_operations_applied_and_the_write_keeps_them(platform):
    too_big = {"title": "big", "n": {"__op": "Increment", "amount": 101}}
    status, answer = platform.call("POST", "/classes/Versioned", too_big)
    assert status == 400 and "n stays at most 100" in answer["error"], answer
    other = _create(platform, {"title": "other"}, "Versioned")["objectId"]
    pointer = {"__type": "Pointer", "className": "Versioned", "objectId": other}
    created = _create(platform, {"title": "ops", "n": {"__op": "Increment", "amount": 5},
                                 "tags": {"__op": "Add", "objects": ["x"]},
                                 "links": {"__op": "AddRelation", "objects": [pointer]}},
                      "Versioned")
    stored = _get(platform, created["objectId"], "Versioned")
    assert (stored["n"], stored["tags"]) == (5, ["x"])
    owner = {"__type": "Pointer", "className": "Versioned", "objectId": created["objectId"]}
    status, found = platform.call("GET", "/classes/Versioned", params={"where": json.dumps(
        {"$relatedTo": {"object": owner, "key": "links"}})})
    assert status == 200 and [o["objectId"] for o in found["results"]] == [other], found


def test_before_save_refusal_is_142_and_writes_nothing(platform):
    status, answer = platform.call("POST", "/classes/Todo", {"note": "untitled"})
    assert status == 400
    assert answer == {"code": 142, "error": REFUSED + "A Todo needs a title."}
    assert _count(platform, {"note": "untitled"}) == 0


def test_before_save_refusal_with_its_own_code(platform):
    status, answer = platform.call("POST", "/classes/Todo", {"title": "coded"})
    assert status == 400 and answer["code"] == 142
    assert answer["error"] == REFUSED + '{"code": 3001, "message": "coded refusal"}'
    assert _count(platform, {"title": "coded"}) == 0


def test_crashing_before_save_refuses_without_traceback(platform):
    status, answer = platform.call("POST", "/classes/Todo", {"title": "crash"})
    assert answer["code"] == 142 and "Traceback" not in answer["error"]
    assert '"code": 141' in answer["error"]
    assert _count(platform, {"title": "crash"}) == 0


def test_after_save_runs_once_and_its_own_save_does_not_loop(platform):
    created = _create(platform, {"title": "loop"})
    object_id = created["objectId"]
    calls = platform.hook_calls()
    assert calls[f"Todo.afterSave:{object_id}"] == 1
    # The afterSave hook saved the object again (an update, marked __after): the update
    # ran beforeUpdate but no afterUpdate.
    stored = _get(platform, object_id)
    assert stored["seenByAfterSave"] is True and "__after" not in stored
    assert calls.get(f"Todo.afterUpdate:{object_id}", 0) == 0


def test_after_save_keeps_a_counter_through_the_sdk(platform):
    before = _count(platform, {"owner": "anonymous"}, "TodoCount")
    _create(platform, {"title": "count me"})
    _create(platform, {"title": "count me too"})
    status, answer = platform.call("GET", "/classes/TodoCount",
                                   params={"where": json.dumps({"owner": "anonymous"})})
    assert before <= 1 and len(answer["results"]) == 1
    assert answer["results"][0]["count"] >= 2


def test_after_save_failure_leaves_the_answer_alone_and_is_logged(platform):
    created = _create(platform, {"title": "after-fails"})
    assert _get(platform, created["objectId"])["title"] == "after-fails"
    deadline = time.time() + 5
    while "after-hook failure" not in platform.log_text() and time.time() < deadline:
        time.sleep(0.05)
    assert "afterSave hook of Todo failed" in platform.log_text()


# update --------------------------------------------------------------------------------

def test_before_update_sees_updated_keys_and_changes_the_write(platform):
    object_id = _create(platform, {"title": "first"})["objectId"]
    status, answer = platform.call("PUT", f"/classes/Todo/{object_id}",
                                   {"title": "second", "done": True})
    assert status == 200, answer
    stored = _get(platform, object_id)
    assert stored["title"] == "second" and stored["titleChanged"] is True
    calls = platform.hook_calls()
    assert calls["Todo.updatedKeys:done,title"] >= 1
    assert calls[f"Todo.afterUpdate:{object_id}"] == 1


def test_before_update_sees_the_stored_fields_the_update_leaves_alone(platform):
    """LeanCloud hands beforeUpdate the whole object as it would be after the update, so
    a hook can judge an update by fields it does not touch."""
    object_id = _create(platform, {"title": "kept", "locked": True}, "Versioned")["objectId"]
    status, answer = platform.call("PUT", f"/classes/Versioned/{object_id}", {"title": "new"})
    assert status == 400 and answer["code"] == 142, answer
    assert json.loads(answer["error"][len(REFUSED):]) == {
        "code": 3007, "message": "locked objects keep their title"}
    assert _get(platform, object_id, "Versioned")["title"] == "kept"


def test_before_update_change_to_a_stored_field_is_written_and_others_left_alone(platform):
    object_id = _create(platform, {"title": "a", "revision": 4, "tags": ["x"], "n": 1},
                        "Versioned")["objectId"]
    status, answer = platform.call("PUT", f"/classes/Versioned/{object_id}",
                                   {"title": "b", "n": {"__op": "Increment", "amount": 2}})
    assert status == 200, answer
    stored = _get(platform, object_id, "Versioned")
    assert (stored["title"], stored["revision"], stored["tags"], stored["n"]) == ("b", 5, ["x"], 3)


def test_before_update_sees_operations_applied_and_the_write_keeps_them(platform):
    object_id = _create(platform, {"title": "count", "n": 99, "tags": ["a"]},
                        "Versioned")["objectId"]
    path = f"/classes/Versioned/{object_id}"
    status, answer = platform.call("PUT", path, {"n": {"__op": "Increment", "amount": 2}})
    assert status == 400 and "n stays at most 100" in answer["error"], answer
    status, answer = platform.call("PUT", path, {"n": {"__op": "Increment", "amount": 1},
                                                 "tags": {"__op": "Add", "objects": ["b"]}})
    assert status == 200, answer
    stored = _get(platform, object_id, "Versioned")
    assert (stored["n"], stored["tags"], stored["revision"]) == (100, ["a", "b"], 1)


def test_before_update_keeps_atomic_operations(platform):
    object_id = _create(platform, {"title": "ops", "n": 1})["objectId"]
    status, answer = platform.call("PUT", f"/classes/Todo/{object_id}",
                                   {"n": {"__op": "Increment", "amount": 2}})
    assert status == 200, answer
    assert _get(platform, object_id)["n"] == 3


def test_before_update_refusal(platform):
    object_id = _create(platform, {"title": "ok"})["objectId"]
    status, answer = platform.call("PUT", f"/classes/Todo/{object_id}", {"title": "forbidden"})
    assert status == 400 and answer["code"] == 142
    assert "no forbidden titles" in answer["error"]
    assert _get(platform, object_id)["title"] == "ok"


def test_before_hook_saving_its_own_object_is_not_rehooked(platform):
    object_id = _create(platform, {"text": "note"}, "Note")["objectId"]
    before = platform.hook_calls().get("Note.beforeUpdate", 0)
    status, answer = platform.call("PUT", f"/classes/Note/{object_id}", {"text": "edited"})
    assert status == 200, answer
    assert platform.hook_calls()["Note.beforeUpdate"] == before + 1
    stored = _get(platform, object_id, "Note")
    assert stored["text"] == "edited" and stored["touched"] == before + 1
    assert "__before" not in stored


# delete --------------------------------------------------------------------------------

def test_delete_hooks(platform):
    object_id = _create(platform, {"title": "gone"})["objectId"]
    status, answer = platform.call("DELETE", f"/classes/Todo/{object_id}")
    assert status == 200, answer
    assert _get(platform, object_id) == {}
    calls = platform.hook_calls()
    assert calls[f"Todo.beforeDelete:{object_id}"] == 1
    assert calls[f"Todo.afterDelete:{object_id}"] == 1


def test_before_delete_refusal_keeps_the_object(platform):
    object_id = _create(platform, {"title": "keep"})["objectId"]
    status, answer = platform.call("DELETE", f"/classes/Todo/{object_id}")
    assert status == 400 and answer["code"] == 142 and "this one stays" in answer["error"]
    assert _get(platform, object_id)["title"] == "keep"
    assert platform.hook_calls().get(f"Todo.afterDelete:{object_id}", 0) == 0


# batch and CQL ---------------------------------------------------------------------------

def test_batch_fires_hooks_per_object(platform):
    status, answer = platform.call("POST", "/batch", {"requests": [
        {"method": "POST", "path": "/1.1/classes/Todo", "body": {"title": "batch one"}},
        {"method": "POST", "path": "/1.1/classes/Todo", "body": {"note": "no title"}},
        {"method": "POST", "path": "/1.1/classes/Todo", "body": {"title": "batch two"}},
    ]})
    assert status == 200, answer
    assert "success" in answer[0] and "success" in answer[2]
    assert answer[1] == {"error": {"code": 142, "error": REFUSED + "A Todo needs a title."}}
    for item in (answer[0], answer[2]):
        object_id = item["success"]["objectId"]
        assert _get(platform, object_id)["priority"] == 1
        assert platform.hook_calls()[f"Todo.afterSave:{object_id}"] == 1


def test_cql_insert_fires_hooks(platform):
    status, answer = platform.call("GET", "/cloudQuery",
                                   params={"cql": "insert into Todo(title) values('via cql')"})
    assert status == 200, answer
    object_id = answer["results"][0]["objectId"]
    assert _get(platform, object_id)["priority"] == 1
    status, answer = platform.call("GET", "/cloudQuery",
                                   params={"cql": "insert into Todo(note) values('x')"})
    assert answer["code"] == 142
    status, answer = platform.call("GET", "/cloudQuery", params={
        "cql": f"update Todo set title='forbidden' where objectId='{object_id}'"})
    assert answer["code"] == 142 and _get(platform, object_id)["title"] == "via cql"
    status, answer = platform.call("GET", "/cloudQuery", params={
        "cql": f"delete from Todo where objectId='{object_id}'"})
    assert status == 200, answer
    assert platform.hook_calls()[f"Todo.afterDelete:{object_id}"] == 1


# loop protection: marks and __ignore_hooks -------------------------------------------------

def _mark(kind: str, class_name: str = "Todo", key: str = HOOK_KEY, ts=None) -> str:
    return hookmark.sign(key, hookmark.mark_name(kind, class_name), ts)


def test_a_valid_before_mark_skips_before_save_and_is_not_stored(platform):
    for key in (HOOK_KEY, MASTER_KEY):  # older platforms signed with the master key
        created = _create(platform, {"note": "marked", "__before": _mark(hookmark.BEFORE, key=key)})
        stored = _get(platform, created["objectId"])
        assert "priority" not in stored and "__before" not in stored


def test_a_valid_after_mark_skips_after_save(platform):
    created = _create(platform, {"title": "after marked", "__after": _mark(hookmark.AFTER)})
    stored = _get(platform, created["objectId"])
    assert stored["priority"] == 1  # beforeSave ran
    assert "__after" not in stored
    assert platform.hook_calls().get(f"Todo.afterSave:{created['objectId']}", 0) == 0


def test_forged_stale_or_foreign_marks_are_ignored(platform):
    stale = int(time.time() * 1000) - 10 * 60 * 1000
    for mark in ("1453711871302,a9611dbc226eed1a5f4aa0e4fa20e2d014aeaeb8",
                 _mark(hookmark.BEFORE, key="not-the-key"),
                 _mark(hookmark.BEFORE, ts=stale),
                 _mark(hookmark.BEFORE, class_name="Other"),
                 _mark(hookmark.AFTER)):  # an after mark does not skip before hooks
        status, answer = platform.call("POST", "/classes/Todo", {"note": "forged", "__before": mark})
        assert status == 400 and answer["code"] == 142, mark


def test_ignore_hooks_needs_the_hook_or_master_key(platform):
    body = {"note": "ignored", "__ignore_hooks": ["beforeSave"]}
    status, answer = platform.call("POST", "/classes/Todo", body)
    assert status == 400 and answer["code"] == 142
    for headers in (MASTER_HEADERS, HOOK_HEADERS):
        created = _create(platform, body, headers=headers)
        stored = _get(platform, created["objectId"])
        assert "priority" not in stored and "__ignore_hooks" not in stored


def test_ignore_hooks_on_delete(platform):
    object_id = _create(platform, {"title": "keep"})["objectId"]
    status, answer = platform.call("DELETE", f"/classes/Todo/{object_id}",
                                   {"__ignore_hooks": ["beforeDelete"]}, headers=MASTER_HEADERS)
    assert status == 200, answer
    assert _get(platform, object_id) == {}


def test_concurrent_writes_each_get_their_own_hooks(platform):
    from concurrent.futures import ThreadPoolExecutor

    def create(i):
        return platform.call("POST", "/classes/Todo", {"title": f"concurrent {i}", "i": i})

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(create, range(24)))
    assert all(status == 201 for status, _ in results), results
    calls = platform.hook_calls()
    for i, (_, created) in enumerate(results):
        stored = _get(platform, created["objectId"])
        assert stored["i"] == i and stored["priority"] == 1
        assert calls[f"Todo.afterSave:{created['objectId']}"] == 1
