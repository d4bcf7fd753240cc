"""The pure parts of the hook machinery: which hooks a write skips, time budgets, refusal
messages and the WSGI environ of in-process calls."""

from __future__ import annotations

import json
import time

from leanengine import context
from leanengine.protocol import budget, hookmark
from leanengine.protocol.credentials import AppKeys
from leanengine.server.caller import Caller
from leanengine.server.hooks import limits, refusals
from leanengine.server.hooks.runner import HookRunner
from leanengine.server.hooks.transport import EngineReply, _environ
from leanengine.server.hooks.writes import (AFTER_HOOKS, BEFORE_HOOKS, skipped_hooks,
                                           written_after_hook)

KEYS = AppKeys("app", "key", "master", "hook")


def _mark(kind, key="hook", class_name="Todo", ts=None):
    return hookmark.sign(key, hookmark.mark_name(kind, class_name), ts)


def test_marks_skip_their_own_hooks_only():
    assert skipped_hooks(KEYS, Caller(), "Todo", {"__before": _mark("__before")}) == BEFORE_HOOKS
    assert skipped_hooks(KEYS, Caller(), "Todo", {"__after": _mark("__after", "master")}) == AFTER_HOOKS
    assert skipped_hooks(KEYS, Caller(), "Note", {"__before": _mark("__before")}) == frozenset()
    assert skipped_hooks(KEYS, Caller(), "Todo", {"__before": _mark("__before", "other")}) == frozenset()
    stale = int(time.time() * 1000) - hookmark.MAX_AGE_MS - 1000
    assert skipped_hooks(KEYS, Caller(), "Todo", {"__before": _mark("__before", ts=stale)}) == frozenset()


def test_ignore_hooks_only_for_hook_or_master_key():
    flags = {"__ignore_hooks": ["beforeSave", "afterSave"]}
    assert skipped_hooks(KEYS, Caller(), "Todo", flags) == frozenset()
    assert skipped_hooks(KEYS, Caller(hook=True), "Todo", flags) == {"beforeSave", "afterSave"}
    assert skipped_hooks(KEYS, Caller(master=True), "Todo", flags) == {"beforeSave", "afterSave"}


def test_a_hook_gets_its_limit_or_what_the_caller_has_left():
    now = time.monotonic()
    assert abs(limits.deadline_for(10, None) - (now + 10)) < 0.5
    caller_deadline = now + 2
    assert limits.deadline_for(10, caller_deadline) == caller_deadline - limits.MARGIN_SECONDS
    token = context.activate(context.RequestContext(deadline=now + 1))
    try:
        assert limits.deadline_for(10, caller_deadline) == now + 1 - limits.MARGIN_SECONDS
    finally:
        context.deactivate(token)


def test_budget_header_round_trip():
    now = 1000.0
    assert budget.header_value(now + 1.5, now) == "1500"
    assert budget.header_value(now - 1, now) == "0"
    assert budget.deadline_from("1500", now) == now + 1.5
    assert budget.deadline_from("soon", now) is None and budget.deadline_from(None, now) is None
    environ = {budget.ENVIRON_KEY: "250"}
    assert 0 < limits.deadline_from_environ(environ) - time.monotonic() <= 0.25


def test_refusal_messages():
    plain = refusals.refused_by_hook({"code": 400, "error": "A Todo needs a title."})
    assert (plain.code, plain.status) == (142, 400)
    assert plain.error == "Cloud Code validation failed. Error detail : A Todo needs a title."
    coded = refusals.refused_by_hook({"code": 123, "error": "nope"})
    assert coded.error == 'Cloud Code validation failed. Error detail : {"code": 123, "message": "nope"}'
    assert refusals.timed_out("the beforeSave hook of Todo", 10).code == 124


def test_in_process_environ_carries_the_headers():
    environ = _environ("POST", "/1.1/functions/Todo/beforeSave?x=1", b"{}",
                       {"Content-Type": "application/json", "X-LC-Hook-Key": "hook"})
    assert environ["PATH_INFO"] == "/1.1/functions/Todo/beforeSave"
    assert environ["QUERY_STRING"] == "x=1"
    assert environ["HTTP_X_LC_HOOK_KEY"] == "hook"
    assert environ["CONTENT_TYPE"] == "application/json" and environ["CONTENT_LENGTH"] == "2"
    assert environ["wsgi.input"].read() == b"{}"


class _Engine:
    """A transport whose engine registered ``names``."""

    def __init__(self, names):
        self.names = names

    def send(self, method, path, body, headers, deadline):
        assert path == "/1.1/functions/_ops/metadatas"
        return EngineReply(200, "application/json", json.dumps({"result": self.names}).encode())


def test_an_engine_without_hooks_has_none_registered():
    assert not HookRunner(_Engine([]), KEYS).registered("__before_save_for_Todo")


def test_registered_hooks_come_from_the_engine_list():
    runner = HookRunner(_Engine(["__before_save_for_Todo", "hello"]), KEYS)
    assert runner.registered("__before_save_for_Todo")
    assert not runner.registered("__after_save_for_Todo")


def test_an_update_writes_its_keys_and_what_its_before_hook_changed():
    file_ref = {"__type": "File", "objectId": "f1", "name": "a.txt", "url": "http://x/a.txt"}
    body = {"title": "new", "n": {"__op": "Increment", "amount": 1}, "gone": {"__op": "Delete"},
            "profile.age": 3}
    # The object as the update leaves it: the increment applied, "gone" removed.
    sent = {"title": "new", "n": 5, "count": 4, "note": "x", "profile": {"age": 3},
            "file": file_ref, "files": [file_ref], "links": {"__type": "Relation", "className": "T"},
            "objectId": "o1", "createdAt": "2020-01-01T00:00:00.000Z", "_updatedKeys": ["title", "n"]}
    # What an engine hands back: its own spelling of the file, the relation, the
    # protected fields, one field changed and one added.
    engine_file = {"__type": "File", "id": "f1", "objectId": "f1", "name": "a.txt", "url": "http://x/a.txt"}
    answer = {**sent, "file": engine_file, "files": [engine_file], "count": 5, "extra": True,
              "createdAt": "1999-01-01T00:00:00.000Z", "objectId": "other", "__before": "mark"}
    assert written_after_hook(body, sent, answer) == {**body, "count": 5, "extra": True}
    # The hook changed an updated field: its value replaces the operation.
    assert written_after_hook(body, sent, {**sent, "n": 50})["n"] == 50
    # The hook removed one of the update's keys: it is not written.
    assert "title" not in written_after_hook(body, sent, {k: v for k, v in sent.items() if k != "title"})
    # The hook replaced the object a dotted key reaches into: its value wins.
    written = written_after_hook(body, sent, {**sent, "profile": {"age": 4}})
    assert written["profile"] == {"age": 4} and "profile.age" not in written
    # Another file is a change.
    other = {**engine_file, "id": "f2", "objectId": "f2"}
    assert written_after_hook(body, sent, {**sent, "file": other})["file"] == other
