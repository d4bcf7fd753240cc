"""What the SDK puts on the wire, seen by a small recording HTTP server on 127.0.0.1.

These pin the request shapes that LeanCloud-compatible servers depend on (PROTOCOL.md,
"Details that real clients depend on"), independent of this project's own server.
"""

import http.server
import json
import threading
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlsplit

import pytest

import leanengine
from leanengine import config, context


def _json_or_raw(raw: bytes):
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw


class Recorder(http.server.BaseHTTPRequestHandler):
    answers: dict = {}
    seen: list = []

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        self.seen.append({
            "method": self.command, "path": parts.path,
            "query": {k: v[0] for k, v in parse_qs(parts.query).items()},
            "headers": dict(self.headers), "body": _json_or_raw(raw)})
        answer = self.answers.get((self.command, parts.path), {})
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _handle

    def log_message(self, *args):
        pass


@pytest.fixture
def wire():
    Recorder.answers = {}
    Recorder.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    config.init("wire-app", "wire-key", "wire-master")
    config.set_api_server(f"http://127.0.0.1:{server.server_port}")
    yield Recorder
    server.shutdown()
    server.server_close()
    config.reset()
    context.get().user = None
    context.get().session_token = None


CREATED = {"objectId": "o1", "createdAt": "2020-01-01T00:00:00.000Z"}


def test_sign_up_posts_to_classes_user_and_keeps_the_token(wire):
    wire.answers[("POST", "/1.1/classes/_User")] = {**CREATED, "sessionToken": "st1"}
    user = leanengine.User()
    user.sign_up("tom", "secret")
    request = wire.seen[-1]
    assert request["body"] == {"username": "tom", "password": "secret"}
    assert user.session_token == "st1" and leanengine.User.get_current() is user
    # Later requests carry the session.
    wire.answers[("GET", "/1.1/classes/Todo")] = {"results": []}
    leanengine.Query("Todo").find()
    assert wire.seen[-1]["headers"]["X-LC-Session"] == "st1"


def test_become_sends_the_token_as_a_parameter(wire):
    wire.answers[("GET", "/1.1/users/me")] = {**CREATED, "username": "tom"}
    user = leanengine.User.become("tok-9")
    request = wire.seen[-1]
    assert request["query"] == {"session_token": "tok-9"}
    assert user.get_username() == "tom" and user.session_token == "tok-9"


def test_become_with_an_empty_answer_is_211(wire):
    with pytest.raises(leanengine.LeanCloudError) as info:
        leanengine.User.become("nothing")
    assert info.value.code == 211


def test_save_options_travel_in_the_query_string(wire):
    wire.answers[("POST", "/1.1/classes/Account")] = CREATED
    wire.answers[("PUT", "/1.1/classes/Account/o1")] = {"updatedAt": "2020-01-02T00:00:00.000Z",
                                                        "balance": 50}
    account = leanengine.Object.create("Account", balance=150)
    account.save()
    assert wire.seen[-1]["query"] == {}
    account.increment("balance", -100)
    account.save(where=leanengine.Query("Account").greater_than_or_equal_to("balance", 100),
                 fetch_when_save=True)
    request = wire.seen[-1]
    assert request["query"]["fetchWhenSave"] == "true"
    assert json.loads(request["query"]["where"]) == {"balance": {"$gte": 100}}
    assert request["body"] == {"balance": {"__op": "Increment", "amount": -100}}
    assert account.get("balance") == 50
    assert account.updated_at == datetime(2020, 1, 2, tzinfo=timezone.utc)


def test_get_of_a_missing_object_answering_empty_is_101(wire):
    with pytest.raises(leanengine.LeanCloudError) as info:
        leanengine.Object.extend("Todo").create_without_data("gone").fetch()
    assert info.value.code == 101


def test_batch_requests_and_per_item_errors(wire):
    wire.answers[("POST", "/1.1/batch")] = [
        {"success": CREATED}, {"error": {"code": 142, "error": "refused"}}]
    a, b = leanengine.Object.create("Todo", n=1), leanengine.Object.create("Todo", n=2)
    with pytest.raises(leanengine.storage.BatchError) as info:
        leanengine.Object.save_all([a, b])
    assert [(i, e.code) for i, e in info.value.errors] == [(1, 142)]
    assert a.id == "o1" and b.id is None
    body = wire.seen[-1]["body"]
    assert body == {"requests": [
        {"method": "POST", "path": "/1.1/classes/Todo", "body": {"n": 1}},
        {"method": "POST", "path": "/1.1/classes/Todo", "body": {"n": 2}}]}
    wire.answers[("POST", "/1.1/batch")] = [{"success": {}}]
    leanengine.Object.destroy_all([a, b])  # b was never saved: nothing to delete
    assert wire.seen[-1]["body"] == {"requests": [
        {"method": "DELETE", "path": "/1.1/classes/Todo/o1"}]}


def test_ignore_hooks_travel_with_writes_and_deletes(wire):
    wire.answers[("POST", "/1.1/classes/Todo")] = CREATED
    todo = leanengine.Object.create("Todo", n=1)
    todo.disable_before_hook()
    todo.save()
    assert wire.seen[-1]["body"]["__ignore_hooks"] == ["beforeSave", "beforeUpdate",
                                                       "beforeDelete"]
    todo.ignore_hook("afterDelete")
    todo.destroy()
    assert wire.seen[-1]["method"] == "DELETE"
    assert wire.seen[-1]["body"] == {"__ignore_hooks": ["afterDelete"]}


