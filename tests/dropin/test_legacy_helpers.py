"""The helpers LeanCloud apps imported from ``leancloud.utils``, ``leancloud.operation``
and ``leancloud.engine``, with LeanCloud's signatures."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from werkzeug.test import Client

import leancloud
from leancloud import operation, utils
from leancloud.engine import leanengine as engine_core
from leancloud.engine.authorization import AuthorizationMiddleware
from leancloud.engine.cors import CORSMiddleware
from leancloud.engine.utils import sign_by_key
from leanengine import config


def test_decode_takes_the_key_first():
    when = utils.decode("createdAt", {"__type": "Date", "iso": "2020-01-02T03:04:05.000Z"})
    assert when == datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    acl = utils.decode("ACL", {"*": {"read": True}})
    assert isinstance(acl, leancloud.ACL) and acl.get_public_read_access()
    point = leancloud.GeoPoint(1, 2)
    assert utils.decode("where", point) is point


def test_encode_pointers_whole_objects_and_refusal():
    todo = leancloud.Object.extend("DropinTodo")(title="t")
    todo.id = "abc"
    assert utils.encode(todo) == {"__type": "Pointer", "className": "DropinTodo",
                                  "objectId": "abc"}
    assert utils.encode([todo], dump_objects=True)[0]["title"] == "t"
    with pytest.raises(ValueError):
        utils.encode({"x": [todo]}, disallow_objects=True)


def test_date_helpers():
    assert utils.decode_date_string(None) is None
    created = utils.decode_date_string("2020-01-01T00:00:00.000Z")
    assert utils.decode_date_string({"__type": "Date", "iso": "2020-01-01T00:00:00.000Z"}) \
        == created
    assert utils.decode_updated_at(None, created) is created
    with pytest.raises(TypeError):
        utils.decode_date_string({"__type": "Bytes"})


def test_traverse_object_visits_every_value_once():
    inner = leancloud.Object.extend("DropinInner")(n=1)
    outer = leancloud.Object.extend("DropinOuter")(child=inner, items=[inner, 2])
    visited = []
    utils.traverse_object(outer, lambda value: visited.append(value))
    assert visited.count(inner) == 1 and visited[-1] is outer and 2 in visited


def test_throttle_and_classproperty():
    calls = []
    limited = utils.throttle(seconds=60)(lambda: calls.append(1) or "ran")
    assert (limited(), limited()) == ("ran", None) and calls == [1]

    class Model:
        name = utils.classproperty(lambda cls: cls.__name__.lower())

    assert Model.name == "model"


def test_operation_names():
    assert operation.Unset is operation.Delete and operation.BaseOp is operation.Op
    assert issubclass(operation.Relation, operation.BaseOp)
    for name in ("Set", "Increment", "BitAnd", "BitOr", "BitXor", "Add", "AddUnique", "Remove"):
        assert issubclass(getattr(operation, name), operation.BaseOp)


def test_registration_plumbing_names_functions_as_the_platform_does():
    codes = {}

    @engine_core.register_cloud_func(codes, "hello")
    def hello(**params):
        return "hi " + params.get("name", "")

    engine_core.before_save(codes, "Todo")(lambda obj: None)
    engine_core.register_on_login(codes, lambda user: None)
    assert sorted(codes) == ["__before_save_for_Todo", "__on_login__User", "hello"]
    assert engine_core.dispatch_cloud_func(codes, {}, "hello", False, {"name": "x"}) == \
        {"result": "hi x"}
    with pytest.raises(leancloud.LeanEngineError):
        engine_core.dispatch_cloud_func(codes, {}, "missing", False, {})
    assert engine_core.root_engine is leancloud.Engine.root


def test_sign_by_key_is_the_md5_of_timestamp_and_key():
    assert sign_by_key(1, "k") == "a6f62b73f5a9bf380d32f062f2d71cbc"  # md5("1k")


def test_authorization_and_cors_middlewares():
    config.init("mw-app", "mw-key", "mw-master")
    try:
        def app(environ, start_response):
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"inside"]

        guarded = Client(AuthorizationMiddleware(app))
        assert guarded.get("/").status_code == 401
        ok = guarded.get("/", headers={"X-LC-Id": "mw-app", "X-LC-Key": "mw-key"})
        assert ok.status_code == 200 and ok.data == b"inside"
        cors = Client(CORSMiddleware(app))
        preflight = cors.options("/", headers={"Origin": "http://x.test"})
        assert preflight.status_code == 200
        assert "Access-Control-Allow-Origin" in cors.get("/").headers
    finally:
        config.reset()
