"""Attacks on the HTTP boundary of ``leanengine serve``: batches that multiply work or nest,
signatures replayed long after, HEAD answers that desynchronise a kept-alive connection,
client JSON no store can take (a lone surrogate), batch items of the wrong shape, folded
headers, slow clients, and a data directory that cannot take a write. Each test makes the
attack with raw HTTP against a real server and checks the answer and what was stored."""

from __future__ import annotations

import hashlib
import json
import socket
import sys
import time
import uuid

import processes
import pytest

import leanengine
from leanengine import config
from leanengine.storage import client
from users_server import APP_ID, APP_KEY, MASTER_KEY, module_server, start, stop

UNAUTHORIZED = {"code": 401, "error": "Unauthorized."}

api = module_server("http-attacks")

# A server with tight limits, to make the bounds visible with little data.
BUDGET = 4 * 1024 * 1024
MAX_REQUESTS = 40
TIGHT_ENV = {
    "LEANENGINE_BATCH_MAX_REQUESTS": str(MAX_REQUESTS),
    "LEANENGINE_BATCH_MAX_ANSWER_BYTES": str(BUDGET),
    "LEANENGINE_SIGN_MAX_AGE": "60",
    "LEANENGINE_SOCKET_TIMEOUT": "1",
}


@pytest.fixture(scope="module")
def tight(tmp_path_factory):
    process, api = start(tmp_path_factory.mktemp("http-attacks-tight"), TIGHT_ENV)
    api.pid = process.pid
    yield api
    stop(process)


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def batch(api, items, **kw):
    return api.post("/1.1/batch", {"requests": items}, **kw)


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


# -- batches ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/1.1/batch", "/1/batch", "batch", "/batch",
                                  "/1.1/batch?x=1", "/1.1/batch/"])
def test_a_batch_inside_a_batch_is_refused(api, path):
    inner = {"requests": [{"method": "GET", "path": "/1.1/date"}] * 3}
    status, answer = batch(api, [{"method": "POST", "path": path, "body": inner},
                                 {"method": "GET", "path": "/1.1/date"}])
    assert status == 200
    assert answer[0] == {"error": {"code": 107,
                                   "error": "A batch request cannot hold another batch."}}
    assert answer[1]["success"]["__type"] == "Date"     # the batch's other items still run


def test_three_levels_of_batches_run_nothing_inside(api):
    level = {"requests": [{"method": "GET", "path": "/1.1/date"}] * 5}
    for _ in range(2):
        level = {"requests": [{"method": "POST", "path": "/1.1/batch", "body": level}] * 5}
    status, answer = api.post("/1.1/batch", level)
    assert status == 200 and len(answer) == 5
    assert all(item["error"]["code"] == 107 for item in answer)


def test_more_requests_than_the_limit_are_refused(tight):
    status, answer = batch(tight, [{"method": "GET", "path": "/1.1/date"}] * (MAX_REQUESTS + 1))
    assert (status, answer) == (400, {"code": 107,
                                      "error": f"A batch holds at most {MAX_REQUESTS} requests."})
    status, answer = batch(tight, [{"method": "GET", "path": "/1.1/date"}] * MAX_REQUESTS)
    assert status == 200 and len(answer) == MAX_REQUESTS


def test_a_batch_of_large_finds_answers_within_its_budget(tight):
    """Each find answers 1000 objects of 4 KB (4 MB); 40 of them made a 160 MB answer and
    several times that in memory. Past the budget, items answer 116 without running."""
    class_name = unique("Big")
    pad = "x" * 4000
    for start_at in range(0, 1000, MAX_REQUESTS):
        status, created = batch(tight, [
            {"method": "POST", "path": f"/1.1/classes/{class_name}", "body": {"i": i, "pad": pad}}
            for i in range(start_at, min(start_at + MAX_REQUESTS, 1000))], master=True)
        assert status == 200 and all("success" in item for item in created)
    before = rss_kib(tight.pid)
    find = {"method": "GET", "path": f"/1.1/classes/{class_name}", "params": {"limit": 1000}}
    response = tight.http.post(tight.url + "/1.1/batch", json={"requests": [find] * MAX_REQUESTS},
                               headers=tight.headers(master=True))
    grown_mib = (rss_kib(tight.pid) - before) / 1024
    assert response.status_code == 200
    answer = response.json()
    assert len(answer) == MAX_REQUESTS
    assert len(answer[0]["success"]["results"]) == 1000
    refused = [item for item in answer if "error" in item]
    assert len(refused) >= MAX_REQUESTS - 2
    assert refused[-1] == {"error": {"code": 116, "error": "The batch's answer reached its size "
                                                           "limit: this request was not run."}}
    # the budget, passed by at most the one find that started within it, plus the refusals
    one_find = len(json.dumps(answer[0], separators=(",", ":")))
    one_refusal = len(json.dumps(refused[-1], separators=(",", ":")))
    assert len(response.content) <= BUDGET + one_find + MAX_REQUESTS * (one_refusal + 1)
    assert grown_mib < 100, grown_mib


