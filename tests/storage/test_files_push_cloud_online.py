"""Files, push and cloud calls against real servers (guides 000/002 "Files", API 001)."""

import io
import threading
from datetime import datetime, timedelta, timezone

import pytest
from werkzeug.serving import make_server

import leanengine
from leanengine import LeanCloudError, config

pytestmark = pytest.mark.usefixtures("online")


def test_file_from_text_stream_bytes_and_open_file(tmp_path):
    file1 = leanengine.File("resume.txt", io.StringIO("data"))
    file2 = leanengine.File("fileFromBuffer.txt", b"\x42\x43\x44")
    file3 = leanengine.File("truth.txt", io.StringIO('{"truth": 42}'), "application/json")
    path = tmp_path / "avatar.png"
    path.write_bytes(b"\x89PNG fake")
    with open(path, "rb") as f:
        avatar = leanengine.File("avatar.png", f)
        avatar.metadata["width"] = 100
        avatar.metadata["author"] = "LeanCloud"
        avatar.save()
    for f in (file1, file2, file3):
        f.save()
        assert f.id and f.url
    assert file1.mime_type == "text/plain" and file3.mime_type == "application/json"
    assert avatar.mime_type == "image/png"
    assert file1.size == 4 and file2.size == 3
    import requests
    assert requests.get(file2.url, timeout=5).content == b"\x42\x43\x44"
    assert requests.get(avatar.url, timeout=5).content == b"\x89PNG fake"

    fetched = leanengine.File.create_without_data(avatar.id)
    fetched.fetch()
    assert fetched.name == "avatar.png" and fetched.url == avatar.url
    assert fetched.metadata["width"] == 100 and fetched.metadata["author"] == "LeanCloud"
    assert fetched.size == len(b"\x89PNG fake")


def test_file_owner_is_current_user(new_user):
    user, _ = new_user()
    f = leanengine.File("mine.txt", b"x")
    assert f.owner_id == user.id
    f.save()
    fetched = leanengine.File.create_without_data(f.id).fetch()
    assert fetched.owner_id == user.id


def test_file_with_url_is_not_uploaded():
    img_url = "http://www.example.com/avatar.jpg"
    avatar = leanengine.File.create_with_url("avatar.jpg", img_url)
    avatar.save()
    assert avatar.id and avatar.url == img_url
    fetched = leanengine.File.create_without_data(avatar.id).fetch()
    assert fetched.url == img_url and fetched.mime_type == "image/jpeg"


def test_file_in_an_object_and_exists_query(unique):
    # Guide 002 "空值查询" and guide 000 "todo.add('attachments', file)".
    Todo = leanengine.Object.extend(unique("Todo"))
    img = leanengine.File.create_with_url("avatar.jpg", "http://www.example.com/avatar.jpg")
    todo = Todo()
    todo.set("images", img)
    todo.save()  # saves the file first
    assert img.id
    other = leanengine.File("notes.txt", b"notes")
    other.save()
    todo.add("attachments", other)
    todo.save()
    stored = Todo.query.get(todo.id)
    assert isinstance(stored.get("images"), leanengine.File)
    assert stored.get("images").url == "http://www.example.com/avatar.jpg"
    assert stored.get("attachments")[0].id == other.id
    assert Todo.query.exists("images").count() == 1
    assert Todo.query.does_not_exists("images").count() == 0


def test_file_key_sets_the_url_path(unique, master):
    """Only the master key may pick a key (LeanCloud's rule)."""
    key = unique("robots") + ".txt"
    f = leanengine.File("robots.txt", b"User-agent: *")
    f.key = key
    f.save()
    assert f.url.endswith("/" + key)


def test_thumbnail_url_and_destroy(master):
    f = leanengine.File("pic.png", b"\x89PNG")
    f.save()
    url = f.get_thumbnail_url(width=100, height=100)
    assert url == f.url + "?imageView/2/w/100/h/100/q/100/format/png"
    with pytest.raises(ValueError):
        f.get_thumbnail_url(-1, 10)
    with pytest.raises(ValueError):
        f.get_thumbnail_url(10, 10, quality=0)
    avatar = leanengine.File.create_without_data(f.id)
    avatar.destroy()
    with pytest.raises(LeanCloudError):
        leanengine.File.create_without_data(f.id).fetch()


