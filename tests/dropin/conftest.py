"""A real ``leanengine serve`` for the drop-in tests, and the SDK pointed at it."""

from __future__ import annotations

import os

import processes
import pytest

from dropin_support import APP_ID, APP_KEY, HOOK_KEY, MASTER_KEY
from leanengine import config, context


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("dropin-data")
    port = processes.free_port()
    env = dict(os.environ, LEANCLOUD_APP_ID=APP_ID, LEANCLOUD_APP_KEY=APP_KEY,
               LEANCLOUD_APP_MASTER_KEY=MASTER_KEY, LEANCLOUD_APP_HOOK_KEY=HOOK_KEY)
    env.pop("LEANCLOUD_API_SERVER", None)
    url = f"http://127.0.0.1:{port}"
    proc = processes.start([*processes.command("leanengine"), "serve", "--host", "127.0.0.1",
                            "--port", str(port), "--data", str(data_dir)],
                           url + "/1.1/date", data_dir / "server.log", env=env)
    try:
        yield url
    finally:
        processes.stop(proc)


@pytest.fixture
def online(server_url):
    """``leancloud.init`` as a LeanCloud app calls it, against the test server."""
    import leancloud
    leancloud.init(APP_ID, APP_KEY, MASTER_KEY, HOOK_KEY)
    config.set_api_server(server_url)
    context.get().user = None
    context.get().session_token = None
    yield server_url
    context.get().user = None
    context.get().session_token = None
    config.reset()
