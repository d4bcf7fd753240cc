"""The commands that wire the engine: ``leanengine up`` (the app's engine in-process, on
the development server) and ``leanengine serve`` with no engine at all."""

from __future__ import annotations

import json
import os

import processes
import pytest
import requests
from conftest import APP_HEADERS, HERE, KEYS_ENV


def _serve(args, tmp_path, env, cwd=None):
    port = processes.free_port()
    url = f"http://127.0.0.1:{port}"
    process = processes.start([*processes.command("leanengine"), *args, "--port", str(port)],
                              url + "/1.1/date", tmp_path / "server.log", env=env, cwd=cwd)
    return url, process


@pytest.fixture
def up_server(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEANCLOUD_")}
    url, process = _serve(["up", "--app", "hook_app:app", "--host", "127.0.0.1",
                           "--data", str(tmp_path / "data"), "--no-reload"], tmp_path, env, HERE)
    try:
        with open(tmp_path / "data" / "keys.json", encoding="utf-8") as f:
            keys = json.load(f)
        yield url, {"X-LC-Id": keys["app_id"], "X-LC-Key": keys["app_key"]}
    finally:
        processes.stop(process)


def test_leanengine_up_fires_the_apps_hooks(up_server):
    url, headers = up_server
    answer = requests.post(url + "/1.1/classes/Todo", json={"note": "x"}, headers=headers).json()
    assert answer["code"] == 142 and answer["error"].endswith("A Todo needs a title.")
    created = requests.post(url + "/1.1/classes/Todo", json={"title": "up"}, headers=headers).json()
    stored = requests.get(f"{url}/1.1/classes/Todo/{created['objectId']}", headers=headers).json()
    assert stored["priority"] == 1 and stored["seenByAfterSave"] is True
    calls = requests.post(url + "/1.1/functions/hook_calls", json={}, headers=headers).json()
    assert calls["result"][f"Todo.afterSave:{created['objectId']}"] == 1


def test_serve_without_an_engine(tmp_path):
    url, process = _serve(["serve", "--host", "127.0.0.1", "--data", str(tmp_path / "data")],
                          tmp_path, dict(os.environ, **KEYS_ENV))
    try:
        response = requests.post(url + "/1.1/functions/whoami", json={}, headers=APP_HEADERS)
        assert response.status_code == 404 and response.json()["code"] == 1
        created = requests.post(url + "/1.1/classes/Todo", json={}, headers=APP_HEADERS)
        assert created.status_code == 201  # no engine, no hooks
    finally:
        processes.stop(process)
