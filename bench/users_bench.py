"""Benchmark of the user paths of `leanengine serve`, next to baselines from the same run.

- login/s and sign-up/s with one keep-alive client, beside the bare cost of one scrypt
  hash in this process (the floor of any login: the password must be hashed);
- `GET /1.1/users/me` (session resolution) beside `GET /1.1/date` (no user at all);
- the median latency of `GET /1.1/date` while 4 clients log in without pause, beside the
  same latency on an idle server: password hashing must not stall the worker's other
  requests.
Prints one JSON line.

    python bench/users_bench.py [--ops 40]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

APP_ID, APP_KEY = "bench-users-app", "bench-users-key"
HEADERS = {"X-LC-Id": APP_ID, "X-LC-Key": APP_KEY, "Content-Type": "application/json"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(data_dir: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = dict(os.environ, LEANCLOUD_APP_ID=APP_ID, LEANCLOUD_APP_KEY=APP_KEY,
               LEANCLOUD_APP_MASTER_KEY="bench-master", LEANENGINE_SMS_INTERVAL="0")
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; from leanengine.cli import main; sys.exit(main())",
         "serve", "--host", "127.0.0.1", "--port", str(port), "--data", data_dir],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not start")


class Client:
    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port)

    def call(self, method: str, path: str, body=None, token=None) -> dict:
        headers = dict(HEADERS, **({"X-LC-Session": token} if token else {}))
        self.conn.request(method, path, json.dumps(body) if body is not None else None, headers)
        response = self.conn.getresponse()
        answer = json.loads(response.read())
        if response.status >= 400:
            raise RuntimeError(answer)
        return answer


def per_second(count: int, fn) -> float:
    started = time.perf_counter()
    for index in range(count):
        fn(index)
    return round(count / (time.perf_counter() - started), 1)


def date_latency_ms(port: int, samples: int = 60) -> float:
    client, times = Client(port), []
    for _ in range(samples):
        started = time.perf_counter()
        client.call("GET", "/1.1/date")
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 2)


def scrypt_floor(count: int) -> float:
    from leanengine.server.users import passwords
    stored = passwords.hash_password("secret")
    return per_second(count, lambda _: passwords.verify("secret", stored))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ops", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        process, port = start(data_dir)
        try:
            client = Client(port)
            run = f"{time.time_ns()}"
            signups = per_second(args.ops, lambda i: client.call(
                "POST", "/1.1/users", {"username": f"b{run}-{i}", "password": "secret"}))
            logins = per_second(args.ops, lambda i: client.call(
                "POST", "/1.1/login", {"username": f"b{run}-{i}", "password": "secret"}))
            token = client.call("POST", "/1.1/login", {"username": f"b{run}-0",
                                                       "password": "secret"})["sessionToken"]
            many = args.ops * 10
            me = per_second(many, lambda _: client.call("GET", "/1.1/users/me", token=token))
            date = per_second(many, lambda _: client.call("GET", "/1.1/date"))
            idle_ms = date_latency_ms(port)
            stop = threading.Event()

            def keep_logging_in():
                own = Client(port)
                while not stop.is_set():
                    own.call("POST", "/1.1/login", {"username": f"b{run}-1", "password": "secret"})

            threads = [threading.Thread(target=keep_logging_in) for _ in range(4)]
            for thread in threads:
                thread.start()
            time.sleep(0.3)
            busy_ms = date_latency_ms(port)
            stop.set()
            for thread in threads:
                thread.join()
        finally:
            process.terminate()
            process.wait(timeout=10)
    print(json.dumps({
        "benchmark": "users", "sign_up_per_s": signups, "login_per_s": logins,
        "scrypt_verify_floor_per_s": scrypt_floor(args.ops),
        "me_per_s": me, "date_baseline_per_s": date,
        "date_latency_ms_idle": idle_ms, "date_latency_ms_during_4_login_loops": busy_ms,
    }))


if __name__ == "__main__":
    main()
