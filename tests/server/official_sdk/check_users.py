"""LeanCloud's official Python SDK (``leancloud`` 3.0.2) against this server: users, roles,
follow, files, SMS sign-up. Runs in the SDK's own environment (it pins Werkzeug 1.x), with
APP_ID, APP_KEY, MASTER_KEY, LEANCLOUD_API_SERVER and DATA_DIR set; prints a JSON map of
check name to "ok" or the failure."""
import io
import json
import os
import uuid

import leancloud
import requests
from leancloud import ACL, File, Object, Query, Role, User

leancloud.init(os.environ["APP_ID"], app_key=os.environ["APP_KEY"], master_key=os.environ["MASTER_KEY"])
run = uuid.uuid4().hex[:8]
results = {}

def check(name, fn):
    try:
        fn()
        results[name] = "ok"
    except Exception as exc:  # report every check, whatever breaks
        results[name] = f"FAIL {type(exc).__name__}: {exc}"

state = {}

def sign_up():
    u = User(); u.set_username("alice" + run); u.set_password("pw1"); u.set_email(f"a{run}@example.com")
    u.sign_up()
    assert u.id and u.get_session_token()
    state["alice"] = u

def login():
    u = User(); u.login("alice" + run, "pw1")
    assert u.get_session_token() == state["alice"].get_session_token()
    assert u.get("password") is None

def wrong_password():
    try:
        User().login("alice" + run, "nope")
    except leancloud.LeanCloudError as e:
        assert e.code == 210, e.code
    else:
        raise AssertionError("no error")

def become():
    u = User.become(state["alice"].get_session_token())
    assert u.id == state["alice"].id and u.is_authenticated()

def save_own_fields():
    u = User.become(state["alice"].get_session_token())
    u.set("nick", "al"); u.save()
    assert Query(User).get(u.id).get("nick") == "al"

def update_password():
    u = User.become(state["alice"].get_session_token())
    u.update_password("pw1", "pw2")
    User().login("alice" + run, "pw2")

def refresh_token():
    u = User(); u.login("alice" + run, "pw2")
    old = u.get_session_token(); u.refresh_session_token()
    assert u.get_session_token() != old

def roles():
    u = User(); u.login("alice" + run, "pw2"); state["alice"] = u
    acl = ACL(); acl.set_public_read_access(True)
    role = Role("Admins" + run, acl)
    role.get_users().add(u)
    role.save()
    found = Query(Role).equal_to("name", "Admins" + run).first()
    assert found.id == role.id
    obj = Object.extend("Secret")(); a = ACL(); a.set_role_read_access("Admins" + run, True)
    obj.set("v", 1); obj.set_acl(a); obj.save()
    state["secret"] = obj.id

def role_acl_read():
    User.become(state["alice"].get_session_token())
    assert Query("Secret").get(state["secret"]).get("v") == 1

def follow():
    bob = User(); bob.set_username("bob" + run); bob.set_password("pw"); bob.sign_up()
    alice = User(); alice.login("alice" + run, "pw2")
    alice.follow(bob.id)
    followers = User.create_follower_query(bob.id).find()
    assert [f.id for f in followers] == [alice.id], followers
    followees = User.create_followee_query(alice.id).find()
    assert [f.id for f in followees] == [bob.id]
    alice.unfollow(bob.id)
    assert User.create_follower_query(bob.id).find() == []

def files():
    f = File("hello" + run + ".txt", io.BytesIO(b"hello world"))
    f.save()
    assert f.id and f.url
    assert requests.get(f.url).content == b"hello world"
    g = File.create_without_data(f.id); g.fetch()
    assert g.name == f.name and g.url == f.url
    f.destroy()

def external_file():
    f = File.create_with_url("remote" + run + ".png", "https://example.com/x.png")
    f.save()
    assert f.id and f.url == "https://example.com/x.png"

def mobile_sms():
    phone = "+86139" + str(uuid.uuid4().int)[:8]
    leancloud.cloud.request_sms_code(phone)
    u = User.signup_or_login_with_mobile_phone(phone, last_code(phone))
    assert u.id and u.get_session_token()

def phone_flows():
    phone = "+86135" + str(uuid.uuid4().int)[:8]
    user = User()
    user.set_username("dave" + run)
    user.set_password("pw")
    user.set_mobile_phone_number(phone)
    user.sign_up()
    User.request_mobile_phone_verify(phone)
    User.verify_mobile_phone_number(last_code(phone), phone)
    assert User.login_with_mobile_phone(phone, "pw").id == user.id
    User.request_password_reset_by_sms_code(phone)
    User.reset_password_by_sms_code(last_code(phone), "pw2", phone)
    assert User.login_with_mobile_phone(phone, "pw2").id == user.id
    other = "+86134" + str(uuid.uuid4().int)[:8]
    User.request_change_phone_number(other, ttl=5)
    User.change_phone_number(last_code(other), other)
    assert Query(User).get(user.id).get_mobile_phone_number() == other


def last_code(phone):
    with open(os.path.join(os.environ["DATA_DIR"], "outbox.jsonl")) as outbox:
        return [json.loads(line) for line in outbox if phone in line][-1]["code"]


for name, fn in [("sign_up", sign_up), ("login", login), ("wrong_password_210", wrong_password),
                 ("become", become), ("save_own_fields", save_own_fields),
                 ("update_password", update_password), ("refresh_session_token", refresh_token),
                 ("roles", roles), ("role_acl_read", role_acl_read), ("follow", follow),
                 ("files_token_flow", files), ("external_file", external_file),
                 ("mobile_sms_signup", mobile_sms), ("phone_flows", phone_flows)]:
    check(name, fn)
print(json.dumps(results, indent=1))
