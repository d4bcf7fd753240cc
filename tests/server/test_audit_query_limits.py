"""Audit: query limits. ``include`` follows pointers one query per level: a pointer that
points back at its own object made ``include=a.a.a...`` run thousands of queries and end in
a 500 (the recursion ran out of stack). Past a bound it is a bad query (102)."""

from __future__ import annotations

from users_server import module_server

api = module_server("audit-query-limits")


def _loop(api) -> tuple[str, str]:
    cls = "Loop"
    status, body = api.post(f"/1.1/classes/{cls}", {"n": 1})
    object_id = body["objectId"]
    status, body = api.put(f"/1.1/classes/{cls}/{object_id}", {"a": {
        "__type": "Pointer", "className": cls, "objectId": object_id}})
    assert status == 200, body
    return cls, object_id


def test_include_depth_is_bounded(api):
    cls, object_id = _loop(api)
    deep = ".".join(["a"] * 2000)
    for path, params in ((f"/1.1/classes/{cls}", {"include": deep}),
                         (f"/1.1/classes/{cls}/{object_id}", {"include": deep}),
                         ("/1.1/cloudQuery", {"cql": f"select include {deep} from {cls}"})):
        status, body = api.get(path, params=params)
        assert (status, body.get("code")) == (400, 102), (path, body)
    assert "Traceback" not in api.log_path.read_text("utf-8")


def test_reasonable_include_depth_still_works(api):
    cls, object_id = _loop(api)
    status, body = api.get(f"/1.1/classes/{cls}/{object_id}", params={"include": "a.a.a.a.a"})
    assert status == 200, body
    node = body
    for _ in range(5):
        node = node["a"]
        assert node["n"] == 1
