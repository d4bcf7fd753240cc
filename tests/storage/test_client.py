"""The HTTP client: signed headers, the session, and errors from odd answers.

The odd answers come from a tiny real HTTP server on 127.0.0.1 (no mocked HTTP).
"""

import http.server
import threading

import pytest

import leanengine
from leanengine import LeanCloudError, config, context
from leanengine.protocol.credentials import AppKeys, Credentials, authenticate
from leanengine.storage import client


@pytest.fixture
def keys():
    config.init("app-id", "app-key", "master-key", "hook-key")
    yield
    config.reset()
    context.get().user = None


def _check(headers, master=False):
    creds = Credentials.from_headers(headers)
    keys = AppKeys("app-id", "app-key", "master-key", "hook-key")
    return authenticate(creds, keys)


def test_headers_are_signed_with_the_app_key(keys):
    leanengine.use_master_key(False)
    headers = client.headers()
    assert headers["X-LC-Id"] == "app-id"
    assert headers["X-LC-Prod"] == "1"
    assert headers["X-LC-Hook-Key"] == "hook-key"
    assert not headers["X-LC-Sign"].endswith(",master")
    assert _check(headers) == "app"
    assert "X-LC-Session" not in headers


def test_master_key_signature_and_production_switch(keys):
    leanengine.use_master_key(True)
    leanengine.use_production(False)
    headers = client.headers()
    assert headers["X-LC-Sign"].endswith(",master")
    assert _check(headers) == "master"
    assert headers["X-LC-Prod"] == "0"


def test_master_key_is_the_default_without_an_app_key():
    leanengine.init("app-id", master_key="master-key")
    try:
        assert client.headers()["X-LC-Sign"].endswith(",master")
    finally:
        config.reset()


def test_current_users_session_token_is_sent(keys):
    user = leanengine.User()
    user._session_token = "token-1"
    leanengine.User.set_current(user)
    assert client.headers()["X-LC-Session"] == "token-1"
    assert client.headers(session_token="explicit")["X-LC-Session"] == "explicit"
    leanengine.User.set_current(None)
    assert "X-LC-Session" not in client.headers()


def test_uninitialized_sdk_says_so(monkeypatch):
    config.reset()
    monkeypatch.delenv("LEANCLOUD_APP_ID", raising=False)
    with pytest.raises(RuntimeError):
        client.headers()


class _OddHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/1.1/html"):
            body, status, kind = b"<html>Bad Gateway</html>", 502, "text/html"
        elif self.path.startswith("/1.1/error"):
            body, status, kind = b'{"code": 142, "error": "refused"}', 400, "application/json"
        else:
            body, status, kind = b'{"ok": true}', 200, "application/json"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def odd_server(keys):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _OddHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    config.set_api_server(f"http://127.0.0.1:{server.server_port}")
    yield
    server.shutdown()
    server.server_close()


def test_non_json_answer_is_a_clear_error(odd_server):
    with pytest.raises(LeanCloudError) as info:
        client.get("/html")
    assert "not JSON" in info.value.error and info.value.status == 502


def test_server_errors_keep_code_and_message(odd_server):
    with pytest.raises(LeanCloudError) as info:
        client.get("/error")
    assert (info.value.code, info.value.error, info.value.status) == (142, "refused", 400)
    assert client.get("/fine") == {"ok": True}


def test_unreachable_server_is_a_leancloud_error(keys):
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config.set_api_server(f"http://127.0.0.1:{port}")
    with pytest.raises(LeanCloudError) as info:
        client.get("/date")
    assert "cannot reach" in info.value.error


def test_one_pooled_session_is_shared():
    from leanengine.storage import client as again
    assert again.session is client.session
    assert client.TIMEOUT_SECONDS > 0


def test_init_with_a_master_key_signs_with_it_like_the_legacy_sdk(monkeypatch):
    monkeypatch.setenv("LEANCLOUD_APP_HOOK_KEY", "env-hook")
    leanengine.init("app-id", "app-key", "master-key")
    try:
        headers = client.headers()
        assert _check(headers) == "master"
        assert headers["X-LC-Hook-Key"] == "env-hook"
        leanengine.use_master_key(False)
        assert _check(client.headers()) == "app"
    finally:
        config.reset()


def test_environment_keys_sign_with_the_app_key(monkeypatch):
    config.reset()
    for name, value in (("LEANCLOUD_APP_ID", "app-id"), ("LEANCLOUD_APP_KEY", "app-key"),
                        ("LEANCLOUD_APP_MASTER_KEY", "master-key")):
        monkeypatch.setenv(name, value)
    assert _check(client.headers()) == "app"


@pytest.mark.parametrize("env, have_staging, prod", [
    ("production", None, "1"), ("stage", None, "0"), (None, None, "1"), (None, "true", "0")])
def test_production_header_follows_the_engine_environment(monkeypatch, keys, env, have_staging,
                                                          prod):
    for name, value in (("LEANCLOUD_APP_ENV", env), ("LEAN_CLI_HAVE_STAGING", have_staging)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert client.headers()["X-LC-Prod"] == prod
