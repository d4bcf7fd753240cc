"""Batch creates with an engine attached: items of classes without hooks are created in
bulk, items of hooked classes keep their hooks, all answered in order."""

from __future__ import annotations

import json

from conftest import HOOK_HEADERS

REFUSED = "Cloud Code validation failed. Error detail : "


def _find(platform, class_name: str, where: dict) -> list:
    status, answer = platform.call("GET", f"/classes/{class_name}",
                                   params={"where": json.dumps(where)})
    assert status == 200, answer
    return answer["results"]


def test_batch_mixes_hooked_and_plain_classes(platform):
    def create(class_name, body):
        return {"method": "POST", "path": f"/1.1/classes/{class_name}", "body": body}

    status, answer = platform.call("POST", "/batch", {"requests": [
        create("PlainThing", {"tag": "mixed-batch", "n": 1}),
        create("PlainThing", {"tag": "mixed-batch", "n": "clash"}),
        create("Todo", {"title": "mixed batch todo"}),
        create("Todo", {"note": "no title"}),
        create("PlainThing", {"tag": "mixed-batch", "n": 2}),
    ]})
    assert status == 200, answer
    assert answer[1]["error"]["code"] == 111
    assert answer[3] == {"error": {"code": 142, "error": REFUSED + "A Todo needs a title."}}
    assert all("success" in answer[i] for i in (0, 2, 4))
    todo = answer[2]["success"]["objectId"]
    assert platform.hook_calls()[f"Todo.afterSave:{todo}"] == 1
    assert sorted(o["n"] for o in _find(platform, "PlainThing", {"tag": "mixed-batch"})) == [1, 2]


def test_batch_ignoring_hooks_writes_a_hooked_class_in_bulk(platform):
    status, answer = platform.call("POST", "/batch", {"requests": [
        {"method": "POST", "path": "/1.1/classes/Todo",
         "body": {"note": "unchecked", "__ignore_hooks": ["beforeSave", "afterSave"]}},
    ]}, headers=HOOK_HEADERS)
    assert status == 200, answer
    object_id = answer[0]["success"]["objectId"]
    stored = _find(platform, "Todo", {"objectId": object_id})
    assert stored[0]["note"] == "unchecked" and "priority" not in stored[0]
    assert platform.hook_calls().get(f"Todo.afterSave:{object_id}", 0) == 0
