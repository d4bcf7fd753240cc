"""``leancloud.Conversation``, ``SysMessage`` and ``Message`` against a real server: REST
message storage (``/rtm/...``), master key only."""

from __future__ import annotations

import pytest

import leancloud
from leancloud import Conversation, Message, SysMessage, client

from dropin_support import APP_ID, APP_KEY, master_headers, raw


@pytest.fixture
def room(online):
    client.USE_MASTER_KEY = True
    conversation = Conversation("dropin room", is_unique=False)
    conversation.add_member("alice")
    conversation.save()
    return conversation


def test_conversation_is_a_conversation_object(room):
    fetched = leancloud.Query("_Conversation").get(room.id)
    assert isinstance(fetched, Conversation)
    assert (fetched.name, fetched.members, fetched.is_unique) == ("dropin room", ["alice"], False)


def test_sent_messages_are_kept_in_history(room):
    room.send("alice", "first")
    room.send("bob", {"kind": "json"})
    room.send("alice", "not kept", transient=True)
    history = Message.find_by_conversation(room.id)
    assert [(m.from_client, m.data) for m in history] == \
        [("bob", '{"kind": "json"}'), ("alice", "first")]
    assert all(m.conversation_id == room.id and m.message_id for m in history)
    assert history[0].timestamp >= history[1].timestamp > 0
    assert [m.data for m in Message.find_by_client("alice")][:1] == ["first"]
    oldest_first = Message.find_by_conversation(room.id, reversed=True)
    assert [m.data for m in oldest_first] == ["first", '{"kind": "json"}']
    assert len(Message.find_by_conversation(room.id, limit=1)) == 1
    before = Message.find_by_conversation(room.id, before_time=history[0].timestamp,
                                          before_message_id=history[0].message_id)
    assert history[0].message_id not in [m.message_id for m in before]


def test_broadcast_needs_a_system_conversation(room):
    with pytest.raises(leancloud.LeanCloudError) as refused:
        room.broadcast("sys", "to everyone")
    assert refused.value.code == 119
    system = Conversation("notices", is_system=True)
    system.save()
    system.broadcast("sys", "to everyone")
    assert [m.data for m in Message.find_by_conversation(system.id)] == ["to everyone"]


def test_messaging_needs_the_master_key(room, server_url):
    app_key = {"X-LC-Id": APP_ID, "X-LC-Key": APP_KEY, "Content-Type": "application/json"}
    for method, path in (("POST", "/1.1/rtm/messages"), ("POST", "/1.1/rtm/broadcast"),
                         ("GET", "/1.1/rtm/messages/history")):
        answer = raw(method, server_url + path, headers=app_key,
                     json={"from_peer": "x", "conv_id": room.id, "message": "m"})
        assert answer.status_code == 401 and answer.json()["code"] == 401, path
    planted = raw("POST", server_url + "/1.1/classes/_RtmMessage", headers=app_key,
                  json={"convId": room.id, "from": "x", "data": "planted"})
    assert planted.status_code == 403 and planted.json()["code"] == 119
    assert Message.find_by_conversation(room.id) == []


def test_bad_messages_answer_leancloud_errors(room, server_url):
    for body, code, status in (({"conv_id": room.id, "message": "m"}, 102, 400),
                               ({"from_peer": "a", "conv_id": room.id, "message": 5}, 102, 400),
                               ({"from_peer": "a", "message": "m"}, 102, 400),
                               ({"from_peer": "a", "conv_id": "0" * 24, "message": "m"},
                                101, 404)):
        answer = raw("POST", server_url + "/1.1/rtm/messages", headers=master_headers(),
                     json=body)
        assert (answer.status_code, answer.json()["code"]) == (status, code), body


def test_sys_message_reads_its_fields(online):
    message = SysMessage()
    message._update_data({"msgId": "m1", "from": "sys", "data": "hi", "bin": False,
                          "timestamp": 1_700_000_000_000, "ackAt": 1_700_000_001_000})
    assert (message.message_id, message.from_client, message.data) == ("m1", "sys", "hi")
    assert message.message_created_at.timestamp() == 1_700_000_000
    assert message.ack_at.timestamp() == 1_700_000_001
    assert SysMessage._class_name == "_SysMessage"
