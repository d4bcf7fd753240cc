"""The user events that the engine's user hooks hear (login, verified, authData), seen
through a real server process whose listener records them."""

import json
import socket
import subprocess
import sys
import time
import uuid

import pytest
import requests

import users_server

LAUNCHER = '''
import json, sys
from werkzeug.serving import make_server
from leanengine.protocol.credentials import AppKeys
from leanengine.protocol.errors import LeanCloudError
from leanengine.server import create_app
from leanengine.server.users import events

data_dir, port, log_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def record(event, **fields):
    with open(log_path, "a") as out:
        out.write(json.dumps({"event": event, **fields}) + "\\n")

class Recorder(events.UserEvents):
    def on_login(self, services, user):
        record("login", user=user)
        if user.get("nick") == "refuse-me":
            raise LeanCloudError(142, "Cloud Code validation failed. Error detail : no")

    def on_verified(self, services, kind, user):
        record("verified", kind=kind, user=user)

    def on_auth_data(self, services, auth_data):
        record("authData", authData=auth_data)
        return {p: {**d, "checked": True} for p, d in auth_data.items()}

events.set_listener(Recorder())
keys = AppKeys(app_id="%s", app_key="%s", master_key="%s", hook_key="%s")
make_server("127.0.0.1", port, create_app(data_dir, keys), threaded=True).serve_forever()
''' % (users_server.APP_ID, users_server.APP_KEY, users_server.MASTER_KEY, users_server.HOOK_KEY)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("events")
    (base / "data").mkdir()
    script = base / "launch.py"
    script.write_text(LAUNCHER)
    log = base / "events.jsonl"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, str(script), str(base / "data"), str(port), str(log)],
        stdout=subprocess.DEVNULL, stderr=open(base / "server.log", "wb"))
    api = users_server.Api(f"http://127.0.0.1:{port}", base / "data")
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(api.url + "/1.1/date", timeout=1)
            break
        except requests.ConnectionError:
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.1)
    yield api, log
    users_server.stop(process)


def events_of(log, kind):
    if not log.exists():
        return []
    return [e for e in map(json.loads, log.read_text().splitlines()) if e["event"] == kind]


def name():
    return "e" + uuid.uuid4().hex[:10]


def test_login_event_and_refusal(server):
    api, log = server
    username = name()
    user = api.sign_up(username, "pw")
    assert api.post("/1.1/login", {"username": username, "password": "pw"})[0] == 200
    heard = [e["user"] for e in events_of(log, "login") if e["user"]["objectId"] == user["objectId"]]
    assert heard and heard[-1]["username"] == username
    assert "password" not in heard[-1] and "sessionToken" not in heard[-1]
    api.put(f"/1.1/users/{user['objectId']}", {"nick": "refuse-me"}, token=user["sessionToken"])
    status, body = api.post("/1.1/login", {"username": username, "password": "pw"})
    assert (status, body["code"]) == (400, 142)


def test_verified_events(server):
    api, log = server
    number = "+86150" + str(uuid.uuid4().int)[:8]
    user = api.sign_up(name(), mobilePhoneNumber=number, email=f"{name()}@example.com")
    api.post("/1.1/requestMobilePhoneVerify", {"mobilePhoneNumber": number})
    code = api.last_message(number)["code"]
    assert api.post(f"/1.1/verifyMobilePhone/{code}", {"mobilePhoneNumber": number})[0] == 200
    me = api.get("/1.1/users/me", token=user["sessionToken"])[1]
    api.http.get(api.last_message(me["email"])["link"])
    kinds = {e["kind"] for e in events_of(log, "verified") if e["user"]["objectId"] == user["objectId"]}
    assert kinds == {"sms", "email"}


def test_auth_data_passes_through_the_listener(server):
    api, log = server
    openid = name()
    status, body = api.post("/1.1/users", {"authData": {"weixin": {"openid": openid}}})
    assert status == 201 and body["authData"]["weixin"]["checked"] is True
    assert events_of(log, "authData")[-1]["authData"] == {"weixin": {"openid": openid}}