def test_writes_past_the_budget_are_not_run(tight):
    class_name = unique("Spent")
    for _ in range(2):      # a find answers 200 KB: 39 of them pass the 4 MB budget
        status, _ = tight.post(f"/1.1/classes/{class_name}", {"pad": "y" * 100_000}, master=True)
        assert status == 201
    find = {"method": "GET", "path": f"/1.1/classes/{class_name}", "params": {"limit": 1000}}
    write = {"method": "POST", "path": f"/1.1/classes/{class_name}", "body": {"late": True}}
    status, answer = batch(tight, [find] * 39 + [write], master=True)
    assert status == 200 and answer[-1]["error"]["code"] == 116
    status, found = tight.get(f"/1.1/classes/{class_name}", params={"where": {"late": True}},
                              master=True)
    assert found["results"] == []


hurried = module_server("http-attacks-hurried", {"LEANENGINE_BATCH_MAX_SECONDS": "0.000001"})


def test_items_past_the_time_budget_are_not_run(hurried):
    """A batch holds the store's write transaction while it runs, and each item may fire
    hooks: past its time, the items left answer 124 without running."""
    class_name = unique("Hurried")
    items = [{"method": "POST", "path": f"/1.1/classes/{class_name}", "body": {"i": i}}
             for i in range(20)]
    status, answer = batch(hurried, items)
    assert status == 200 and len(answer) == 20
    assert answer[-1] == {"error": {"code": 124, "error": "The batch ran out of time: "
                                                          "this request was not run."}}
    ran = [item for item in answer if "success" in item]
    status, counted = hurried.get(f"/1.1/classes/{class_name}", params={"count": 1, "limit": 0})
    assert counted["count"] == len(ran) < 20


@pytest.mark.parametrize("item, message", [
    ({"method": "GET", "path": "/1.1/classes/Shape", "params": "where"},
     "A batch request's params must be an object."),
    ({"method": "GET", "path": "/1.1/classes/Shape", "params": 5},
     "A batch request's params must be an object."),
    ({"method": "GET", "path": "/1.1/classes/Shape", "params": [1]},
     "A batch request's params must be an object."),
    ({"method": "GET", "path": "/1.1/classes/Shape", "body": "x"}, "The body must be a JSON object."),
    ({"method": "DELETE", "path": "/1.1/classes/Shape/x", "body": 5},
     "The body must be a JSON object."),
    ({"method": "POST", "path": "/1.1/classes/Shape", "body": "x"}, "The body must be a JSON object."),
    ({"method": "POST"}, "A batch request needs method and path."),
    ({"method": "POST", "path": 5}, "A batch request needs method and path."),
    ({"method": ["GET"], "path": "/1.1/date"}, "A batch request needs method and path."),
    ("GET /1.1/date", "A batch request needs method and path."),
])
def test_batch_items_of_the_wrong_shape_answer_107(api, item, message):
    status, answer = batch(api, [item, {"method": "GET", "path": "/1.1/date"}])
    assert status == 200
    assert answer[0] == {"error": {"code": 107, "error": message}}
    assert "success" in answer[1]


@pytest.mark.parametrize("method, path", [
    ("GET", "/1.1/captchas/{token}"), ("GET", "/1.1/verifyEmail/nope"),
    ("GET", "/1.1/resetPassword/nope"), ("POST", "/1.1/files/a.txt"),
    ("POST", "/1.1/fileUploads/nope"), ("POST", "/1.1/functions/hello"),
])
def test_batch_items_for_routes_that_do_not_speak_json_answer_107(api, method, path):
    """A page, an image or a raw body inside a batch made the whole batch a 500."""
    token = api.get("/1.1/requestCaptcha")[1]["captcha_token"]
    status, answer = batch(api, [{"method": method, "path": path.format(token=token), "body": {}},
                                 {"method": "GET", "path": "/1.1/date"}])
    assert status == 200
    assert answer[0] == {"error": {"code": 107,
                                   "error": "This request cannot be made inside another one."}}
    assert "success" in answer[1]


