"""Unit checks of the server core's pure parts: operations, value rules, query helpers."""

from __future__ import annotations

import re

import pytest

from leanengine.protocol.errors import LeanCloudError
from leanengine.server import operations, values
from leanengine.server.objects import new_object_id
from leanengine.server.query.parse import regex_pattern, strip_extended
from leanengine.server.query.spec import FindSpec, clamp_limit


def test_apply_leaves_the_current_fields_untouched():
    current = {"stats": {"views": 1, "likes": {"n": 2}}, "tags": ["a"], "n": 1}
    body = operations.prepare({"stats.likes.n": {"__op": "Increment", "amount": 3},
                               "tags": {"__op": "Add", "objects": ["b"]}, "n": {"__op": "Delete"}})
    new, changes = operations.apply(current, body)
    assert new == {"stats": {"views": 1, "likes": {"n": 5}}, "tags": ["a", "b"]}
    assert current == {"stats": {"views": 1, "likes": {"n": 2}}, "tags": ["a"], "n": 1}
    assert changes == []


def test_relation_changes_are_reported():
    body = operations.prepare({"members": {"__op": "AddRelation", "objects": [
        {"__type": "Pointer", "className": "_User", "objectId": "u1"}]}})
    new, changes = operations.apply({}, body)
    assert new == {"members": {"__type": "Relation", "className": "_User"}}
    assert changes == [operations.RelationChange("members", True, "_User", ("u1",))]


@pytest.mark.parametrize("body,code", [
    ({"a": {"__op": "Nope"}}, 107), ({"a": {"__op": "Increment", "amount": "1"}}, 107),
    ({"a": {"__op": "Add", "objects": 1}}, 107), ({"a": {"__op": "BitOr", "value": 1.5}}, 107),
    ({"a": {"__op": "AddRelation", "objects": [1]}}, 106), ({"$a": 1}, 105), ({"a.": 1}, 105),
])
def test_prepare_refuses_malformed_operations(body, code):
    with pytest.raises(LeanCloudError) as refused:
        operations.prepare(body)
    assert refused.value.code == code


def test_schema_types():
    assert values.schema_type(True) == {"type": "Boolean"}
    assert values.schema_type(1.5) == {"type": "Number"}
    assert values.schema_type([1]) == {"type": "Array"}
    assert values.schema_type({"a": 1}) == {"type": "Object"}
    assert values.schema_type(None) is None
    assert values.schema_type({"__type": "Pointer", "className": "X", "objectId": "1"}) == {
        "type": "Pointer", "className": "X"}


def test_regex_options_and_extended_mode():
    assert regex_pattern("a", "im") == "(?im)a"
    assert strip_extended("abc #category code\n123 #item number") == "abc123"
    assert strip_extended(r"a\ b[ #]c") == r"a\ b[ #]c"
    with pytest.raises(LeanCloudError):
        regex_pattern("a", "q")


def test_limits_and_ids():
    assert [clamp_limit(v) for v in (None, "5", 0, 1000, 1001, -1, "x")] == [100, 5, 100, 1000, 100, 100, 100]
    assert clamp_limit(0, allow_zero=True) == 0
    assert FindSpec.from_args({"count": "1", "limit": "0"}).limit == 0
    assert re.match(r"^[0-9a-f]{24}$", new_object_id())
    assert new_object_id() != new_object_id()


def test_store_cache_follows_commits_of_this_and_other_processes(tmp_path):
    from leanengine.server.store.sqlite import SQLiteStore
    path = str(tmp_path / "db.sqlite3")
    mine, other = SQLiteStore(path), SQLiteStore(path)
    loads = []

    def count_rows():
        loads.append(1)
        return len(mine.get_many("K", ["a", "b"]))

    def row(object_id):
        return {"objectId": object_id, "createdAt": "2026-01-01T00:00:00.000Z",
                "updatedAt": "2026-01-01T00:00:00.000Z", "ACL": None}

    assert mine.cached("n", count_rows) == 0 and mine.cached("n", count_rows) == 0
    assert len(loads) == 1
    mine.insert("K", row("a"))                      # this process's commit
    assert mine.cached("n", count_rows) == 1
    other.insert("K", row("b"))                     # another connection's commit
    assert mine.cached("n", count_rows) == 2
    with mine.transaction():
        assert mine.cached("n", count_rows) == 2    # always fresh inside a transaction
    assert len(loads) == 4
    mine.close()
    other.close()


