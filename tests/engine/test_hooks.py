"""Class hooks, user hooks and the insight hook, as the storage service calls them."""

import time

import pytest
from engine_support import HOOK_HEADERS, HOOK_KEY, MASTER_KEY, PREFIXES

from leanengine import LeanEngineError, Object, User, current
from leanengine.protocol import hookmark


class Todo(Object):
    pass


def hook(client, path, body):
    return client.post(path, headers=HOOK_HEADERS, json=body)


def test_before_save_gets_a_typed_object_and_its_changes_come_back(engine, client):
    seen = {}

    @engine.before_save(Todo)
    def check(todo):
        seen["todo"] = todo
        todo.set("title", todo.get("title").strip())
        todo.set("checked", True)

    for prefix in PREFIXES:
        body = {"object": {"title": "  milk ", "done": False,
                           "due": {"__type": "Date", "iso": "2030-01-01T00:00:00.000Z"}}}
        response = hook(client, f"{prefix}/functions/Todo/beforeSave", body)
        assert response.status_code == 200
        assert response.json == {"title": "milk", "done": False, "checked": True,
                                 "due": {"__type": "Date", "iso": "2030-01-01T00:00:00.000Z"}}
    assert type(seen["todo"]) is Todo


def test_before_update_sees_updated_keys(engine, client):
    seen = {}

    @engine.before_update("Todo")
    def check(todo):
        seen["keys"] = todo.updated_keys
        seen["id"] = todo.id

    body = {"object": {"objectId": "t1", "title": "x", "_updatedKeys": ["title"]}}
    response = hook(client, "/1.1/functions/Todo/beforeUpdate", body)
    assert response.status_code == 200
    assert response.json["objectId"] == "t1" and "_updatedKeys" not in response.json
    assert seen == {"keys": ["title"], "id": "t1"}


def test_before_hook_error_keeps_its_code(engine, client):
    @engine.before_save("Todo")
    def refuse(todo):
        raise LeanEngineError(123, "title is required")

    response = hook(client, "/1.1/functions/Todo/beforeSave", {"object": {}})
    assert (response.status_code, response.json) == (400, {"code": 123, "error": "title is required"})


@pytest.mark.parametrize("hook_name", ["afterSave", "afterUpdate", "afterDelete"])
def test_after_hooks_answer_ok(engine, client, hook_name):
    seen = []
    getattr(engine, {"afterSave": "after_save", "afterUpdate": "after_update",
                     "afterDelete": "after_delete"}[hook_name])("Todo")(seen.append)
    response = hook(client, f"/1.1/functions/Todo/{hook_name}", {"object": {"objectId": "t9"}})
    assert (response.status_code, response.json) == (200, {"result": "ok"})
    assert seen[0].id == "t9"


def test_before_delete_answers_empty_object(engine, client):
    engine.before_delete("Todo")(lambda todo: None)
    response = hook(client, "/1.1/functions/Todo/beforeDelete", {"object": {"objectId": "t1"}})
    assert (response.status_code, response.json) == (200, {})


def test_hook_marks_are_signed_with_the_hook_key(engine, client):
    marks = {}

    @engine.before_save("Todo")
    def before(todo):
        marks["before"] = todo._dump_save().get("__before")

    @engine.after_save("Todo")
    def after(todo):
        marks["after"] = todo._dump_save().get("__after")

    hook(client, "/1.1/functions/Todo/beforeSave", {"object": {"title": "a"}})
    hook(client, "/1.1/functions/Todo/afterSave", {"object": {"objectId": "t1"}})
    assert hookmark.verify([HOOK_KEY], "__before_for_Todo", marks["before"])
    assert hookmark.verify([HOOK_KEY], "__after_for_Todo", marks["after"])
    assert not hookmark.verify([MASTER_KEY], "__before_for_Todo", marks["before"])
    ts = int(marks["before"].split(",")[0])
    assert abs(ts - time.time() * 1000) < 60_000


def test_an_existing_mark_is_kept_and_not_answered(engine, client):
    kept = {}

    @engine.before_save("Todo")
    def before(todo):
        kept["mark"] = todo._dump_save().get("__before")

    existing = hookmark.sign(HOOK_KEY, "__before_for_Todo", 1453711871302)
    response = hook(client, "/1.1/functions/Todo/beforeSave",
                    {"object": {"title": "a", "__before": existing}})
    assert kept["mark"] == existing
    assert response.json == {"title": "a"}


