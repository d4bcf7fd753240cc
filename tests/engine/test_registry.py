import warnings

import pytest

from leanengine import Engine, LeanCloudWarning, Object, User
from engine_support import MASTER_HEADERS


def test_define_bare_and_named(engine, client):
    @engine.define
    def hello():
        return "hello"

    @engine.define("fooBarBaz")
    def foo_bar_baz():
        return "yes"

    assert hello() == "hello" and foo_bar_baz() == "yes"  # the functions stay usable
    answer = client.post("/1.1/functions/_ops/metadatas", headers=MASTER_HEADERS).json
    assert answer == {"result": ["hello", "fooBarBaz"]}


def test_defining_a_name_twice_raises(engine):
    @engine.define
    def ping():
        return "pong"

    with pytest.raises(RuntimeError, match="ping"):
        @engine.define("ping")
        def another():
            pass


def test_hook_names_as_the_platform_reports_them(engine, client):
    class Todo(Object):
        pass

    for register in (engine.before_save, engine.after_save, engine.before_update,
                     engine.after_update, engine.before_delete, engine.after_delete):
        register("Todo" if register is not engine.after_delete else Todo)(lambda obj: None)
    engine.on_verified("sms")(lambda user: None)
    engine.on_verified("email")(lambda user: None)
    engine.on_login(lambda user: None)
    engine.on_auth_data(lambda auth_data: auth_data)
    engine.on_insight("end")(lambda ok, job: None)
    names = client.get("/1.1/functions/_ops/metadatas", headers=MASTER_HEADERS).json["result"]
    assert names == [
        "__before_save_for_Todo", "__after_save_for_Todo", "__before_update_for_Todo",
        "__after_update_for_Todo", "__before_delete_for_Todo", "__after_delete_for_Todo",
        "__on_verified_sms", "__on_verified_email", "__on_login__User",
        "__on_authdata__User", "__on_complete_bigquery_job",
    ]


def test_user_class_hooks_use_the_storage_class_name(engine):
    engine.before_save(User)(lambda user: None)
    assert engine.registry.names() == ["__before_save_for__User"]


def test_registering_a_hook_twice_raises(engine):
    engine.before_save("Todo")(lambda obj: None)
    with pytest.raises(RuntimeError, match="__before_save_for_Todo"):
        engine.before_save("Todo")(lambda obj: None)


def test_register_merges_engines_and_names_a_duplicate(engine):
    other = Engine()

    @other.define
    def from_other():
        return 1

    engine.register(other)
    assert "from_other" in engine.registry.names()

    third = Engine()
    third.define("from_other")(lambda: 2)
    third.define("fresh")(lambda: 3)
    with pytest.raises(RuntimeError, match="from_other"):
        engine.register(third)
    assert "fresh" not in engine.registry.names()  # nothing taken from a failed merge
    with pytest.raises(TypeError):
        engine.register(object())


def test_on_verified_kind_and_insight_event_are_checked(engine):
    with pytest.raises(ValueError):
        engine.on_verified("phone")
    with pytest.raises(ValueError):
        engine.on_insight("start")


def test_on_bigquery_is_deprecated_alias_of_on_insight(engine):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        engine.on_bigquery("end")(lambda ok, job: None)
    assert any(issubclass(w.category, LeanCloudWarning) for w in caught)
    assert engine.registry.names() == ["__on_complete_bigquery_job"]


def test_wrap_returns_the_engine_around_the_app():
    engine = Engine()
    assert engine.wrap(lambda environ, start_response: []) is engine


def test_run_local_calls_the_process_engine_without_http(engine):
    from leanengine import LeanEngineError
    from leanengine.engine import run_local

    engine.define("add")(lambda a, b: a + b)
    engine.define("_messageReceived")(lambda **params: "realtime")
    assert Engine.root is engine  # the engine given a web app
    assert run_local("add", a=1, b=2, _ApplicationId="dropped") == 3
    assert engine.run_local("add", a=2, b=2) == 4
    with pytest.raises(LeanEngineError) as refused:
        run_local("_messageReceived")
    assert (refused.value.code, refused.value.status) == (401, 401)
    with pytest.raises(LeanEngineError) as missing:
        run_local("nothing")
    assert missing.value.status == 404
    other = Engine()
    assert Engine.root is engine  # an engine without a web app does not take over
    assert other.wrap(lambda environ, start_response: []) is other and Engine.root is other
