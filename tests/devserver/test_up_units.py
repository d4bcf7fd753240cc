"""`leanengine up` pieces: keys on first run, environment export, request routing."""

import json
import os
import stat

from leanengine.devserver import DevDispatcher, export_to_environment, load_or_create_keys


def test_keys_generated_once_and_kept_private(tmp_path):
    keys, source = load_or_create_keys(str(tmp_path), environ={})
    assert "generated" in source
    path = tmp_path / "keys.json"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert json.loads(path.read_text())["master_key"] == keys.master_key
    again, source = load_or_create_keys(str(tmp_path), environ={})
    assert again == keys and "from" in source
    assert len({keys.app_key, keys.master_key, keys.hook_key}) == 3


def test_environment_keys_win(tmp_path):
    env = {"LEANCLOUD_APP_ID": "id", "LEANCLOUD_APP_KEY": "k", "LEANCLOUD_APP_MASTER_KEY": "m"}
    keys, source = load_or_create_keys(str(tmp_path), environ=env)
    assert (keys.app_id, keys.app_key, keys.master_key) == ("id", "k", "m")
    assert source == "from the environment"
    assert not (tmp_path / "keys.json").exists()


def test_export_points_the_sdk_at_the_local_api(tmp_path):
    keys, _ = load_or_create_keys(str(tmp_path), environ={})
    env = {}
    export_to_environment(keys, "http://127.0.0.1:3999", environ=env)
    assert env["LEANCLOUD_API_SERVER"] == "http://127.0.0.1:3999"
    assert env["LEANCLOUD_APP_HOOK_KEY"] == keys.hook_key


def test_dispatcher_routes_engine_api_and_pages():
    def named(name):
        def app(environ, start_response):
            start_response("200 OK", [])
            return [name.encode()]
        return app

    dispatcher = DevDispatcher(named("api"), named("app"))

    def where(path):
        return b"".join(dispatcher({"PATH_INFO": path}, lambda *a: None)).decode()

    assert where("/1.1/classes/Todo") == "api"
    assert where("/1/users/me") == "api"
    assert where("/1.1/functions/hello") == "app"
    assert where("/1.1/call/hello") == "app"
    assert where("/__engine/1/ping") == "app"
    assert where("/todos") == "app"


def test_dispatcher_serves_stored_files_at_the_root():
    def named(name):
        def app(environ, start_response):
            start_response("200 OK", [])
            return [name.encode()]
        return app

    dispatcher = DevDispatcher(named("api"), named("app"), is_file=lambda path: path == "/abc")

    def where(path, method="GET"):
        environ = {"PATH_INFO": path, "REQUEST_METHOD": method}
        return b"".join(dispatcher(environ, lambda *a: None)).decode()

    assert where("/abc") == "api"
    assert where("/abc", "HEAD") == "api"
    assert where("/abc", "POST") == "app"
    assert where("/other") == "app"
