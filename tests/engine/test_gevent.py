"""Under gevent (gunicorn's gevent worker): isolation between many concurrent greenlets,
and time limits enforced by greenlet timeouts. Runs in its own monkey-patched process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
TIMED_OUT = [503, {"code": 124, "error": "The request timed out on the server."}]


@pytest.fixture(scope="module")
def observed():
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]))
    run = subprocess.run([sys.executable, str(HERE / "gevent_scenarios.py")], env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_many_concurrent_greenlets_each_see_their_own_caller(observed):
    isolation = observed["isolation"]
    assert isolation["isolated"] == isolation["requests"] == 300
    assert isolation["leaked_user"] is False


def test_functions_and_hooks_past_their_limit_answer_503_124(observed):
    timeouts = observed["timeouts"]
    assert timeouts["function"] == TIMED_OUT
    assert timeouts["before_hook"] == TIMED_OUT
    assert timeouts["after_hook"] == TIMED_OUT
    assert timeouts["quick"] == [200, {"result": "on time"}]
    assert timeouts["finished_after_timeout"] == []  # the greenlet was stopped


def test_start_serves_with_gevent_until_stop(observed):
    assert observed["served"] == {"ping": 200, "hello": {"result": "hello http"}, "stopped": True}
