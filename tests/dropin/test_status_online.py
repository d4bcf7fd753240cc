"""``leancloud.Status`` / ``InboxQuery`` against a real server's status feed, and the
feed's rules performed over raw HTTP: an inbox is its owner's, a status's source is its
sender, and the feed's classes are written by the feed only."""

from __future__ import annotations

import json
import uuid

import pytest

import leancloud
from leancloud import InboxQuery, Status, User

from dropin_support import APP_ID, APP_KEY, master_headers, raw

PASSWORD = "secret-123"


def sign_up(prefix: str) -> User:
    user = User()
    user.set_username(f"{prefix}-{uuid.uuid4().hex[:8]}")
    user.set_password(PASSWORD)
    user.sign_up()
    return user


def log_in(user: User) -> User:
    user.login(user.get_username(), PASSWORD)
    return user


@pytest.fixture
def pair(online):
    """``author`` followed by ``reader``; the author is logged in."""
    author, reader = sign_up("author"), sign_up("reader")
    log_in(reader).follow(author.id)
    log_in(author)
    return author, reader


def user_headers(user: User) -> dict:
    return {"X-LC-Id": APP_ID, "X-LC-Key": APP_KEY, "Content-Type": "application/json",
            "X-LC-Session": user.get_session_token()}


def owner_param(user: User) -> str:
    return json.dumps({"__type": "Pointer", "className": "_User", "objectId": user.id})


def test_a_status_reaches_followers_and_the_authors_own_inbox(pair):
    author, reader = pair
    status = Status(message="hello followers", mood=3)
    status.send_to_followers()
    assert status.id and status.created_at is not None
    assert [s.get("message") for s in InboxQuery().owner(author).find()] == ["hello followers"]
    log_in(reader)
    received = InboxQuery().owner(reader).find()
    assert [(s.id, s.get("message"), s.get("mood")) for s in received] == \
        [(status.id, "hello followers", 3)]
    assert received[0].get("source").id == author.id
    assert received[0].get("inboxType") == "default" and received[0].get("messageId") == 1
    assert Status.count_unread_statuses(reader) == (1, 1)


def test_private_status_goes_to_the_one_target(pair):
    author, reader = pair
    Status(message="psst").send_private_status(reader)
    assert InboxQuery().owner(author).inbox_type("private").find() == []
    log_in(reader)
    assert [s.get("message") for s in
            InboxQuery().owner(reader).inbox_type("private").find()] == ["psst"]
    assert Status.count_unread_statuses(reader, "private").total == 1


def test_paging_by_message_id_and_filtering_by_fields(pair):
    author, reader = pair
    for n in range(5):
        Status(n=n, image="x.png" if n % 2 else None).send_to_followers()
    log_in(reader)
    newest_first = [s.get("messageId") for s in InboxQuery().owner(reader).find()]
    assert newest_first == [5, 4, 3, 2, 1]
    window = InboxQuery().owner(reader).since_id(1).max_id(3).find()
    assert [s.get("n") for s in window] == [2, 1]
    assert [s.get("n") for s in InboxQuery().owner(reader).limit(2).find()] == [4, 3]
    with_image = InboxQuery().owner(reader).equal_to("image", "x.png").find()
    assert [s.get("n") for s in with_image] == [3, 1]
    assert InboxQuery().owner(reader).count() == 5


def test_reset_unread_and_delete(pair):
    author, reader = pair
    first = Status(text="one")
    first.send_to_followers()
    Status(text="two").send_to_followers()
    first.destroy()  # the sender deletes it: it leaves every inbox
    log_in(reader)
    assert [s.get("text") for s in InboxQuery().owner(reader).find()] == ["two"]
    Status.reset_unread_count(reader)
    assert Status.count_unread_statuses(reader) == (1, 0)


def test_sending_needs_a_signed_in_user(online):
    with pytest.raises(ValueError):
        Status(message="x").send_to_followers()