def test_batch_item_of_an_unknown_method(api):
    status, answer = batch(api, [{"method": "BREW", "path": "/1.1/classes/Shape"}])
    assert (status, answer) == (200, [{"error": {"code": 405, "error": "Method not allowed."}}])


# -- signatures ---------------------------------------------------------------------------

def signed(api, sign: str):
    return api.http.get(api.url + "/1.1/classes/Signed",
                        headers={"X-LC-Id": APP_ID, "X-LC-Sign": sign})


def sign_at(key: str, timestamp, master: bool = False) -> str:
    digest = hashlib.md5(f"{timestamp}{key}".encode()).hexdigest()
    return f"{digest},{timestamp}" + (",master" if master else "")


def test_a_signature_from_1970_is_refused(api):
    response = signed(api, sign_at(MASTER_KEY, 1, master=True))
    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)
    response = signed(api, sign_at(APP_KEY, 1453014943466))     # rest.mdx's own example
    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)


def test_signatures_within_the_window_pass_and_outside_it_are_refused(api):
    now = int(time.time() * 1000)
    for offset_minutes, accepted in ((0, True), (-5, True), (5, True), (-20, False), (20, False)):
        timestamp = now + offset_minutes * 60_000
        for sign in (sign_at(APP_KEY, timestamp), sign_at(MASTER_KEY, timestamp, master=True)):
            response = signed(api, sign)
            assert response.status_code == (200 if accepted else 401), (offset_minutes, sign)


def test_the_window_is_configurable(tight):
    five_minutes_ago = int(time.time() * 1000) - 5 * 60_000
    response = signed(tight, sign_at(APP_KEY, five_minutes_ago))
    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)
    assert signed(tight, sign_at(APP_KEY, int(time.time() * 1000))).status_code == 200


@pytest.mark.parametrize("timestamp", ["abc", "-1", "", " 1", "\u00b2\u00b3",
                                       "9" * 5000, "1e12", "0x10"])
def test_absurd_timestamps_are_refused_not_500(api, timestamp):
    response = signed(api, sign_at(APP_KEY, timestamp))
    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)


def test_the_storage_sdk_signs_with_the_current_time(api):
    leanengine.init(APP_ID, APP_KEY)
    config.set_api_server(api.url)
    try:
        class_name = unique("Sdk")
        todo = leanengine.Object.create(class_name, title="signed now")
        todo.save()
        assert leanengine.Query(class_name).get(todo.id).get("title") == "signed now"
        sign = client.headers()["X-LC-Sign"]
        assert abs(int(sign.split(",")[1]) - time.time() * 1000) < 60_000
    finally:
        config.set_api_server(None)
        config.reset()


# -- HEAD -------------------------------------------------------------------------------

def raw_exchange(url: str, data: bytes, timeout: float = 10) -> bytes:
    """Send ``data`` on one connection and read all that comes back until it closes."""
    host, port = url.split("//")[1].split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(data)
        received = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return received
            received += chunk


def parse_answers(data: bytes, head_first: bool) -> list[tuple[int, dict, bytes]]:
    """Split what came back into answers, reading the first as a HEAD answer (no body,
    whatever Content-Length says) when ``head_first``."""
    answers = []
    while data:
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        assert lines[0].startswith(b"HTTP/1.1 "), data     # not the rest of a body
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in
                   (line.decode().partition(":") for line in lines[1:])}
        length = 0 if head_first and not answers else int(headers.get("content-length", 0))
        answers.append((status, headers, rest[:length]))
        data = rest[length:]
    return answers


@pytest.mark.parametrize("path", ["/1.1/date", "/1.1/classes/Head", "/1.1/users/me",
                                  "/1.1/nowhere"])
def test_head_answers_carry_no_body(api, path):
    request = (f"HEAD {path} HTTP/1.1\r\nHost: x\r\nX-LC-Id: {APP_ID}\r\nX-LC-Key: {APP_KEY}\r\n\r\n"
               f"GET /1.1/date HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").encode()
    received = raw_exchange(api.url, request)
    answers = parse_answers(received, head_first=True)
    assert len(answers) == 2, received
    status, headers, body = answers[1]          # the GET after the HEAD parses as itself
    assert status == 200 and json.loads(body)["__type"] == "Date", received


# -- lone surrogates ----------------------------------------------------------------------

LONE = '"\\ud800"'
MALFORMED_BODY = {"code": 107, "error": "Malformed json object. A json dictionary is expected."}
MALFORMED_QUERY = {"code": 107, "error": "Malformed json text in the query string."}


