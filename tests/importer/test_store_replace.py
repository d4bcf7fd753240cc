"""``Store.replace``: an object written whole under its own id, for imports."""

from __future__ import annotations

import pytest

from leanengine.protocol.errors import LeanCloudError
from leanengine.server.store import open_store


@pytest.fixture()
def store(tmp_path):
    store = open_store(str(tmp_path / "data"))
    yield store
    store.close()


def _obj(object_id, created, updated, acl=None, **fields):
    return {"objectId": object_id, "createdAt": created, "updatedAt": updated,
            "ACL": acl or {"*": {"read": True, "write": True}}, **fields}


def test_replace_inserts_then_replaces_the_whole_object(store):
    first = _obj("5f0000000000000000000001", "2020-01-01T00:00:00.000Z",
                 "2020-01-02T00:00:00.000Z", title="old", gone=1)
    assert store.replace("Todo", first) is False
    assert store.get("Todo", first["objectId"]) == first

    second = _obj("5f0000000000000000000001", "2019-12-31T00:00:00.000Z",
                  "2021-01-01T00:00:00.000Z", {"u1": {"read": True}}, title="new")
    assert store.replace("Todo", second) is True
    assert store.get("Todo", second["objectId"]) == second
    assert store.schema("Todo") == {"title": {"type": "String"}, "gone": {"type": "Number"}}


def test_replace_learns_types_and_a_clash_leaves_nothing(store):
    store.replace("Todo", _obj("a1", "2020-01-01T00:00:00.000Z", "2020-01-01T00:00:00.000Z",
                               n=1))
    clash = _obj("a2", "2020-01-01T00:00:00.000Z", "2020-01-01T00:00:00.000Z",
                 n="one", extra=True)
    with pytest.raises(LeanCloudError) as caught:
        store.replace("Todo", clash)
    assert caught.value.code == 111
    assert store.get("Todo", "a2") is None
    assert "extra" not in store.schema("Todo")

