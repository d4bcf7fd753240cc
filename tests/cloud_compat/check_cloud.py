"""LeanCloud's official Python SDK (``leancloud`` 3.0.2) calling cloud functions and
triggering hooks of tests/cloud_compat/cloud_app.py served by ``leanengine up``.

Runs in the SDK's own environment (it pins Werkzeug 1.x), with APP_ID, APP_KEY,
LEANCLOUD_API_SERVER and DATA_DIR set; prints a JSON map of check name to "ok" or the
failure."""
import io
import json
import os
import time
import uuid
from datetime import datetime, timezone

import leancloud
import requests
from leancloud import File, GeoPoint, LeanCloudError, Object, Query, User, cloud

# The app key only, as a client app has: internal functions must refuse it.
leancloud.init(os.environ["APP_ID"], app_key=os.environ["APP_KEY"])
run = uuid.uuid4().hex[:8]
Task = Object.extend("Task")
REFUSED = "Cloud Code validation failed. Error detail : "
results = {}
state = {}


def check(fn):
    try:
        fn()
        results[fn.__name__] = "ok"
    except Exception as exc:  # report every check, whatever breaks
        results[fn.__name__] = f"FAIL {type(exc).__name__}: {exc}"
    finally:
        User.set_current(None)


def failure(fn, *args, **kwargs) -> LeanCloudError:
    try:
        fn(*args, **kwargs)
    except LeanCloudError as error:
        return error
    raise AssertionError("no error")


def same(actual, expected, what=""):
    assert actual == expected, f"{what}: {actual!r} != {expected!r}"


def assert_coded_refusal(error, code, message):
    """A hook's LeanEngineError(code, message): 142 with the hook's code and message."""
    same(error.code, 142, f"code ({error.error})")
    assert error.error.startswith(REFUSED), error.error
    same(json.loads(error.error[len(REFUSED):]), {"code": code, "message": message}, "detail")


def new_task(**fields):
    task = Task(**fields)
    task.save(fetch_when_save=True)
    return task


def logs_of(task_id, event):
    return Query("TaskLog").equal_to("taskId", task_id).equal_to("event", event).find()


def last_code(phone):
    with open(os.path.join(os.environ["DATA_DIR"], "outbox.jsonl"), encoding="utf-8") as f:
        sent = [json.loads(line) for line in f if line.strip()]
    return [m for m in sent if m.get("to") == phone][-1]["code"]


def last_email_link(address):
    with open(os.path.join(os.environ["DATA_DIR"], "outbox.jsonl"), encoding="utf-8") as f:
        mails = [json.loads(line) for line in f if address in line]
    return mails[-1]["link"]


def sign_up(name, **fields):
    user = User(**fields)
    user.set_username(name)
    user.set_password("pw")
    user.sign_up()
    return user


def login(name):
    user = User()
    user.login(name, "pw")
    return user


# cloud.run: plain JSON in, the answer's `result` out ------------------------------------

@check
def run_with_params():
    same(cloud.run("hello", name="Ada"), "Hello, Ada!")
    same(cloud.run("hello"), "Hello, world!")


@check
def run_returns_json():
    same(cloud.run("stats", numbers=[1, 2, 3.5], label="x"),
         {"label": "x", "count": 3, "sum": 6.5,
          "nested": {"list": [1, 2], "none": None, "flag": True}})
    same(cloud.run("echo", text="中文", list=[{"a": 1}], empty={}),
         {"text": "中文", "list": [{"a": 1}], "empty": {}})


@check
def error_with_code():
    error = failure(cloud.run, "fail_coded")
    same((error.code, error.error), (3100, "coded failure"))


@check
def error_with_message_only():
    error = failure(cloud.run, "fail_message")
    same((error.code, error.error), (400, "only a message"))


@check
def plain_exception_is_141():
    error = failure(cloud.run, "crash")
    same(error.code, 141)
    assert "RuntimeError" not in error.error and "a bug in" not in error.error, error.error


@check
def internal_function_refused():
    same(failure(cloud.run, "internal_only").code, 401)
    same(failure(cloud.rpc, "internal_only").code, 401)


@check
def function_needs_login():
    error = failure(cloud.run, "whoami")
    same((error.code, error.error), (3101, "log in first"))


@check
def function_sees_logged_in_user():
    user = sign_up("ada" + run)  # sign_up makes the user current: the SDK sends its session
    expected = {"objectId": user.id, "username": "ada" + run, "session": True, "same": True}
    same(cloud.run("whoami"), expected, "run")
    same(cloud.rpc("whoami"), expected, "rpc")
    User.set_current(None)
    login("ada" + run)
    same(cloud.run("whoami"), expected, "after login")