@pytest.mark.parametrize("path", ["/1.1/classes/Lone", "/1.1/users", "/1.1/classes/_User",
                                  "/1.1/roles", "/1.1/installations", "/1.1/fileTokens",
                                  "/1.1/requestSmsCode", "/1.1/login"])
@pytest.mark.parametrize("text", ['{"s":%s}' % LONE, '{"s":"a\\udc00b"}',
                                  '{"s":{"%s":1}}' % "\\udbff", '{"s":["\\ud83d\\u0041"]}'])
def test_a_lone_surrogate_in_a_body_answers_107(api, path, text):
    status, answer = api.post(path, raw=text.encode(), content_type="application/json",
                              master=True)
    assert (status, answer) == (400, MALFORMED_BODY)


def test_a_lone_surrogate_in_an_update_or_batch_answers_107(api):
    class_name = unique("Lone")
    status, created = api.post(f"/1.1/classes/{class_name}", {"s": "kept"})
    assert status == 201
    path = f"/1.1/classes/{class_name}/{created['objectId']}"
    status, answer = api.put(path, raw=('{"s":%s}' % LONE).encode(), content_type="application/json")
    assert (status, answer) == (400, MALFORMED_BODY)
    text = '{"requests":[{"method":"PUT","path":"%s","body":{"s":%s}}]}' % (path, LONE)
    status, answer = api.post("/1.1/batch", raw=text.encode(), content_type="application/json")
    assert (status, answer) == (400, MALFORMED_BODY)
    assert api.get(path)[1]["s"] == "kept"


@pytest.mark.parametrize("name, value", [
    ("where", '{"s":%s}' % LONE),
    ("where", '{"s":{"$in":["\\udfff"]}}'),
    ("order", LONE),
    ("keys", "\\ud800"),
])
def test_a_lone_surrogate_in_the_query_string_answers_107(api, name, value):
    status, answer = api.get("/1.1/classes/Lone", params={name: value})
    assert (status, answer) == (400, MALFORMED_QUERY)


def test_a_lone_surrogate_in_cql_pvalues_or_a_batch_query_answers_107(api):
    status, answer = api.get("/1.1/cloudQuery", params={"cql": "select * from Lone where s = ?",
                                                        "pvalues": "[%s]" % LONE})
    assert (status, answer) == (400, MALFORMED_QUERY)
    status, answer = batch(api, [{"method": "GET", "path": "/1.1/classes/Lone",
                                  "params": {"where": '{"s":%s}' % LONE}}])
    assert (status, answer) == (200, [{"error": MALFORMED_QUERY}])
    status, answer = api.post("/1.1/classes/Lone", {"_method": "GET",
                                                    "where": '{"s":%s}' % LONE})
    assert (status, answer) == (400, MALFORMED_QUERY)


def test_well_formed_pairs_and_escaped_backslashes_are_kept(api):
    class_name = unique("Pair")
    text = '{"emoji":"\\ud83d\\ude00","escaped":"\\\\ud800"}'
    status, created = api.post(f"/1.1/classes/{class_name}", raw=text.encode(),
                               content_type="application/json")
    assert status == 201, created
    status, found = api.get(f"/1.1/classes/{class_name}/{created['objectId']}")
    assert (found["emoji"], found["escaped"]) == ("\U0001F600", "\\ud800")
    status, found = api.get(f"/1.1/classes/{class_name}",
                            params={"where": '{"emoji":"\\ud83d\\ude00"}'})
    assert status == 200 and len(found["results"]) == 1


def test_a_lone_surrogate_in_a_password_reset_body_answers_107(api):
    email = f"{unique('reset')}@example.com"
    api.sign_up(unique("reset"), email=email)
    status, _ = api.post("/1.1/requestPasswordReset", {"email": email})
    assert status == 200
    link = api.last_message(email)["link"]
    status, answer = api.request("POST", link, raw=b'{"password":"\\ud800"}',
                                 content_type="application/json", key=False)
    assert (status, answer["code"]) == (400, 107)
    assert "Traceback" not in api.log_path.read_text("utf-8")


# -- headers and slow clients -------------------------------------------------------------

def test_a_folded_header_on_a_preflight_is_answered(api):
    request = (b"OPTIONS /1.1/classes/Todo HTTP/1.1\r\nHost: x\r\nOrigin: https://a.example\r\n"
               b"Access-Control-Request-Method: POST\r\n"
               b"Access-Control-Request-Headers: x-lc-id,\r\n x-lc-key\r\n"
               b"Connection: close\r\n\r\n")
    received = raw_exchange(api.url, request)
    status, headers, _ = parse_answers(received, head_first=False)[0]
    assert status == 200, received
    assert headers["access-control-allow-headers"].split() == ["x-lc-id,", "x-lc-key"]


