"""Helpers of the server-core tests: a real ``leanengine serve`` process on 127.0.0.1
(``ServerProcess``) and raw HTTP with one key (``Api``).  A module of its own name, so that
test files import it unambiguously (every test directory has a ``conftest``)."""

from __future__ import annotations

import os
import uuid

import processes
import requests

APP_ID, APP_KEY, MASTER_KEY, HOOK_KEY = "core-app", "core-key", "core-master", "core-hook"


class ServerProcess:
    """``leanengine serve`` on a free port over ``data_dir``; stop() or kill() it."""

    def __init__(self, data_dir: str, port: int | None = None):
        self.data_dir = data_dir
        self.port = port or processes.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = data_dir.rstrip("/") + f"-{self.port}.log"
        env = dict(os.environ, LEANCLOUD_APP_ID=APP_ID, LEANCLOUD_APP_KEY=APP_KEY,
                   LEANCLOUD_APP_MASTER_KEY=MASTER_KEY, LEANCLOUD_APP_HOOK_KEY=HOOK_KEY)
        self.process = processes.start(
            [*processes.command("leanengine"), "serve", "--host", "127.0.0.1",
             "--port", str(self.port), "--data", data_dir],
            self.url + "/1.1/date", self.log_path, env=env)

    def kill(self):
        processes.kill(self.process)

    def stop(self):
        processes.stop(self.process)


class Api:
    """Raw HTTP with one key; ``call`` answers (status, json)."""

    def __init__(self, url: str, key: str | None = APP_KEY, master: bool = False,
                 session: str | None = None):
        self.url = url
        self.http = requests.Session()
        self.http.headers["X-LC-Id"] = APP_ID
        if key is not None:
            self.http.headers["X-LC-Key"] = f"{MASTER_KEY},master" if master else key
        if session:
            self.http.headers["X-LC-Session"] = session

    def call(self, method: str, path: str, body=None, params=None, raw: bytes | None = None):
        kwargs = {"params": params}
        if raw is not None:
            kwargs["data"] = raw
        elif body is not None:
            kwargs["json"] = body
        response = self.http.request(method, self.url + path, timeout=60, **kwargs)
        return response.status_code, response.json()

    def ok(self, method: str, path: str, body=None, params=None):
        status, answer = self.call(method, path, body, params)
        assert status in (200, 201), (status, answer)
        return answer

    def create(self, class_name: str, **fields) -> str:
        return self.ok("POST", f"/1.1/classes/{class_name}", fields)["objectId"]

    def find(self, class_name: str, where=None, **params) -> list:
        import json
        if where is not None:
            params["where"] = json.dumps(where)
        return self.ok("GET", f"/1.1/classes/{class_name}", params=params)["results"]


def unique_class(prefix: str = "C") -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"
