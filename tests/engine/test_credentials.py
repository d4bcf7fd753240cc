"""Who may call what: every credential form of PROTOCOL.md against the engine routes."""

import json
import time

import pytest
from engine_support import (APP_HEADERS, APP_ID, APP_KEY, HOOK_HEADERS, HOOK_KEY, MASTER_HEADERS,
                            MASTER_KEY)

import leanengine
from leanengine.protocol.credentials import make_sign

UNAUTHORIZED = {"code": 401, "error": "Unauthorized."}


@pytest.fixture(autouse=True)
def functions(engine):
    engine.define("hello")(lambda: "hello")
    engine.define("secret", internal=True)(lambda: "internal")
    engine.define("_messageReceived")(lambda **params: {"received": params})
    engine.before_save("Todo")(lambda obj: None)


def call(client, headers, path="/1.1/functions/hello", **kwargs):
    return client.post(path, headers=headers, **kwargs)


def now_ms():
    return int(time.time() * 1000)


@pytest.mark.parametrize("headers", [
    {"X-LC-Id": APP_ID, "X-LC-Key": APP_KEY},
    {"X-LC-Id": APP_ID, "X-LC-Key": f"{MASTER_KEY},master"},
    {"X-AVOSCloud-Application-Id": APP_ID, "X-AVOSCloud-Application-Key": APP_KEY},
    {"X-AVOSCloud-Application-Id": APP_ID, "X-AVOSCloud-Master-Key": MASTER_KEY},
    {"X-Uluru-Application-Id": APP_ID, "X-Uluru-Application-Key": APP_KEY},
    {"X-Uluru-Application-Id": APP_ID, "X-Uluru-Master-Key": MASTER_KEY},
], ids=["lc-key", "lc-master", "avos-key", "avos-master", "uluru-key", "uluru-master"])
def test_every_header_form_is_accepted(client, headers):
    response = call(client, headers)
    assert response.status_code == 200
    assert response.json == {"result": "hello"}


@pytest.mark.parametrize("sign_header", ["X-LC-Sign", "X-AVOSCloud-Request-Sign"])
def test_signatures_with_app_key_and_master_key(client, sign_header):
    ts = now_ms()
    for sign in (make_sign(APP_KEY, ts), make_sign(MASTER_KEY, ts, master=True)):
        response = call(client, {"X-LC-Id": APP_ID, sign_header: sign})
        assert response.json == {"result": "hello"}


@pytest.mark.parametrize("sign", [
    lambda ts: make_sign("wrong-key", ts),
    lambda ts: make_sign(APP_KEY, ts, master=True),  # app key claiming to be master
    lambda ts: make_sign(MASTER_KEY, ts),  # master key without the master suffix
    lambda ts: "garbage",
], ids=["wrong-key", "app-as-master", "master-without-suffix", "garbage"])
def test_bad_signatures_are_refused(client, sign):
    response = call(client, {"X-LC-Id": APP_ID, "X-LC-Sign": sign(now_ms())})
    assert response.status_code == 401
    assert response.json == UNAUTHORIZED


@pytest.mark.parametrize("headers", [
    {},
    {"X-LC-Id": APP_ID},
    {"X-LC-Id": "other-app", "X-LC-Key": APP_KEY},
    {"X-LC-Id": APP_ID, "X-LC-Key": "wrong"},
    {"X-LC-Id": APP_ID, "X-LC-Key": "wrong,master"},
    {"X-LC-Id": APP_ID, "X-LC-Key": f"{APP_KEY},master"},
    {"X-AVOSCloud-Application-Id": APP_ID, "X-AVOSCloud-Master-Key": APP_KEY},
], ids=["none", "id-only", "wrong-id", "wrong-key", "wrong-master", "app-key-as-master",
        "app-key-as-master-header"])
def test_wrong_credentials_answer_401(client, headers):
    response = call(client, headers)
    assert response.status_code == 401
    assert response.json == UNAUTHORIZED


