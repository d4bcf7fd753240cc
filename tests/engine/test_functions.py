"""Cloud functions and RPC over the wire: parameters, results, errors, routes, CORS."""

import io
import json
import logging
import platform
from datetime import datetime, timezone

import pytest
from engine_support import APP_HEADERS, PREFIXES
from werkzeug.test import Client, EnvironBuilder, run_wsgi_app

import leanengine
from leanengine import Engine, GeoPoint, LeanCloudError, LeanEngineError, Object
from leanengine.engine import wire


def test_params_arrive_as_keyword_arguments_on_every_prefix(engine, client):
    @engine.define
    def greet(name, punctuation="!"):
        return f"hello {name}{punctuation}"

    for prefix in PREFIXES:
        response = client.post(f"{prefix}/functions/greet", headers=APP_HEADERS,
                               json={"name": "Ada"})
        assert response.status_code == 200, prefix
        assert response.json == {"result": "hello Ada!"}


def test_get_and_empty_body_call_without_params(engine, client):
    engine.define("noargs")(lambda: "none")
    assert client.get("/1.1/functions/noargs", headers=APP_HEADERS).json == {"result": "none"}
    assert client.post("/1.1/functions/noargs", headers=APP_HEADERS).json == {"result": "none"}


def test_underscore_params_are_dropped_except_type(engine, client):
    @engine.define
    def echo(**params):
        return params

    body = {"a": 1, "_ApplicationId": "x", "_private": 2, "__sign": "s", "__type": "T"}
    answer = client.post("/1.1/functions/echo", headers=APP_HEADERS, json=body).json
    assert answer == {"result": {"a": 1, "__type": "T"}}


def test_function_results_with_objects_and_dates_are_typed(engine, client):
    @engine.define
    def typed():
        todo = Object.create("Todo", title="t")
        todo.id = "abc"
        return {"when": datetime(2015, 6, 21, 18, 2, 52, 249000, tzinfo=timezone.utc),
                "todo": todo}

    result = client.post("/1.1/functions/typed", headers=APP_HEADERS).json["result"]
    assert result["when"] == {"__type": "Date", "iso": "2015-06-21T18:02:52.249Z"}
    assert result["todo"]["objectId"] == "abc" and result["todo"]["title"] == "t"
    assert result["todo"]["__type"] == "Object" and result["todo"]["className"] == "Todo"


def test_rpc_decodes_params_and_encodes_whole_objects(engine, client):
    seen = {}

    @engine.define
    def swap(todo, point, when, todos, nested):
        seen.update(todo=todo, point=point, when=when, todos=todos, nested=nested)
        todo.set("done", True)
        return {"list": [todo], "point": point, "plain": 1}

    body = {
        "todo": {"__type": "Object", "className": "Todo", "objectId": "t1", "title": "a"},
        "point": {"__type": "GeoPoint", "latitude": 1.5, "longitude": 2.5},
        "when": {"__type": "Date", "iso": "2020-01-02T03:04:05.006Z"},
        # JS RPC: a saved object as a Pointer with its fields, an unsaved one without id
        "todos": [{"__type": "Pointer", "className": "Todo", "objectId": "t2", "title": "b"},
                  {"__type": "Pointer", "className": "Todo", "title": "new"}],
        "nested": {"deep": {"__type": "Pointer", "className": "Todo", "objectId": "t3"}},
    }
    response = client.post("/1.1/call/swap", headers=APP_HEADERS, json=body)
    assert response.status_code == 200
    assert isinstance(seen["todo"], Object) and seen["todo"].get("title") == "a"
    assert seen["point"] == GeoPoint(1.5, 2.5)
    assert seen["when"] == datetime(2020, 1, 2, 3, 4, 5, 6000, tzinfo=timezone.utc)
    assert [t.get("title") for t in seen["todos"]] == ["b", "new"]
    assert seen["todos"][0].id == "t2" and seen["todos"][1].id is None
    assert seen["nested"]["deep"].id == "t3"
    result = response.json["result"]
    assert result["plain"] == 1
    assert result["point"] == {"__type": "GeoPoint", "latitude": 1.5, "longitude": 2.5}
    (todo,) = result["list"]
    assert todo["__type"] == "Object" and todo["className"] == "Todo"
    assert (todo["objectId"], todo["title"], todo["done"]) == ("t1", "a", True)


def test_rpc_on_every_prefix(engine, client):
    engine.define("one")(lambda: 1)
    for prefix in PREFIXES:
        assert client.post(f"{prefix}/call/one", headers=APP_HEADERS).json == {"result": 1}


