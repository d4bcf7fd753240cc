"""Benchmark of data hooks: creates per second through `leanengine serve` on SQLite with a
beforeSave + afterSave pair on the class, with the engine wired in-process
(``attach_engine``, what ``leanengine up`` does) and over HTTP (the engine under gunicorn's
gevent worker, ``serve --engine-url``), next to the same creates with no hooks, in one run.
One keep-alive client; rounds interleaved, the best round of each kept. Prints one JSON line
with the rates and each hooked rate's cost relative to no hooks.

    python bench/hooks_bench.py [--ops 300] [--rounds 3]

This file is also the benchmark's engine app (``hooks_bench:app``) and, with
``--serve-inprocess PORT DATA``, the in-process server.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

APP_ID, APP_KEY, MASTER_KEY, HOOK_KEY = "bench-app", "bench-key", "bench-master", "bench-hook"
KEYS_ENV = {"LEANCLOUD_APP_ID": APP_ID, "LEANCLOUD_APP_KEY": APP_KEY,
            "LEANCLOUD_APP_MASTER_KEY": MASTER_KEY, "LEANCLOUD_APP_HOOK_KEY": HOOK_KEY}
HEADERS = {"X-LC-Id": APP_ID, "X-LC-Key": APP_KEY, "Content-Type": "application/json"}
HERE = os.path.dirname(os.path.abspath(__file__))


def build_engine():
    from leanengine import Engine

    engine = Engine()

    @engine.before_save("Todo")
    def fill_priority(todo):
        if todo.get("priority") is None:
            todo.set("priority", 1)

    @engine.after_save("Todo")
    def saved(todo):
        return None

    return engine


if __name__ != "__main__":  # imported by gunicorn as the engine app
    app = build_engine()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _bin(name: str) -> str:
    path = shutil.which(name, path=os.path.dirname(sys.executable))
    if path is None:
        raise SystemExit(f"{name} is not installed next to {sys.executable}")
    return path


def _wait(port: int, path: str, process) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise SystemExit(f"a benchmark process exited (port {port})")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", path)
            connection.getresponse().read()
            connection.close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing answered on port {port}")


def start_setups(tmp: str) -> tuple[dict, list]:
    """Three servers: no hooks, hooks in-process, hooks over HTTP. -> ({name: port}, procs)"""
    processes: list = []
    ports = {name: free_port() for name in ("no_hooks", "in_process", "http", "engine")}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}

    def env_for(port):
        return dict(os.environ, **KEYS_ENV, LEANCLOUD_API_SERVER=f"http://127.0.0.1:{port}")

    serve = [_bin("leanengine"), "serve", "--host", "127.0.0.1"]
    processes.append(subprocess.Popen(
        [*serve, "--port", str(ports["no_hooks"]), "--data", os.path.join(tmp, "plain")],
        env=env_for(ports["no_hooks"]), **quiet))
    processes.append(subprocess.Popen(
        [sys.executable, os.path.abspath(__file__), "--serve-inprocess", str(ports["in_process"]),
         os.path.join(tmp, "inprocess")], env=env_for(ports["in_process"]), cwd=HERE, **quiet))
    processes.append(subprocess.Popen(
        [_bin("gunicorn"), "hooks_bench:app", "-k", "gevent", "-w", "1", "--chdir", HERE,
         "-b", f"127.0.0.1:{ports['engine']}"], env=env_for(ports["http"]), **quiet))
    _wait(ports["engine"], "/__engine/1/ping", processes[-1])
    processes.append(subprocess.Popen(
        [*serve, "--port", str(ports["http"]), "--data", os.path.join(tmp, "http"),
         "--engine-url", f"http://127.0.0.1:{ports['engine']}"],
        env=env_for(ports["http"]), **quiet))
    for name, process in (("no_hooks", processes[0]), ("in_process", processes[1]),
                          ("http", processes[3])):
        _wait(ports[name], "/1.1/date", process)
    del ports["engine"]
    return ports, processes


def creates_per_second(port: int, ops: int) -> float:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    body = json.dumps({"title": "bench", "done": False})
    started = time.perf_counter()
    for _ in range(ops):
        connection.request("POST", "/1.1/classes/Todo", body, HEADERS)
        response = connection.getresponse()
        data = response.read()
        if response.status != 201:
            raise SystemExit(f"create failed on port {port}: {response.status} {data[:200]!r}")
    elapsed = time.perf_counter() - started
    connection.close()
    return ops / elapsed


def serve_inprocess(port: str, data_dir: str) -> None:
    from gevent import monkey

    monkey.patch_all()
    from leanengine.cli import keys_from_environ, no_delay_server
    from leanengine.server import create_app

    server_app = create_app(data_dir, keys_from_environ())
    server_app.attach_engine(build_engine())
    no_delay_server()(("127.0.0.1", int(port)), server_app, log=None).serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ops", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--serve-inprocess", nargs=2, metavar=("PORT", "DATA"))
    args = parser.parse_args()
    if args.serve_inprocess:
        return serve_inprocess(*args.serve_inprocess)
    tmp = tempfile.mkdtemp(prefix="hooks-bench-")
    ports, processes = start_setups(tmp)
    try:
        for port in ports.values():  # warm up: connections, SQLite pages, the hook list
            creates_per_second(port, 30)
        best = {name: 0.0 for name in ports}
        for _ in range(args.rounds):
            for name, port in ports.items():
                best[name] = max(best[name], creates_per_second(port, args.ops))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    base = best["no_hooks"]
    print(json.dumps({
        "ops_per_round": args.ops, "rounds": args.rounds,
        "creates_per_s": {name: round(rate, 1) for name, rate in best.items()},
        "cost_vs_no_hooks": {name: round(base / best[name], 2)
                             for name in ("in_process", "http")},
    }))


if __name__ == "__main__":
    main()