def test_text_plain_body_credentials(client):
    body = {"_ApplicationId": APP_ID, "_ApplicationKey": APP_KEY}
    response = call(client, {}, data=json.dumps(body), content_type="text/plain")
    assert response.json == {"result": "hello"}

    body["_ApplicationKey"] = "wrong"
    response = call(client, {}, data=json.dumps(body), content_type="text/plain")
    assert response.status_code == 401

    master = {"_ApplicationId": APP_ID, "_MasterKey": MASTER_KEY}
    response = call(client, {}, "/1.1/functions/secret", data=json.dumps(master),
                    content_type="text/plain")
    assert response.json == {"result": "internal"}


def test_body_credentials_count_only_for_text_plain(client):
    body = {"_ApplicationId": APP_ID, "_ApplicationKey": APP_KEY}
    response = call(client, {}, json=body)
    assert response.status_code == 401


def test_internal_function_needs_master_or_hook_key(client):
    assert call(client, APP_HEADERS, "/1.1/functions/secret").status_code == 401
    assert call(client, MASTER_HEADERS, "/1.1/functions/secret").json == {"result": "internal"}
    assert call(client, HOOK_HEADERS, "/1.1/functions/secret").json == {"result": "internal"}
    assert call(client, {**APP_HEADERS, "X-LC-Hook-Key": "wrong"},
                "/1.1/functions/secret").status_code == 401


def test_realtime_hooks_need_the_hook_key(client):
    path = "/1.1/functions/_messageReceived"
    refused = call(client, MASTER_HEADERS, path, json={"convId": "c"})
    assert (refused.status_code, refused.json) == (401, UNAUTHORIZED)
    # Parameters starting with "_" are the SDK's own, and dropped.
    accepted = call(client, HOOK_HEADERS, path, json={"convId": "c", "__sign": "1,x"})
    assert accepted.json == {"result": {"received": {"convId": "c"}}}


def test_class_hooks_need_the_hook_key(client):
    path = "/1.1/functions/Todo/beforeSave"
    for headers in (APP_HEADERS, MASTER_HEADERS, {**APP_HEADERS, "X-LC-Hook-Key": "wrong"},
                    {"X-LC-Hook-Key": HOOK_KEY}):
        response = call(client, headers, path, json={"object": {}})
        assert (response.status_code, response.json) == (401, UNAUTHORIZED)
    assert call(client, HOOK_HEADERS, path, json={"object": {}}).status_code == 200


def test_metadatas_need_the_master_key(client):
    path = "/1.1/functions/_ops/metadatas"
    assert client.get(path, headers=APP_HEADERS).status_code == 401
    assert client.get(path, headers=HOOK_HEADERS).status_code == 401
    assert "hello" in client.get(path, headers=MASTER_HEADERS).json["result"]


def test_changed_keys_take_effect_at_once(client):
    assert call(client, APP_HEADERS).status_code == 200
    leanengine.init(APP_ID, "rotated-key", MASTER_KEY, HOOK_KEY)
    assert call(client, APP_HEADERS).status_code == 401
    assert call(client, {"X-LC-Id": APP_ID, "X-LC-Key": "rotated-key"}).status_code == 200


def test_keys_from_the_environment_when_init_was_not_called(client, monkeypatch):
    leanengine.config.reset()
    monkeypatch.setenv("LEANCLOUD_APP_ID", "env-id")
    monkeypatch.setenv("LEANCLOUD_APP_KEY", "env-key")
    monkeypatch.setenv("LEANCLOUD_APP_MASTER_KEY", "env-master")
    monkeypatch.setenv("LEANCLOUD_APP_HOOK_KEY", "env-hook")
    assert call(client, {"X-LC-Id": "env-id", "X-LC-Key": "env-key"}).status_code == 200
    monkeypatch.setenv("LEANCLOUD_APP_KEY", "env-key-2")
    assert call(client, {"X-LC-Id": "env-id", "X-LC-Key": "env-key"}).status_code == 401
    response = call(client, {"X-LC-Id": "env-id", "X-LC-Key": "env-key-2", "X-LC-Hook-Key": "env-hook"},
                    "/1.1/functions/Todo/beforeSave", json={"object": {}})
    assert response.status_code == 200
