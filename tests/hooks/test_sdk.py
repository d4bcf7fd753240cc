"""The same platform seen through the SDK, as a client app (app key only) uses it."""

from __future__ import annotations

import uuid

import pytest
from conftest import APP_ID, APP_KEY, HOOK_KEY

import leanengine
from leanengine import LeanCloudError, Object, Query, User, cloud, config


def test_save_refused_by_before_save(sdk):
    with pytest.raises(LeanCloudError) as refused:
        Object.create("Todo", note="untitled").save()
    assert refused.value.code == 142
    assert "A Todo needs a title." in refused.value.error


def test_save_gets_the_hook_defaults(sdk):
    todo = Object.create("Todo", title="from the sdk")
    todo.save()
    fetched = Query("Todo").get(todo.id)
    assert fetched.get("priority") == 1 and fetched.get("seenByAfterSave") is True


def test_save_all_fires_hooks_per_object(sdk):
    todos = [Object.create("Todo", title=f"many {i}") for i in range(3)]
    Object.save_all(todos)
    for todo in todos:
        assert Query("Todo").get(todo.id).get("priority") == 1
    calls = sdk.hook_calls()
    assert all(calls[f"Todo.afterSave:{todo.id}"] == 1 for todo in todos)


def test_destroy_refused_by_before_delete(sdk):
    todo = Object.create("Todo", title="keep")
    todo.save()
    with pytest.raises(LeanCloudError) as refused:
        todo.destroy()
    assert refused.value.code == 142
    assert Query("Todo").get(todo.id).get("title") == "keep"


def test_ignore_hook_with_the_hook_key(sdk):
    config.reset()
    leanengine.init(APP_ID, APP_KEY, hook_key=HOOK_KEY)
    config.set_api_server(sdk.url)
    todo = Object.create("Todo", note="no hooks please")
    todo.ignore_hook("beforeSave")
    todo.save()
    assert Query("Todo").get(todo.id).get("priority") is None


def test_sign_up_login_and_functions_as_the_user(sdk):
    username = f"sdk-{uuid.uuid4().hex[:8]}"
    user = User()
    user.set_username(username)
    user.set_password("pw")
    user.sign_up()
    assert Query("_User").get(user.id).get("nickname") == "nick-" + username
    logged_in = User()
    logged_in.login(username, "pw")
    assert cloud.run("whoami") == {"username": username, "session": True}
    # Hooks get the saving user: afterSave counts this user's todos.
    Object.create("Todo", title="mine").save()
    counters = Query("TodoCount").equal_to("owner", logged_in.id).find()
    assert [c.get("count") for c in counters] == [1]
    Object.create("Todo", title="rpc from sdk").save()
    todos = cloud.rpc("todos_of", title="rpc from sdk")
    assert todos and all(isinstance(t, Object) and t.get("title") == "rpc from sdk" for t in todos)
    assert todos[0].get("priority") == 1


def test_on_login_refusal_through_the_sdk(sdk):
    username = f"banned-{uuid.uuid4().hex[:8]}"
    user = User()
    user.set_username(username)
    user.set_password("pw")
    user.sign_up()
    with pytest.raises(LeanCloudError) as refused:
        User().login(username, "pw")
    assert refused.value.code == 142
