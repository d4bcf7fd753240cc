"""LeanCloud's official SDKs against this server: objects, typed values, ACLs, queries, CQL,
batch and scan (the storage guide), checked by tests/server/official_sdk/check_storage.*.

Same set-up as test_users_official_sdk.py: ``LEANCLOUD_OFFICIAL_SDK_PYTHON`` names a python
with ``leancloud==3.0.2``, ``LEANCLOUD_OFFICIAL_JS_SDK_MODULES`` a node_modules folder with
``leancloud-storage@4.15.2`` (node on the PATH).  Each test is skipped when its variable is
not set."""

import json
import os
import subprocess
from pathlib import Path

import pytest

import users_server

SDK_PYTHON = os.environ.get("LEANCLOUD_OFFICIAL_SDK_PYTHON")
NODE_MODULES = os.environ.get("LEANCLOUD_OFFICIAL_JS_SDK_MODULES")
CHECKS = Path(__file__).parent / "official_sdk" / "check_storage.py"


def run_checks(tmp_path, command, env_extra) -> dict:
    process, api = users_server.start(tmp_path)
    try:
        env = dict(os.environ, APP_ID=users_server.APP_ID, APP_KEY=users_server.APP_KEY,
                   MASTER_KEY=users_server.MASTER_KEY, **env_extra(api.url))
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    finally:
        users_server.stop(process)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.skipif(not SDK_PYTHON, reason="LEANCLOUD_OFFICIAL_SDK_PYTHON is not set")
def test_official_python_sdk_storage_works_against_the_server(tmp_path):
    results = run_checks(tmp_path, [SDK_PYTHON, str(CHECKS)],
                         lambda url: {"LEANCLOUD_API_SERVER": url})
    failed = {name: outcome for name, outcome in results.items() if outcome != "ok"}
    assert results and not failed, failed


@pytest.mark.skipif(not NODE_MODULES, reason="LEANCLOUD_OFFICIAL_JS_SDK_MODULES is not set")
def test_official_javascript_sdk_storage_works_against_the_server(tmp_path):
    results = run_checks(tmp_path, ["node", str(CHECKS.with_suffix(".js"))],
                         lambda url: {"SERVER_URL": url, "NODE_PATH": NODE_MODULES})
    failed = {name: outcome for name, outcome in results.items() if outcome != "ok"}
    assert results and not failed, failed
