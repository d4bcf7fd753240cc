"""Audit: no password, session token or one-time code reaches the log of ``leanengine up``
(whose development server logs every request line) or of ``leanengine serve``, even when
a client puts them in the query string or the path, as LeanCloud's REST API lets it."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import processes
import pytest
import requests

from core_helpers import APP_ID, APP_KEY, HOOK_KEY, MASTER_KEY

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "pw-" + uuid.uuid4().hex
CODE = "918273"


def _start(tmp, command: str):
    port = processes.free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEANCLOUD_", "LC_"))}
    args = ["--port", str(port), "--data", str(tmp / "data")]
    if command == "up":
        args += ["--app", "sample_app.wsgi:app", "--no-reload"]
    else:
        env.update(LEANCLOUD_APP_ID=APP_ID, LEANCLOUD_APP_KEY=APP_KEY,
                   LEANCLOUD_APP_MASTER_KEY=MASTER_KEY, LEANCLOUD_APP_HOOK_KEY=HOOK_KEY)
        args += ["--host", "127.0.0.1"]
    log = tmp / f"{command}.log"
    process = processes.start([*processes.command("leanengine"), command, *args],
                              url + "/1.1/date", log, env=env, cwd=ROOT)
    if command == "up":
        keys = json.loads((tmp / "data" / "keys.json").read_text())
        headers = {"X-LC-Id": keys["app_id"], "X-LC-Key": keys["app_key"]}
    else:
        headers = {"X-LC-Id": APP_ID, "X-LC-Key": APP_KEY}
    return process, url, headers, log


@pytest.mark.parametrize("command", ["up", "serve"])
def test_secrets_in_urls_stay_out_of_the_log(tmp_path, command):
    process, url, headers, log = _start(tmp_path, command)
    try:
        name = "logged" + uuid.uuid4().hex[:8]
        signed = requests.post(url + "/1.1/users", json={"username": name, "password": PASSWORD},
                               headers=headers).json()
        token = signed["sessionToken"]
        login = requests.get(url + "/1.1/login", params={"username": name, "password": PASSWORD},
                             headers=headers)
        assert login.status_code == 200, login.text
        me = requests.get(url + "/1.1/users/me", params={"session_token": token}, headers=headers)
        assert me.status_code == 200, me.text
        for path in (f"/1.1/verifyMobilePhone/{CODE}", f"/1.1/verifySmsCode/{CODE}",
                     f"/1.1/resetPasswordBySmsCode/{CODE}", f"/1.1/resetPassword/{CODE}",
                     f"/1.1/verifyEmail/{CODE}", f"/1.1/fileUploads/{CODE}"):
            requests.post(url + path, json={"mobilePhoneNumber": "+8613800000000",
                                            "password": "x"}, headers=headers)
    finally:
        processes.stop(process)
    text = log.read_text("utf-8", errors="replace")
    assert "/1.1/login" in text or command == "serve"   # up logs requests: the check bites
    for secret in (PASSWORD, token, CODE):
        assert secret not in text, secret
