"""Every documented deployment line, run from a fresh virtual environment that holds only
``pip install '<repo>[deploy]'``: the Procfile's gunicorn line for the app, and the storage
API's gunicorn entry. The test venv has pytest and friends, which pull in packages a
deployment does not get (``packaging`` hid a broken ``[deploy]`` extra once), so these lines
never run from it.

The venv costs one ``pip install`` (PyPI or the local cache); without a registry the tests
are skipped, not failed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

import processes

REPO = Path(__file__).resolve().parents[2]
KEYS = {"LEANCLOUD_APP_ID": "deployappid", "LEANCLOUD_APP_KEY": "deployappkey",
        "LEANCLOUD_APP_MASTER_KEY": "deploymasterkey", "LEANCLOUD_APP_HOOK_KEY": "deployhookkey"}


@pytest.fixture(scope="module")
def deploy_venv(tmp_path_factory) -> Path:
    venv = tmp_path_factory.mktemp("deploy") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    install = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "-q", f"{REPO}[deploy]"],
        capture_output=True, text=True, timeout=600)
    if install.returncode != 0:
        if "Could not find a version" in install.stderr or "No matching distribution" in install.stderr:
            pytest.skip(f"no package registry: {install.stderr[-300:]}")
        raise AssertionError(f"pip install .[deploy] failed:\n{install.stderr[-3000:]}")
    return venv


def _environ(venv: Path, **extra) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("LEAN")}
    env.update(KEYS, PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
               VIRTUAL_ENV=str(venv), **extra)
    env.pop("PYTHONPATH", None)
    return env


def _procfile_web_line() -> str:
    for line in (REPO / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return line[len("web:"):].strip()
    raise AssertionError("Procfile has no web: line")


def test_procfile_line_serves_the_sample_app(deploy_venv, tmp_path):
    port = processes.free_port()
    env = _environ(deploy_venv, LEANCLOUD_APP_PORT=str(port))
    line = _procfile_web_line().replace("0.0.0.0", "127.0.0.1")
    base = f"http://127.0.0.1:{port}"
    process = processes.start(["bash", "-c", f"exec {line}"], f"{base}/__engine/1/ping",
                              tmp_path / "gunicorn.log", env=env, cwd=REPO, timeout=60)
    try:
        ping = requests.get(f"{base}/__engine/1/ping", timeout=5)
        assert ping.status_code == 200 and ping.json()["runtime"].startswith("cpython")
        answer = requests.post(f"{base}/1.1/functions/hello", json={"name": "Ada"}, timeout=5,
                               headers={"X-LC-Id": KEYS["LEANCLOUD_APP_ID"],
                                        "X-LC-Key": KEYS["LEANCLOUD_APP_KEY"]})
        assert answer.status_code == 200, answer.text
        assert "Ada" in answer.json()["result"]
    finally:
        processes.stop(process)
    assert "Traceback" not in (tmp_path / "gunicorn.log").read_text()


def test_storage_server_gunicorn_entry(deploy_venv, tmp_path):
    port = processes.free_port()
    env = _environ(deploy_venv, LEANENGINE_DATA=str(tmp_path / "data"))
    argv = [str(deploy_venv / "bin" / "gunicorn"), "-k", "gevent", "-w", "2",
            "-b", f"127.0.0.1:{port}", "leanengine.server.wsgi:app"]
    base = f"http://127.0.0.1:{port}"
    process = processes.start(argv, f"{base}/1.1/date", tmp_path / "serve.log", env=env,
                              cwd=tmp_path, timeout=60)
    try:
        headers = {"X-LC-Id": KEYS["LEANCLOUD_APP_ID"], "X-LC-Key": KEYS["LEANCLOUD_APP_KEY"]}
        created = requests.post(f"{base}/1.1/classes/Todo", json={"title": "ship"},
                                headers=headers, timeout=5)
        assert created.status_code == 201, created.text
        fetched = requests.get(f"{base}/1.1/classes/Todo/{created.json()['objectId']}",
                               headers=headers, timeout=5)
        assert fetched.json()["title"] == "ship"
    finally:
        processes.stop(process)
