"""Per-operation cost of the storage SDK next to bare ``requests`` calls, same run.

Starts ``leanengine serve`` on a free port with a temporary data dir (or uses
``LEANCLOUD_API_SERVER`` with the ``LEANCLOUD_APP_*`` keys when set), then times create,
get and query through the SDK and through a bare ``requests.Session`` sending the same
HTTP requests (signed the same way). Prints one JSON line with the ratios; the target is
a ratio of at most 1.3.

    python bench/sdk_bench.py [--n 300]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import requests

import leanengine
from leanengine import config
from leanengine.protocol.credentials import make_sign

CLASS = "BenchTodo"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(keys: dict) -> tuple[subprocess.Popen, str, str]:
    data_dir = tempfile.mkdtemp(prefix="sdk-bench-")
    port = _free_port()
    script = shutil.which("leanengine", path=os.path.dirname(sys.executable))
    base = [script] if script else [
        sys.executable, "-c", "import sys; from leanengine.cli import main; sys.exit(main())"]
    command = base + [
        "serve", "--host", "127.0.0.1", "--port", str(port), "--data", data_dir]
    env = dict(os.environ, **keys)
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/1.1/date", timeout=1).ok:
                return proc, url, data_dir
        except requests.RequestException:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("leanengine serve did not start")


class Bare:
    """The same HTTP calls the SDK makes, with nothing but a requests.Session."""

    def __init__(self, url: str, app_id: str, app_key: str):
        self.url = url + "/1.1"
        self.app_id = app_id
        self.app_key = app_key
        self.session = requests.Session()

    def headers(self) -> dict:
        return {"Content-Type": "application/json", "X-LC-Id": self.app_id,
                "X-LC-Sign": make_sign(self.app_key, int(time.time() * 1000)),
                "X-LC-Prod": "1"}

    def create(self, i: int) -> str:
        r = self.session.post(f"{self.url}/classes/{CLASS}", headers=self.headers(),
                              data=json.dumps({"title": f"bare {i}", "n": i}), timeout=15)
        return r.json()["objectId"]

    def get(self, object_id: str) -> dict:
        return self.session.get(f"{self.url}/classes/{CLASS}/{object_id}",
                                headers=self.headers(), timeout=15).json()

    def query(self, i: int) -> list:
        params = {"where": json.dumps({"n": {"$gte": i}}), "limit": 10}
        return self.session.get(f"{self.url}/classes/{CLASS}", headers=self.headers(),
                                params=params, timeout=15).json()["results"]


def sdk_create(i: int) -> str:
    todo = leanengine.Object.create(CLASS, title=f"sdk {i}", n=i)
    todo.save()
    return todo.id


def sdk_get(object_id: str) -> leanengine.Object:
    return leanengine.Query(CLASS).get(object_id)


def sdk_query(i: int) -> list:
    return leanengine.Query(CLASS).greater_than_or_equal_to("n", i).limit(10).find()


def timed(func, args) -> float:
    start = time.perf_counter()
    for arg in args:
        func(arg)
    return (time.perf_counter() - start) / len(args) * 1000


ROUNDS = 3
CHUNK = 10


def interleaved(sdk_call, bare_call, inputs: list, rounds: int) -> tuple[float, float]:
    """Mean ms per call of each path, measured in alternating chunks (the order flipping
    every chunk) so that server drift and table growth weigh on both alike."""
    totals = {"sdk": 0.0, "bare": 0.0}
    flip = False
    for _ in range(rounds):
        for start in range(0, len(inputs), CHUNK):
            chunk = inputs[start:start + CHUNK]
            order = (("bare", bare_call), ("sdk", sdk_call))
            for name, call in (reversed(order) if flip else order):
                totals[name] += timed(call, chunk) * len(chunk)
            flip = not flip
    calls = rounds * len(inputs)
    return totals["sdk"] / calls, totals["bare"] / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="operations per measurement")
    args = parser.parse_args()
    n = args.n

    keys = {"LEANCLOUD_APP_ID": "bench-app", "LEANCLOUD_APP_KEY": "bench-key",
            "LEANCLOUD_APP_MASTER_KEY": "bench-master"}
    proc = None
    url = os.environ.get("LEANCLOUD_API_SERVER")
    if url and os.environ.get("LEANCLOUD_APP_ID"):
        keys = {k: os.environ.get(k, "") for k in keys}
    else:
        proc, url, data_dir = start_server(keys)
    try:
        config.init(keys["LEANCLOUD_APP_ID"], keys["LEANCLOUD_APP_KEY"])
        config.set_api_server(url)
        bare = Bare(url, keys["LEANCLOUD_APP_ID"], keys["LEANCLOUD_APP_KEY"])
        # Warm up both paths (connections, class creation, caches).
        ids = [bare.create(i) for i in range(20)] + [sdk_create(i) for i in range(20)]
        results = {}
        sample = (ids * (n // len(ids) + 1))[:n]
        plans = {"create": (sdk_create, bare.create, list(range(n))),
                 "get": (sdk_get, bare.get, sample),
                 "query": (sdk_query, bare.query, list(range(n)))}
        for op, (sdk_call, bare_call, inputs) in plans.items():
            sdk_ms, bare_ms = interleaved(sdk_call, bare_call, inputs, ROUNDS)
            results[op] = {"sdk_ms": round(sdk_ms, 3), "bare_ms": round(bare_ms, 3),
                           "ratio": round(sdk_ms / bare_ms, 3)}
        worst = max(r["ratio"] for r in results.values())
        print(json.dumps({"bench": "sdk", "n": n, "rounds": ROUNDS, **results,
                          "max_ratio": worst, "target": 1.3, "ok": worst <= 1.3}))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
