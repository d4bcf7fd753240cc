"""Cloud functions reached through the storage server, and the time limits of hooks."""

from __future__ import annotations

import time

from conftest import APP_HEADERS

from leanengine.protocol import budget


def _sign_up(platform, username: str) -> dict:
    status, user = platform.call("POST", "/users", {"username": username, "password": "pw"})
    assert status == 201, user
    return user


def test_function_sees_the_caller_as_current_user(platform):
    user = _sign_up(platform, "caller-" + platform.wiring)
    status, answer = platform.call("POST", "/functions/whoami", {},
                                   headers={**APP_HEADERS, "X-LC-Session": user["sessionToken"]})
    assert status == 200, answer
    assert answer == {"result": {"username": "caller-" + platform.wiring, "session": True}}
    status, answer = platform.call("POST", "/functions/whoami", {})
    assert answer == {"result": {"username": None, "session": False}}


def test_function_with_a_bad_session_is_refused(platform):
    status, answer = platform.call("POST", "/functions/whoami", {},
                                   headers={**APP_HEADERS, "X-LC-Session": "not-a-session"})
    assert status in (400, 401) and answer["code"] == 211


def test_rpc_returns_whole_objects(platform):
    platform.call("POST", "/classes/Todo", {"title": "rpc"})
    status, answer = platform.call("POST", "/call/todos_of", {"title": "rpc"})
    assert status == 200, answer
    todo = answer["result"][0]
    assert todo["__type"] == "Object" and todo["className"] == "Todo"
    assert todo["title"] == "rpc" and todo["priority"] == 1


def test_function_credentials_are_checked_by_the_engine(platform):
    status, answer = platform.call("POST", "/functions/whoami", {},
                                   headers={"X-LC-Id": "hooks-app", "X-LC-Key": "wrong"})
    assert status == 401 and answer == {"code": 401, "error": "Unauthorized."}
    status, answer = platform.call("POST", "/functions/no_such_function", {})
    assert status == 404


def test_slow_before_save_answers_124_and_writes_nothing(platform):
    started = time.monotonic()
    status, answer = platform.call("POST", "/classes/Todo", {"title": "slow", "tag": "t1"})
    assert answer["code"] == 124, answer
    assert time.monotonic() - started < 4.5  # the hook's limit (3 s here), not its 5 s sleep
    status, answer = platform.call("GET", "/classes/Todo",
                                   params={"where": '{"tag": "t1"}', "count": 1, "limit": 0})
    assert answer["count"] == 0


def test_a_hook_gets_no_more_than_the_request_has_left(platform):
    started = time.monotonic()
    status, answer = platform.call("POST", "/classes/Todo", {"title": "slow"},
                                   headers={**APP_HEADERS, budget.HEADER: "1000"})
    assert answer["code"] == 124, answer
    assert time.monotonic() - started < 2.5


def test_a_hook_fired_from_a_function_gets_what_the_function_has_left(platform):
    # save_slow_todo has 2 s (engine.function_timeout); its save's beforeSave would take
    # 5 s and may take 3 s: the server cuts it at what the function has left, and the
    # function gets the 124 in time to answer it.
    status, answer = platform.call("POST", "/functions/save_slow_todo", {})
    assert status == 200, answer
    assert answer == {"result": "refused 124"}
