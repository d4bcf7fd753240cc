"""LeanCloud's official SDKs calling cloud functions and triggering hooks through
``leanengine up`` (cloud_app.py: the app; check_cloud.py / check_cloud.js: the clients).

Python: set ``LEANCLOUD_OFFICIAL_SDK_PYTHON`` to a python that has ``leancloud==3.0.2``
(its own environment: it pins Werkzeug 1.x). JavaScript: set
``LEANCLOUD_OFFICIAL_JS_SDK_MODULES`` to a ``node_modules`` folder with
``leancloud-storage@4.15.2``; node must be on the PATH. Each test is skipped when its
variable is not set.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import processes
import pytest

HERE = Path(__file__).resolve().parent
SDK_PYTHON = os.environ.get("LEANCLOUD_OFFICIAL_SDK_PYTHON")
NODE_MODULES = os.environ.get("LEANCLOUD_OFFICIAL_JS_SDK_MODULES")


def _clean_environ() -> dict:
    """The environment without the app's keys: LeanCloud's Python SDK sends
    ``LEANCLOUD_APP_HOOK_KEY`` when it is set, which would make a client a platform."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("LEANCLOUD_", "LC_"))}


@pytest.fixture
def up(tmp_path):
    """``leanengine up --app cloud_app:app`` on a free port; its url, keys and data dir."""
    data = tmp_path / "data"
    port = processes.free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**_clean_environ(), "LEANENGINE_SMS_INTERVAL": "0"}  # codes asked again at once
    process = processes.start(
        [*processes.command("leanengine"), "up", "--app", "cloud_app:app", "--port", str(port),
         "--data", str(data), "--no-reload"],
        url + "/1.1/date", tmp_path / "up.log", env=env, cwd=HERE)
    try:
        yield url, json.loads((data / "keys.json").read_text()), data
    finally:
        processes.stop(process)


def _results(done: subprocess.CompletedProcess) -> dict:
    try:
        results = json.loads(done.stdout)
    except ValueError:
        pytest.fail(f"the checks printed no JSON: {done.stdout[-2000:]} {done.stderr[-2000:]}")
    return results


@pytest.mark.skipif(not SDK_PYTHON, reason="LEANCLOUD_OFFICIAL_SDK_PYTHON is not set")
def test_official_python_sdk_calls_functions_and_meets_hooks(up):
    url, keys, data = up
    env = dict(_clean_environ(), APP_ID=keys["app_id"], APP_KEY=keys["app_key"],
               LEANCLOUD_API_SERVER=url, DATA_DIR=str(data))
    done = subprocess.run([SDK_PYTHON, str(HERE / "check_cloud.py")], env=env,
                          capture_output=True, text=True, timeout=300)
    results = _results(done)
    assert results and all(outcome == "ok" for outcome in results.values()), results


@pytest.mark.skipif(not NODE_MODULES, reason="LEANCLOUD_OFFICIAL_JS_SDK_MODULES is not set")
def test_official_javascript_sdk_calls_functions_and_meets_hooks(up):
    url, keys, data = up
    env = dict(_clean_environ(), APP_ID=keys["app_id"], APP_KEY=keys["app_key"],
               MASTER_KEY=keys["master_key"], SERVER_URL=url, DATA_DIR=str(data),
               NODE_PATH=NODE_MODULES)
    done = subprocess.run(["node", str(HERE / "check_cloud.js")], env=env,
                          capture_output=True, text=True, timeout=300)
    results = _results(done)
    assert results and all(outcome == "ok" for outcome in results.values()), results
