"""Class hooks seen from the SDK: a real engine (in this process) behind a second
``leanengine serve --engine-url``; ``ignore_hook``, ``disable_before_hook`` and
``disable_after_hook`` switch hooks off for one write."""

from __future__ import annotations

import os
import threading
import time

import processes
import pytest
from werkzeug.serving import make_server

import leanengine
from leanengine import LeanCloudError, config

from .conftest import APP_ID, APP_KEY, HOOK_KEY, MASTER_KEY, serve_command

CALLS: list[tuple[str, str, list]] = []


def _engine():
    from leanengine.engine import Engine, LeanEngineError
    engine = Engine()

    @engine.before_save("HookTodo")
    def stamp(todo):
        CALLS.append(("beforeSave", todo.get("title"), []))
        if todo.get("title") == "bad":
            raise LeanEngineError(123, "no bad titles")
        todo.set("stamped", True)

    @engine.after_save("HookTodo")
    def saved(todo):
        CALLS.append(("afterSave", todo.get("title"), []))

    @engine.before_update("HookTodo")
    def updating(todo):
        CALLS.append(("beforeUpdate", todo.get("title"), sorted(todo.updated_keys)))

    @engine.before_delete("HookTodo")
    def deleting(todo):
        CALLS.append(("beforeDelete", todo.get("title"), []))
        if todo.get("keep"):
            raise LeanEngineError(3001, "kept")

    @engine.define
    def whoami():
        user = leanengine.User.get_current()
        return user.get_username() if user else None

    @engine.define
    def echo_todo(todo):
        todo.set("seen", True)
        return todo

    @engine.after_save("HookLoop")
    def touch_again(obj):
        CALLS.append(("afterSave", obj.get("title"), []))
        obj.increment("touched")
        obj.save()  # carries the hook mark: no afterUpdate, no loop

    @engine.after_update("HookLoop")
    def updated(obj):
        CALLS.append(("afterUpdate", obj.get("title"), []))

    return engine


@pytest.fixture(scope="module")
def hooked_server(tmp_path_factory):
    engine_server = make_server("127.0.0.1", 0, _engine(), threaded=True)
    threading.Thread(target=engine_server.serve_forever, daemon=True).start()
    engine_url = f"http://127.0.0.1:{engine_server.server_port}"
    port = processes.free_port()
    data_dir = tmp_path_factory.mktemp("hooked-data")
    env = dict(os.environ, LEANCLOUD_APP_ID=APP_ID, LEANCLOUD_APP_KEY=APP_KEY,
               LEANCLOUD_APP_MASTER_KEY=MASTER_KEY, LEANCLOUD_APP_HOOK_KEY=HOOK_KEY)
    url = f"http://127.0.0.1:{port}"
    proc = processes.start(serve_command(port, str(data_dir)) + ["--engine-url", engine_url],
                           url + "/1.1/date", data_dir / "server.log", env=env)
    try:
        yield url
    finally:
        processes.stop(proc)
        engine_server.shutdown()


@pytest.fixture
def hooked(hooked_server):
    config.init(APP_ID, APP_KEY, MASTER_KEY, HOOK_KEY)
    config.set_api_server(hooked_server)
    CALLS.clear()
    yield
    config.reset()
    leanengine.User.set_current(None)


def kinds():
    return [call[0] for call in CALLS]


def test_hooks_run_and_change_the_object(hooked):
    todo = leanengine.Object.create("HookTodo", title="fine")
    todo.save()
    assert leanengine.Query("HookTodo").get(todo.id).get("stamped") is True
    assert kinds() == ["beforeSave", "afterSave"]
    todo.set("title", "renamed")
    todo.save()
    assert CALLS[-1] == ("beforeUpdate", "renamed", ["title"])


def test_a_refusing_before_hook_is_error_142(hooked):
    with pytest.raises(LeanCloudError) as info:
        leanengine.Object.create("HookTodo", title="bad").save()
    assert info.value.code == 142
    assert "no bad titles" in info.value.error


def test_disable_before_hook_skips_it(hooked):
    todo = leanengine.Object.create("HookTodo", title="bad")
    todo.disable_before_hook()
    todo.save()
    assert todo.id
    assert leanengine.Query("HookTodo").get(todo.id).get("stamped") is None
    assert "beforeSave" not in kinds()


def test_ignore_hook_and_disable_after_hook(hooked):
    todo = leanengine.Object.create("HookTodo", title="quiet")
    todo.ignore_hook("afterSave")
    todo.save()
    assert kinds() == ["beforeSave"]
    CALLS.clear()
    other = leanengine.Object.create("HookTodo", title="quiet too")
    other.disable_after_hook()
    other.save()
    assert kinds() == ["beforeSave"]


def test_before_delete_can_refuse_unless_disabled(hooked):
    todo = leanengine.Object.create("HookTodo", title="keep me", keep=True)
    todo.save()
    with pytest.raises(LeanCloudError) as info:
        todo.destroy()
    assert info.value.code == 142 and "kept" in info.value.error
    todo.disable_before_hook()
    todo.destroy()
    with pytest.raises(LeanCloudError):
        leanengine.Query("HookTodo").get(todo.id)


def test_a_hook_saving_its_object_does_not_loop(hooked):
    obj = leanengine.Object.create("HookLoop", title="once")
    obj.save()
    deadline = time.monotonic() + 5
    while leanengine.Query("HookLoop").get(obj.id).get("touched") != 1:
        assert time.monotonic() < deadline, "the afterSave hook's own save never landed"
        time.sleep(0.05)
    assert kinds() == ["afterSave"]


def test_cloud_functions_through_the_storage_server(hooked):
    """The SDK calls functions at the API server, which passes them on to the engine with
    the caller's session (LeanCloud's shape)."""
    assert leanengine.cloud.run("whoami") is None
    user = leanengine.User()
    user.sign_up("hook-caller", "pw")
    assert leanengine.cloud.run("whoami") == "hook-caller"
    todo = leanengine.Object.create("HookTodo", title="rpc")
    todo.id = "t-rpc"
    back = leanengine.cloud.rpc("echo_todo", todo=todo)
    assert isinstance(back, leanengine.Object) and back.class_name == "HookTodo"
    assert back.id == "t-rpc" and back.get("seen") is True and back.get("title") == "rpc"