def test_a_stored_value_with_a_line_break_cannot_split_the_answer_headers(api):
    """A file's MIME type, chosen by its uploader, is the Content-Type it is served with."""
    status, token = api.post("/1.1/fileTokens", {"name": "a.txt",
                                                 "mime_type": "text/html\r\nSet-Cookie: evil=1"})
    assert status == 200
    assert api.http.put(token["upload_url"], data=b"hello").status_code == 200
    assert api.post("/1.1/fileCallback", {"token": token["token"], "result": True})[0] == 200
    received = raw_exchange(api.url, f"GET /{token['key']} HTTP/1.1\r\nHost: x\r\n"
                                     f"Connection: close\r\n\r\n".encode())
    status, headers, body = parse_answers(received, head_first=False)[0]
    assert (status, body) == (200, b"hello"), received
    assert "set-cookie" not in headers
    assert headers["content-type"].startswith("text/html")


def test_a_stalled_body_answers_408_and_frees_the_connection(tight):
    request = (f"POST /1.1/classes/Slow HTTP/1.1\r\nHost: x\r\nX-LC-Id: {APP_ID}\r\n"
               f"X-LC-Key: {APP_KEY}\r\nContent-Type: application/json\r\n"
               f"Content-Length: 100\r\n\r\n{{\"a\":").encode()
    received = raw_exchange(tight.url, request, timeout=30)
    status, _, body = parse_answers(received, head_first=False)[0]
    assert (status, json.loads(body)) == (408, {"code": 124, "error": "Request timeout."})
    assert tight.get("/1.1/classes/Slow")[1]["results"] == []


def test_stalled_headers_are_dropped(tight):
    host, port = tight.url.split("//")[1].split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(b"GET /1.1/date HTTP/1.1\r\nHost: x\r\n")   # and never the blank line
        started = time.monotonic()
        while sock.recv(65536):
            pass
        assert time.monotonic() - started < 25      # closed by the server, not by our timeout


# -- a data directory that cannot take a write --------------------------------------------

LIMIT_FILES = ("import os, resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
               "resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]),) * 2); "
               "os.execv(sys.argv[2], sys.argv[2:])")


@pytest.fixture(scope="module")
def full_disk(tmp_path_factory, monkeypatch_module):
    """A server whose files cannot grow past 1.5 MB (as a full disk): writes fail with
    EFBIG in SQLite's files."""
    script = processes.command("leanengine")
    monkeypatch_module.setattr(processes, "command", lambda name: [
        sys.executable, "-c", LIMIT_FILES, str(1_500_000), *script] if name == "leanengine"
        else script)
    process, api = start(tmp_path_factory.mktemp("http-attacks-full"))
    yield api
    stop(process)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


UNAVAILABLE = {"code": 1, "error": "Storage unavailable: the data directory is full or read-only."}


def test_a_full_data_directory_answers_503_and_writes_nothing_half(full_disk):
    class_name = unique("Full")
    stored, refused = 0, None
    for i in range(200):
        status, answer = full_disk.post(f"/1.1/classes/{class_name}", {"i": i, "pad": "z" * 20000})
        if status != 201:
            refused = (status, answer)
            break
        stored += 1
    assert refused == (503, UNAVAILABLE)
    status, answer = batch(full_disk, [{"method": "POST", "path": f"/1.1/classes/{class_name}",
                                        "body": {"pad": "w" * 20000}}] * 10)
    assert (status, answer) == (503, UNAVAILABLE)
    status, answer = full_disk.post("/1.1/users", {"username": unique("u"), "password": "pw"})
    assert (status, answer) == (503, UNAVAILABLE)
    status, answer = full_disk.post("/1.1/files/big.bin", raw=b"b" * 2_000_000,
                                    content_type="application/octet-stream")
    assert (status, answer) == (503, UNAVAILABLE)
    status, files = full_disk.get("/1.1/classes/_File", params={"where": {"name": "big.bin"}},
                                  master=True)
    assert (status, files["results"]) == (200, [])
    assert not list(full_disk.data_dir.rglob(".upload-*"))
    status, counted = full_disk.get(f"/1.1/classes/{class_name}", params={"count": 1, "limit": 0})
    assert (status, counted["count"]) == (200, stored)
    assert full_disk.get("/1.1/date")[0] == 200
    assert "Traceback" not in full_disk.log_path.read_text("utf-8")
