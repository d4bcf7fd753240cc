"""Audit: a forged hook mark (``__before``/``__after``) is ignored, whatever bytes it holds,
and never answers a 500. The server runs with an engine that cannot be reached, so a write
whose mark is ignored tries its beforeSave hook and answers 142."""

from __future__ import annotations

import os
import time

import processes
import pytest
import requests

from core_helpers import APP_ID, APP_KEY, HOOK_KEY, MASTER_KEY

HEADERS = {"X-LC-Id": APP_ID, "X-LC-Key": APP_KEY}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("audit-hookmarks")
    port = processes.free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, LEANCLOUD_APP_ID=APP_ID, LEANCLOUD_APP_KEY=APP_KEY,
               LEANCLOUD_APP_MASTER_KEY=MASTER_KEY, LEANCLOUD_APP_HOOK_KEY=HOOK_KEY)
    log = tmp / "server.log"
    process = processes.start(
        [*processes.command("leanengine"), "serve", "--host", "127.0.0.1", "--port", str(port),
         "--data", str(tmp / "data"), "--engine-url", f"http://127.0.0.1:{processes.free_port()}"],
        url + "/1.1/date", log, env=env)
    yield url, log
    processes.stop(process)


NOW = "{now}"


@pytest.mark.parametrize("mark", [NOW + ",é", NOW + ",ü" + "0" * 39, NOW + ",", "١٢٣,abc",
                                  "x", 17, [NOW + ",a"]])
def test_forged_marks_are_ignored_without_a_500(server, mark):
    """A fresh timestamp (the signature is then compared) with non-ASCII or empty
    signatures, non-ASCII digits, no comma, and marks that are not text."""
    url, log = server
    now = str(int(time.time() * 1000))
    mark = [m.replace(NOW, now) for m in mark] if isinstance(mark, list) else \
        mark.replace(NOW, now) if isinstance(mark, str) else mark
    for kind in ("__before", "__after"):
        response = requests.post(url + "/1.1/classes/Marked", json={"x": 1, kind: mark},
                                 headers=HEADERS, timeout=30)
        assert response.status_code == 400, response.text
        assert response.json()["code"] == 142
    assert "Traceback" not in log.read_text("utf-8")