@check
def invalid_session_token():
    user = User.become(login("ada" + run).get_session_token())
    user._session_token = "not-a-token"
    User.set_current(user)
    same(failure(cloud.run, "whoami").code, 211)


@check
def function_timeout_is_124():
    same(failure(cloud.run, "slow").code, 124)


@check
def rpc_returns_the_current_user():
    user = login("ada" + run)
    back = cloud.rpc("current_user")
    # The SDK decodes every object with Object.create(className): a `_User` comes back as
    # a plain Object of class _User, not as a leancloud.User.
    assert isinstance(back, Object) and back._class_name == "_User" and back.id == user.id
    same(back.get("username"), "ada" + run)
    assert back.get("password") is None
    User.set_current(None)
    same(cloud.rpc("current_user"), None, "nobody")


@check
def function_writes_and_reads_as_its_caller():
    user = login("ada" + run)
    task = cloud.rpc("create_task", title=" by function ")
    same((task.get("title"), task.get("owner").id), ("by function", user.id), "owner")
    same([log.get("by") for log in logs_of(task.id, "afterSave")], [user.id], "afterSave")
    secret = Task(title="secret " + run)
    acl = leancloud.ACL()
    acl.set_read_access(user.id, True)
    acl.set_write_access(user.id, True)
    secret.set_acl(acl)
    secret.save()
    same(cloud.rpc("read_task", task_id=secret.id).id, secret.id, "owner reads")
    User.set_current(None)
    same(failure(cloud.rpc, "read_task", task_id=secret.id).code, 101, "others")


# cloud.rpc: objects in and out ----------------------------------------------------------
# The SDK sends every Object argument as a Pointer (className and objectId, no fields:
# its rpc() checks ``isinstance(params, Object)`` where it means the value), so a function
# receives saved objects by id and unsaved ones empty. The checks expect exactly that.

@check
def rpc_saved_object_argument():
    task = new_task(title="rpc arg", size=3)
    seen = cloud.rpc("describe", task=task)["task"]
    same((seen["type"], seen["className"], seen["id"]), ("Object", "Task", task.id))


@check
def rpc_unsaved_object_argument():
    seen = cloud.rpc("describe", task=Task(title="draft"))["task"]
    same((seen["type"], seen["className"], seen["id"]), ("Object", "Task", None))


@check
def rpc_lists_and_dicts_of_objects():
    a, b = new_task(title="a"), new_task(title="b")
    seen = cloud.rpc("describe", list=[a, b], dict={"one": a, "n": 1})
    same([t["id"] for t in seen["list"]], [a.id, b.id], "list")
    same((seen["dict"]["one"]["id"], seen["dict"]["n"]), (a.id, 1), "dict")


@check
def rpc_dates_geopoints_files():
    f = File("note.txt", io.BytesIO(b"hello"))
    f.save()
    state["file"] = f
    when = datetime(2026, 1, 12, 8, 30, 0, 123000, tzinfo=timezone.utc)
    seen = cloud.rpc("describe", when=when, where=GeoPoint(39.9, 116.4), file=f)
    same(seen["when"], {"type": "Date", "iso": "2026-01-12T08:30:00.123000+00:00"}, "date")
    same(seen["where"], {"type": "GeoPoint", "latitude": 39.9, "longitude": 116.4}, "point")
    same((seen["file"]["id"], seen["file"]["name"], seen["file"]["url"]),
         (f.id, "note.txt", f.url), "file")


@check
def rpc_returns_objects():
    task = new_task(title="reflected", size=2)
    when = datetime(2026, 1, 12, 8, 30, 0, 123000, tzinfo=timezone.utc)
    back = cloud.rpc("reflect", task=task, list=[task], dict={"t": task}, when=when,
                     where=GeoPoint(1.5, 2.5), n=4)
    # The function got a Pointer; it answers the object as it has it: class and id.
    assert isinstance(back["task"], Task) and back["task"].id == task.id, back["task"]
    assert isinstance(back["list"][0], Object) and back["list"][0].id == task.id
    assert back["dict"]["t"].id == task.id
    same(back["when"], when, "date")
    assert isinstance(back["where"], GeoPoint) and back["where"].latitude == 1.5
    same(back["n"], 4)


