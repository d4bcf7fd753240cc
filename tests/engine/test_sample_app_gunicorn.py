"""End to end: the sample app under gunicorn with the gevent worker, called over HTTP."""

import os
from pathlib import Path

import processes
import pytest
import requests
from engine_support import APP_HEADERS, API_KEYS, HOOK_HEADERS


ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sample_app(tmp_path_factory):
    port = processes.free_port()
    app_id, app_key, master_key, hook_key = API_KEYS
    env = dict(os.environ, LEANCLOUD_APP_ID=app_id, LEANCLOUD_APP_KEY=app_key,
               LEANCLOUD_APP_MASTER_KEY=master_key, LEANCLOUD_APP_HOOK_KEY=hook_key,
               LEANCLOUD_APP_PORT=str(port))
    env.pop("LEANCLOUD_APP_ENV", None)
    url = f"http://127.0.0.1:{port}"
    proc = processes.start(
        [*processes.command("gunicorn"), "sample_app.wsgi:app", "-k", "gevent", "-w", "1",
         "-b", f"127.0.0.1:{port}"], url + "/__engine/1/ping",
        tmp_path_factory.mktemp("gunicorn") / "gunicorn.log", env=env, cwd=ROOT)
    try:
        yield url
    finally:
        processes.stop(proc)


def test_ping(sample_app):
    assert requests.get(sample_app + "/__engine/1/ping").json()["runtime"].startswith("cpython-")


def test_function_over_http(sample_app):
    response = requests.post(sample_app + "/1.1/functions/hello", headers=APP_HEADERS,
                             json={"name": "Ada"})
    assert response.status_code == 200
    assert response.json() == {"result": "Hello, Ada!"}
    refused = requests.post(sample_app + "/1.1/functions/hello", json={"name": "Ada"})
    assert refused.status_code == 401


def test_before_save_hook_over_http(sample_app):
    response = requests.post(sample_app + "/1.1/functions/Todo/beforeSave", headers=HOOK_HEADERS,
                             json={"object": {"title": "  buy milk  "}})
    assert response.status_code == 200
    assert response.json() == {"title": "buy milk", "done": False}
    refused = requests.post(sample_app + "/1.1/functions/Todo/beforeSave", headers=HOOK_HEADERS,
                            json={"object": {"title": " "}})
    assert refused.status_code == 400
    assert refused.json() == {"code": 400, "error": "A todo needs a title."}


def test_metadatas_and_web_page(sample_app):
    app_id, _, master_key, _ = API_KEYS
    names = requests.get(sample_app + "/1.1/functions/_ops/metadatas",
                         headers={"X-LC-Id": app_id, "X-LC-Key": f"{master_key},master"}).json()
    assert {"hello", "__before_save_for_Todo", "__after_save_for_Todo",
            "__on_login__User"} <= set(names["result"])
    page = requests.get(sample_app + "/")
    assert page.status_code == 200 and "Log in" in page.text
