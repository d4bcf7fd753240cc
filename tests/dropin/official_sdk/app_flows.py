"""One LeanCloud app's code, run unchanged with ``import leancloud`` from either package:
leanengine's alias or LeanCloud's own 3.0.2. Prints what the app sees, as JSON, for
test_official_sdk_compare.py to compare.

Environment: APP_ID, APP_KEY, MASTER_KEY, LEANCLOUD_API_SERVER, RUN (a tag that keeps
this run's users and classes apart from the other run's).
"""

import json
import os
import sys

import leancloud
from leancloud import (ACL, Conversation, InboxQuery, LeanCloudError, Message, Object, Query,
                       Status, User, client)

RUN = os.environ["RUN"]
PASSWORD = "secret-123"
seen = {}


def error_code(call):
    try:
        call()
    except LeanCloudError as error:
        return error.code
    return None


def configuration_flows():
    leancloud.init(os.environ["APP_ID"], os.environ["APP_KEY"], os.environ["MASTER_KEY"])
    seen["initial USE_MASTER_KEY"] = client.USE_MASTER_KEY
    seen["APP_ID read back"] = client.APP_ID == os.environ["APP_ID"]
    seen["MASTER_KEY read back"] = client.MASTER_KEY == os.environ["MASTER_KEY"]

    client.USE_MASTER_KEY = True
    secret = Object.extend("Secret" + RUN)(word="kept")
    secret.set_acl(ACL())
    secret.save()

    client.USE_MASTER_KEY = False
    seen["app key finds a hidden object"] = [
        o.id for o in Query("Secret" + RUN).equal_to("objectId", secret.id).find()]
    client.USE_MASTER_KEY = None
    seen["USE_MASTER_KEY = None reads it"] = Query("Secret" + RUN).get(secret.id).get("word")
    leancloud.use_master_key(False)
    seen["use_master_key(False)"] = client.USE_MASTER_KEY
    leancloud.use_master_key(True)
    seen["use_master_key(True)"] = client.USE_MASTER_KEY

    created = client.post("/classes/Raw" + RUN, {"n": 1}).json()
    seen["client.post answers"] = sorted(created)
    found = client.get("/classes/Raw" + RUN, {"where": {"n": 1}}).json()
    seen["client.get finds it"] = [r["objectId"] for r in found["results"]] == \
        [created["objectId"]]
    seen["client.get error"] = error_code(
        lambda: client.get("/classes/Raw" + RUN, {"where": "{not json"}))
    client.USE_PRODUCTION = "0"
    seen["USE_PRODUCTION"] = client.USE_PRODUCTION
    client.USE_PRODUCTION = "1"
    client.USE_MASTER_KEY = None


def sign_up(name):
    user = User()
    user.set_username(name + RUN)
    user.set_password(PASSWORD)
    user.sign_up()
    return user


def status_flows():
    leancloud.use_master_key(False)
    author, reader = sign_up("author"), sign_up("reader")
    reader.login(reader.get_username(), PASSWORD)
    seen["thread_locals.current_user"] = \
        leancloud.user.thread_locals.current_user.id == reader.id
    reader.follow(author.id)
    author.login(author.get_username(), PASSWORD)
    status = Status(message="hello", n=1)
    status.send_to_followers()
    Status(message="second", n=2).send_to_followers()
    seen["sent status has an id"] = bool(status.id) and status.created_at is not None
    Status(message="psst").send_private_status(reader)

    reader.login(reader.get_username(), PASSWORD)
    inbox = InboxQuery().owner(reader).find()
    seen["inbox"] = [(s.get("message"), s.get("n"), s.get("messageId"), s.get("inboxType"),
                      s.get("source").id == author.id) for s in inbox]
    seen["inbox since_id"] = [s.get("n") for s in InboxQuery().owner(reader).since_id(1).find()]
    seen["private inbox"] = [s.get("message") for s in
                             InboxQuery().owner(reader).inbox_type("private").find()]
    seen["unread"] = list(Status.count_unread_statuses(reader))
    seen["private unread"] = list(Status.count_unread_statuses(reader, "private"))

    author.login(author.get_username(), PASSWORD)
    status.destroy()
    reader.login(reader.get_username(), PASSWORD)
    seen["inbox after destroy"] = [s.get("message") for s in InboxQuery().owner(reader).find()]


def messaging_flows():
    leancloud.use_master_key(True)
    room = Conversation("room" + RUN)
    room.add_member("alice" + RUN)
    room.save()
    seen["conversation members"] = room.members == ["alice" + RUN]
    room.send("alice" + RUN, "first")
    room.send("bob" + RUN, {"kind": "json"})
    room.send("alice" + RUN, "not kept", transient=True)
    history = Message.find_by_conversation(room.id)
    seen["history"] = [(m.from_client == "bob" + RUN, m.data) for m in history]
    seen["history reversed"] = [m.data for m in
                                Message.find_by_conversation(room.id, reversed=True)]
    seen["history by client"] = [m.data for m in Message.find_by_client("alice" + RUN)]
    seen["broadcast from a plain conversation"] = error_code(
        lambda: room.broadcast("sys", "everyone"))


for flow in (configuration_flows, status_flows, messaging_flows):
    try:
        flow()
    except Exception as error:  # noqa: BLE001  (reported, so the comparison shows it)
        seen[flow.__name__ + " failed"] = f"{type(error).__name__}: {error}"
json.dump(seen, sys.stdout, sort_keys=True)
