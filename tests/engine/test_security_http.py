"""Attacks on the engine's HTTP boundary: replayed signatures, HEAD answers with a body,
client JSON with a lone surrogate or nested past the decoder, a folded ``Origin``, and a
``Host`` header the HTTPS redirect must not trust. Wire-level attacks run against the
engine served by gevent in a process of its own; the rest through werkzeug's client."""

from __future__ import annotations

import hashlib
import io
import os
import socket
import sys
import time

import processes
import pytest
from engine_support import API_KEYS, APP_HEADERS, APP_ID, APP_KEY, MASTER_KEY
from test_middlewares import ok_app
from werkzeug.test import Client

from leanengine import HttpsRedirectMiddleware
from leanengine.engine import wire
from leanengine.engine.errors import LeanEngineError

UNAUTHORIZED = {"code": 401, "error": "Unauthorized."}
MALFORMED = {"code": 107, "error": "Malformed json object. A json dictionary is expected."}

SERVE_ENGINE = """
from gevent import monkey; monkey.patch_all()
import sys
from gevent.pywsgi import WSGIServer
from leanengine import Engine
engine = Engine()
engine.define("hello")(lambda **params: "hi")
WSGIServer(("127.0.0.1", int(sys.argv[1])), engine, log=None).serve_forever()
"""


@pytest.fixture(scope="module")
def engine_url(tmp_path_factory):
    port = processes.free_port()
    app_id, app_key, master_key, hook_key = API_KEYS
    env = dict(os.environ, LEANCLOUD_APP_ID=app_id, LEANCLOUD_APP_KEY=app_key,
               LEANCLOUD_APP_MASTER_KEY=master_key, LEANCLOUD_APP_HOOK_KEY=hook_key)
    url = f"http://127.0.0.1:{port}"
    process = processes.start([sys.executable, "-c", SERVE_ENGINE, str(port)],
                              url + "/__engine/1/ping",
                              tmp_path_factory.mktemp("engine-http") / "engine.log", env=env)
    yield url
    processes.stop(process)


@pytest.fixture
def hello(engine, client):
    engine.define("hello")(lambda **params: "hi")
    return client


