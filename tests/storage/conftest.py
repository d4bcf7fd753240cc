"""A real storage API server for the SDK tests: ``leanengine serve`` on a free port.

Online test modules use the ``online`` fixture; offline ones (GeoPoint, ACL, local object
state, Query.dump, codec) need no server at all.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import processes
import pytest

import leanengine
from leanengine import config, context

APP_ID = "sdk-test-app-id"
APP_KEY = "sdk-test-app-key"
MASTER_KEY = "sdk-test-master-key"
HOOK_KEY = "sdk-test-hook-key"


@dataclass
class RunningServer:
    url: str
    data_dir: Path

    def sent_codes(self, phone: str) -> list[dict]:
        """The SMS messages the server's development sender wrote to its outbox."""
        outbox = self.data_dir / "outbox.jsonl"
        if not outbox.exists():
            return []
        records = [json.loads(line) for line in outbox.read_text("utf-8").splitlines() if line]
        return [r for r in records if r.get("channel") == "sms" and phone in r.get("to", "")]

    def last_code(self, phone: str) -> str:
        return self.sent_codes(phone)[-1]["code"]


@pytest.fixture(scope="session")
def api_server(tmp_path_factory):
    """Start the server once per session; yield it; stop it at the end."""
    data_dir = tmp_path_factory.mktemp("storage-data")
    port = processes.free_port()
    env = dict(os.environ, LEANCLOUD_APP_ID=APP_ID, LEANCLOUD_APP_KEY=APP_KEY,
               LEANCLOUD_APP_MASTER_KEY=MASTER_KEY, LEANCLOUD_APP_HOOK_KEY=HOOK_KEY,
               LEANENGINE_SMS_INTERVAL="0",  # tests ask one number for several codes
               LEANENGINE_TRUST_AUTHDATA="weixin,qq")  # authData logins with made-up tokens
    env.pop("LEANCLOUD_API_SERVER", None)
    url = f"http://127.0.0.1:{port}"
    proc = processes.start(serve_command(port, str(data_dir)), url + "/1.1/date",
                           data_dir / "server.log", env=env)
    try:
        yield RunningServer(url, Path(data_dir))
    finally:
        processes.stop(proc)


def serve_command(port: int, data_dir: str) -> list[str]:
    return [*processes.command("leanengine"), "serve", "--host", "127.0.0.1",
            "--port", str(port), "--data", data_dir]


@pytest.fixture
def online(api_server):
    """Point the SDK at the test server with the app key; undo every switch afterwards."""
    config.init(APP_ID, APP_KEY, MASTER_KEY, HOOK_KEY)
    config.set_api_server(api_server.url)
    config.use_master_key(False)
    context.get().user = None
    context.get().session_token = None
    yield api_server
    context.get().user = None
    context.get().session_token = None
    config.reset()


@pytest.fixture
def master(online):
    """Send the master key for the duration of one test."""
    config.use_master_key(True)
    yield
    config.use_master_key(False)


def unique_name(prefix: str) -> str:
    """A class or user name no other test uses (one server serves the whole session)."""
    return f"{prefix}{uuid.uuid4().hex[:10]}"


@pytest.fixture
def unique():
    return unique_name


@pytest.fixture
def new_user(online):
    """Sign up a fresh user and return (user, password); the user is current."""
    def make(**fields):
        password = "pw-" + uuid.uuid4().hex[:8]
        user = leanengine.User()
        user.set_username(unique_name("user"))
        user.set_password(password)
        for key, value in fields.items():
            user.set(key, value)
        user.sign_up()
        return user, password
    return make