def test_nobody_reads_or_empties_another_users_inbox(pair, server_url):
    author, reader = pair
    Status(message="for the reader only").send_to_followers()
    intruder = log_in(sign_up("intruder"))
    for method, path in (("GET", "/1.1/subscribe/statuses"),
                         ("GET", "/1.1/subscribe/statuses/count"),
                         ("POST", "/1.1/subscribe/statuses/resetUnreadCount"),
                         ("DELETE", "/1.1/subscribe/statuses/inbox")):
        answer = raw(method, server_url + path, headers=user_headers(intruder),
                     params={"owner": owner_param(reader), "messageId": 1})
        assert answer.status_code == 403 and answer.json()["code"] == 119, path
    # the inbox rows themselves are not readable through /classes either
    rows = raw("GET", server_url + "/1.1/classes/_StatusInbox", headers=user_headers(intruder))
    assert rows.json().get("results", []) == []
    log_in(reader)
    assert Status.count_unread_statuses(reader) == (1, 1)


def test_a_status_cannot_claim_another_sender(pair, server_url):
    author, reader = pair
    forged = {"data": {"message": "from the author, honest",
                       "source": {"__type": "Pointer", "className": "_User",
                                  "objectId": author.id}},
              "query": {"className": "_User", "where": {"objectId": reader.id}}}
    intruder = log_in(sign_up("forger"))
    answer = raw("POST", server_url + "/1.1/statuses", headers=user_headers(intruder),
                 json=forged)
    assert answer.status_code == 403 and answer.json()["code"] == 119
    anonymous = {"X-LC-Id": APP_ID, "X-LC-Key": APP_KEY}
    answer = raw("POST", server_url + "/1.1/statuses", headers=anonymous, json=forged)
    assert answer.status_code == 400 and answer.json()["code"] == 206
    log_in(reader)
    assert InboxQuery().owner(reader).find() == []


def test_only_the_sender_deletes_a_status(pair, server_url):
    author, reader = pair
    status = Status(message="mine")
    status.send_to_followers()
    log_in(reader)
    answer = raw("DELETE", f"{server_url}/1.1/statuses/{status.id}",
                 headers=user_headers(reader))
    assert answer.status_code == 403 and answer.json()["code"] == 119
    assert len(InboxQuery().owner(reader).find()) == 1


def test_feed_classes_are_written_by_the_feed_only(pair, server_url):
    author, reader = pair
    headers = user_headers(reader)
    pointer = json.loads(owner_param(reader))
    for class_name in ("_Status", "_StatusInbox"):
        answer = raw("POST", f"{server_url}/1.1/classes/{class_name}", headers=headers,
                     json={"inboxOwner": pointer, "inboxType": "default", "messageId": 9,
                           "message": "planted"})
        assert answer.status_code == 403 and answer.json()["code"] == 119, class_name
    log_in(reader)
    assert InboxQuery().owner(reader).find() == []


def test_bad_requests_answer_leancloud_errors(pair, server_url):
    author, reader = pair
    headers = user_headers(author)
    for body in ({}, {"data": {"m": 1}}, {"data": {"m": 1}, "query": {"where": {}}},
                 {"data": [], "query": {"className": "_User"}}):
        answer = raw("POST", server_url + "/1.1/statuses", headers=headers, json=body)
        assert answer.status_code == 400 and answer.json()["code"] == 102, body
    answer = raw("GET", server_url + "/1.1/subscribe/statuses", headers=headers,
                 params={"owner": "{not json"})
    assert answer.status_code == 400 and answer.json()["code"] == 107
    answer = raw("GET", server_url + "/1.1/subscribe/statuses", headers=headers,
                 params={"owner": owner_param(author), "sinceId": "abc"})
    assert answer.status_code == 400 and answer.json()["code"] == 102


def test_statuses_are_listed_like_objects(pair, server_url):
    author, reader = pair
    status = Status(message="listed")
    status.send_to_followers()
    listed = raw("GET", server_url + "/1.1/statuses", headers=master_headers(),
                 params={"where": json.dumps({"message": "listed"})}).json()["results"]
    assert [s["objectId"] for s in listed] == [status.id]
    one = raw("GET", f"{server_url}/1.1/statuses/{status.id}", headers=master_headers()).json()
    assert one["message"] == "listed" and one["source"]["objectId"] == author.id
    assert leancloud.Query("_Status").get(status.id).get("message") == "listed"