def exchange(url: str, data: bytes) -> bytes:
    host, port = url.split("//")[1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(data)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
        return received


def sign_at(key: str, timestamp, master: bool = False) -> str:
    digest = hashlib.md5(f"{timestamp}{key}".encode()).hexdigest()
    return f"{digest},{timestamp}" + (",master" if master else "")


# -- signatures ---------------------------------------------------------------------------

@pytest.mark.parametrize("sign", [
    sign_at(MASTER_KEY, 1, master=True),                    # 1970
    sign_at(APP_KEY, 1453014943466),                        # rest.mdx's example, 2016
    sign_at(APP_KEY, int(time.time() * 1000) - 3_600_000),  # an hour ago
    sign_at(APP_KEY, int(time.time() * 1000) + 3_600_000),  # an hour ahead
    sign_at(APP_KEY, "9" * 5000),                           # past int()'s digit limit
    sign_at(APP_KEY, "\u00b2\u00b3"),                       # digits to isdigit(), not int()
], ids=["1970", "2016", "hour-ago", "hour-ahead", "5000-digits", "superscripts"])
def test_stale_or_absurd_signatures_are_refused(hello, sign):
    response = hello.post("/1.1/functions/hello", headers={"X-LC-Id": APP_ID, "X-LC-Sign": sign})
    assert (response.status_code, response.json) == (401, UNAUTHORIZED)


def test_a_fresh_signature_passes(hello):
    now = int(time.time() * 1000)
    for sign in (sign_at(APP_KEY, now), sign_at(MASTER_KEY, now - 300_000, master=True)):
        response = hello.post("/1.1/functions/hello", headers={"X-LC-Id": APP_ID, "X-LC-Sign": sign})
        assert (response.status_code, response.json) == (200, {"result": "hi"})


def test_the_window_is_configurable(hello, monkeypatch):
    monkeypatch.setenv("LEANENGINE_SIGN_MAX_AGE", "30")
    sign = sign_at(APP_KEY, int(time.time() * 1000) - 60_000)
    response = hello.post("/1.1/functions/hello", headers={"X-LC-Id": APP_ID, "X-LC-Sign": sign})
    assert response.status_code == 401


# -- bodies -------------------------------------------------------------------------------

@pytest.mark.parametrize("body", [b'{"s":"\\ud800"}', b'{"s":["a\\udfffb"]}',
                                  b'{"\\udbff":1}', b'{"s":"\\ud83d\\u0041"}'])
@pytest.mark.parametrize("path", ["/1.1/functions/hello", "/1.1/call/hello"])
def test_a_lone_surrogate_answers_107(hello, path, body):
    response = hello.post(path, data=body, headers={**APP_HEADERS,
                                                    "Content-Type": "application/json"})
    assert (response.status_code, response.json) == (400, MALFORMED)


def test_a_well_formed_pair_passes(engine, client):
    engine.define("echo")(lambda s: s)
    response = client.post("/1.1/functions/echo", data=b'{"s":"\\ud83d\\ude00"}',
                           headers={**APP_HEADERS, "Content-Type": "application/json"})
    assert response.json == {"result": "\U0001F600"}


@pytest.mark.parametrize("body", [b"[" * 100_000 + b"]" * 100_000,
                                  b'{"a":' * 100_000 + b"1" + b"}" * 100_000])
def test_json_nested_past_the_decoder_answers_107(hello, body):
    response = hello.post("/1.1/functions/hello", data=body,
                          headers={**APP_HEADERS, "Content-Type": "application/json"})
    assert (response.status_code, response.json) == (400, MALFORMED)


@pytest.mark.parametrize("body", [b'{"a":' + b'{"b":' * 900 + b"1" + b"}" * 901,
                                  b'{"a":' + b"[" * 900 + b"]" * 900 + b"}"])
def test_rpc_params_nested_past_the_typed_decoder_answer_107(hello, body):
    """JSON the decoder takes, nested deeper than the typed decoding of /call follows."""
    response = hello.post("/1.1/call/hello", data=body,
                          headers={**APP_HEADERS, "Content-Type": "application/json"})
    assert (response.status_code, response.json) == (
        400, {"code": 107, "error": "Invalid typed value: nested too deeply."})


@pytest.mark.parametrize("length, status", [("9" * 5000, 413), ("\u00b2", None)])
def test_absurd_content_lengths_answer_without_a_500(length, status):
    """A WSGI server may pass Content-Length on as it came (werkzeug's does)."""
    environ = {"CONTENT_LENGTH": length, "wsgi.input": io.BytesIO(b"{}")}
    if status is None:
        assert wire.read_body(environ) == b""
    else:
        with pytest.raises(LeanEngineError) as refused:
            wire.read_body(environ)
        assert refused.value.status == status


# -- framing ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/1.1/functions/hello", "/__engine/1/ping",
                                  "/1.1/functions/missing"])
def test_head_answers_carry_no_body_on_a_kept_alive_connection(engine_url, path):
    received = exchange(engine_url, (
        f"HEAD {path} HTTP/1.1\r\nHost: x\r\nX-LC-Id: {APP_ID}\r\nX-LC-Key: {APP_KEY}\r\n\r\n"
        f"GET /__engine/1/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").encode())
    head_answer, _, rest = received.partition(b"\r\n\r\n")
    assert head_answer.startswith(b"HTTP/1.1 ")
    assert rest.startswith(b"HTTP/1.1 200 "), received      # the GET's answer, as itself
    assert rest.endswith(b"}") and b'"runtime"' in rest


