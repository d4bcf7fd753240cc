"""The current user is per request: concurrent greenlets and engine requests never see
each other's user, while a plain script has one process-wide current user."""

import os
import sys
import threading
import time

import gevent
import processes
import pytest
import requests
from werkzeug.serving import make_server

import leanengine
from leanengine import context
from leanengine.protocol.credentials import make_sign
from leanengine.storage import client

pytestmark = pytest.mark.usefixtures("online")


def test_each_greenlet_has_its_own_current_user(new_user):
    users = [new_user()[0] for _ in range(4)]
    leanengine.User.set_current(None)
    seen = {}

    def request(user):
        with context.request_scope(context.RequestContext()):
            me = leanengine.User.become(user.session_token)
            for _ in range(5):
                gevent.sleep(0.001)  # let the other greenlets run in between
                current = leanengine.User.get_current()
                assert current is me
                assert client.headers()["X-LC-Session"] == user.session_token
            # A request made now carries this greenlet's session.
            seen[user.id] = client.get("/users/me")["objectId"]

    gevent.joinall([gevent.spawn(request, u) for u in users], raise_error=True)
    assert seen == {u.id: u.id for u in users}
    assert leanengine.User.get_current() is None  # the script's own user is untouched


def test_script_current_user_is_process_wide(new_user):
    user, _ = new_user()
    box = {}
    thread = threading.Thread(target=lambda: box.setdefault("u", leanengine.User.get_current()))
    thread.start()
    thread.join()
    assert box["u"] is user


def test_concurrent_engine_requests_see_their_own_users(online, new_user):
    from leanengine.engine import Engine
    engine = Engine()

    @engine.define
    def whoami():
        first = leanengine.User.get_current().id
        time.sleep(0.05)  # overlap with the other requests
        return [first, leanengine.User.get_current().id, client.get("/users/me")["objectId"]]

    users = [new_user()[0] for _ in range(4)]
    leanengine.User.set_current(None)
    server = make_server("127.0.0.1", 0, engine, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/1.1/functions/whoami"
    keys = leanengine.config.keys()
    answers = {}

    def call(user):
        headers = {"X-LC-Id": keys.app_id, "X-LC-Session": user.session_token,
                   "X-LC-Sign": make_sign(keys.app_key, int(time.time() * 1000)),
                   "Content-Type": "application/json"}
        answers[user.id] = requests.post(url, data="{}", headers=headers, timeout=15).json()

    try:
        run_in_threads(call, users)
    finally:
        server.shutdown()
    assert answers == {u.id: {"result": [u.id, u.id, u.id]} for u in users}


def run_in_threads(func, items) -> None:
    """``func(item)`` for every item, each in its own thread, all at once."""
    threads = [threading.Thread(target=func, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


GEVENT_APP = '''
from gevent import monkey
monkey.patch_all()

import sys

import gevent
from gevent.pywsgi import WSGIServer

import leanengine
from leanengine.engine import Engine
from leanengine.storage import client

engine = Engine()


@engine.define
def whoami():
    first = leanengine.User.get_current().id
    gevent.sleep(0.05)  # the other requests' greenlets run meanwhile
    me = client.get("/users/me")["objectId"]  # cooperative I/O, also a switch point
    return [first, leanengine.User.get_current().id, me,
            monkey.is_module_patched("threading")]


WSGIServer(("127.0.0.1", int(sys.argv[1])), engine, log=None).serve_forever()
'''


def test_engine_under_gevent_keeps_users_apart(online, new_user, tmp_path):
    """The deployed shape (monkey-patched gevent): each request is a greenlet."""
    users = [new_user()[0] for _ in range(8)]
    leanengine.User.set_current(None)
    script = tmp_path / "gevent_app.py"
    script.write_text(GEVENT_APP)
    port = processes.free_port()
    keys = leanengine.config.keys()
    env = dict(os.environ, LEANCLOUD_APP_ID=keys.app_id, LEANCLOUD_APP_KEY=keys.app_key,
               LEANCLOUD_APP_MASTER_KEY=keys.master_key, LEANCLOUD_APP_HOOK_KEY=keys.hook_key,
               LEANCLOUD_API_SERVER=online.url)
    proc = processes.start([sys.executable, str(script), str(port)],
                           f"http://127.0.0.1:{port}/__engine/1/ping", tmp_path / "app.log",
                           env=env)
    url = f"http://127.0.0.1:{port}/1.1/functions/whoami"
    try:
        answers = {}

        def call(user):
            headers = {"X-LC-Id": keys.app_id, "X-LC-Session": user.session_token,
                       "X-LC-Sign": make_sign(keys.app_key, int(time.time() * 1000)),
                       "Content-Type": "application/json"}
            answers[user.id] = requests.post(url, data="{}", headers=headers,
                                             timeout=15).json()

        run_in_threads(call, users)
    finally:
        processes.stop(proc)
    assert answers == {u.id: {"result": [u.id, u.id, u.id, True]} for u in users}
