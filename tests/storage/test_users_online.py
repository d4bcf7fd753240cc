"""Users against the real server: sign-up, login, sessions, current user, phone flows,
third-party accounts, followers and roles (guide 002 "用户", API reference 001)."""

import pytest

import leanengine
from leanengine import LeanCloudError, User

pytestmark = pytest.mark.usefixtures("online")


def test_sign_up_makes_the_user_current(unique):
    username = unique("Tom")
    user = leanengine.User()
    user.set_username(username)
    user.set_password("cat!@#123")
    user.set_email(f"{username}@example.com")
    user.sign_up()
    assert user.id and user.session_token
    assert User.get_current() is user and user.is_current
    assert User.get_current().get_username() == username
    assert User.get_current().get_email() == f"{username}@example.com"
    assert user.get("password") is None  # never kept locally
    assert not hasattr(User.get_current(), "get_password")


def test_sign_up_requires_username_and_password():
    with pytest.raises(TypeError):
        User().sign_up()
    with pytest.raises(TypeError):
        User().sign_up(username="only-name")


def test_taken_username_email_and_phone(unique, new_user):
    first, _ = new_user(email=unique("e") + "@example.com", mobilePhoneNumber="+8613500000001")
    clash = User()
    clash.set_username(first.get_username())
    clash.set_password("x")
    with pytest.raises(LeanCloudError) as info:
        clash.sign_up()
    assert info.value.code == 202
    clash = User(email=first.get_email())
    with pytest.raises(LeanCloudError) as info:
        clash.sign_up(unique("u"), "x")
    assert info.value.code == 203
    clash = User(mobilePhoneNumber="+8613500000001")
    with pytest.raises(LeanCloudError) as info:
        clash.sign_up(unique("u"), "x")
    assert info.value.code == 214


def test_login_with_username_or_email(unique, new_user):
    email = unique("mail") + "@example.com"
    created, password = new_user(email=email)
    created.logout()
    assert User.get_current() is None

    user = leanengine.User()
    user.login(created.get_username(), password)
    assert user.id == created.id and user.session_token
    assert User.get_current() is user
    by_email = User()
    by_email.login(email=email, password=password)
    assert by_email.id == created.id

    with pytest.raises(LeanCloudError) as info:
        User().login(created.get_username(), "wrong")
    assert info.value.code == 210
    with pytest.raises(LeanCloudError) as info:
        User().login(unique("nobody"), "x")
    assert info.value.code == 211


def test_logout_clears_current_user(new_user):
    user, _ = new_user()
    assert User.get_current() is user
    user.logout()  # 清除缓存用户对象
    current_user = leanengine.User.get_current()
    assert current_user is None


def test_become_and_is_authenticated(new_user):
    user, _ = new_user()
    token = user.session_token
    User.set_current(None)
    same = User.become(token)
    assert same.id == user.id and same.session_token == token
    assert User.get_current() is same
    assert same.is_authenticated()
    with pytest.raises(LeanCloudError) as info:
        User.become("not-a-real-session-token")
    assert info.value.code == 211
    assert not User().is_authenticated()


def test_requests_carry_the_current_users_session(unique, new_user):
    # The user's own data may be changed only while logged in as that user.
    user, _ = new_user()
    leanengine.User.get_current().set("age", 25)
    leanengine.User.get_current().save()
    assert User.become(user.session_token).get("age") == 25
    leanengine.User.get_current().set("age", 27)
    leanengine.User.get_current().save()
    assert User.become(user.session_token).get("age") == 27

    other, _ = new_user()  # now current
    victim = User.create_without_data(user.id)
    victim.set("age", 99)
    with pytest.raises(LeanCloudError):
        victim.save()
    assert User.become(user.session_token).get("age") == 27


def test_refresh_session_token(new_user):
    user, _ = new_user()
    old = user.session_token
    user.refresh_session_token()
    assert user.session_token and user.session_token != old
    assert User.get_current().session_token == user.session_token
    with pytest.raises(LeanCloudError) as info:
        User.become(old)
    assert info.value.code == 211
    assert User.become(user.session_token).id == user.id


def test_update_password(new_user):
    user, password = new_user()
    user.update_password(password, "new-secret")
    user.logout()
    again = User()
    again.login(user.get_username(), "new-secret")
    assert again.id == user.id
    with pytest.raises(LeanCloudError) as info:
        User().login(user.get_username(), password)
    assert info.value.code == 210
    with pytest.raises(LeanCloudError):
        again.update_password("not-the-password", "x")


def test_signup_or_login_with_mobile_phone(api_server):
    # Guide 002 "手机号码登录": request a code, then sign up (or log in) with it.
    phone = "+8613511112222"
    leanengine.cloudfunc.request_sms_code(phone)
    code = api_server.last_code(phone)
    user = leanengine.User.signup_or_login_with_mobile_phone(phone, code)
    assert user.id and user.session_token and User.get_current() is user
    assert user.get_mobile_phone_number() == phone
    # The same phone logs the same user in next time.
    leanengine.cloud.request_sms_code(phone)
    again = User.signup_or_login_with_mobile_phone(phone, api_server.last_code(phone))
    assert again.id == user.id
    with pytest.raises(LeanCloudError) as info:
        User.signup_or_login_with_mobile_phone(phone, "000000")
    assert info.value.code == 603


def test_request_sms_code_prefixes_idd(api_server):
    leanengine.cloud.request_sms_code("13533334444")
    assert api_server.sent_codes("+8613533334444")
    code = api_server.last_code("+8613533334444")
    assert leanengine.cloud.verify_sms_code("+8613533334444", code) is True
    with pytest.raises(LeanCloudError):
        leanengine.cloud.verify_sms_code("+8613533334444", "000000")