@pytest.mark.parametrize("error, status, body", [
    (LeanEngineError(123, "bad input"), 400, {"code": 123, "error": "bad input"}),
    (LeanEngineError("just a message"), 400, {"code": 400, "error": "just a message"}),
    (LeanEngineError(403, "forbidden"), 403, {"code": 403, "error": "forbidden"}),
    (LeanEngineError(2020, "x", status=418), 418, {"code": 2020, "error": "x"}),
    (LeanCloudError(137, "duplicate"), 400, {"code": 137, "error": "duplicate"}),
])
def test_errors_raised_on_purpose_keep_code_and_status(engine, client, error, status, body):
    @engine.define
    def fails():
        raise error

    response = client.post("/1.1/functions/fails", headers=APP_HEADERS)
    assert (response.status_code, response.json) == (status, body)


def test_other_exceptions_answer_141_and_log_the_traceback(engine, client, caplog):
    @engine.define
    def broken():
        raise KeyError("secret-detail")

    with caplog.at_level(logging.ERROR, logger="leanengine.engine"):
        response = client.post("/1.1/functions/broken", headers=APP_HEADERS)
    assert response.status_code == 500
    assert response.json == {"code": 141, "error": "Cloud Code script had an error."}
    assert b"secret-detail" not in response.data and b"Traceback" not in response.data
    assert "secret-detail" in caplog.text and "Traceback" in caplog.text


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe"])
def test_malformed_json_answers_107(engine, client, body):
    engine.define("f")(lambda **kw: kw)
    response = client.post("/1.1/functions/f", headers=APP_HEADERS, data=body,
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json["code"] == 107


def test_body_over_20_mb_answers_413(engine, client):
    engine.define("f")(lambda **kw: "ran")
    big = b'{"a": "' + b"x" * (wire.MAX_BODY_BYTES) + b'"}'
    response = client.post("/1.1/functions/f", headers=APP_HEADERS, data=big,
                           content_type="application/json")
    assert response.status_code == 413
    assert response.json["code"] == 413
    # A streamed (chunked) body without a length is held to the same limit.
    environ = EnvironBuilder("/1.1/functions/f", method="POST", headers=APP_HEADERS,
                             input_stream=io.BytesIO(big)).get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ["wsgi.input_terminated"] = True
    _, status, _ = run_wsgi_app(engine, environ)
    assert status.startswith("413")


def test_unknown_function_answers_404_json(client):
    response = client.post("/1.1/functions/nothing", headers=APP_HEADERS)
    assert response.status_code == 404
    assert response.json["code"] == 404 and "nothing" in response.json["error"]
    assert client.post("/1.1/call/nothing", headers=APP_HEADERS).status_code == 404


def test_ping_needs_no_credentials():
    client = Client(Engine())
    for path in ("/__engine/1/ping", "/__engine/1.1/ping"):
        answer = client.get(path).json
        assert answer == {"runtime": f"cpython-{platform.python_version()}",
                          "version": leanengine.__version__}


def test_other_paths_go_to_the_wrapped_app(client):
    for path in ("/", "/todos", "/1.1/classes/Todo", "/1.1/functions"):
        response = client.get(path)
        assert response.status_code == 200 and response.data == b"hello from the web app"


def test_without_a_web_app_other_paths_answer_json_404():
    response = Client(Engine()).get("/todos")
    assert response.status_code == 404
    assert response.json == {"code": 404, "error": "Not Found"}


def test_cors_preflight_and_headers_on_engine_routes(engine, client):
    engine.define("f")(lambda: 1)
    preflight = client.options("/1.1/functions/f", headers={
        "Origin": "https://example.com", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "X-LC-Id, X-LC-Key, X-LC-Session"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://example.com"
    allowed = preflight.headers["Access-Control-Allow-Headers"]
    for header in ("X-LC-Id", "X-LC-Key", "X-LC-Session", "X-LC-Sign", "Content-Type"):
        assert header in allowed
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    response = client.post("/1.1/functions/f", headers=APP_HEADERS)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    refused = client.post("/1.1/functions/f")
    assert refused.status_code == 401 and "Access-Control-Allow-Origin" in refused.headers
    assert "Access-Control-Allow-Origin" not in client.get("/todos").headers


def test_answers_are_utf8_json(engine, client):
    engine.define("hi")(lambda: "你好")
    response = client.post("/1.1/functions/hi", headers=APP_HEADERS)
    assert response.headers["Content-Type"].startswith("application/json")
    assert json.loads(response.data.decode("utf-8")) == {"result": "你好"}


def test_rpc_with_broken_typed_values_answers_107(engine, client):
    engine.define("takes")(lambda **params: "ran")
    for value in ({"__type": "Date", "iso": "nope"}, {"__type": "Date"},
                  {"__type": "GeoPoint", "latitude": 1}):
        response = client.post("/1.1/call/takes", headers=APP_HEADERS, json={"v": value})
        assert (response.status_code, response.json["code"]) == (400, 107), value