def test_unsaved_file_cannot_be_referenced():
    obj = leanengine.Object.create("FileRef")
    obj.set("f", leanengine.File("late.txt"))
    with pytest.raises(ValueError):
        obj.save()


def test_push_send_records_a_notification(master):
    installation = leanengine.push.Installation(deviceType="android",
                                                installationId="inst-1",
                                                channels=["news"])
    installation.save()
    assert installation.id
    when = datetime.now(timezone.utc) + timedelta(hours=1)
    notification = leanengine.push.send(
        {"alert": "hello"}, channels=["news"], push_time=when,
        expiration_interval=3600, flow_control=0, prod="dev")
    assert isinstance(notification, leanengine.push.Notification) and notification.id
    notification.fetch()
    assert notification.get("data") == {"alert": "hello"}
    assert notification.get("channels") == ["news"]
    with pytest.raises(LeanCloudError):
        notification.save()
    where = leanengine.Query("_Installation").equal_to("deviceType", "android")
    by_query = leanengine.push.send({"alert": "q"}, where=where,
                                    expiration_time=when)
    assert by_query.id
    with pytest.raises(TypeError):
        leanengine.push.send({"alert": "x"}, expiration_time=when, expiration_interval=5)


def test_server_time():
    now = leanengine.cloud.get_server_time()
    assert now.tzinfo is not None
    assert abs((now - datetime.now(timezone.utc)).total_seconds()) < 60


def test_captcha_round_trip(api_server):
    import requests

    from leanengine.server.query.nodes import Query
    from leanengine.server.store import open_store
    captcha = leanengine.cloud.request_captcha(size=4, width=85, height=30)
    assert captcha.token and captcha.url
    with pytest.raises(LeanCloudError):
        captcha.verify("wrong")
    again = leanengine.cloud.request_captcha()
    assert requests.get(again.url, timeout=5).content.startswith(b"\x89PNG")
    # The image is pixels: read the code beside the server, where a person reads the image.
    store = open_store(str(api_server.data_dir))
    try:
        code = next(row["display"] for row in store.find(Query(class_name="_AuthCode"))
                    if row.get("target") == again.token)
    finally:
        store.close()
    validate_token = again.verify(code)
    assert validate_token
    phone = "+8613599990000"
    leanengine.cloud.request_sms_code(phone, validate_token=validate_token)
    assert api_server.sent_codes(phone)


@pytest.fixture
def engine_url(online):
    """An Engine with two functions, served on a free port in this process."""
    from leanengine.engine import Engine

    engine = Engine()
    Todo = leanengine.Object.extend("CloudTodo")

    @engine.define
    def hello(name="world"):
        return f"hello {name}"

    @engine.define
    def rename(todo, title):
        assert isinstance(todo, Todo)
        todo.set("title", title)
        return {"todo": todo, "when": datetime(2020, 1, 1, tzinfo=timezone.utc)}

    server = make_server("127.0.0.1", 0, engine, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_cloud_run_and_rpc(engine_url, online):
    config.set_api_server(engine_url)
    try:
        assert leanengine.cloud.run("hello") == "hello world"
        assert leanengine.cloud.run("hello", name="LeanCloud") == "hello LeanCloud"
        Todo = leanengine.Object.extend("CloudTodo")
        todo = Todo(title="old")
        todo.id = "t1"
        result = leanengine.cloud.rpc("rename", todo=todo, title="new")
        assert isinstance(result["todo"], Todo)
        assert result["todo"].id == "t1" and result["todo"].get("title") == "new"
        assert result["when"] == datetime(2020, 1, 1, tzinfo=timezone.utc)
        with pytest.raises(LeanCloudError) as info:
            leanengine.cloud.run("no_such_function")
        assert info.value.code == 1 or info.value.status == 404
    finally:
        config.set_api_server(online.url)


def test_file_from_a_file_opened_in_text_mode(tmp_path):
    # Guide 002 opens the local file without 'rb' and names it without an extension.
    path = tmp_path / "notes.txt"
    path.write_text("línea uno\n", encoding="utf-8")
    with open(path, encoding="utf-8") as f:
        avatar = leanengine.File("fileFromLocalFile", f)
        avatar.save()
    assert avatar.id and avatar.size == len("línea uno\n".encode())
    import requests
    assert requests.get(avatar.url, timeout=5).content == "línea uno\n".encode()
