"""Audit: JSON nested past what the decoder can follow is bad input (107), never a 500
with a traceback in the log, wherever the JSON comes in: the body, ``where``, a file's
query-string arguments or an old SDK's JSON upload."""

from __future__ import annotations

import pytest

from users_server import module_server

api = module_server("audit-bad-input")

DEEP = "[" * 5000 + "]" * 5000
DEEP_OBJECT = '{"a":' * 5000 + "1" + "}" * 5000
DEEP_ARGUMENT = "[" * 1100 + "]" * 1100          # short enough for a URL


def _traceback_free(api) -> None:
    assert "Traceback" not in api.log_path.read_text("utf-8")


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT])
def test_deep_body(api, body):
    for path in ("/1.1/classes/Deep", "/1.1/batch", "/1.1/users"):
        status, answer = api.post(path, raw=body.encode(), content_type="application/json")
        assert (status, answer["code"]) == (400, 107), (path, answer)
    _traceback_free(api)


def test_deep_where(api):
    for path in ("/1.1/classes/Deep", "/1.1/scan/classes/Deep"):
        status, answer = api.get(path, params={"where": DEEP_ARGUMENT}, master=True)
        assert (status, answer["code"]) == (400, 107), (path, answer)
    status, answer = api.put("/1.1/classes/Deep/0123456789abcdef01234567", {"a": 1},
                             params={"where": DEEP_ARGUMENT})
    assert (status, answer["code"]) == (400, 107)
    _traceback_free(api)


def test_deep_file_arguments(api):
    status, answer = api.post("/1.1/files/a.txt", raw=b"hello", content_type="text/plain",
                              params={"metaData": DEEP_ARGUMENT})
    assert (status, answer["code"]) == (400, 107)
    status, answer = api.post("/1.1/files/a.json", raw=DEEP_OBJECT.encode(),
                              content_type="application/json")
    assert status == 201, answer          # not an old SDK's form: stored as the file's bytes
    _traceback_free(api)