@check
def rpc_function_makes_values():
    made = cloud.rpc("make_values", file_id=state["file"].id)
    saved = made["saved"]
    assert isinstance(saved, Task) and saved.id, saved
    same((saved.get("title"), saved.get("checked")), ("made by rpc", True), "saved fields")
    assert saved.created_at is not None
    assert isinstance(made["unsaved"], Task) and made["unsaved"].id is None
    same(made["unsaved"].get("title"), "not saved")
    same([t.id for t in made["list"]], [saved.id, None], "list")
    same(made["dict"]["first"].id, saved.id, "dict")
    same(made["date"], datetime(2026, 1, 12, 8, 30, 0, 123000, tzinfo=timezone.utc), "date")
    assert isinstance(made["point"], GeoPoint) and made["point"].longitude == 116.4
    assert isinstance(made["file"], File) and made["file"].id == state["file"].id
    same(made["file"].url, state["file"].url, "file url")
    same(Query(Task).get(saved.id).get("title"), "made by rpc", "stored")


@check
def rpc_returns_every_column_type():
    task = cloud.rpc("complex_object", file_id=state["file"].id)
    assert isinstance(task, Task) and task.id, task
    same([task.get(k) for k in ("number", "array", "object", "empty", "flag")],
         [1.23, [1, 2, 3], {"foo": "bar"}, "", True], "plain columns")
    assert isinstance(task.get("pointer"), Object) and task.get("pointer").id
    assert isinstance(task.get("related"), leancloud.Relation)
    same(task.get("related").target_class_name, "Task", "relation class")
    assert isinstance(task.get("point"), GeoPoint) and task.get("point").longitude == 30
    same(task.get("date"), datetime(2015, 5, 14, 6, 24, 47, tzinfo=timezone.utc), "date")
    assert isinstance(task.get("file"), File) and task.get("file").id == state["file"].id
    same((task.get("file").name, task.get("file").url), ("note.txt", state["file"].url))
    same([t.id for t in task.relation("related").query.find()], [task.get("pointer").id])


@check
def rpc_object_changed_by_function():
    task = new_task(title="to touch")
    back = cloud.rpc("touch", task=task)
    assert isinstance(back, Task) and back.get("touched") is True, back
    same(Query(Task).get(task.id).get("touched"), True, "stored")


@check
def rpc_query_results():
    new_task(title="listed " + run)
    new_task(title="listed " + run)
    found = cloud.rpc("tasks_titled", title="listed " + run)
    same(len(found), 2)
    assert all(isinstance(t, Task) and t.get("checked") is True for t in found)
    by_run = cloud.run("tasks_titled", title="listed " + run)
    assert all(isinstance(t, Task) for t in by_run), by_run


@check
def rpc_errors():
    error = failure(cloud.rpc, "fail_coded")
    same((error.code, error.error), (3100, "coded failure"))
    same(failure(cloud.rpc, "crash").code, 141)


# Hooks as a client meets them -----------------------------------------------------------

@check
def before_save_changes_are_saved():
    task = Task(title="  spaced  ")
    task.save(fetch_when_save=True)
    same((task.get("title"), task.get("checked")), ("spaced", True), "fetchWhenSave answer")
    fetched = Query(Task).get(task.id)
    same((fetched.get("title"), fetched.get("checked")), ("spaced", True), "stored")
    state["spaced"] = task


@check
def before_save_changes_without_fetch_when_save():
    task = Task(title="  plain  ")
    task.save()
    task.fetch()
    same((task.get("title"), task.get("checked")), ("plain", True))


@check
def typed_fields_through_before_save():
    other = new_task(title="pointed at")
    when = datetime(2026, 3, 1, 0, 0, 0, 1000, tzinfo=timezone.utc)
    task = Task(title="typed", when=when, where=GeoPoint(10, 20), other=other,
                file=state["file"], nested={"dates": [when]})
    task.save()
    fetched = Query(Task).include("other").get(task.id)
    same(fetched.get("when"), when, "date")
    same(fetched.get("where").longitude, 20, "point")
    same((fetched.get("other").id, fetched.get("other").get("title")), (other.id, "pointed at"))
    same(fetched.get("file").id, state["file"].id, "file")
    same(fetched.get("nested")["dates"], [when], "nested date")


@check
def operations_on_create_through_before_save():
    other = new_task(title="linked at create")
    task = Task(title="created with ops")
    task.increment("n", 5)
    task.add("tags", "x")
    task.relation("links").add(other)
    task.save(fetch_when_save=True)
    same((task.get("n"), task.get("tags"), task.get("checked")), (5, ["x"], True), "fields")
    same([t.id for t in task.relation("links").query.find()], [other.id], "relation")
    big = Task(title="too big")
    big.increment("n", 101)
    assert_coded_refusal(failure(big.save), 3204, "n stays at most 100")