def test_store_cache_in_a_transaction_that_has_not_written_what_it_reads(tmp_path):
    from leanengine.server.store.sqlite import SQLiteStore
    path = str(tmp_path / "db.sqlite3")
    mine, other = SQLiteStore(path), SQLiteStore(path)
    loads = []

    def count_rows():
        loads.append(1)
        return len(mine.get_many("K", ["a", "b", "c"]))

    def row(object_id):
        return {"objectId": object_id, "createdAt": "2026-01-01T00:00:00.000Z",
                "updatedAt": "2026-01-01T00:00:00.000Z", "ACL": None}

    assert mine.cached("n", count_rows, reads=("K",)) == 0
    other.insert("K", row("a"))                     # seen at the transaction's first look
    with mine.transaction():
        mine.insert("Other", row("x"))
        assert mine.cached("n", count_rows, reads=("K",)) == 1
        assert mine.cached("n", count_rows, reads=("K",)) == 1
        assert len(loads) == 2                      # one load for the whole transaction
        mine.insert("K", row("b"))                  # written: loads afresh from now on
        assert mine.cached("n", count_rows, reads=("K",)) == 2
        assert len(loads) == 3
    assert mine.cached("n", count_rows, reads=("K",)) == 2
    assert len(loads) == 4                          # the commit dropped the memo
    mine.insert("Other", row("y"))                  # a commit that leaves K alone
    assert mine.cached("n", count_rows, reads=("K",)) == 2
    assert len(loads) == 4
    mine.close()
    other.close()


def test_equality_on_an_indexed_field_uses_the_index(tmp_path):
    from leanengine.protocol.credentials import AppKeys
    from leanengine.server import create_app
    from leanengine.server.caller import Caller
    from leanengine.server.store.sqlite_sql import Compiler

    app = create_app(str(tmp_path), AppKeys("id", "key", "master"))
    store, objects = app.services.store, app.services.objects
    store.ensure_index("Person", ("name",))
    for i in range(50):
        objects.create(Caller(), "Person", {"name": f"p{i}", "owner": {
            "__type": "Pointer", "className": "_User", "objectId": f"u{i}"}})
    query = objects.query(Caller(), "Person", FindSpec(where={"name": "p7"}))
    compiler = Compiler()
    sql = f"SELECT a.id {store._where(compiler, query)}"
    plan = " ".join(str(row) for row in store._rows("EXPLAIN QUERY PLAN " + sql, compiler.params))
    assert "ix_Person__name" in plan
    assert [o["name"] for o in objects.find(Caller(), "Person", FindSpec(where={"name": "p7"}))] == ["p7"]
    assert "ix__User__username" in " ".join(
        row[0] for row in store._rows("SELECT name FROM sqlite_master WHERE type = 'index'", ()))
    store.close()


def test_an_unknown_session_token_is_looked_up_through_an_index(tmp_path):
    """Every request with an unknown token of LeanCloud's shape looks for an imported user
    holding it: without an index, a scan of _User per request."""
    from leanengine.protocol.credentials import AppKeys
    from leanengine.server import create_app
    from leanengine.server.caller import Caller
    from leanengine.server.store.sqlite_sql import Compiler

    app = create_app(str(tmp_path), AppKeys("id", "key", "master"))
    store, objects = app.services.store, app.services.objects
    with store.transaction():                        # a user holding its token, as logins do
        store.insert("_User", {"objectId": "u1", "createdAt": "2026-01-01T00:00:00.000Z",
                               "updatedAt": "2026-01-01T00:00:00.000Z", "ACL": None,
                               "username": "imported", "sessionToken": "t" * 25})
    query = objects.query(Caller.master_key(), "_User",
                          FindSpec(where={"sessionToken": "x" * 25}, limit=1))
    compiler = Compiler()
    sql = f"SELECT a.id {store._where(compiler, query)}"
    plan = " ".join(str(row) for row in store._rows("EXPLAIN QUERY PLAN " + sql, compiler.params))
    assert "ix__User__sessionToken" in plan
    store.close()


def test_unsafe_paths_and_class_names_never_reach_sql():
    from leanengine.server.store.sqlite_sql import class_literal, json_path
    assert json_path(("a", "b_1")) == "'$.\"a\".\"b_1\"'"
    for bad in (("a'b",), ('a"',), ("a b",), ()):
        with pytest.raises(ValueError):
            json_path(bad)
    with pytest.raises(ValueError):
        class_literal("x'; DROP TABLE objects; --")
