"""Run by test_gevent.py in a fresh process: gevent monkey-patched, as under gunicorn's
gevent worker. Prints one JSON object with what each scenario observed."""

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import random  # noqa: E402

import gevent  # noqa: E402
from engine_support import API_KEYS, APP_HEADERS, HOOK_HEADERS  # noqa: E402
from werkzeug.test import Client  # noqa: E402

import leanengine  # noqa: E402
from leanengine import Engine, current  # noqa: E402

GREENLETS = 300


def isolation(engine: Engine) -> dict:
    """Many requests in flight at once, each yielding mid-function: each must see its own
    token, address and user throughout."""

    @engine.define(fetch_user=False)
    def whoami():
        before = (current.session_token, current.meta["remote_address"])
        gevent.sleep(random.random() / 100)
        after = (current.session_token, current.meta["remote_address"])
        return [before, after]

    @engine.before_save("Todo")
    def stamp(todo):
        gevent.sleep(random.random() / 100)
        todo.set("by", current.user.id)

    def call(n):
        client = Client(engine)
        token, address = f"token-{n}", f"10.0.{n // 256}.{n % 256}"
        answer = client.post("/1.1/functions/whoami", headers={
            **APP_HEADERS, "X-LC-Session": token, "X-Real-IP": address}).json["result"]
        hooked = client.post("/1.1/functions/Todo/beforeSave", headers=HOOK_HEADERS, json={
            "object": {}, "user": {"objectId": f"user-{n}"}}).json
        return answer == [[token, address], [token, address]] and hooked == {"by": f"user-{n}"}

    jobs = [gevent.spawn(call, n) for n in range(GREENLETS)]
    gevent.joinall(jobs, raise_error=True)
    return {"requests": GREENLETS, "isolated": sum(job.value for job in jobs),
            "leaked_user": current.user is not None or current.session_token is not None}


def timeouts(engine: Engine) -> dict:
    engine.function_timeout = 0.3
    engine.before_hook_timeout = 0.2
    engine.hook_timeout = 0.1
    finished = []

    @engine.define
    def slow():
        try:
            gevent.sleep(5)
        except Exception:  # user code catching everything must not swallow the timeout
            return "swallowed"
        finished.append("slow")
        return "late"

    @engine.define
    def quick():
        gevent.sleep(0.05)
        return "on time"

    @engine.before_save("Todo")
    def slow_before(todo):
        gevent.sleep(5)

    @engine.after_save("Todo")
    def slow_after(todo):
        gevent.sleep(5)

    client = Client(engine)

    def answer(path, headers, body=None):
        response = client.post(path, headers=headers, json=body or {})
        return [response.status_code, response.json]

    result = {
        "function": answer("/1.1/functions/slow", APP_HEADERS),
        "quick": answer("/1.1/functions/quick", APP_HEADERS),
        "before_hook": answer("/1.1/functions/Todo/beforeSave", HOOK_HEADERS, {"object": {}}),
        "after_hook": answer("/1.1/functions/Todo/afterSave", HOOK_HEADERS, {"object": {}}),
    }
    gevent.sleep(0.2)
    result["finished_after_timeout"] = finished
    return result


def served(engine: Engine) -> dict:
    """``Engine.start()`` serves over HTTP with gevent's server until ``stop()``."""
    import requests

    engine.define("hello")(lambda name: f"hello {name}")
    server = engine.start(host="127.0.0.1", port=0)
    url = f"http://127.0.0.1:{server.server_port}"
    ping = requests.get(url + "/__engine/1/ping", timeout=5).status_code
    hello = requests.post(url + "/1.1/functions/hello", headers=APP_HEADERS,
                          json={"name": "http"}, timeout=5).json()
    engine.stop()
    try:
        requests.get(url + "/__engine/1/ping", timeout=2)
        stopped = False
    except requests.ConnectionError:
        stopped = True
    return {"ping": ping, "hello": hello, "stopped": stopped}


def main():
    leanengine.init(*API_KEYS)
    print(json.dumps({"isolation": isolation(Engine()), "timeouts": timeouts(Engine()),
                      "served": served(Engine())}))


if __name__ == "__main__":
    main()