def test_the_user_hook_object_is_a_user(engine, client):
    seen = {}

    @engine.before_save("_User")
    def check(user):
        seen["user"] = user

    hook(client, "/1.1/functions/_User/beforeSave", {"object": {"username": "ada"}})
    assert isinstance(seen["user"], User) and seen["user"].get("username") == "ada"


def test_the_hook_callers_user_is_current(engine, client):
    seen = {}

    @engine.before_save("Todo")
    def check(todo):
        seen.update(user=current.user, token=current.session_token, sdk=User.get_current())

    body = {"object": {}, "user": {"objectId": "u1", "username": "ada", "sessionToken": "tok"}}
    hook(client, "/1.1/functions/Todo/beforeSave", body)
    assert isinstance(seen["user"], User) and seen["user"].id == "u1"
    assert seen["user"].get_session_token() == "tok" and seen["token"] == "tok"
    assert seen["sdk"] is seen["user"]
    assert current.user is None  # nothing leaks out of the request


def test_unregistered_or_unknown_hooks_answer_404_json(engine, client):
    engine.before_save("Todo")(lambda todo: None)
    for path in ("/1.1/functions/Todo/afterSave", "/1.1/functions/Other/beforeSave",
                 "/1.1/functions/Todo/beforeFly", "/1.1/functions/onVerified/sms",
                 "/1.1/functions/onVerified/phone", "/1.1/functions/_User/onLogin",
                 "/1.1/functions/_User/onAuthData", "/1.1/functions/BigQuery/onComplete"):
        response = hook(client, path, {"object": {}})
        assert response.status_code == 404, path
        assert response.json["code"] == 404


def test_hook_body_without_object_answers_107(engine, client):
    engine.before_save("Todo")(lambda todo: None)
    response = hook(client, "/1.1/functions/Todo/beforeSave", {"object": "nope"})
    assert (response.status_code, response.json["code"]) == (400, 107)


@pytest.mark.parametrize("kind", ["sms", "email"])
def test_on_verified(engine, client, kind):
    seen = []
    engine.on_verified(kind)(seen.append)
    response = hook(client, f"/1.1/functions/onVerified/{kind}",
                    {"object": {"objectId": "u1", "username": "ada"}})
    assert (response.status_code, response.json) == (200, {"result": "ok"})
    assert isinstance(seen[0], User) and seen[0].id == "u1"


def test_on_login_accepts_or_refuses(engine, client):
    @engine.on_login
    def only_ada(user):
        if user.get("username") != "ada":
            raise LeanEngineError(123, "not ada")

    ok = hook(client, "/1.1/functions/_User/onLogin", {"object": {"username": "ada"}})
    assert (ok.status_code, ok.json) == (200, {"result": "ok"})
    refused = hook(client, "/1.1/functions/_User/onLogin", {"object": {"username": "bob"}})
    assert (refused.status_code, refused.json) == (400, {"code": 123, "error": "not ada"})


def test_on_auth_data_returns_the_auth_data_to_use(engine, client):
    @engine.on_auth_data
    def fill_uid(auth_data):
        if auth_data["foo"]["openid"] == "openid":
            auth_data["foo"]["uid"] = "openid"
        return auth_data

    body = {"authData": {"foo": {"openid": "openid", "access_token": "t", "expires_in": 1}}}
    response = hook(client, "/1.1/functions/_User/onAuthData", body)
    assert response.json["result"]["foo"] == {"openid": "openid", "access_token": "t",
                                              "expires_in": 1, "uid": "openid"}


@pytest.mark.parametrize("source", ["BigQuery", "Insight"])
def test_insight_job_completion(engine, client, source):
    seen = []

    @engine.on_insight("end")
    def on_end(ok, job):
        seen.append((ok, job))
        return "noted"

    job = {"id": "job id", "status": "OK", "message": "", "__sign": "1,x"}
    response = hook(client, f"/1.1/functions/{source}/onComplete", job)
    assert response.json == {"result": "noted"}
    assert seen == [(True, {"id": "job id", "status": "OK", "message": ""})]
    hook(client, f"/1.1/functions/{source}/onComplete", {"id": "2", "status": "ERROR"})
    assert seen[1][0] is False


def test_hook_object_with_broken_typed_values_answers_107(engine, client):
    engine.before_save("Todo")(lambda todo: None)
    response = hook(client, "/1.1/functions/Todo/beforeSave",
                    {"object": {"due": {"__type": "Date", "iso": "nope"}}})
    assert (response.status_code, response.json["code"]) == (400, 107)