def test_head_to_the_web_app_behind_the_engine_answers_no_body(engine):
    def streaming_app(environ, start_response):   # start_response called while iterated
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")])
        yield b"hello"

    engine.wrap(streaming_app)
    response = Client(engine).head("/page")
    assert (response.status_code, response.data) == (200, b"")
    assert response.headers["Content-Length"] == "5"


def test_a_folded_origin_is_answered_on_one_line(engine_url):
    received = exchange(engine_url, (
        "POST /1.1/functions/hello HTTP/1.1\r\nHost: x\r\nOrigin: https://a.example\r\n"
        f" evil: 1\r\nX-LC-Id: {APP_ID}\r\nX-LC-Key: {APP_KEY}\r\nContent-Length: 2\r\n"
        "Connection: close\r\n\r\n{}").encode())
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 "), received
    assert body == b'{"result":"hi"}'
    origins = [line for line in head.split(b"\r\n") if line.lower().startswith(b"access-control-allow-origin")]
    assert len(origins) == 1 and b"evil" in origins[0]
    assert not any(line.lower().startswith(b"evil") for line in head.split(b"\r\n"))


# -- HTTPS redirect -----------------------------------------------------------------------

@pytest.fixture
def production(monkeypatch):
    monkeypatch.setenv("LEANCLOUD_APP_ENV", "production")
    monkeypatch.delenv("LEANENGINE_PUBLIC_URL", raising=False)
    monkeypatch.delenv("LEANENGINE_ALLOWED_HOSTS", raising=False)
    return monkeypatch


def plain_get(client, host: str, path: str = "/page?x=1"):
    return client.get(path, headers={"Host": host, "X-Forwarded-Proto": "http"})


def test_a_forged_host_is_redirected_to_the_public_url(production):
    production.setenv("LEANENGINE_PUBLIC_URL", "https://app.example.com")
    client = Client(HttpsRedirectMiddleware(ok_app))
    response = plain_get(client, "evil.example")
    assert response.status_code == 302
    assert response.headers["Location"] == "https://app.example.com/page?x=1"
    response = plain_get(client, "APP.example.com:8443")      # its own host, port kept
    assert response.headers["Location"].lower() == "https://app.example.com:8443/page?x=1"


def test_a_host_outside_the_allowed_list_is_refused(production):
    production.setenv("LEANENGINE_ALLOWED_HOSTS", "app.example.com, www.app.example.com")
    client = Client(HttpsRedirectMiddleware(ok_app))
    assert plain_get(client, "evil.example").status_code == 400
    assert "Location" not in plain_get(client, "evil.example").headers
    response = plain_get(client, "www.app.example.com:8443")
    assert response.headers["Location"] == "https://www.app.example.com:8443/page?x=1"


def test_arguments_override_the_environment(production):
    production.setenv("LEANENGINE_PUBLIC_URL", "https://env.example.com")
    client = Client(HttpsRedirectMiddleware(ok_app, public_url="https://arg.example.com"))
    assert plain_get(client, "evil.example").headers["Location"] == \
        "https://arg.example.com/page?x=1"
    client = Client(HttpsRedirectMiddleware(ok_app, allowed_hosts=["only.example.com"]))
    assert plain_get(client, "env.example.com").status_code == 400


@pytest.mark.parametrize("host", ["evil.example/x", "a@evil.example", "evil.example\\x",
                                  "evil example", "-x.example"])
def test_a_malformed_host_is_never_a_redirect_target(production, host):
    response = plain_get(Client(HttpsRedirectMiddleware(ok_app)), host, "/")
    assert response.status_code == 400 and "Location" not in response.headers


def test_https_requests_pass_whatever_the_host(production):
    production.setenv("LEANENGINE_PUBLIC_URL", "https://app.example.com")
    response = Client(HttpsRedirectMiddleware(ok_app)).get(
        "/page", headers={"Host": "evil.example", "X-Forwarded-Proto": "https"})
    assert (response.status_code, response.data) == (200, b"app")
