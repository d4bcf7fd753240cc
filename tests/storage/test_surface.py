"""Every class, method and module-level function of API reference 001 exists, with the
arguments it documents (``leancloud`` read as ``leanengine``)."""

import inspect

import pytest

import leanengine

OBJECT_METHODS = (
    "add add_unique as_class bit_and bit_or bit_xor clear create create_without_data destroy "
    "destroy_all disable_after_hook disable_before_hook dump extend fetch get get_acl has "
    "ignore_hook increment is_dirty is_existed is_new relation remove save save_all set "
    "set_acl unset validate").split()
USER_METHODS = OBJECT_METHODS + (
    "become change_phone_number create_followee_query create_follower_query follow "
    "get_current get_email get_mobile_phone_number get_roles get_session_token get_username "
    "is_authenticated is_current is_linked link_with login login_with "
    "login_with_mobile_phone logout refresh_session_token request_change_phone_number "
    "request_email_verify request_login_sms_code request_mobile_phone_verify "
    "request_password_reset request_password_reset_by_sms_code reset_password_by_sms_code "
    "session_token set_current set_email set_mobile_phone_number set_password set_username "
    "sign_up signup_or_login_with_mobile_phone unfollow unlink_from update_password "
    "verify_mobile_phone_number").split()
ROLE_METHODS = OBJECT_METHODS + "get_name get_roles get_users name roles set_name users".split()
FILE_MEMBERS = ("create_with_url create_without_data destroy fetch get_acl get_thumbnail_url "
                "metadata mime_type name owner_id query save set_acl set_mime_type size "
                "url").split()
QUERY_METHODS = (
    "add_ascending add_descending and_ ascending contained_in contains contains_all count "
    "descending do_cloud_query does_not_exist does_not_match_key_in_query "
    "does_not_match_query dump endswith equal_to exists find first get greater_than "
    "greater_than_or_equal_to include include_acl less_than less_than_or_equal_to limit "
    "matched matches_key_in_query matches_query near not_contained_in not_equal_to or_ scan "
    "select size_equal_to skip startswith within_geo_box within_kilometers within_miles "
    "within_radians").split()
RELATION_MEMBERS = "add dump query remove reverse_query".split()
ACL_METHODS = (
    "dump get_public_read_access get_public_write_access get_read_access "
    "get_role_read_access get_role_write_access get_write_access set_public_read_access "
    "set_public_write_access set_read_access set_role_read_access set_role_write_access "
    "set_write_access").split()
GEOPOINT_MEMBERS = "dump kilometers_to latitude longitude miles_to radians_to".split()


@pytest.mark.parametrize("cls, names", [
    (leanengine.Object, OBJECT_METHODS), (leanengine.User, USER_METHODS),
    (leanengine.Role, ROLE_METHODS), (leanengine.File, FILE_MEMBERS),
    (leanengine.Query, QUERY_METHODS), (leanengine.Relation, RELATION_MEMBERS),
    (leanengine.ACL, ACL_METHODS), (leanengine.GeoPoint, GEOPOINT_MEMBERS),
])
def test_every_documented_member_exists(cls, names):
    missing = [name for name in names if not hasattr(cls, name) and name not in
               {"session_token", "is_current"}]
    assert missing == []


def params(func):
    return list(inspect.signature(func).parameters)


def test_documented_signatures():
    assert params(leanengine.init) == ["app_id", "app_key", "master_key", "hook_key"]
    assert params(leanengine.use_master_key) == ["flag"]
    assert params(leanengine.Object.get) == ["self", "attr", "default", "deafult"]
    assert params(leanengine.Object.set) == ["self", "key_or_attrs", "value", "unset"]
    assert params(leanengine.Object.save)[:3] == ["self", "where", "fetch_when_save"]
    assert params(leanengine.Object.fetch) == ["self", "select", "include"]
    assert params(leanengine.Object.increment) == ["self", "attr", "amount"]
    assert params(leanengine.User.login) == ["self", "username", "password", "email"]
    assert "make_current" in params(leanengine.User.save)
    assert params(leanengine.User.request_change_phone_number) == [
        "phone_number", "ttl", "validate_token"]
    assert params(leanengine.File.__init__) == ["self", "name", "data", "mime_type"]
    assert params(leanengine.File.create_with_url) == ["name", "url", "meta_data", "mime_type"]
    assert params(leanengine.File.get_thumbnail_url) == [
        "self", "width", "height", "quality", "scale_to_fit", "fmt"]
    assert params(leanengine.Query.matched) == ["self", "key", "regex", "ignore_case",
                                                "multi_line"]
    assert params(leanengine.Query.scan) == ["self", "batch_size", "scan_key"]
    assert params(leanengine.Query.within_kilometers) == [
        "self", "key", "point", "max_distance", "min_distance"]
    assert params(leanengine.Relation.__init__) == ["self", "parent", "key"]
    assert params(leanengine.Relation.reverse_query) == ["parent_class", "relation_key", "child"]
    assert params(leanengine.Role.__init__)[:3] == ["self", "name", "acl"]
    assert params(leanengine.ACL.__init__) == ["self", "permissions_by_id"]
    assert params(leanengine.GeoPoint.__init__) == ["self", "latitude", "longitude"]
    assert params(leanengine.push.send) == [
        "data", "channels", "push_time", "expiration_time", "expiration_interval", "where",
        "cql", "flow_control", "prod"]
    assert params(leanengine.cloud.request_sms_code) == [
        "phone_number", "idd", "sms_type", "validate_token", "template", "sign", "params"]
    assert params(leanengine.cloud.request_captcha) == ["size", "width", "height", "ttl"]
    assert params(leanengine.cloud.verify_captcha) == ["code", "token"]
    assert params(leanengine.cloud.verify_sms_code) == ["phone_number", "code"]
    assert params(leanengine.cloud.run)[0] == "_cloud_func_name"
    assert params(leanengine.cloud.rpc)[0] == "_cloud_rpc_name"


def test_modules_and_exports_like_the_legacy_sdk():
    import leanengine.cloud
    import leanengine.push
    assert leanengine.push.Installation._class_name == "_Installation"
    assert leanengine.push.Notification._class_name == "_Notification"
    assert leanengine.cloud.Captcha("t", "u").url == "u"
    assert leanengine.cloudfunc is leanengine.cloud
    assert issubclass(leanengine.FriendshipQuery, leanengine.Query)
    assert issubclass(leanengine.LeanCloudWarning, UserWarning)
    assert isinstance(leanengine.File.query, leanengine.Query)
    assert leanengine.File.query.class_name == "_File"
    err = leanengine.LeanCloudError(101, "Object not found.")
    assert (err.code, err.error) == (101, "Object not found.")


def test_run_local_calls_the_engine_of_this_process():
    from leanengine.engine import Engine
    engine = Engine()

    @engine.define
    def add(a, b):
        return a + b

    previous, Engine.root = Engine.root, engine
    try:
        assert leanengine.cloud.run.local("add", a=1, b=2) == 3
        assert leanengine.cloud.rpc.local("add", a=2, b=2) == 4
    finally:
        Engine.root = previous
    assert leanengine.cloud.run.remote is leanengine.cloud.run
    assert leanengine.cloud.rpc.remote is leanengine.cloud.rpc
