"""The same app code (official_sdk/app_flows.py: configuration names, the low-level
client, the Status feed, conversations and message history) run with ``import leancloud``
from leanengine's alias and from LeanCloud's own 3.0.2 package, against one real server:
both must see the same things.

``LEANCLOUD_OFFICIAL_SDK_PYTHON`` names a python with ``leancloud==3.0.2`` (.ci/run sets
it); the comparison is skipped without it. The script runs from its own folder, so each
python imports its own installed ``leancloud`` (never the repository's folder).
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from dropin_support import APP_ID, APP_KEY, MASTER_KEY

SDK_PYTHON = os.environ.get("LEANCLOUD_OFFICIAL_SDK_PYTHON")
FLOWS = Path(__file__).parent / "official_sdk" / "app_flows.py"


def run_flows(python: str, server_url: str) -> dict:
    env = dict(os.environ, APP_ID=APP_ID, APP_KEY=APP_KEY, MASTER_KEY=MASTER_KEY,
               LEANCLOUD_API_SERVER=server_url, RUN=uuid.uuid4().hex[:8])
    env.pop("PYTHONPATH", None)
    done = subprocess.run([python, str(FLOWS)], env=env, capture_output=True, text=True,
                          timeout=300, cwd=FLOWS.parent)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def which_leancloud(python: str) -> str:
    done = subprocess.run([python, "-c", "import leancloud; print(leancloud.__file__)"],
                          capture_output=True, text=True, timeout=60, cwd=FLOWS.parent)
    return done.stdout.strip()


@pytest.mark.skipif(not SDK_PYTHON, reason="LEANCLOUD_OFFICIAL_SDK_PYTHON is not set")
def test_the_alias_and_leanclouds_sdk_see_the_same(server_url):
    assert "site-packages" in which_leancloud(SDK_PYTHON)
    official = run_flows(SDK_PYTHON, server_url)
    ours = run_flows(sys.executable, server_url)
    assert not [key for key in official if key.endswith("failed")], official
    assert ours == official
    assert official["inbox"] == [["second", 2, 2, "default", True],
                                 ["hello", 1, 1, "default", True]]
    assert official["app key finds a hidden object"] == []
    assert official["USE_MASTER_KEY = None reads it"] == "kept"
    assert official["history"] == [[True, '{"kind": "json"}'], [False, "first"]]


def test_the_alias_runs_the_app_flows(server_url):
    """Without LeanCloud's package at hand, the alias alone still runs the app code."""
    ours = run_flows(sys.executable, server_url)
    assert not [key for key in ours if key.endswith("failed")], ours
    assert ours["unread"] == [2, 2] and ours["inbox after destroy"] == ["second"]
