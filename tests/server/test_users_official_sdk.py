"""LeanCloud's official SDKs against this server (users, roles, follow, files, SMS).

Python: the SDK pins Werkzeug 1.x, so it lives in an environment of its own: set
``LEANCLOUD_OFFICIAL_SDK_PYTHON`` to a python that has ``pip install leancloud==3.0.2``
(for example ``python -m venv /tmp/lcvenv && /tmp/lcvenv/bin/pip install leancloud``).
JavaScript: see the second test. Each test is skipped when its variable is not set.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

import users_server

SDK_PYTHON = os.environ.get("LEANCLOUD_OFFICIAL_SDK_PYTHON")
# The checks log in with made-up weixin and qq tokens: the server trusts those platforms.
SERVER_ENV = {"LEANENGINE_SMS_INTERVAL": "0", "LEANENGINE_TRUST_AUTHDATA": "weixin,qq"}
CHECKS = Path(__file__).parent / "official_sdk" / "check_users.py"


@pytest.mark.skipif(not SDK_PYTHON, reason="LEANCLOUD_OFFICIAL_SDK_PYTHON is not set")
def test_official_python_sdk_works_against_the_server(tmp_path):
    process, api = users_server.start(tmp_path, SERVER_ENV)
    try:
        env = dict(os.environ, APP_ID=users_server.APP_ID, APP_KEY=users_server.APP_KEY,
                   MASTER_KEY=users_server.MASTER_KEY, LEANCLOUD_API_SERVER=api.url,
                   DATA_DIR=str(tmp_path))
        done = subprocess.run([SDK_PYTHON, str(CHECKS)], env=env, capture_output=True,
                              text=True, timeout=300)
    finally:
        users_server.stop(process)
    results = json.loads(done.stdout)
    assert results and all(outcome == "ok" for outcome in results.values()), results


NODE_MODULES = os.environ.get("LEANCLOUD_OFFICIAL_JS_SDK_MODULES")


@pytest.mark.skipif(not NODE_MODULES, reason="LEANCLOUD_OFFICIAL_JS_SDK_MODULES is not set")
def test_official_javascript_sdk_works_against_the_server(tmp_path):
    """Set LEANCLOUD_OFFICIAL_JS_SDK_MODULES to a node_modules folder that has
    ``npm install leancloud-storage@4.15.2``; node must be on the PATH."""
    process, api = users_server.start(tmp_path, SERVER_ENV)
    try:
        env = dict(os.environ, APP_ID=users_server.APP_ID, APP_KEY=users_server.APP_KEY,
                   SERVER_URL=api.url, DATA_DIR=str(tmp_path), NODE_PATH=NODE_MODULES)
        done = subprocess.run(["node", str(CHECKS.with_suffix(".js"))], env=env,
                              capture_output=True, text=True, timeout=300)
    finally:
        users_server.stop(process)
    results = json.loads(done.stdout)
    assert results and all(outcome == "ok" for outcome in results.values()), results