@check
def before_save_refusal():
    error = failure(Task(size=1).save)
    same((error.code, error.error), (142, REFUSED + "A task needs a title."))
    same(Query(Task).equal_to("size", 1).count(), 0, "nothing stored")


@check
def before_save_refusal_with_code():
    assert_coded_refusal(failure(Task(title="coded").save), 3200, "coded refusal")


@check
def before_save_refusal_with_json_message():
    assert_coded_refusal(failure(Task(title="json").save), 3210, "json refusal")


@check
def acl_kept_through_before_save():
    owner = login("ada" + run)
    task = Task(title="private " + run)
    acl = leancloud.ACL()
    acl.set_read_access(owner.id, True)
    acl.set_write_access(owner.id, True)
    task.set_acl(acl)
    task.save()
    same(Query(Task).get(task.id).get("title"), "private " + run, "owner reads")
    User.set_current(None)
    same(Query(Task).equal_to("title", "private " + run).count(), 0, "others do not")


@check
def nested_unsaved_child_goes_through_its_hook():
    parent = Task(title="parent", child=Task(title="  child  "))
    parent.save()
    fetched = Query(Task).include("child").get(parent.id)
    same((fetched.get("child").get("title"), fetched.get("child").get("checked")), ("child", True))


@check
def before_save_crash():
    error = failure(Task(title="crash").save)
    same(error.code, 142)
    assert "RuntimeError" not in error.error and "hook bug" not in error.error, error.error


@check
def after_save_side_effect():
    same([log.get("title") for log in logs_of(state["spaced"].id, "afterSave")], ["spaced"])


@check
def before_update_changes_and_refusal():
    task = state["spaced"]
    task.set("title", "renamed")
    task.save(fetch_when_save=True)
    same((task.get("title"), task.get("renamed")), ("renamed", True), "beforeUpdate change")
    task.set("title", "forbidden")
    assert_coded_refusal(failure(task.save), 3201, "no forbidden titles")
    fetched = Query(Task).get(task.id)
    same(fetched.get("title"), "renamed", "not updated")
    same(len(logs_of(task.id, "afterUpdate")), 1, "one afterUpdate")
    same(fetched.get("updates"), 1, "afterUpdate saved its object once")


@check
def before_update_sees_stored_fields():
    task = new_task(title="locked title", locked=True)
    task.set("title", "changed")
    assert_coded_refusal(failure(task.save), 3203, "locked tasks keep their title")
    same(Query(Task).get(task.id).get("title"), "locked title", "not updated")


@check
def increment_through_before_update():
    task = new_task(title="counter", n=1)
    task.increment("n", 2)
    task.save(fetch_when_save=True)
    same(task.get("n"), 3, "incremented")
    task.increment("n", 98)
    assert_coded_refusal(failure(task.save), 3204, "n stays at most 100")
    fresh = Query(Task).get(task.id)
    fresh.increment("n", 97)
    fresh.save(fetch_when_save=True)
    same(fresh.get("n"), 100, "up to the limit")


@check
def operations_through_before_update():
    task = new_task(title="ops", tags=["a", "b"], gone=1, n=1)
    other = new_task(title="related")
    task.add("tags", "c")
    task.unset("gone")
    task.increment("n", 1)
    task.relation("links").add(other)
    task.save(fetch_when_save=True)
    same((task.get("tags"), task.get("gone"), task.get("n"), task.get("tagged")),
         (["a", "b", "c"], None, 2, True), "answer")
    fetched = Query(Task).get(task.id)
    same((fetched.get("tags"), fetched.has("gone"), fetched.get("n")), (["a", "b", "c"], False, 2))
    same([t.id for t in fetched.relation("links").query.find()], [other.id], "relation")
    fetched.remove("tags", "b")
    fetched.save()
    fetched.add_unique("tags", "d")
    fetched.save()
    same(Query(Task).get(task.id).get("tags"), ["a", "c", "d"], "removed, added unique")


@check
def hooks_see_the_logged_in_user():
    user = login("ada" + run)
    task = Task(title="mine")
    task.save(fetch_when_save=True)
    same(task.get("owner").id, user.id, "owner set by beforeSave")
    same([log.get("by") for log in logs_of(task.id, "afterSave")], [user.id], "afterSave")


