"""The engine against a real storage server (``leanengine serve`` on 127.0.0.1): session
tokens turned into users by ``User.become``, and the cookie session around a real login."""

import os
import uuid

import processes
import pytest
from engine_support import API_KEYS, APP_HEADERS
from werkzeug.test import Client

import leanengine
from leanengine import CookieSessionMiddleware, Engine, LeanCloudError, User, config, current


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    data = tmp_path_factory.mktemp("engine-storage")
    port = processes.free_port()
    app_id, app_key, master_key, hook_key = API_KEYS
    env = dict(os.environ, LEANCLOUD_APP_ID=app_id, LEANCLOUD_APP_KEY=app_key,
               LEANCLOUD_APP_MASTER_KEY=master_key, LEANCLOUD_APP_HOOK_KEY=hook_key)
    url = f"http://127.0.0.1:{port}"
    proc = processes.start([*processes.command("leanengine"), "serve", "--host", "127.0.0.1",
                            "--port", str(port), "--data", str(data)],
                           url + "/1.1/date", data / "server.log", env=env)
    try:
        yield url
    finally:
        processes.stop(proc)


@pytest.fixture
def sdk(server_url):
    leanengine.init(*API_KEYS)
    config.set_api_server(server_url)
    yield
    config.set_api_server(None)


@pytest.fixture
def account(sdk):
    """A signed-up user: (username, password, session token, objectId)."""
    username, password = f"ada-{uuid.uuid4().hex[:8]}", "correct horse"
    user = User()
    user.set_username(username)
    user.set_password(password)
    user.sign_up()
    User.set_current(None)
    return username, password, user.get_session_token(), user.id


def test_session_token_is_fetched_as_the_current_user(account):
    username, _, token, user_id = account
    engine = Engine()
    engine.define("whoami")(lambda: [current.user.id, current.user.get("username")])
    client = Client(engine)
    answer = client.post("/1.1/functions/whoami", headers={**APP_HEADERS, "X-LC-Session": token})
    assert answer.json == {"result": [user_id, username]}
    refused = client.post("/1.1/functions/whoami",
                          headers={**APP_HEADERS, "X-LC-Session": "not-a-token"})
    assert (refused.status_code, refused.json["code"]) == (401, 211)


def login_app(environ, start_response):
    """/login logs in with the SDK (a real request to the storage server); / shows who
    is logged in; /logout logs out."""
    path = environ["PATH_INFO"]
    status = "200 OK"
    if path == "/login":
        username, password = environ["QUERY_STRING"].split("&")
        try:
            User().login(username, password)
        except LeanCloudError:
            status = "403 Forbidden"
    elif path == "/logout" and User.get_current():
        User.get_current().logout()
    user = User.get_current()
    start_response(status, [("Content-Type", "text/plain")])
    return [(user.id if user else "nobody").encode()]


@pytest.mark.parametrize("fetch_user", [False, True])
def test_cookie_session_keeps_a_real_login(account, fetch_user):
    username, password, _, user_id = account
    client = Client(Engine(CookieSessionMiddleware(login_app, "s3cret", fetch_user=fetch_user)))
    assert client.get("/").data == b"nobody"
    wrong = client.get(f"/login?{username}&wrong-password")
    assert wrong.status_code == 403 and "Set-Cookie" not in wrong.headers
    login = client.get(f"/login?{username}&{password}")
    assert login.data == user_id.encode() and "HttpOnly" in login.headers["Set-Cookie"]
    assert client.get("/").data == user_id.encode()
    assert client.get("/logout").data == b"nobody"
    assert client.get("/").data == b"nobody"
    assert current.user is None  # nothing leaked to the process
