"""The route table's memo of path shapes: a remembered ``head/<name>`` answer must serve
only paths that werkzeug itself would match the same way."""

import pytest
from werkzeug.routing import IntegerConverter

from leanengine.server.routes import MethodNotAllowed, NotFound, Router, build_router


def handler_a(req):
    return "a"


def handler_b(req):
    return "b"


def test_object_paths_share_one_shape_but_spelled_words_keep_their_routes():
    router = build_router()
    route, params = router.match("GET", "/1.1/classes/Todo/aaa")
    assert params == {"class_name": "Todo", "object_id": "aaa"}
    route_again, params = router.match("GET", "/1.1/classes/Todo/bbb")
    assert route_again is route and params == {"class_name": "Todo", "object_id": "bbb"}
    user_route, params = router.match("GET", "/1.1/users/u1")
    assert params == {"object_id": "u1"}
    me_route, me_params = router.match("GET", "/1.1/users/me")
    assert me_route is not user_route and me_params == {}
    with pytest.raises(MethodNotAllowed):
        router.match("PATCH", "/1.1/classes/Todo/ccc")
    with pytest.raises(NotFound):
        router.match("GET", "/1.1/nowhere/at/all")


def test_a_converter_other_than_the_default_turns_the_memo_off():
    router = Router()
    router.add_converter("number", IntegerConverter)
    router.add("/things/<number:n>", ["GET"], handler_a)
    router.add("/things/<name>", ["GET"], handler_b)
    route, params = router.match("GET", "/1.1/things/7")
    assert route.handler is handler_a and params == {"n": 7}
    assert router.match("GET", "/1.1/things/seven")[0].handler is handler_b
    assert router.match("GET", "/1.1/things/8")[0].handler is handler_a


def test_path_like_last_parts_are_not_remembered_as_one_segment():
    router = Router()
    router.add("/files/<path:key>", ["GET"], handler_a)
    router.add("/files/<name>/meta", ["GET"], handler_b)
    assert router.match("GET", "/1.1/files/a/b/c")[1] == {"key": "a/b/c"}
    assert router.match("GET", "/1.1/files/x/meta")[0].handler is handler_b
    assert router.match("GET", "/1.1/files/a/b/d")[1] == {"key": "a/b/d"}
