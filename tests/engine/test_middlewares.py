"""HttpsRedirectMiddleware and CookieSessionMiddleware."""

import json
import time
from datetime import datetime, timedelta, timezone

import pytest
from engine_support import APP_HEADERS
from werkzeug.test import Client

from leanengine import CookieSessionMiddleware, Engine, HttpsRedirectMiddleware, User, current
from leanengine.protocol.errors import LeanCloudError

COOKIE = "leancloud:session"


def ok_app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"app"]


# -- HTTPS redirect -----------------------------------------------------------------------

@pytest.fixture
def production(monkeypatch):
    monkeypatch.setenv("LEANCLOUD_APP_ENV", "production")


def test_no_redirect_outside_production(monkeypatch):
    monkeypatch.delenv("LEANCLOUD_APP_ENV", raising=False)
    response = Client(HttpsRedirectMiddleware(ok_app)).get("/page")
    assert (response.status_code, response.data) == (200, b"app")


def test_plain_http_is_redirected_with_path_and_query(production):
    client = Client(HttpsRedirectMiddleware(ok_app))
    response = client.get("/todos/a b?sort=desc&page=2", base_url="http://example.com",
                          headers={"X-Forwarded-Proto": "http"})
    assert response.status_code == 302
    assert response.headers["Location"] == "https://example.com/todos/a%20b?sort=desc&page=2"
    response = client.post("/form", base_url="http://example.com:8080")
    assert response.status_code == 307  # keeps the method and body
    assert response.headers["Location"] == "https://example.com:8080/form"


def test_https_requests_and_health_checks_pass(production):
    client = Client(HttpsRedirectMiddleware(ok_app))
    assert client.get("/page", headers={"X-Forwarded-Proto": "https"}).status_code == 200
    for path in ("/__engine/1/ping", "/__engine/1.1/ping", "/1.1/functions/_ops/metadatas"):
        assert client.get(path, headers={"X-Forwarded-Proto": "http"}).status_code == 200


# -- cookie session -----------------------------------------------------------------------

def web_app(environ, start_response):
    """Stands for a Flask/Django app: /login does what ``User.login()`` does once the
    storage service accepted the password (the user becomes current)."""
    path = environ["PATH_INFO"]
    if path == "/login":
        user = User()
        user._update_data({"objectId": "u1", "username": "ada", "sessionToken": "token-1"})
        User.set_current(user)
    elif path == "/logout":
        User.get_current().logout()
    user = User.get_current()
    body = json.dumps({"user": user.id if user else None,
                       "token": user.get_session_token() if user else None,
                       "current_token": current.session_token})
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body.encode()]


def session_client(**options):
    engine = Engine(CookieSessionMiddleware(web_app, "s3cret", **options))
    engine.define("whoami")(lambda: current.user.id if current.user else None)
    return Client(engine)


def set_cookie_header(response):
    headers = response.headers.getlist("Set-Cookie")
    assert len(headers) <= 1
    return headers[0] if headers else None


def test_login_sets_a_cookie_that_brings_the_user_back(monkeypatch):
    monkeypatch.delenv("LEANCLOUD_APP_ENV", raising=False)
    client = session_client()
    assert client.get("/").json["user"] is None
    login = client.get("/login")
    header = set_cookie_header(login)
    assert header.startswith(f'"{COOKIE}"=') or header.startswith(f"{COOKIE}=")
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Path=/" in header
    assert "Secure" not in header
    assert "token-1" not in header  # a signed, encoded value
    again = client.get("/")
    assert again.json == {"user": "u1", "token": "token-1", "current_token": "token-1"}


def test_logout_clears_the_cookie():
    client = session_client()
    client.get("/login")
    logout = client.get("/logout")
    assert logout.json["user"] is None
    header = set_cookie_header(logout)
    assert "Max-Age=0" in header or "Expires=Thu, 01 Jan 1970" in header
    assert client.get("/").json["user"] is None


def test_cookie_is_secure_in_production(production):
    header = set_cookie_header(session_client().get("/login"))
    assert "Secure" in header


def test_tampered_foreign_and_expired_cookies_are_ignored(monkeypatch):
    client = session_client(max_age=60)
    client.get("/login")
    good = client.get_cookie(COOKIE).value

    tampered = good[:-2] + ("AA" if not good.endswith("AA") else "BB")
    client.set_cookie(COOKIE, tampered)
    response = client.get("/")
    assert (response.status_code, response.json["user"]) == (200, None)

    foreign = Client(Engine(CookieSessionMiddleware(web_app, "other-secret")))
    foreign.get("/login")
    client.set_cookie(COOKIE, foreign.get_cookie(COOKIE).value)
    assert client.get("/").json["user"] is None

    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() - 3600)  # minted an hour ago
    old = session_client(max_age=60)
    old.get("/login")
    stale = old.get_cookie(COOKIE).value
    monkeypatch.setattr(time, "time", real_time)
    client.set_cookie(COOKIE, stale)
    assert client.get("/").json["user"] is None

    client.set_cookie(COOKIE, good)
    assert client.get("/").json["user"] == "u1"


def test_engine_and_excluded_paths_ignore_the_cookie():
    client = session_client(excluded_paths=["/static/"])
    client.get("/login")
    response = client.post("/1.1/functions/whoami", headers=APP_HEADERS)
    assert response.json == {"result": None}
    assert set_cookie_header(response) is None
    static = client.get("/static/app.js")
    assert static.json["user"] is None and set_cookie_header(static) is None


def test_fetch_user_asks_the_storage_service(monkeypatch):
    def become(token):
        if token != "token-1":
            raise LeanCloudError(211, "Could not find user.")
        user = User()
        user._update_data({"objectId": "u1", "username": "fetched", "sessionToken": token})
        User.set_current(user)
        return user

    monkeypatch.setattr(User, "become", staticmethod(become))
    client = session_client(fetch_user=True)
    client.get("/login")
    assert client.get("/").json == {"user": "u1", "token": "token-1", "current_token": "token-1"}

    monkeypatch.setattr(User, "become", staticmethod(lambda token: become("revoked")))
    response = client.get("/")
    assert (response.status_code, response.json["user"]) == (200, None)


def test_secret_is_required():
    with pytest.raises(RuntimeError):
        CookieSessionMiddleware(web_app, "")


def test_expires_sets_the_cookie_date_and_ends_the_session():
    future = datetime.now(timezone.utc) + timedelta(days=1)
    client = session_client(expires=future)
    header = set_cookie_header(client.get("/login"))
    assert f"Expires={future.strftime('%a, %d %b %Y')}" in header
    assert client.get("/").json["user"] == "u1"

    cookie = client.get_cookie(COOKIE).value
    past = datetime.now(timezone.utc) - timedelta(seconds=1)
    late = Client(Engine(CookieSessionMiddleware(web_app, "s3cret", expires=past)))
    late.set_cookie(COOKIE, cookie)
    assert late.get("/").json["user"] is None  # a replayed cookie past its date
    epoch_past = Client(Engine(CookieSessionMiddleware(web_app, "s3cret", expires=1)))
    epoch_past.set_cookie(COOKIE, cookie)
    assert epoch_past.get("/").json["user"] is None
