"""The project's own SDK (``Query.do_cloud_query``, as LeanCloud's Python SDK spells it)
against ``/1.1/cloudQuery`` of a real server process."""

from __future__ import annotations

import uuid

import pytest

import leanengine
from leanengine import config, context


@pytest.fixture
def sdk(api, master_api):
    """Point the SDK at the core test server with its keys; undo it afterwards."""
    master_key = master_api.http.headers["X-LC-Key"].split(",")[0]
    config.init(api.http.headers["X-LC-Id"], api.http.headers["X-LC-Key"], master_key)
    config.set_api_server(api.url)
    config.use_master_key(False)
    context.get().user = None
    context.get().session_token = None
    yield
    config.reset()


def test_do_cloud_query_select_count_and_placeholders(sdk):
    cls = "CqlSdk" + uuid.uuid4().hex[:10]
    todo = leanengine.Object.extend(cls)
    for status, priority in [(1, 4), (1, 0), (0, 0)]:
        todo(status=status, priority=priority).save()

    found = leanengine.Query.do_cloud_query(f"select * from {cls} where status = ? and priority = ?", 1, 4)
    assert found.class_name == cls
    assert [(o.get("status"), o.get("priority")) for o in found.results] == [(1, 4)]
    assert isinstance(found.results[0], leanengine.Object) and found.results[0].id

    counted = leanengine.Query.do_cloud_query(f"select count(*) from {cls} where priority = 0")
    assert (counted.count, counted.results) == (2, [])

    as_list = leanengine.Query.do_cloud_query(f"select * from {cls} where status = ?", [0])
    assert len(as_list.results) == 1


def test_do_cloud_query_insert_update_delete(sdk):
    cls = "CqlSdk" + uuid.uuid4().hex[:10]
    inserted = leanengine.Query.do_cloud_query(f"insert into {cls}(name, priority) values('工作', 78)")
    object_id = inserted.results[0].id
    leanengine.Query.do_cloud_query(f"update {cls} set name = ? where objectId = ?", "家庭", object_id)
    assert leanengine.Query(cls).get(object_id).get("name") == "家庭"
    leanengine.Query.do_cloud_query(f"delete from {cls} where objectId = ?", object_id)
    assert leanengine.Query(cls).count() == 0


def test_do_cloud_query_syntax_error_is_300(sdk):
    with pytest.raises(leanengine.LeanCloudError) as caught:
        leanengine.Query.do_cloud_query("select * form Todo")
    assert caught.value.code == 300
