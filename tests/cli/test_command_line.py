"""The ``leanengine`` command answers mistakes with one clear line and a non-zero exit, never
a traceback; ``up`` survives a broken save and loads the fix."""

from __future__ import annotations

import os
import socket
import subprocess
import time

import pytest
import requests

import processes

KEYS = {"LEANCLOUD_APP_ID": "cli-app", "LEANCLOUD_APP_KEY": "cli-key",
        "LEANCLOUD_APP_MASTER_KEY": "cli-master", "LEANCLOUD_APP_HOOK_KEY": "cli-hook"}
GOOD_APP = 'def app(environ, start_response):\n' \
           '    start_response("200 OK", [("Content-Type", "text/plain")])\n' \
           '    return [b"VERSION"]\n'


def leanengine(*argv, cwd, env_extra=None, timeout=30) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEANCLOUD_")}
    env.update(env_extra or {})
    return subprocess.run([*processes.command("leanengine"), *argv], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def assert_one_line_error(result, *words):
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_version(tmp_path):
    from leanengine import __version__

    result = leanengine("--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == f"leanengine {__version__}"


@pytest.mark.parametrize("command", ["serve", "up", "import", "index"])
def test_data_that_is_a_file(tmp_path, command):
    (tmp_path / "afile").write_text("")
    extra = {"import": ["export"], "index": ["Todo", "title"]}.get(command, [])
    result = leanengine(command, *extra, "--data", "afile", cwd=tmp_path, env_extra=KEYS)
    assert_one_line_error(result, "afile", "is a file, not a directory")


def test_index_refuses_a_data_directory_that_is_not_there(tmp_path):
    result = leanengine("index", "Todo", "title", "--data", "mistyped", cwd=tmp_path)
    assert_one_line_error(result, "mistyped", "does not exist")
    assert not (tmp_path / "mistyped").exists()
    assert "indexed" not in result.stdout


def test_up_with_an_app_module_that_is_not_there(tmp_path):
    result = leanengine("up", "--app", "nosuch.wsgi:app", "--port", str(processes.free_port()),
                        "--data", "data", cwd=tmp_path)
    assert_one_line_error(result, "no module 'nosuch'", "nosuch.wsgi:app")


def test_up_with_an_app_attribute_that_is_not_there(tmp_path):
    (tmp_path / "good.py").write_text(GOOD_APP)
    result = leanengine("up", "--app", "good:application", "--data", "data",
                        "--port", str(processes.free_port()), cwd=tmp_path)
    assert_one_line_error(result, "good has no attribute 'application'")


def test_serve_on_a_busy_port(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = leanengine("serve", "--host", "127.0.0.1", "--port", str(port),
                            "--data", "data", cwd=tmp_path, env_extra=KEYS)
    assert_one_line_error(result, f"cannot listen on 127.0.0.1:{port}", "Address already in use")
    assert "storage API on" not in result.stdout


def _wait_for(url: str, expected_status: int, seconds: float = 20) -> requests.Response:
    deadline = time.monotonic() + seconds
    while True:
        answer = requests.get(url, timeout=5)
        if answer.status_code == expected_status or time.monotonic() > deadline:
            return answer
        time.sleep(0.2)


def test_up_keeps_running_through_a_syntax_error_and_reloads_the_fix(tmp_path):
    app_file = tmp_path / "good.py"
    app_file.write_text(GOOD_APP.replace("VERSION", "first"))
    port = processes.free_port()
    url = f"http://127.0.0.1:{port}/page"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEANCLOUD_")}
    process = processes.start([*processes.command("leanengine"), "up", "--app", "good:app",
                               "--port", str(port), "--data", "data"], url,
                              tmp_path / "up.log", env=env, cwd=tmp_path)
    try:
        assert requests.get(url, timeout=5).text == "first"
        time.sleep(1.1)  # the reloader compares modification times
        app_file.write_text("def app(environ, start_response:\n")
        broken = _wait_for(url, 500)
        assert broken.status_code == 500 and broken.json()["code"] == 1
        assert "SyntaxError" in broken.json()["error"]
        assert process.poll() is None
        time.sleep(1.1)
        app_file.write_text(GOOD_APP.replace("VERSION", "fixed"))
        fixed = _wait_for(url, 200)
        assert fixed.text == "fixed"
    finally:
        processes.stop(process)
    assert "failed to load" in (tmp_path / "up.log").read_text()
