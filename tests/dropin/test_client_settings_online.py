"""``leancloud.client``'s configuration names, read and assigned as LeanCloud apps do,
change what the SDK sends to a real ``leanengine serve``."""

from __future__ import annotations

import pytest

import leancloud
import leanengine
from leancloud import client
from leanengine import config
from leanengine.storage import client as sdk_client

from dropin_support import APP_ID, APP_KEY, HOOK_KEY, MASTER_KEY


@pytest.fixture
def sent(online):
    """The headers of every request the SDK sends, through ``client.request_hooks``."""
    seen: list[dict] = []
    client.request_hooks["response"] = [lambda r, *a, **k: seen.append(dict(r.request.headers))]
    yield seen
    client.request_hooks.clear()


@pytest.fixture
def hidden(online):
    """An object nobody but the master key may read."""
    client.USE_MASTER_KEY = True
    obj = leancloud.Object.create("DropinSecret", word="kept", ACL=leancloud.ACL())
    obj.save()
    client.USE_MASTER_KEY = None
    return obj.id


def read_hidden(object_id: str):
    return leancloud.Query("DropinSecret").get(object_id).get("word")


def test_configuration_names_read_what_init_set(online):
    assert (client.APP_ID, client.APP_KEY, client.MASTER_KEY, client.HOOK_KEY) == \
        (APP_ID, APP_KEY, MASTER_KEY, HOOK_KEY)
    assert client.USE_MASTER_KEY is None
    assert client.get_app_info() == {"app_id": APP_ID, "app_key": APP_KEY,
                                     "master_key": MASTER_KEY, "hook_key": HOOK_KEY}


def test_use_master_key_assigned_true_false_and_none(hidden, sent):
    client.USE_MASTER_KEY = False
    with pytest.raises(leancloud.LeanCloudError) as refused:
        read_hidden(hidden)
    assert refused.value.code == 101
    assert not sent[-1]["X-LC-Sign"].endswith(",master")

    client.USE_MASTER_KEY = True
    assert read_hidden(hidden) == "kept"
    assert sent[-1]["X-LC-Sign"].endswith(",master")
    assert config.master_key_flag() is True

    # None resets the flag: init was given a master key, so the SDK signs with it again
    client.USE_MASTER_KEY = None
    assert config.master_key_flag() is None
    assert read_hidden(hidden) == "kept"
    assert sent[-1]["X-LC-Sign"].endswith(",master")


def test_use_master_key_function_and_attribute_agree(online):
    leancloud.use_master_key(False)
    assert client.USE_MASTER_KEY is False
    leancloud.use_master_key(True)
    assert client.USE_MASTER_KEY is True


def test_assigning_a_key_changes_the_signature(online, sent):
    client.USE_MASTER_KEY = False
    client.APP_KEY = "not-the-key"
    with pytest.raises(leancloud.LeanCloudError) as refused:
        leancloud.Query("DropinAny").find()
    assert refused.value.code == 401
    client.APP_KEY = APP_KEY
    assert leancloud.Query("DropinAny").find() == []
    assert config.keys().app_key == APP_KEY


def test_hook_key_and_production_switch_are_sent(online, sent):
    client.HOOK_KEY = "another-hook-key"
    client.USE_PRODUCTION = "0"
    leancloud.Query("DropinAny").find()
    assert sent[-1]["X-LC-Hook-Key"] == "another-hook-key"
    assert sent[-1]["X-LC-Prod"] == "0"
    assert client.USE_PRODUCTION == "0"
    leancloud.use_production(True)
    assert client.USE_PRODUCTION == "1"


def test_timeout_session_and_version_are_the_sdk_clients(online):
    before = sdk_client.TIMEOUT_SECONDS
    try:
        client.TIMEOUT_SECONDS = 7
        assert sdk_client.TIMEOUT_SECONDS == 7
    finally:
        client.TIMEOUT_SECONDS = before
    assert client.session is sdk_client.session
    assert client.SERVER_VERSION == "1.1"
    assert client.get_url("/classes/Todo") == f"{online}/1.1/classes/Todo"


def test_region_and_https_switches(online):
    client.REGION = "US"
    assert client.REGION == "US" and config.region() == "US"
    with pytest.raises(ValueError):
        leancloud.use_region("MARS")
    client.USE_HTTPS = False
    assert client.USE_HTTPS is False


def test_low_level_calls_answer_the_response(online):
    created = client.post("/classes/DropinRaw", {"n": 1})
    assert created.status_code in (200, 201) and "objectId" in created.json()
    found = client.get("/classes/DropinRaw", {"where": {"n": 1}}).json()["results"]
    assert [r["objectId"] for r in found] == [created.json()["objectId"]]
    client.put(f"/classes/DropinRaw/{created.json()['objectId']}", {"n": 2})
    client.delete(f"/classes/DropinRaw/{created.json()['objectId']}")
    with pytest.raises(leancloud.LeanCloudError) as missing:
        client.get("/classes/DropinRaw", {"where": "{not json"})
    assert missing.value.code == 107
    assert client.get_server_time().tzinfo is not None


def test_thread_locals_current_user_is_the_current_user(online, sent):
    user = leancloud.User()
    user.set_username("dropin-locals")
    user.set_password("secret-123")
    user.sign_up()
    assert leancloud.user.thread_locals.current_user is leancloud.User.get_current() is user
    leancloud.Query("DropinAny").find()
    assert sent[-1]["X-LC-Session"] == user.get_session_token()
    leancloud.user.thread_locals.current_user = None
    assert leancloud.User.get_current() is None
    leancloud.Query("DropinAny").find()
    assert "X-LC-Session" not in sent[-1]


def test_leanengine_and_leancloud_share_one_configuration(online):
    leanengine.init("other-app", "other-key")
    assert client.APP_ID == "other-app" and client.MASTER_KEY is None
