"""Unit tests of the pure parts of users: passwords, tokens, codes, the store counters
lockouts count in, roles, CLPs."""

import json
import time

import pytest

from leanengine.protocol.errors import LeanCloudError
from leanengine.server.store.sqlite import SQLiteStore
from leanengine.server.users import codes, passwords, permissions, roles, tokens

SALT = "h60d8x797d3oa0naxybxxv9bn7xpt2yiowz68mpiwou7gwr2"
LEGACY = "tA7BLW+NK0UeARng0693gCaVnljkglCB9snqlpCSUKjx2RgYp8VZZOQt0S5iUtlDrkJXfT3gknS4rRqjYsd/Ug=="


def test_legacy_hash_matches_leancloud_vector():
    assert passwords.legacy_hash("password", SALT) == LEGACY
    assert passwords.verify("password", LEGACY, SALT)
    assert not passwords.verify("Password", LEGACY, SALT)
    assert not passwords.verify("password", LEGACY, None)
    assert passwords.needs_upgrade(LEGACY)


def test_scrypt_hash_verifies_and_is_salted():
    first, second = passwords.hash_password("s3cret"), passwords.hash_password("s3cret")
    assert first != second and first.startswith("scrypt$")
    assert passwords.verify("s3cret", first) and passwords.verify("s3cret", second)
    assert not passwords.verify("s3cret!", first)
    assert not passwords.needs_upgrade(first)


@pytest.mark.parametrize("stored", [None, "", "scrypt$1$2", "scrypt$x$8$1$AA==$AA==", 42])
def test_malformed_hashes_never_verify(stored):
    assert not passwords.verify("anything", stored)


def test_session_tokens_are_unique_and_lowercase_alphanumeric():
    seen = {tokens.new_session_token() for _ in range(200)}
    assert len(seen) == 200
    assert all(len(t) == 32 and t.isalnum() and t == t.lower() for t in seen)


def test_codes_expire_and_check_the_right_value():
    code, issued = codes.issue("login", "+8613800000000", ttl=60, now=1000)
    assert len(code) == 6 and code.isdigit()
    assert code not in json.dumps(issued.__dict__)
    assert issued.matches(code, now=1059)
    assert not issued.matches(code, now=1060)
    wrong = "000000" if code != "000000" else "111111"
    assert not issued.matches(wrong, now=1001)


def test_log_sender_writes_outbox(tmp_path, caplog):
    outbox = tmp_path / "outbox.jsonl"
    sender = codes.LogSender(outbox)
    with caplog.at_level("INFO", logger="leanengine.server.sender"):
        sender.send_sms("+8613800000000", "Your code is 123456", purpose="login", code="123456")
    record = json.loads(outbox.read_text().splitlines()[0])
    assert record["to"] == "+8613800000000" and record["code"] == "123456"
    assert "123456" in caplog.text


def test_a_store_counter_takes_units_up_to_its_limit_and_gives_them_back(tmp_path):
    store = SQLiteStore(str(tmp_path / "counters.sqlite3"))
    try:
        assert [store.add_to_counter("k", limit=3, idle=900) for _ in range(5)] == [1, 2, 3, None, None]
        assert store.add_to_counter("k", 0) == 3          # a refused unit changed nothing
        assert store.add_to_counter("k", -1) == 2
        assert store.add_to_counter("k", limit=3, idle=900) == 3
        assert store.add_to_counter("other", -1) == 0 and store.add_to_counter("other", 0) == 0
        store.drop_counter("k")
        assert store.add_to_counter("k", 0) == 0
        assert [store.add_to_counter("forever") for _ in range(3)] == [1, 2, 3]
    finally:
        store.close()


def test_a_store_counter_starts_again_once_left_alone_for_its_idle_time(tmp_path):
    store = SQLiteStore(str(tmp_path / "counters.sqlite3"))
    try:
        assert [store.add_to_counter("k", limit=2, idle=0.3) for _ in range(3)] == [1, 2, None]
        time.sleep(0.4)
        assert store.add_to_counter("k", 0) == 0
        assert store.add_to_counter("k", limit=2, idle=0.3) == 1
    finally:
        store.close()


def test_role_hierarchy_resolution_follows_parents_and_survives_cycles():
    # Admins is in Moderators.roles and Moderators in Staff.roles; Staff in Admins (a cycle).
    parents = {"admins": {"moderators"}, "moderators": {"staff"}, "staff": {"admins"}}
    asked = []

    def parents_of(ids):
        asked.append(set(ids))
        return set().union(*(parents.get(i, set()) for i in ids))

    assert roles.resolve({"admins"}, parents_of) == {"admins", "moderators", "staff"}
    assert roles.resolve(set(), parents_of) == set()
    assert roles.principals("u1", ["Admins"]) == {"*", "u1", "role:Admins"}


def test_class_permissions_rules():
    clp = permissions.normalize({
        "create": {"onlySignInUsers": True},
        "find": {"role:Admins": True, "u9": True},
        "delete": {},
        "addField": {"users": ["u1"], "roles": ["Ops"]},
    })
    anon, user = {"*"}, {"*", "u1"}
    assert permissions.allows(clp, "get", anon, False)
    assert not permissions.allows(clp, "create", anon, False)
    assert permissions.allows(clp, "create", user, True)
    assert not permissions.allows(clp, "find", user, True)
    assert permissions.allows(clp, "find", {"*", "u2", "role:Admins"}, True)
    assert permissions.allows(clp, "find", {"*", "u9"}, True)
    assert not permissions.allows(clp, "delete", user, True)
    assert permissions.allows(clp, "addFields", user, True)
    assert permissions.allows(clp, "add_fields", {"*", "role:Ops"}, True)


@pytest.mark.parametrize("raw", [[], {"find": True}, {"explode": {}}])
def test_malformed_class_permissions_are_refused(raw):
    with pytest.raises(LeanCloudError) as err:
        permissions.normalize(raw)
    assert err.value.code == 107


def test_hashing_under_gevent_runs_off_the_event_loop_thread():
    import subprocess
    import sys
    script = (
        "from gevent import monkey; monkey.patch_all()\n"
        "import hashlib\n"
        "native_id = monkey.get_original('threading', 'get_native_id')\n"
        "from leanengine.server.users import passwords\n"
        "threads, real = [], hashlib.scrypt\n"
        "def scrypt(*args, **kwargs):\n"
        "    threads.append(native_id())\n"
        "    return real(*args, **kwargs)\n"
        "hashlib.scrypt = scrypt\n"
        "stored = passwords.hash_password('x')\n"
        "assert passwords.verify('x', stored) and not passwords.verify('y', stored)\n"
        "assert len(threads) == 3 and native_id() not in threads, threads\n")
    assert subprocess.run([sys.executable, "-c", script]).returncode == 0
