"""The real processes tests talk to: start a command, wait until it answers on 127.0.0.1,
stop it. Shared by every test directory (``tests/conftest.py`` puts this folder on the
path), so each suite says only what it runs and with which keys."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

START_SECONDS = 30


class StartFailed(RuntimeError):
    """The process exited, or did not answer in time; the message ends with its log."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def command(name: str) -> list[str]:
    """A console script installed beside this interpreter (``leanengine``, ``gunicorn``);
    ``leanengine`` falls back to ``python -m leanengine.cli``."""
    script = shutil.which(name, path=os.path.dirname(sys.executable))
    if script:
        return [script]
    if name == "leanengine":
        return [sys.executable, "-m", "leanengine.cli"]
    raise StartFailed(f"{name} is not installed beside {sys.executable}")


def start(argv: list, ready_url: str, log_path, env: dict | None = None,
          cwd=None, timeout: float = START_SECONDS) -> subprocess.Popen:
    """Run ``argv`` with its output in ``log_path``; return once ``ready_url`` answers."""
    log_path = Path(log_path)
    with open(log_path, "ab") as log:
        process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=log,
                                   stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise StartFailed(f"{argv[0]} exited: {_tail(log_path)}")
        try:
            requests.get(ready_url, timeout=2)
            return process
        except requests.RequestException:  # not listening yet
            if time.monotonic() > deadline:
                stop(process)
                raise StartFailed(f"{ready_url} did not answer: {_tail(log_path)}") from None
            time.sleep(0.05)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            kill(process)


def kill(process: subprocess.Popen) -> None:
    """``kill -9``: no chance to flush or clean up (crash tests)."""
    process.send_signal(signal.SIGKILL)
    process.wait()


def _tail(log_path: Path) -> str:
    return log_path.read_text(errors="replace")[-3000:] if log_path.exists() else "(no log)"
