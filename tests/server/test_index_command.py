"""``leanengine index``: an app's own fields indexed on a data directory a server is using,
the server's queries then reading through the index, with the same answers."""

from __future__ import annotations

import subprocess

import processes
import pytest

import users_server

POINTER = {"__type": "Pointer", "className": "_User", "objectId": "owner7"}


def _index(data_dir, *args):
    return subprocess.run([*processes.command("leanengine"), "index", *args, "--data",
                           str(data_dir)], capture_output=True, text=True, timeout=120)


def _plan(data_dir, class_name: str, where: dict) -> str:
    """SQLite's plan for the server's own SQL of a query (read through a second store)."""
    from leanengine.protocol.credentials import AppKeys
    from leanengine.server import create_app
    from leanengine.server.caller import Caller
    from leanengine.server.query.spec import FindSpec
    from leanengine.server.store.sqlite_sql import Compiler

    app = create_app(str(data_dir), AppKeys("id", "key", "master"))
    store = app.services.store
    try:
        query = app.services.objects.query(Caller.master_key(), class_name, FindSpec(where=where))
        compiler = Compiler()
        sql = f"SELECT a.id {store._where(compiler, query)}"
        return " ".join(str(row) for row in store._rows("EXPLAIN QUERY PLAN " + sql,
                                                        compiler.params))
    finally:
        store.close()


@pytest.fixture
def served(tmp_path):
    process, api = users_server.start(tmp_path)
    try:
        for i in range(30):
            owner = dict(POINTER, objectId=f"owner{i % 10}")
            status, _ = api.post("/1.1/classes/Todo", {
                "title": f"t{i}", "owner": owner, "done": i % 3 == 0,
                "due": {"__type": "Date", "iso": f"2026-01-{i % 10 + 1:02d}T00:00:00.000Z"}})
            assert status == 201
        yield api, tmp_path
    finally:
        users_server.stop(process)


def test_indexed_fields_serve_the_same_answers_through_the_index(served):
    api, data_dir = served
    before = [api.get("/1.1/classes/Todo", params={"where": where})[1]["results"]
              for where in ({"title": "t7"}, {"owner": POINTER})]
    assert "ix_Todo__title" not in _plan(data_dir, "Todo", {"title": "t7"})
    done = _index(data_dir, "Todo", "title", "owner.objectId")   # the server is running
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["indexed Todo.title", "indexed Todo.owner.objectId"]
    assert "ix_Todo__title" in _plan(data_dir, "Todo", {"title": "t7"})
    assert "ix_Todo__owner_objectId" in _plan(data_dir, "Todo", {"owner": POINTER})
    after = [api.get("/1.1/classes/Todo", params={"where": where})[1]["results"]
             for where in ({"title": "t7"}, {"owner": POINTER})]
    assert after == before and len(after[0]) == 1 and len(after[1]) == 3
    status, _ = api.post("/1.1/classes/Todo", {"title": "t7", "owner": POINTER})
    assert status == 201                                       # writes go on, and are found
    assert len(api.get("/1.1/classes/Todo", params={"where": {"title": "t7"}})[1]["results"]) == 2
    assert _index(data_dir, "Todo", "title").returncode == 0   # again: nothing changes


def test_booleans_and_dates_are_found_through_their_index(served):
    """A Boolean field is compared by its value (the schema holds it to booleans), so its
    index serves; a Date is compared by its ``iso``, so ``due.iso`` is what to index."""
    api, data_dir = served
    due = {"due": {"__type": "Date", "iso": "2026-01-08T00:00:00.000Z"}}
    before = [len(api.get("/1.1/classes/Todo", params={"where": where})[1]["results"])
              for where in ({"done": True}, {"done": False}, due)]
    assert before == [10, 20, 3]
    assert _index(data_dir, "Todo", "done", "due.iso").returncode == 0
    assert "ix_Todo__done" in _plan(data_dir, "Todo", {"done": True})
    assert "ix_Todo__done" in _plan(data_dir, "Todo", {"done": False})
    assert "ix_Todo__due_iso" in _plan(data_dir, "Todo", due)
    after = [len(api.get("/1.1/classes/Todo", params={"where": where})[1]["results"])
             for where in ({"done": True}, {"done": False}, due)]
    assert after == before


@pytest.mark.parametrize("args, message", [
    (("Bad Class", "title"), "Invalid class name"),
    (("Todo", "a..b"), "Invalid key name"),
    (("Todo", "$where"), "Invalid key name"),
    (("Todo", "title", "x y"), "Invalid key name"),
])
def test_bad_class_or_key_names_build_nothing(tmp_path, args, message):
    done = _index(tmp_path, *args)
    assert done.returncode == 2 and message in done.stderr
    assert "indexed" not in done.stdout
