"""Time limits without gevent: user code runs in a worker thread and the request stops
waiting at the limit. (test_gevent.py covers the greenlet variant.)"""

import threading
import time

from engine_support import APP_HEADERS, HOOK_HEADERS
from werkzeug.test import Client

from leanengine import Engine, current

TIMED_OUT = (503, {"code": 124, "error": "The request timed out on the server."})


def test_platform_limits_are_the_defaults():
    engine = Engine()
    assert (engine.function_timeout, engine.before_hook_timeout, engine.hook_timeout) == (15, 10, 3)


def test_function_and_hooks_past_their_limit(engine, client):
    release = threading.Event()
    engine.function_timeout = 0.2
    engine.before_hook_timeout = 0.2
    engine.hook_timeout = 0.1
    engine.define("stuck")(lambda: release.wait(10))
    engine.before_save("Todo")(lambda todo: release.wait(10))
    engine.after_update("Todo")(lambda todo: release.wait(10))
    engine.define("quick")(lambda: "fine")
    try:
        for path, headers, body in (("/1.1/functions/stuck", APP_HEADERS, None),
                                    ("/1.1/functions/Todo/beforeSave", HOOK_HEADERS, {"object": {}}),
                                    ("/1.1/functions/Todo/afterUpdate", HOOK_HEADERS, {"object": {}})):
            response = client.post(path, headers=headers, json=body)
            assert (response.status_code, response.json) == TIMED_OUT, path
        assert client.post("/1.1/functions/quick", headers=APP_HEADERS).json == {"result": "fine"}
    finally:
        release.set()


def test_a_limit_of_none_means_no_limit(engine, client):
    engine.function_timeout = None
    engine.define("f")(lambda: threading.current_thread().name)
    # No worker thread is needed without a limit.
    assert client.post("/1.1/functions/f", headers=APP_HEADERS).json == {
        "result": threading.current_thread().name}


def test_a_hook_called_from_inside_a_function_gets_what_the_function_has_left(engine):
    """In development the storage server calls hooks in-process: a hook fired while a
    function runs may not outlive that function's deadline."""
    deadlines = {}
    engine.function_timeout = 5
    engine.hook_timeout = 30

    @engine.after_save("Todo")
    def record(todo):
        deadlines["hook"] = current.deadline

    @engine.define
    def saves():
        deadlines["function"] = current.deadline
        response = Client(engine).post("/1.1/functions/Todo/afterSave", headers=HOOK_HEADERS,
                                       json={"object": {}})
        return response.status_code

    assert Client(engine).post("/1.1/functions/saves", headers=APP_HEADERS).json == {"result": 200}
    assert deadlines["hook"] <= deadlines["function"]  # not 30 s, the function's 5 s


def test_a_hook_called_after_the_function_ran_out_times_out_at_once(engine):
    engine.function_timeout = 0.01

    @engine.define
    def saves():
        time.sleep(0.05)  # the function's time is gone (the request has answered 503)
        response = Client(engine).post("/1.1/functions/Todo/afterSave", headers=HOOK_HEADERS,
                                       json={"object": {}})
        outcome.append(response.status_code)

    outcome = []
    engine.after_save("Todo")(lambda todo: outcome.append("hook ran"))
    assert Client(engine).post("/1.1/functions/saves", headers=APP_HEADERS).status_code == 503
    for _ in range(200):
        if outcome:
            break
        time.sleep(0.01)
    assert outcome == [503]


def test_a_hook_gets_no_more_than_the_storage_service_says_is_left(engine, client):
    """Over HTTP the storage service sends X-LeanEngine-Time-Left with each hook call."""
    release = threading.Event()
    engine.before_save("Todo")(lambda todo: release.wait(10))
    try:
        started = time.monotonic()
        response = client.post("/1.1/functions/Todo/beforeSave", json={"object": {}},
                               headers={**HOOK_HEADERS, "X-LeanEngine-Time-Left": "200"})
        assert (response.status_code, response.json) == TIMED_OUT
        assert time.monotonic() - started < 5  # the 10 s before-hook limit did not apply
    finally:
        release.set()
    engine.before_save("Note")(lambda note: None)
    fine = client.post("/1.1/functions/Note/beforeSave", json={"object": {"a": 1}},
                       headers={**HOOK_HEADERS, "X-LeanEngine-Time-Left": "garbage"})
    assert fine.status_code == 200