def test_push_send_carries_every_argument(wire):
    wire.answers[("POST", "/1.1/push")] = {"objectId": "n1"}
    when = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    where = leanengine.Query("_Installation").equal_to("deviceType", "ios")
    notification = leanengine.push.send(
        {"alert": "hi"}, channels=("news",), push_time=when, expiration_interval=60,
        where=where, cql="select * from _Installation", flow_control=0, prod="prod")
    assert isinstance(notification, leanengine.push.Notification)
    assert notification.id == "n1"
    assert wire.seen[-1]["body"] == {
        "data": {"alert": "hi"}, "channels": ["news"], "push_time": "2030-01-02T03:04:05.000Z",
        "expiration_interval": 60, "where": {"deviceType": "ios"},
        "cql": "select * from _Installation", "flow_control": 0, "prod": "prod"}
    leanengine.use_production(False)
    leanengine.push.send({"alert": "x"}, expiration_time=when)
    body = wire.seen[-1]["body"]
    assert body == {"data": {"alert": "x"}, "prod": "dev",
                    "expiration_time": "2030-01-02T03:04:05.000Z"}
    assert wire.seen[-1]["headers"]["X-LC-Prod"] == "0"


def test_cloud_calls(wire):
    wire.answers[("POST", "/1.1/functions/hello")] = {"result": {"n": 1}}
    wire.answers[("POST", "/1.1/call/echo")] = {"result": {
        "__type": "Object", "className": "Todo", "objectId": "t1", "title": "x"}}
    wire.answers[("GET", "/1.1/requestCaptcha")] = {"captcha_token": "ct", "captcha_url": "u"}
    wire.answers[("POST", "/1.1/verifyCaptcha")] = {"validate_token": "vt"}
    wire.answers[("GET", "/1.1/date")] = {"__type": "Date", "iso": "2020-01-01T00:00:00.000Z"}
    assert leanengine.cloud.run("hello", a=1) == {"n": 1}
    assert wire.seen[-1]["body"] == {"a": 1}
    todo = leanengine.Object.create("Todo", title="x")
    todo.id = "t1"
    result = leanengine.cloud.rpc("echo", todo=todo)
    assert wire.seen[-1]["body"] == {"todo": {"__type": "Object", "className": "Todo",
                                              "objectId": "t1", "title": "x"}}
    assert isinstance(result, leanengine.Object) and result.get("title") == "x"
    leanengine.cloud.request_sms_code("13500000000", sms_type="voice", template="t",
                                      sign="s", validate_token="v", params={"k": "p"})
    assert wire.seen[-1]["body"] == {"mobilePhoneNumber": "+8613500000000", "smsType": "voice",
                                     "template": "t", "sign": "s", "validate_token": "v",
                                     "k": "p"}
    captcha = leanengine.cloud.request_captcha(width=100)
    assert wire.seen[-1]["query"] == {"width": "100"}
    assert captcha.verify("abcd") == "vt"
    assert wire.seen[-1]["body"] == {"captcha_code": "abcd", "captcha_token": "ct"}
    assert leanengine.cloud.get_server_time() == datetime(2020, 1, 1, tzinfo=timezone.utc)


def test_file_upload_token_flow(wire):
    upload_url = config.api_server() + "/upload-here"
    wire.answers[("POST", "/1.1/fileTokens")] = {
        "objectId": "f1", "url": "http://files/abc.txt", "key": "abc.txt", "token": "tk",
        "upload_url": upload_url, "provider": "s3", "mime_type": "text/plain"}
    f = leanengine.File("abc.txt", b"hello")
    f.key = "abc.txt"
    f.metadata["author"] = "me"
    f.save()
    token_request, upload, callback = wire.seen[-3:]
    assert token_request["body"]["name"] == "abc.txt"
    assert token_request["body"]["key"] == "abc.txt"
    assert token_request["body"]["metaData"]["author"] == "me"
    assert token_request["body"]["metaData"]["size"] == 5
    assert upload["method"] == "PUT" and upload["path"] == "/upload-here"
    assert upload["body"] == b"hello"
    assert upload["headers"]["Content-Type"] == "text/plain"
    assert callback["path"] == "/1.1/fileCallback"
    assert callback["body"] == {"token": "tk", "result": True}
    assert (f.id, f.url) == ("f1", "http://files/abc.txt")


def test_saving_an_unchanged_object_sends_nothing(wire):
    todo = leanengine.Object.create("Todo")
    todo._update_data({"objectId": "o1", "title": "x"})
    todo.save()
    assert wire.seen == []
    wire.answers[("PUT", "/1.1/classes/Todo/o1")] = {"updatedAt": "2020-01-02T00:00:00.000Z"}
    todo.set("title", "y")
    todo.save()
    assert [(r["method"], r["body"]) for r in wire.seen] == [("PUT", {"title": "y"})]


def test_time_left_travels_inside_a_deadline(wire):
    import time

    from leanengine.protocol import budget
    wire.answers[("GET", "/1.1/date")] = {"__type": "Date", "iso": "2020-01-01T00:00:00.000Z"}
    leanengine.cloud.get_server_time()
    assert budget.HEADER not in wire.seen[-1]["headers"]
    ctx = context.RequestContext(deadline=time.monotonic() + 5)
    with context.request_scope(ctx):
        leanengine.cloud.get_server_time()
    left = int(wire.seen[-1]["headers"][budget.HEADER])
    assert 0 < left <= 5000
