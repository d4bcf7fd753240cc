"""``leanengine serve --engine-url`` when the engine stops answering: before-hooks refuse
with a clear 142, after-hooks are logged and the write stands, classes without hooks are
not affected, functions answer an error."""

from __future__ import annotations

import os

import processes
import pytest
import requests
from conftest import APP_HEADERS, KEYS_ENV, _start_http


@pytest.fixture(scope="module")
def engine_gone(tmp_path_factory):
    running: list = []
    try:
        platform = _start_http(tmp_path_factory.mktemp("hooks-down"), running)
        # Let the server learn the engine's hooks, then stop the engine.
        status, answer = platform.call("POST", "/classes/Todo", {"title": "while up"})
        assert status == 201, answer
        processes.stop(running[0])
        yield platform
    finally:
        for process in reversed(running):
            processes.stop(process)


def test_before_hook_of_an_unreachable_engine_refuses(engine_gone):
    status, answer = engine_gone.call("POST", "/classes/Todo", {"title": "engine down"})
    assert status == 400 and answer["code"] == 142
    assert answer["error"] == ("Cloud Code validation failed. Error detail : the beforeSave "
                               "hook of Todo could not run: the cloud engine could not be reached.")
    assert "beforeSave hook of Todo could not run: cannot connect" in engine_gone.log_text()


def test_after_hook_of_an_unreachable_engine_is_logged(engine_gone):
    status, answer = engine_gone.call("POST", "/classes/AfterOnly", {"n": 1})
    assert status == 201, answer
    status, stored = engine_gone.call("GET", f"/classes/AfterOnly/{answer['objectId']}")
    assert stored["n"] == 1
    assert "afterSave hook of AfterOnly failed" in engine_gone.log_text()


def test_classes_without_hooks_still_work(engine_gone):
    status, answer = engine_gone.call("POST", "/classes/Plain", {"n": 1})
    assert status == 201, answer


def test_functions_answer_an_error(engine_gone):
    status, answer = engine_gone.call("POST", "/functions/whoami", {})
    assert status == 502 and answer["code"] == 1


def test_engine_never_started(tmp_path):
    url = f"http://127.0.0.1:{processes.free_port()}"
    server = processes.start(
        [*processes.command("leanengine"), "serve", "--host", "127.0.0.1",
         "--port", url.rsplit(":", 1)[1], "--data", str(tmp_path / "data"),
         "--engine-url", f"http://127.0.0.1:{processes.free_port()}"],
        url + "/1.1/date", tmp_path / "server.log", env=dict(os.environ, **KEYS_ENV))
    try:
        answer = requests.post(url + "/1.1/classes/Todo", json={"title": "x"},
                               headers=APP_HEADERS, timeout=30).json()
        # Which hooks exist is unknown: the write is refused rather than let through.
        assert answer["code"] == 142 and "could not run" in answer["error"]
    finally:
        processes.stop(server)
