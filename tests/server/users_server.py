"""A real ``leanengine serve`` process for the users, roles, permissions and files tests,
and a small raw-HTTP client for it (no SDK: these tests speak the wire protocol)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import processes
import pytest
import requests

APP_ID = "users-test-app"
APP_KEY = "users-test-key"
MASTER_KEY = "users-test-master"
HOOK_KEY = "users-test-hook"


class Api:
    """Raw HTTP against the server: ``api.post("/users", {...}, token=..., master=True)``
    answers ``(status, json body)``."""

    def __init__(self, url: str, data_dir: Path, log_path: Path | None = None):
        self.url = url
        self.data_dir = data_dir
        self.log_path = log_path
        self.http = requests.Session()

    def headers(self, token=None, master=False, key=True) -> dict:
        headers = {"X-LC-Id": APP_ID}
        if master:
            headers["X-LC-Key"] = f"{MASTER_KEY},master"
        elif key:
            headers["X-LC-Key"] = APP_KEY
        if token:
            headers["X-LC-Session"] = token
        return headers

    def request(self, method, path, body=None, *, token=None, master=False, key=True,
                params=None, raw=None, content_type=None):
        headers = self.headers(token, master, key)
        data = raw
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        if content_type:
            headers["Content-Type"] = content_type
        encoded = {k: v if isinstance(v, str) else json.dumps(v) for k, v in (params or {}).items()}
        url = path if path.startswith("http") else self.url + path
        response = self.http.request(method, url, data=data, headers=headers, params=encoded)
        try:
            answer = response.json()
        except ValueError:
            answer = response.content
        return response.status_code, answer

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body if body is not None or "raw" in kw else {}, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body if body is not None or "raw" in kw else {}, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    # helpers -------------------------------------------------------------------------------

    def sign_up(self, username, password="secret-pass", **fields):
        status, body = self.post("/1.1/users", {"username": username, "password": password,
                                                **fields})
        assert status == 201, body
        return body

    def outbox(self) -> list[dict]:
        path = self.data_dir / "outbox.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]

    def last_message(self, to: str) -> dict:
        sent = [m for m in self.outbox() if m["to"] == to]
        assert sent, f"nothing sent to {to}"
        return sent[-1]


def start(data_dir: Path, env_extra: dict | None = None):
    """Start the server; answers (process, Api). Stop it with ``stop(process)``."""
    port = processes.free_port()
    env = dict(os.environ, LEANCLOUD_APP_ID=APP_ID, LEANCLOUD_APP_KEY=APP_KEY,
               LEANCLOUD_APP_MASTER_KEY=MASTER_KEY, LEANCLOUD_APP_HOOK_KEY=HOOK_KEY,
               **(env_extra or {}))
    api = Api(f"http://127.0.0.1:{port}", data_dir, data_dir / f"server-{port}.log")
    process = processes.start(
        [*processes.command("leanengine"), "serve", "--host", "127.0.0.1", "--port", str(port),
         "--data", str(data_dir)], api.url + "/1.1/date", api.log_path, env=env)
    return process, api


stop = processes.stop


def module_server(data_name: str, env_extra: dict | None = None):
    """A module-scoped ``api`` fixture: one server per test module, over its own data."""

    @pytest.fixture(scope="module")
    def api(tmp_path_factory):
        process, api = start(tmp_path_factory.mktemp(data_name), env_extra)
        yield api
        stop(process)

    return api
