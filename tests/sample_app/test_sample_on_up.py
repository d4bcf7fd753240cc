"""The README's main command: the sample app on `leanengine up`, used as a client would.

One process serves the app's functions, hooks, web pages and the storage API; the app's
hooks run in-process when the storage API writes Todos.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import processes
import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def up(tmp_path_factory):
    data = tmp_path_factory.mktemp("up")
    port = processes.free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEANCLOUD_", "LC_"))}
    log = data / "up.log"
    process = processes.start(
        [*processes.command("leanengine"), "up", "--app", "sample_app.wsgi:app",
         "--port", str(port), "--data", str(data / "data"), "--no-reload"],
        url + "/1.1/date", log, env=env, cwd=ROOT)
    try:
        keys = json.loads((data / "data" / "keys.json").read_text())
        yield url, keys, log
    finally:
        processes.stop(process)


def _headers(keys, session=None):
    headers = {"X-LC-Id": keys["app_id"], "X-LC-Key": keys["app_key"]}
    if session:
        headers["X-LC-Session"] = session
    return headers


def _sign_up(url, keys, name):
    answer = requests.post(url + "/1.1/users", headers=_headers(keys),
                           json={"username": name, "password": "secret-" + name})
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_prints_keys_and_api_server(up):
    url, keys, log = up
    text = log.read_text()
    assert f"LEANCLOUD_APP_ID={keys['app_id']}" in text
    assert f"LEANCLOUD_API_SERVER={url}" in text


def test_function_and_ping(up):
    url, keys, _ = up
    assert requests.get(url + "/__engine/1/ping").json()["runtime"].startswith("cpython")
    answer = requests.post(url + "/1.1/functions/hello", headers=_headers(keys), json={"name": "Ada"})
    assert answer.json() == {"result": "Hello, Ada!"}


def test_todo_without_title_is_refused_and_not_stored(up):
    url, keys, _ = up
    answer = requests.post(url + "/1.1/classes/Todo", headers=_headers(keys), json={"done": True})
    assert answer.status_code == 400
    assert answer.json()["code"] == 142
    assert "A todo needs a title." in answer.json()["error"]
    master = {"X-LC-Id": keys["app_id"], "X-LC-Key": keys["master_key"] + ",master"}
    found = requests.get(url + "/1.1/classes/Todo", headers=master,
                         params={"where": json.dumps({"done": True})}).json()
    assert found["results"] == []


def test_hooks_fill_defaults_number_todos_and_do_not_loop(up):
    url, keys, _ = up
    user = _sign_up(url, keys, "grace")
    headers = _headers(keys, user["sessionToken"])
    ids = []
    for title in ("  buy milk  ", "call Ada"):
        created = requests.post(url + "/1.1/classes/Todo", headers=headers, json={"title": title})
        assert created.status_code == 201, created.text
        ids.append(created.json()["objectId"])
    first = requests.get(url + f"/1.1/classes/Todo/{ids[0]}", headers=headers).json()
    assert first["title"] == "buy milk" and first["done"] is False
    assert first["owner"]["objectId"] == user["objectId"]
    assert first["number"] == 1
    second = requests.get(url + f"/1.1/classes/Todo/{ids[1]}", headers=headers).json()
    assert second["number"] == 2
    stats = requests.get(url + "/1.1/classes/TodoStats", headers=headers, params={
        "where": json.dumps({"owner": {"__type": "Pointer", "className": "_User",
                                       "objectId": user["objectId"]}})}).json()["results"]
    assert [row["count"] for row in stats] == [2]  # one row, counted once per todo: no loop
    # the default ACL makes the todo private to its owner
    stranger = _sign_up(url, keys, "mallory")
    seen = requests.get(url + f"/1.1/classes/Todo/{ids[0]}",
                        headers=_headers(keys, stranger["sessionToken"])).json()
    assert seen == {}


def test_rpc_returns_the_callers_todos_as_objects(up):
    url, keys, _ = up
    user = _sign_up(url, keys, "linus")
    headers = _headers(keys, user["sessionToken"])
    requests.post(url + "/1.1/classes/Todo", headers=headers, json={"title": "write a kernel"})
    answer = requests.post(url + "/1.1/call/my_todos", headers=headers, json={}).json()
    [todo] = answer["result"]
    assert todo["__type"] == "Object" and todo["className"] == "Todo"
    assert todo["title"] == "write a kernel"
    refused = requests.post(url + "/1.1/call/my_todos", headers=_headers(keys), json={})
    assert refused.status_code == 401


def test_on_login_refuses_blocked_users(up):
    url, keys, _ = up
    user = _sign_up(url, keys, "blocked")
    master = {"X-LC-Id": keys["app_id"], "X-LC-Key": keys["master_key"] + ",master"}
    requests.put(url + f"/1.1/users/{user['objectId']}", headers=master, json={"blocked": True})
    answer = requests.post(url + "/1.1/login", headers=_headers(keys),
                           json={"username": "blocked", "password": "secret-blocked"})
    assert answer.status_code != 200
    assert "This account is blocked." in answer.json()["error"]
    fine = requests.post(url + "/1.1/login", headers=_headers(keys),
                         json={"username": "grace", "password": "secret-grace"})
    assert fine.status_code == 200 and fine.json()["sessionToken"]


def test_web_page_keeps_the_login_in_a_cookie(up):
    url, keys, _ = up
    _sign_up(url, keys, "web")
    browser = requests.Session()
    assert "Log in" in browser.get(url + "/").text
    browser.post(url + "/login", data={"username": "web", "password": "secret-web"})
    assert any(cookie.name == "leancloud:session" for cookie in browser.cookies)
    browser.post(url + "/todos", data={"title": "from the web"})
    page = browser.get(url + "/").text
    assert "Logged in as web" in page and "from the web" in page
    browser.post(url + "/logout")
    assert "Log in" in browser.get(url + "/").text


def test_uploaded_file_is_served_at_its_url(up):
    url, keys, _ = up
    answer = requests.post(url + "/1.1/files/hello.txt", headers=_headers(keys), data=b"hi there")
    assert answer.status_code == 201, answer.text
    file_url = answer.json()["url"]
    fetched = requests.get(file_url)
    assert fetched.content == b"hi there"
    assert fetched.headers["Content-Type"].startswith("text/plain")