@check
def before_delete_refusal():
    task = new_task(title="keep me", locked=True)
    assert_coded_refusal(failure(task.destroy), 3202, "this task is locked")
    same(Query(Task).get(task.id).id, task.id, "still there")
    free = new_task(title="delete me")
    free.destroy()
    same(len(logs_of(free.id, "afterDelete")), 1, "afterDelete log")


@check
def save_all_with_one_refused():
    good, bad = Task(title="batch good " + run), Task(title="coded")
    assert_coded_refusal(failure(Object.save_all, [good, bad]), 3200, "coded refusal")
    stored = Query(Task).equal_to("title", "batch good " + run).find()
    same([t.get("checked") for t in stored], [True], "the good one went through beforeSave")
    same(len(logs_of(stored[0].id, "afterSave")), 1, "afterSave of the good one")


@check
def destroy_all_with_one_locked():
    open_, locked = new_task(title="open"), new_task(title="locked", locked=True)
    assert_coded_refusal(failure(Object.destroy_all, [open_, locked]), 3202,
                         "this task is locked")
    same(Query(Task).contained_in("objectId", [open_.id, locked.id]).count(), 1, "one left")


@check
def cql_writes_go_through_hooks():
    task = Query.do_cloud_query("insert into Task(title) values('  cql  ')").results[0]
    fetched = Query(Task).get(task.id)
    same((fetched.get("title"), fetched.get("checked")), ("cql", True), "beforeSave")
    assert_coded_refusal(failure(Query.do_cloud_query,
                                 f"update Task set title='forbidden' where objectId='{task.id}'"),
                         3201, "no forbidden titles")
    locked = new_task(title="cql locked", locked=True)
    assert_coded_refusal(failure(Query.do_cloud_query,
                                 f"delete from Task where objectId='{locked.id}'"),
                         3202, "this task is locked")


# User hooks -----------------------------------------------------------------------------

@check
def user_before_save_on_sign_up():
    user = sign_up("grace" + run)
    assert user.get_session_token()
    user.fetch()
    same(user.get("nickname"), "nick-grace" + run)


@check
def user_before_save_refuses_sign_up():
    assert_coded_refusal(failure(sign_up, "rejected" + run), 3300, "no such names")
    same(failure(login, "rejected" + run).code, 211, "no such user")


@check
def user_before_update():
    user = login("grace" + run)
    user.set("nickname", "admin")
    assert_coded_refusal(failure(user.save), 3302, "nobody is admin")
    user.set("nickname", "gracie")
    user.save()
    frozen = sign_up("frozen" + run)
    frozen.set("nickname", "thawed")
    assert_coded_refusal(failure(frozen.save), 3303, "frozen users stay as they are")


@check
def on_login_refusal():
    sign_up("banned" + run)
    User.set_current(None)
    assert_coded_refusal(failure(login, "banned" + run), 3301, "banned users may not log in")
    assert User.get_current() is None
    assert login("grace" + run).get_session_token()


@check
def on_verified_sms():
    phone = "+86137" + str(int(time.time() * 1000))[-8:]
    user = sign_up("phone" + run, mobilePhoneNumber=phone)
    User.request_mobile_phone_verify(phone)
    User.verify_mobile_phone_number(last_code(phone), phone)
    logs = Query("TaskLog").equal_to("event", "verifiedSms").equal_to("userId", user.id).find()
    same([log.get("phone") for log in logs], [phone])


@check
def on_verified_by_sms_login():
    """An unverified phone proved by an SMS login code is verified: onVerified runs once."""
    phone = "+86135" + str(int(time.time() * 1000))[-8:]
    user = sign_up("sms" + run, mobilePhoneNumber=phone)
    User.set_current(None)
    cloud.request_sms_code(phone)
    again = User.signup_or_login_with_mobile_phone(phone, last_code(phone))
    same(again.id, user.id, "same user")
    logs = Query("TaskLog").equal_to("event", "verifiedSms").equal_to("userId", user.id).find()
    same(len(logs), 1, "onVerified log")


@check
def on_verified_email():
    address = f"mail{run}@example.com"
    user = sign_up("mail" + run, email=address)  # the server mails a verification link
    answer = requests.get(last_email_link(address), timeout=30)
    same(answer.status_code, 200, "link")
    logs = Query("TaskLog").equal_to("event", "verifiedEmail").equal_to("userId", user.id).find()
    same([log.get("email") for log in logs], [address])
    user.fetch()
    same(user.get("emailVerified"), True, "verified")


print(json.dumps(results, indent=1, ensure_ascii=False))
