"""LeanCloud's official SDKs calling cloud functions and triggering hooks (cloud_app.py: the
app; check_cloud.py / check_cloud.js: the clients), on both shapes an app runs in:
``leanengine up`` (development, one process) and production (the app under gunicorn's gevent
worker, ``leanengine serve --engine-url`` in front of it, the clients talking to the server).

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


PRODUCTION_KEYS = {"app_id": "cloud-compat-app", "app_key": "cloud-compat-key",
                   "master_key": "cloud-compat-master", "hook_key": "cloud-compat-hook"}


@pytest.fixture(params=["up", "production"])
def up(request, tmp_path):
    """The platform on free ports: its url (what clients talk to), keys and data dir."""
    data = tmp_path / "data"
    env = {**_clean_environ(), "LEANENGINE_SMS_INTERVAL": "0"}  # codes asked again at once
    running = []
    try:
        if request.param == "up":
            url = _start_up(running, tmp_path, data, env)
            keys = json.loads((data / "keys.json").read_text())
        else:
            url, keys = _start_production(running, tmp_path, data, env), PRODUCTION_KEYS
        yield url, keys, data
    finally:
        for process in reversed(running):
            processes.stop(process)


def _start_up(running: list, tmp_path, data, env: dict) -> str:
    """``leanengine up --app cloud_app:app``: keys generated into the data dir."""
    port = processes.free_port()
    url = f"http://127.0.0.1:{port}"
    running.append(processes.start(
        [*processes.command("leanengine"), "up", "--app", "cloud_app:app", "--port", str(port),
         "--data", str(data), "--no-reload"],
        url + "/1.1/date", tmp_path / "up.log", env=env, cwd=HERE))
    return url


def _start_production(running: list, tmp_path, data, env: dict) -> str:
    """The app under gunicorn (gevent worker) and the storage API in front of it."""
    engine_port, server_port = processes.free_port(), processes.free_port()
    engine_url, server_url = (f"http://127.0.0.1:{engine_port}",
                              f"http://127.0.0.1:{server_port}")
    keys = PRODUCTION_KEYS
    env = {**env, "LEANCLOUD_APP_ID": keys["app_id"], "LEANCLOUD_APP_KEY": keys["app_key"],
           "LEANCLOUD_APP_MASTER_KEY": keys["master_key"],
           "LEANCLOUD_APP_HOOK_KEY": keys["hook_key"], "LEANCLOUD_API_SERVER": server_url}
    running.append(processes.start(
        [*processes.command("gunicorn"), "cloud_app:app", "-k", "gevent", "-w", "1",
         "-b", f"127.0.0.1:{engine_port}", "--chdir", str(HERE)],
        engine_url + "/__engine/1/ping", tmp_path / "engine.log", env=env))
    running.append(processes.start(
        [*processes.command("leanengine"), "serve", "--host", "127.0.0.1",
         "--port", str(server_port), "--data", str(data), "--engine-url", engine_url],
        server_url + "/1.1/date", tmp_path / "server.log", env=env))
    return server_url


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
