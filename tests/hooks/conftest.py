"""Both wirings of the storage server and the engine, each a real process on 127.0.0.1:

- ``http``: the test app (hook_app.py) under gunicorn's gevent worker, and
  ``leanengine serve --engine-url`` pointing at it;
- ``inprocess``: ``create_app`` + ``attach_engine(hook_app.app)`` in one gevent process.

The ``platform`` fixture runs a test against each. The engine's SDK talks to the server
through ``LEANCLOUD_API_SERVER``.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass

import processes
import pytest
import requests

import leanengine
from leanengine import config, context

HERE = os.path.dirname(os.path.abspath(__file__))
APP_ID, APP_KEY, MASTER_KEY, HOOK_KEY = "hooks-app", "hooks-key", "hooks-master", "hooks-hook"
KEYS_ENV = {"LEANCLOUD_APP_ID": APP_ID, "LEANCLOUD_APP_KEY": APP_KEY,
            "LEANCLOUD_APP_MASTER_KEY": MASTER_KEY, "LEANCLOUD_APP_HOOK_KEY": HOOK_KEY}
APP_HEADERS = {"X-LC-Id": APP_ID, "X-LC-Key": APP_KEY}
MASTER_HEADERS = {"X-LC-Id": APP_ID, "X-LC-Key": f"{MASTER_KEY},master"}
HOOK_HEADERS = {**APP_HEADERS, "X-LC-Hook-Key": HOOK_KEY}


@dataclass
class Platform:
    """A running server + engine pair: ``call`` speaks raw HTTP to the server."""
    wiring: str
    url: str
    log: str
    data: str

    def call(self, method: str, path: str, body=None, headers=None, **kwargs):
        response = requests.request(method, self.url + "/1.1" + path, json=body,
                                    headers=headers or APP_HEADERS, timeout=30, **kwargs)
        return response.status_code, response.json()

    def hook_calls(self) -> dict:
        status, answer = self.call("POST", "/functions/hook_calls", {})
        assert status == 200, answer
        return answer["result"]

    def last_sms_code(self, phone: str) -> str:
        """The last code the server's development sender wrote to its outbox for ``phone``."""
        with open(os.path.join(self.data, "outbox.jsonl"), encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
        return [r for r in records if r.get("channel") == "sms" and phone in r.get("to", "")][-1]["code"]

    def log_text(self) -> str:
        with open(self.log, errors="replace") as f:
            return f.read()


def _start_http(tmp, running) -> Platform:
    engine_port, server_port = processes.free_port(), processes.free_port()
    server_url = f"http://127.0.0.1:{server_port}"
    engine_url = f"http://127.0.0.1:{engine_port}"
    env = dict(os.environ, **KEYS_ENV, LEANCLOUD_API_SERVER=server_url)
    env.pop("LEANCLOUD_APP_ENV", None)
    running.append(processes.start(
        [*processes.command("gunicorn"), "hook_app:app", "-k", "gevent", "-w", "1",
         "-b", f"127.0.0.1:{engine_port}", "--chdir", HERE],
        engine_url + "/__engine/1/ping", tmp / "engine.log", env=env))
    server_log = str(tmp / "server.log")
    running.append(processes.start(
        [*processes.command("leanengine"), "serve", "--host", "127.0.0.1",
         "--port", str(server_port), "--data", str(tmp / "data"), "--engine-url", engine_url],
        server_url + "/1.1/date", server_log, env=env))
    return Platform("http", server_url, server_log, str(tmp / "data"))


def _start_inprocess(tmp, running) -> Platform:
    port = processes.free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, **KEYS_ENV, LEANCLOUD_API_SERVER=url)
    env.pop("LEANCLOUD_APP_ENV", None)
    log = str(tmp / "server.log")
    running.append(processes.start(
        [sys.executable, os.path.join(HERE, "inprocess_server.py"), str(port), str(tmp / "data")],
        url + "/1.1/date", log, env=env, cwd=HERE))
    return Platform("inprocess", url, log, str(tmp / "data"))


@pytest.fixture(scope="module", params=["http", "inprocess"])
def platform(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(f"hooks-{request.param}")
    running: list = []
    try:
        start = _start_http if request.param == "http" else _start_inprocess
        yield start(tmp, running)
    finally:
        for process in reversed(running):
            processes.stop(process)


@pytest.fixture
def sdk(platform):
    """The SDK as a client app uses it (app key only), pointed at the platform's server."""
    _forget_user()
    config.reset()
    leanengine.init(APP_ID, APP_KEY)
    config.set_api_server(platform.url)
    yield platform
    config.reset()
    _forget_user()


def _forget_user() -> None:
    current = context.get()
    current.user = None
    current.session_token = None
