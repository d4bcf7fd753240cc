"""Cost of a request through the Engine, next to a bare WSGI app, in one process and run.

(a) a bare WSGI app that reads a JSON body and answers JSON, (b) a cloud function called
through the Engine, (c) a beforeSave hook through the Engine. Every request is a fresh
WSGI environ handed to the app, its answer read to the end; gevent is monkey-patched as in
the production server (gunicorn's gevent worker). Prints one JSON line: mean microseconds
per request and the ratios b/a and c/a.

    python bench/engine_bench.py [--requests 2000] [--rounds 30]

The cases take turns in short batches and each keeps its fastest batch, so that load
from other processes on the machine weighs on all three alike and drops out.
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import leanengine  # noqa: E402
from leanengine import Engine  # noqa: E402

APP_ID, APP_KEY, MASTER_KEY, HOOK_KEY = "bench-id", "bench-key", "bench-master", "bench-hook"


def bare_app(environ, start_response):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    params = json.loads(environ["wsgi.input"].read(length))
    body = json.dumps({"result": f"hello {params['name']}"}).encode()
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(body)))])
    return [body]


def make_engine() -> Engine:
    engine = Engine()

    @engine.define
    def hello(name):
        return f"hello {name}"

    @engine.before_save("BenchTodo")
    def check_title(todo):
        if not todo.get("title"):
            raise leanengine.LeanEngineError(400, "title is required")
        todo.set("title", todo.get("title").strip())

    return engine


def environ_for(path: str, payload: dict, headers: dict) -> dict:
    body = json.dumps(payload).encode()
    environ = {
        "REQUEST_METHOD": "POST", "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "3000", "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1", "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)), "wsgi.version": (1, 0), "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr, "wsgi.multithread": False, "wsgi.multiprocess": False,
        "wsgi.run_once": False, "_body": body,
    }
    environ.update({"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()})
    return environ


def mean_cost_us(app, template: dict, requests: int) -> float:
    body = template["_body"]
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    started = time.perf_counter()
    for _ in range(requests):
        environ = dict(template)
        environ["wsgi.input"] = io.BytesIO(body)
        b"".join(app(environ, start_response))
    elapsed = time.perf_counter() - started
    if not all(status.startswith("200") for status in statuses):
        raise SystemExit(f"unexpected answers: {set(statuses)}")
    return elapsed / requests * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000, help="per batch")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    leanengine.init(APP_ID, APP_KEY, MASTER_KEY, HOOK_KEY)
    engine = make_engine()
    headers = {"X-LC-Id": APP_ID, "X-LC-Key": APP_KEY}
    cases = {
        "a_bare_wsgi": (bare_app, environ_for("/hello", {"name": "bench"}, headers)),
        "b_function": (engine, environ_for("/1.1/functions/hello", {"name": "bench"}, headers)),
        "c_before_save": (engine, environ_for(
            "/1.1/functions/BenchTodo/beforeSave",
            {"object": {"title": " buy milk ", "done": False, "_updatedKeys": ["title"]},
             "user": {"objectId": "u1", "username": "bench"}},
            {**headers, "X-LC-Hook-Key": HOOK_KEY})),
    }
    for app, template in cases.values():  # warm up
        mean_cost_us(app, template, 500)
    best = {name: float("inf") for name in cases}
    for _ in range(args.rounds):
        for name, (app, template) in cases.items():
            best[name] = min(best[name], mean_cost_us(app, template, args.requests))
    a, b, c = best["a_bare_wsgi"], best["b_function"], best["c_before_save"]
    print(json.dumps({
        "bench": "engine", "requests_per_round": args.requests, "rounds": args.rounds,
        "a_bare_wsgi_us": round(a, 2), "b_function_us": round(b, 2),
        "c_before_save_us": round(c, 2),
        "b_over_a": round(b / a, 2), "c_over_a": round(c / a, 2),
        "targets": {"b_over_a": 2.5, "c_over_a": 3.5},
    }))


if __name__ == "__main__":
    main()
