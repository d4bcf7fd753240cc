"""Real processes for the import tests: ``leanengine import`` runs, then (or meanwhile) a
``leanengine serve`` on the same data directory answers raw HTTP."""

from __future__ import annotations

import os
import subprocess

import processes
import pytest
from import_helpers import APP_ID, APP_KEY, MASTER_KEY, Api, Imported


@pytest.fixture()
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture()
def run_import(data_dir):
    def run(*args) -> Imported:
        argv = processes.command("leanengine") + ["import", *map(str, args),
                                                  "--data", str(data_dir)]
        return Imported(subprocess.run(argv, capture_output=True, text=True, timeout=120))
    return run


@pytest.fixture()
def serve(data_dir, tmp_path):
    """``serve()`` starts ``leanengine serve`` on the data directory, answers its Api."""
    started = []

    def start() -> Api:
        port = processes.free_port()
        env = {**os.environ, "LEANCLOUD_APP_ID": APP_ID, "LEANCLOUD_APP_KEY": APP_KEY,
               "LEANCLOUD_APP_MASTER_KEY": MASTER_KEY}
        argv = processes.command("leanengine") + ["serve", "--host", "127.0.0.1", "--port",
                                                  str(port), "--data", str(data_dir)]
        url = f"http://127.0.0.1:{port}"
        started.append(processes.start(argv, url + "/1.1/date", tmp_path / "serve.log", env=env))
        return Api(url)

    yield start
    for process in started:
        processes.stop(process)