def test_login_sms_code_and_phone_password_login(api_server, new_user):
    phone = "+8613555556666"
    user, password = new_user(mobilePhoneNumber=phone)
    # Phone number verification first (login with phone needs a verified number).
    User.request_mobile_phone_verify(phone)
    User.verify_mobile_phone_number(api_server.last_code(phone), phone)
    user.logout()
    logged = User.login_with_mobile_phone(phone, password)
    assert logged.id == user.id and User.get_current() is logged
    logged.logout()
    leanengine.User().request_login_sms_code(phone)
    by_code = leanengine.User().signup_or_login_with_mobile_phone(phone,
                                                                  api_server.last_code(phone))
    assert by_code.id == user.id


def test_reset_password_by_sms_code(api_server, new_user):
    phone = "+8613577778888"
    user, password = new_user(mobilePhoneNumber=phone)
    User.request_mobile_phone_verify(phone)
    User.verify_mobile_phone_number(api_server.last_code(phone))  # 001: the code alone
    leanengine.User.request_password_reset_by_sms_code(phone)
    # As guide 002 writes it: the code and the new password.
    leanengine.User.reset_password_by_sms_code(api_server.last_code(phone), "newpassword")
    user.logout()
    again = User()
    again.login(user.get_username(), "newpassword")
    assert again.id == user.id


def test_change_phone_number(api_server, new_user):
    user, _ = new_user(mobilePhoneNumber="+8613500001111")
    User.request_change_phone_number("+8613500002222")
    User.change_phone_number(api_server.last_code("+8613500002222"), "+8613500002222")
    assert User.become(user.session_token).get_mobile_phone_number() == "+8613500002222"


def test_email_flows_are_accepted(unique, new_user):
    email = unique("reset") + "@example.com"
    new_user(email=email)
    leanengine.User.request_password_reset(email)
    leanengine.User.request_email_verify(email)
    with pytest.raises(LeanCloudError) as info:
        User.request_password_reset(unique("nobody") + "@example.com")
    assert info.value.code == 205


def test_third_party_accounts(unique):
    auth = {"uid": unique("weixin"), "access_token": "tok"}
    user = User.login_with("weixin", auth)
    assert user.id and user.session_token and user.is_linked("weixin")
    assert User.get_current() is user
    user.logout()
    again = User.login_with("weixin", auth)
    assert again.id == user.id
    other = {"uid": unique("qq"), "access_token": "tok2"}
    again.link_with("qq", other)
    assert again.is_linked("qq")
    stored = User.become(again.session_token)
    assert set((stored.get("authData") or {})) == {"weixin", "qq"}
    again.unlink_from("qq")
    assert not again.is_linked("qq")
    assert "qq" not in (User.become(again.session_token).get("authData") or {})


def test_follow_and_friendship_queries(new_user):
    celebrity, _ = new_user()
    fan, _ = new_user()
    fan.follow(celebrity.id)
    followers = User.create_follower_query(celebrity.id).find()
    assert [u.id for u in followers] == [fan.id]
    assert isinstance(followers[0], User)
    assert followers[0].get_username() == fan.get_username()
    followees = User.create_followee_query(fan.id).find()
    assert [u.id for u in followees] == [celebrity.id]
    assert User.create_follower_query(celebrity.id).count() == 1
    fan.unfollow(celebrity.id)
    assert User.create_follower_query(celebrity.id).find() == []


def test_roles_and_get_roles(unique, new_user, master):
    member, _ = new_user()
    name = unique("Admins")
    acl = leanengine.ACL()
    acl.set_public_read_access(True)
    role = leanengine.Role(name, acl)
    role.get_users().add(member)
    role.save()
    assert role.id
    parent = leanengine.Role(unique("Staff"), acl)
    parent.roles.add(role)
    parent.save()
    assert [r.get_name() for r in member.get_roles()] == [name]
    found = leanengine.Query("_Role").equal_to("name", name).first()
    assert isinstance(found, leanengine.Role)
    assert [u.id for u in found.users.query.find()] == [member.id]
    assert [r.id for r in parent.roles.query.find()] == [role.id]
    with pytest.raises(LeanCloudError):
        leanengine.Role(name, acl).save()  # role names are unique


def test_role_acl_grants_access(unique, new_user, master):
    member, _ = new_user()
    outsider, _ = new_user()
    role = leanengine.Role(unique("Editors"), leanengine.ACL({"*": {"read": True}}))
    role.users.add(member)
    role.save()
    leanengine.use_master_key(False)
    Doc = leanengine.Object.extend(unique("Doc"))
    acl = leanengine.ACL()
    acl.set_role_read_access(role, True)
    acl.set_role_write_access(role, True)
    doc = Doc(text="secret")
    doc.set_acl(acl)
    doc.save()  # saved by the outsider (current), who is not in the role
    with pytest.raises(LeanCloudError):
        Doc.query.get(doc.id)
    User.become(member.session_token)
    assert Doc.query.get(doc.id).get("text") == "secret"


def test_account_locks_after_repeated_failures(new_user):
    # Guide 002 "账户锁定": more than 6 failures within 15 minutes lock the account, even
    # for the right password. (The guide quotes code 1; LeanCloud's error-code list and
    # this server answer 219 for it.)
    user, password = new_user()
    user.logout()
    for _ in range(6):
        with pytest.raises(LeanCloudError) as info:
            User().login(user.get_username(), "wrong")
        assert info.value.code in (210, 219)
    with pytest.raises(LeanCloudError) as info:
        User().login(user.get_username(), password)
    assert info.value.code in (1, 219)
