"""The caller's context: remote address, session token and user, per request."""

import json
import threading

import pytest
from engine_support import APP_HEADERS
from werkzeug.test import Client

from leanengine import Engine, User, current
from leanengine.protocol.errors import LeanCloudError


def remote_address_of(client, headers, **kwargs):
    return client.post("/1.1/functions/where", headers={**APP_HEADERS, **headers}, **kwargs).json["result"]


def test_remote_address_precedence(engine, client):
    engine.define("where", fetch_user=False)(lambda: current.meta["remote_address"])
    overrides = {"environ_overrides": {"REMOTE_ADDR": "10.0.0.9"}}
    assert remote_address_of(client, {}, **overrides) == "10.0.0.9"
    assert remote_address_of(client, {"Forwarded": 'for="[2001:db8::1]:4711";proto=https'},
                             **overrides) == "2001:db8::1"
    assert remote_address_of(client, {"Forwarded": "for=192.0.2.60:80, for=10.1.1.1"},
                             **overrides) == "192.0.2.60"
    assert remote_address_of(client, {"X-Forwarded-For": "1.2.3.4, 10.0.0.1",
                                      "Forwarded": "for=192.0.2.60"}, **overrides) == "1.2.3.4"
    assert remote_address_of(client, {"X-Real-IP": "5.6.7.8", "X-Forwarded-For": "1.2.3.4"},
                             **overrides) == "5.6.7.8"


@pytest.fixture
def become(monkeypatch):
    """The engine-level contract of fetching a user: ``User.become`` stands in for the
    storage service (the end-to-end version runs against the server)."""
    calls = []

    def fake_become(token):
        calls.append(token)
        if token != "good-token":
            raise LeanCloudError(211, "Could not find user.")
        user = User()
        user._update_data({"objectId": "u1", "username": "ada", "sessionToken": token})
        User.set_current(user)
        return user

    monkeypatch.setattr(User, "become", staticmethod(fake_become))
    return calls


def whoami():
    user = current.user
    return {"user": user.id if user else None, "token": current.session_token,
            "sdk": User.get_current() is user}


def test_session_token_becomes_the_current_user(engine, client, become):
    engine.define("whoami")(whoami)
    for header in ("X-LC-Session", "X-AVOSCloud-Session-Token", "X-Uluru-Session-Token"):
        response = client.post("/1.1/functions/whoami", headers={**APP_HEADERS, header: "good-token"})
        assert response.json == {"result": {"user": "u1", "token": "good-token", "sdk": True}}
    assert current.user is None and current.session_token is None  # nothing leaked


def test_rejected_token_answers_401_code_211(engine, client, become):
    engine.define("whoami")(whoami)
    response = client.post("/1.1/functions/whoami", headers={**APP_HEADERS, "X-LC-Session": "bad"})
    assert response.status_code == 401
    assert response.json["code"] == 211


def test_no_fetch_when_the_engine_or_the_function_says_so(client, become):
    engine = Engine(fetch_user=False)
    engine.define("whoami")(whoami)
    answer = Client(engine).post("/1.1/functions/whoami",
                                 headers={**APP_HEADERS, "X-LC-Session": "bad"}).json
    assert answer == {"result": {"user": None, "token": "bad", "sdk": True}}

    engine = Engine()
    engine.define("whoami", fetch_user=False)(whoami)
    answer = Client(engine).post("/1.1/functions/whoami",
                                 headers={**APP_HEADERS, "X-LC-Session": "bad"}).json
    assert answer["result"]["token"] == "bad" and answer["result"]["user"] is None
    assert become == []


def test_no_token_no_user(engine, client, become):
    engine.define("whoami")(whoami)
    answer = client.post("/1.1/functions/whoami", headers=APP_HEADERS).json
    assert answer == {"result": {"user": None, "token": None, "sdk": True}}
    assert become == []


def test_engine_current_is_the_module_current(engine):
    assert engine.current is current


def test_concurrent_threads_see_their_own_user(engine, become, monkeypatch):
    """Thread-per-request servers: many requests at once, each sees its own token."""
    barrier = threading.Barrier(16, timeout=30)

    @engine.define(fetch_user=False)
    def mine():
        barrier.wait()  # every request is inside its function at the same time
        return current.session_token

    results = {}

    def request(n):
        response = Client(engine).post("/1.1/functions/mine",
                                       headers={**APP_HEADERS, "X-LC-Session": f"token-{n}"})
        results[n] = response.json["result"]

    threads = [threading.Thread(target=request, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {n: f"token-{n}" for n in range(16)}


def test_session_token_in_a_text_plain_body(engine, client, become):
    """Old JS SDKs send credentials and the session token in a text/plain JSON body."""
    engine.define("whoami")(whoami)
    body = {"_ApplicationId": APP_HEADERS["X-LC-Id"], "_ApplicationKey": APP_HEADERS["X-LC-Key"],
            "_SessionToken": "good-token"}
    response = client.post("/1.1/functions/whoami", data=json.dumps(body), content_type="text/plain")
    assert response.json == {"result": {"user": "u1", "token": "good-token", "sdk": True}}


def test_web_routes_get_their_own_context(become):
    """A web route behind the Engine that makes a user current does not leak it."""
    def web_app(environ, start_response):
        user = User()
        user._update_data({"objectId": "web-user", "sessionToken": "t"})
        User.set_current(user)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [current.meta["remote_address"].encode()]

    response = Client(Engine(web_app)).get("/page", headers={"X-Real-IP": "9.9.9.9"})
    assert response.data == b"9.9.9.9"
    assert current.user is None
