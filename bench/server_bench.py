"""Benchmark of `leanengine serve` on SQLite, next to two floors measured in the same run.

Operations: create, get by id, equality query of 100 results, count, increment, batch create
(50 objects per request), delete; first one keep-alive client, then 8 concurrent clients.
Floors: (1) HTTP: a bare gevent WSGI endpoint (the same server class as `serve`, TCP_NODELAY)
answering a small JSON to the same client;
(2) database: the same operation done directly with sqlite3 on the same kind of table
(same pragmas).  Prints one JSON line: operations per second, floors, and for each
single-client operation its cost relative to the sum of the floors (target <= 1.5).

The database floor does the work any server must do around the SQL, and no more: it
decodes the rows it reads and JSON-encodes the answer the API gives (objects carrying
objectId/createdAt/updatedAt; the 100 objects of a query; the 50 ``{"success": ...}``
items of a batch, whose rows go in one transaction).  Without the encoding, the floor of a
100-object query or a 50-object batch left out a part of the work that no server can skip.

    python bench/server_bench.py [--ops 400] [--rounds 3]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

APP_ID, APP_KEY = "bench-app", "bench-key"
HEADERS = {"X-LC-Id": APP_ID, "X-LC-Key": APP_KEY, "Content-Type": "application/json"}
GROUPS = 10
SEED = 2000          # 200 objects per group, so an equality query returns 100 (its limit)
BATCH = 50

BARE_SERVER = """
import sys
from leanengine.cli import no_delay_server
def app(environ, start_response):
    environ["wsgi.input"].read()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", "11")])
    return [b'{"ok":true}']
no_delay_server()(("127.0.0.1", int(sys.argv[1])), app, log=None).serve_forever()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_up(port: int) -> None:
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


