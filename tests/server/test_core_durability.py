"""Atomic operations under concurrency, several processes on one database, kill -9."""

from __future__ import annotations

import os
import threading

import processes
from core_helpers import APP_ID, APP_KEY, HOOK_KEY, MASTER_KEY, Api, ServerProcess, unique_class


def run_clients(count: int, work) -> list:
    errors = []

    def guarded(index):
        try:
            work(index)
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_fifty_clients_times_hundred_increments(core_server):
    cls = unique_class("Counter")
    oid = Api(core_server.url).create(cls, n=0)

    def work(index):
        api = Api(core_server.url)
        for _ in range(100):
            api.ok("PUT", f"/1.1/classes/{cls}/{oid}", {"n": {"__op": "Increment", "amount": 1}})

    assert run_clients(50, work) == []
    assert Api(core_server.url).ok("GET", f"/1.1/classes/{cls}/{oid}")["n"] == 5000


def test_array_operations_exact_under_concurrency(core_server):
    cls = unique_class("Arr")
    oid = Api(core_server.url).create(cls, all=[], uniq=[], gone=list(range(200)))

    def work(index):
        api = Api(core_server.url)
        for step in range(10):
            api.ok("PUT", f"/1.1/classes/{cls}/{oid}", {
                "all": {"__op": "Add", "objects": [f"{index}-{step}"]},
                "uniq": {"__op": "AddUnique", "objects": [step]},
                "gone": {"__op": "Remove", "objects": [index * 10 + step]}})

    assert run_clients(20, work) == []
    final = Api(core_server.url).ok("GET", f"/1.1/classes/{cls}/{oid}")
    assert sorted(final["all"]) == sorted(f"{i}-{s}" for i in range(20) for s in range(10))
    assert sorted(final["uniq"]) == list(range(10)) and final["gone"] == []


def test_two_processes_on_one_database(tmp_path):
    data = str(tmp_path / "shared")
    first = ServerProcess(data)
    second = ServerProcess(data)
    try:
        cls = unique_class("Shared")
        oid = Api(first.url).create(cls, n=0)

        def work(index):
            api = Api((first if index % 2 else second).url)
            for _ in range(50):
                api.ok("PUT", f"/1.1/classes/{cls}/{oid}", {"n": {"__op": "Increment"}})
                api.create(cls, by=index)

        assert run_clients(10, work) == []
        for server in (first, second):
            api = Api(server.url)
            assert api.ok("GET", f"/1.1/classes/{cls}/{oid}")["n"] == 500
            assert api.ok("GET", f"/1.1/classes/{cls}", params={"count": 1, "limit": 0})["count"] == 501
        status, answer = Api(second.url).call("POST", f"/1.1/classes/{cls}", {"n": "text"})
        assert answer["code"] == 111
    finally:
        first.stop()
        second.stop()


def test_acknowledged_writes_survive_kill_9(tmp_path):
    data = str(tmp_path / "crash")
    server = ServerProcess(data)
    cls = unique_class("Crash")
    counter = Api(server.url).create(cls + "Counter", n=0, log=[])
    acknowledged, increments, stop = [], [], threading.Event()

    def writer(index):
        api = Api(server.url)
        while not stop.is_set():
            try:
                status, answer = api.call("POST", f"/1.1/classes/{cls}", {"w": index, "pad": "x" * 500})
            except Exception:
                return
            if status == 201:
                acknowledged.append(answer["objectId"])

    def incrementer():
        api = Api(server.url)
        while not stop.is_set():
            try:
                status, _ = api.call("PUT", f"/1.1/classes/{cls}Counter/{counter}", {
                    "n": {"__op": "Increment"}, "log": {"__op": "Add", "objects": [len(increments)]}})
            except Exception:
                return
            if status == 200:
                increments.append(1)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(3)]
    threads.append(threading.Thread(target=incrementer))
    for thread in threads:
        thread.start()
    while len(acknowledged) < 300 or len(increments) < 100:
        threading.Event().wait(0.01)
    server.kill()
    stop.set()
    for thread in threads:
        thread.join()
    restarted = ServerProcess(data)
    try:
        api = Api(restarted.url, master=True)
        stored = set()
        cursor = None
        while True:
            page = api.ok("GET", f"/1.1/scan/classes/{cls}",
                          params={"limit": 1000, **({"cursor": cursor} if cursor else {})})
            stored.update(o["objectId"] for o in page["results"])
            assert all(o["pad"] == "x" * 500 for o in page["results"])
            cursor = page["cursor"]
            if not cursor:
                break
        assert set(acknowledged) <= stored
        assert len(stored) - len(acknowledged) <= 3   # at most one unacknowledged write per client
        final = api.ok("GET", f"/1.1/classes/{cls}Counter/{counter}")
        assert len(increments) <= final["n"] <= len(increments) + 1
        assert final["log"] == list(range(final["n"]))  # whole updates only, none half-applied
    finally:
        restarted.stop()


def test_gunicorn_workers_on_one_database(tmp_path):
    """``gunicorn -k gevent -w 3 leanengine.server.wsgi:app``: exact counters across workers."""
    port = processes.free_port()
    env = dict(os.environ, LEANCLOUD_APP_ID=APP_ID, LEANCLOUD_APP_KEY=APP_KEY,
               LEANCLOUD_APP_MASTER_KEY=MASTER_KEY, LEANCLOUD_APP_HOOK_KEY=HOOK_KEY,
               LEANENGINE_DATA=str(tmp_path / "data"))
    url = f"http://127.0.0.1:{port}"
    process = processes.start(
        [*processes.command("gunicorn"), "-k", "gevent", "-w", "3", "-b", f"127.0.0.1:{port}",
         "leanengine.server.wsgi:app"], url + "/1.1/date", tmp_path / "gunicorn.log", env=env)
    try:
        cls = unique_class("Workers")
        oid = Api(url).create(cls, n=0)

        def work(index):
            api = Api(url)   # a connection per client: the kernel spreads them over workers
            for _ in range(50):
                api.ok("PUT", f"/1.1/classes/{cls}/{oid}", {"n": {"__op": "Increment"}})

        assert run_clients(12, work) == []
        assert Api(url).ok("GET", f"/1.1/classes/{cls}/{oid}")["n"] == 600
    finally:
        processes.stop(process)