class Client:
    """One keep-alive HTTP/1.1 connection."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port)
        self.conn.connect()
        # headers and body leave in two writes: without this, Nagle and delayed ACKs add 40 ms
        self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def call(self, method: str, path: str, body=None):
        """``body``: a value to send as JSON, or bytes already encoded."""
        data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
        self.conn.request(method, path, body=data, headers=HEADERS)
        response = self.conn.getresponse()
        payload = response.read()
        if response.status >= 300:
            raise RuntimeError(f"{method} {path}: {response.status} {payload[:200]!r}")
        return json.loads(payload)


def where(group: int) -> str:
    from urllib.parse import quote
    return quote(json.dumps({"group": group}))


def api_operations(client: Client, ids: list, cls: str):
    """name -> callable(i) performing one operation of that kind.  Reads go to ``cls`` (the
    seeded class, as large as the floor's table); writes to a class of their own."""
    writes = cls + "Writes"
    counter = client.call("POST", f"/1.1/classes/{writes}", {"n": 0})["objectId"]
    created: list = []
    # The same 50 creates every time, encoded once: building and encoding them is the
    # client's work (75 us a batch), not the server's, and the HTTP floor's client has none.
    batch_body = json.dumps({"requests": [
        {"method": "POST", "path": f"/1.1/classes/{writes}", "body": {"n": j, "group": -1}}
        for j in range(BATCH)]}).encode()
    return {
        "create": lambda i: created.append(client.call(
            "POST", f"/1.1/classes/{writes}", {"n": i, "group": i % GROUPS, "title": f"t{i}"})["objectId"]),
        "get": lambda i: client.call("GET", f"/1.1/classes/{cls}/{ids[i % len(ids)]}"),
        "query100": lambda i: client.call(
            "GET", f"/1.1/classes/{cls}?limit=100&where={where(i % GROUPS)}"),
        "count": lambda i: client.call(
            "GET", f"/1.1/classes/{cls}?count=1&limit=0&where={where(i % GROUPS)}"),
        "increment": lambda i: client.call(
            "PUT", f"/1.1/classes/{writes}/{counter}", {"n": {"__op": "Increment", "amount": 1}}),
        "batch50": lambda i: client.call("POST", "/1.1/batch", batch_body),
        "delete": lambda i: client.call("DELETE", f"/1.1/classes/{writes}/{created[i]}"),
    }


def timed(fn, count: int) -> float:
    """Seconds per operation."""
    start = time.perf_counter()
    for i in range(count):
        fn(i)
    return (time.perf_counter() - start) / count


def paired(server_fn, floor_fn, total: int, chunk: int) -> tuple[float, float]:
    """Seconds per operation of the server and of the HTTP floor, measured in alternating
    chunks (the order flipping each time) and each the best chunk: on a shared machine,
    load then weighs on both alike."""
    best_server = best_floor = float("inf")
    done = 0
    for index in range(max(2, total // chunk)):
        pair = ((server_fn, "server"), (floor_fn, "floor"))
        for fn, which in pair if index % 2 == 0 else pair[::-1]:
            start = time.perf_counter()
            for i in range(done, done + chunk):
                fn(i)
            seconds = (time.perf_counter() - start) / chunk
            if which == "server":
                best_server = min(best_server, seconds)
            else:
                best_floor = min(best_floor, seconds)
        done += chunk
    return best_server, best_floor


def seed(port: int, cls: str) -> list:
    client = Client(port)
    ids = []
    for start in range(0, SEED, BATCH):
        answer = client.call("POST", "/1.1/batch", {"requests": [
            {"method": "POST", "path": f"/1.1/classes/{cls}",
             "body": {"n": i, "group": i % GROUPS, "title": f"t{i}"}}
            for i in range(start, start + BATCH)]})
        ids.extend(item["success"]["objectId"] for item in answer)
    return ids


def database_floor(path: str, count: int) -> dict:
    """The same operations straight on sqlite3: one table with JSON data, WAL, NORMAL sync."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("CREATE TABLE objects (class TEXT NOT NULL, id TEXT NOT NULL, created_at TEXT, "
               "updated_at TEXT, acl TEXT, data TEXT NOT NULL, PRIMARY KEY (class, id))")
    now = "2026-01-01T00:00:00.000Z"

    def insert(object_id, n, cls="BenchWrites"):
        db.execute("INSERT INTO objects VALUES (?, ?, ?, ?, NULL, ?)",
                   (cls, object_id, now, now, json.dumps({"n": n, "group": n % GROUPS, "title": f"t{n}"})))

    def wire(row) -> dict:
        """A stored row as the API answers it."""
        obj = json.loads(row[1])
        obj.update(objectId=row[0], createdAt=now, updatedAt=now)
        return obj

    db.execute("BEGIN")
    for i in range(SEED):
        insert(f"seed{i:020d}", i, "Bench")
    db.execute("COMMIT")
    insert("counter", 0)

    def create(i):
        insert(f"new{i:020d}", i)
        json.dumps({"objectId": f"new{i:020d}", "createdAt": now})

    def get(i):
        row = db.execute("SELECT id, data FROM objects WHERE class = 'Bench' AND id = ?",
                         (f"seed{i % SEED:020d}",)).fetchone()
        json.dumps(wire(row))

    def query(i):
        rows = db.execute("SELECT id, data FROM objects WHERE class = 'Bench' AND "
                          "json_extract(data, '$.group') = ? LIMIT 100", (i % GROUPS,)).fetchall()
        json.dumps({"results": [wire(row) for row in rows]})

    def count_rows(i):
        count = db.execute("SELECT COUNT(*) FROM objects WHERE class = 'Bench' AND "
                           "json_extract(data, '$.group') = ?", (i % GROUPS,)).fetchone()[0]
        json.dumps({"results": [], "count": count})

    def increment(i):
        db.execute("BEGIN IMMEDIATE")
        data = json.loads(db.execute("SELECT data FROM objects WHERE class = 'BenchWrites' "
                                     "AND id = 'counter'").fetchone()[0])
        data["n"] += 1
        db.execute("UPDATE objects SET data = ? WHERE class = 'BenchWrites' AND id = 'counter'",
                   (json.dumps(data),))
        db.execute("COMMIT")
        json.dumps({"objectId": "counter", "updatedAt": now})

    def batch(i):
        answers = []
        db.execute("BEGIN IMMEDIATE")
        for j in range(BATCH):
            object_id = f"b{i:08d}{j:04d}"
            insert(object_id, j)
            answers.append({"success": {"objectId": object_id, "createdAt": now}})
        db.execute("COMMIT")
        json.dumps(answers)

    results = {
        "create": timed(create, count),
        "get": timed(get, count),
        "query100": timed(query, count),
        "count": timed(count_rows, count),
        "increment": timed(increment, count),
        "batch50": timed(batch, max(1, count // 10)),
        "delete": timed(lambda i: db.execute("DELETE FROM objects WHERE class = 'BenchWrites' AND id = ?",
                                             (f"new{i:020d}",)), count),
    }
    db.close()
    return results


def concurrent(port: int, ids: list, cls: str, clients: int, count: int, names: set) -> dict:
    """Operations per second with ``clients`` keep-alive clients working at once."""
    per_client = [api_operations(Client(port), ids, cls) for _ in range(clients)]
    rates = {}
    for name in per_client[0]:
        if name not in names:
            continue
        n = max(1, count // 10) if name == "batch50" else count
        threads = [threading.Thread(target=lambda ops=ops: [ops[name](i) for i in range(n)])
                   for ops in per_client]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        rates[name] = round(clients * n / (time.perf_counter() - start), 1)
    return rates


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ops", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the database floor")
    parser.add_argument("--only", default=None, metavar="NAME,...",
                        help="measure only these operations (e.g. batch50,create)")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="lean-bench-")
    api_port, bare_port = free_port(), free_port()
    env = dict(os.environ, LEANCLOUD_APP_ID=APP_ID, LEANCLOUD_APP_KEY=APP_KEY,
               LEANCLOUD_APP_MASTER_KEY="bench-master")
    leanengine = os.path.join(os.path.dirname(sys.executable), "leanengine")
    command = [leanengine] if os.path.exists(leanengine) else [sys.executable, "-m", "leanengine.cli"]
    api = subprocess.Popen([*command, "serve", "--host", "127.0.0.1", "--port", str(api_port),
                            "--data", os.path.join(work, "data")], env=env,
                           stdout=subprocess.DEVNULL)
    bare = subprocess.Popen([sys.executable, "-c", BARE_SERVER, str(bare_port)])
    try:
        wait_up(api_port)
        wait_up(bare_port)
        cls = "Bench"
        ids = seed(api_port, cls)
        bare_client, api_client = Client(bare_port), Client(api_port)
        bare_get = lambda i: bare_client.call("GET", "/")
        bare_post = lambda i: bare_client.call("POST", "/", {"n": i})
        single, http_floor, db_floor = {}, {}, {}
        wanted = set(args.only.split(",")) if args.only else None
        if wanted and "delete" in wanted:
            wanted.add("create")                 # delete removes what create made
        for name, fn in api_operations(api_client, ids, cls).items():
            if wanted and name not in wanted:
                continue
            floor_fn = bare_post if name in ("create", "increment", "batch50") else bare_get
            total, chunk = (args.ops // 10, 3) if name == "batch50" else (args.ops, 25)
            single[name], http_floor[name] = paired(fn, floor_fn, total, chunk)
        for round_number in range(args.rounds):
            floor = database_floor(os.path.join(work, f"floor{round_number}.sqlite3"), args.ops)
            for name, seconds in floor.items():
                if name in single:
                    db_floor[name] = min(db_floor.get(name, seconds), seconds)
        eight = concurrent(api_port, ids, cls, 8, max(10, args.ops // 4), set(single))
    finally:
        api.terminate()
        bare.terminate()
        api.wait()
        bare.wait()
        shutil.rmtree(work, ignore_errors=True)
    ratio = {name: round(single[name] / (http_floor[name] + db_floor[name]), 2) for name in single}
    print(json.dumps({
        "benchmark": "server_bench",
        "single_client_ops_per_s": {k: round(1 / v, 1) for k, v in single.items()},
        "eight_clients_ops_per_s": eight,
        "http_floor_ops_per_s": {k: round(1 / v, 1) for k, v in http_floor.items()},
        "db_floor_ops_per_s": {k: round(1 / v, 1) for k, v in db_floor.items()},
        "cost_vs_floors": ratio,
        "target": 1.5,
        "all_within_target": all(r <= 1.5 for r in ratio.values()),
    }))


if __name__ == "__main__":
    main()
