"""Every module path and public name of LeanCloud's Python SDK 3.0.2 exists under
``leancloud`` (issue 10: an app keeps ``import leancloud`` unchanged).

The lists are LeanCloud's package as published (leancloud==3.0.2): for each module, the
names it defines and the names of the package it imports (``from .x import Y``).
"""

import importlib

import pytest

LEANCLOUD_3_0_2 = {
    "leancloud": [
        "logger", "version_info", "__version__", "client", "cloud", "push", "ACL", "init",
        "use_master_key", "use_production", "use_region", "Conversation", "Engine",
        "LeanEngineError", "HttpsRedirectMiddleware", "LeanCloudError", "LeanCloudWarning",
        "File", "GeoPoint", "Message", "Object", "Installation", "FriendshipQuery", "Query",
        "Relation", "Role", "InboxQuery", "Status", "SysMessage", "User"],
    "leancloud.acl": ["PUBLIC_KEY", "ACL"],
    "leancloud.app_router": ["AppRouter"],
    "leancloud.client": [
        "APP_ID", "APP_KEY", "MASTER_KEY", "HOOK_KEY", "USE_PRODUCTION", "USE_HTTPS",
        "USE_MASTER_KEY", "REGION", "app_router", "session", "request_hooks",
        "SERVER_VERSION", "TIMEOUT_SECONDS", "init", "need_init", "get_url",
        "use_production", "use_master_key", "check_error", "use_region", "get_server_time",
        "get_app_info", "get", "post", "put", "delete", "AppRouter"],
    "leancloud.cloud": [
        "run", "rpc", "request_sms_code", "verify_sms_code", "Captcha", "request_captcha",
        "verify_captcha", "get_server_time"],
    "leancloud.conversation": ["Conversation"],
    "leancloud.engine": [
        "Engine", "utils", "leanengine", "AuthorizationMiddleware", "CookieSessionMiddleware",
        "CORSMiddleware", "HttpsRedirectMiddleware", "LeanEngineApplication",
        "LeanEngineError", "after_delete", "after_save", "after_update", "before_delete",
        "before_save", "before_update", "context", "current", "register_cloud_func",
        "register_on_bigquery", "register_on_login", "register_on_auth_data",
        "register_on_verified", "user"],
    "leancloud.engine.authorization": [
        "APP_ID", "APP_KEY", "ANDX_KEY", "MASTER_KEY", "HOOK_KEY", "current_environ",
        "AuthorizationMiddleware"],
    "leancloud.engine.context": ["Current", "local", "local_manager"],
    "leancloud.engine.cookie_session": ["CookieSessionMiddleware"],
    "leancloud.engine.cors": ["CORSMiddleware"],
    "leancloud.engine.https_redirect_middleware": ["is_prod", "HttpsRedirectMiddleware"],
    "leancloud.engine.leanengine": [
        "logger", "user", "current", "http_status_codes", "LeanEngineError",
        "LeanEngineApplication", "hook_name_mapping", "root_engine", "register_cloud_func",
        "dispatch_cloud_func", "register_cloud_hook", "before_save", "after_save",
        "before_update", "after_update", "before_delete", "after_delete",
        "dispatch_cloud_hook", "register_on_verified", "dispatch_on_verified",
        "register_on_login", "dispatch_on_login", "register_on_auth_data",
        "dispatch_on_auth_data", "dispatch_ops_meta_data", "register_on_bigquery",
        "dispatch_on_bigquery", "get_remote_address", "context"],
    "leancloud.engine.utils": ["sign_by_key", "to_native"],
    "leancloud.errors": ["LeanCloudError", "LeanCloudWarning"],
    "leancloud.file_": ["logger", "DEFAULT_TIMEOUT", "File", "client", "LeanCloudError"],
    "leancloud.geo_point": ["GeoPoint"],
    "leancloud.message": ["Message", "client"],
    "leancloud.object_": ["object_class_map", "ObjectMeta", "Object", "client", "operation"],
    "leancloud.operation": [
        "BaseOp", "Set", "Unset", "Increment", "BitAnd", "BitOr", "BitXor", "Add",
        "AddUnique", "Remove", "Relation"],
    "leancloud.push": ["Installation", "Notification", "send", "Object", "LeanCloudError",
                       "client"],
    "leancloud.query": ["CQLResult", "Cursor", "Query", "FriendshipQuery"],
    "leancloud.relation": ["Relation"],
    "leancloud.role": ["Role"],
    "leancloud.status": ["StatusesCount", "Status", "InboxQuery", "client", "Query", "User"],
    "leancloud.sys_message": ["SysMessage", "Object"],
    "leancloud.user": ["thread_locals", "User", "client", "LeanCloudError",
                       "FriendshipQuery", "Object", "Relation"],
    "leancloud.utils": [
        "get_dumpable_types", "encode", "decode", "decode_date_string", "decode_updated_at",
        "traverse_object", "throttle", "classproperty"],
}

# LeanCloud's package exports these classes from several modules; they are one class each.
SAME_CLASS = {
    "leancloud.Object": ["leancloud.object_.Object", "leanengine.Object"],
    "leancloud.User": ["leancloud.user.User", "leanengine.User"],
    "leancloud.Query": ["leancloud.query.Query", "leanengine.Query"],
    "leancloud.Status": ["leancloud.status.Status", "leanengine.Status"],
    "leancloud.Installation": ["leancloud.push.Installation", "leanengine.Installation"],
    "leancloud.LeanCloudError": ["leancloud.errors.LeanCloudError", "leanengine.LeanCloudError"],
    "leancloud.Engine": ["leancloud.engine.Engine", "leanengine.Engine"],
}


def resolve(dotted: str):
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


@pytest.mark.parametrize("module_name", sorted(LEANCLOUD_3_0_2))
def test_every_public_name_of_the_module_is_there(module_name):
    module = importlib.import_module(module_name)
    missing = [name for name in LEANCLOUD_3_0_2[module_name] if not hasattr(module, name)]
    assert not missing, f"{module_name} lacks {missing}"


@pytest.mark.parametrize("module_name", sorted(LEANCLOUD_3_0_2))
def test_the_module_is_an_attribute_of_its_package(module_name):
    import leancloud  # noqa: F401
    obj = importlib.import_module("leancloud")
    for part in module_name.split(".")[1:]:
        obj = getattr(obj, part)
    assert obj is importlib.import_module(module_name)


def test_from_imports_as_apps_write_them():
    from leancloud import ACL, Engine, LeanEngineError, Object, Query, User  # noqa: F401
    from leancloud.engine import CookieSessionMiddleware  # noqa: F401
    from leancloud.engine.https_redirect_middleware import HttpsRedirectMiddleware  # noqa
    from leancloud.errors import LeanCloudError  # noqa: F401
    from leancloud.operation import Increment  # noqa: F401


@pytest.mark.parametrize("name", sorted(SAME_CLASS))
def test_a_class_is_one_class_whatever_the_path(name):
    for other in SAME_CLASS[name]:
        assert resolve(other) is resolve(name), other


def test_storage_modules_are_leanengines_own_module_objects():
    import leancloud
    import leanengine.storage.rest
    import leanengine.storage.user
    assert leancloud.client is leanengine.storage.rest
    assert leancloud.user is leanengine.storage.user


def test_special_classes_keep_their_storage_class_names():
    import leancloud
    assert leancloud.Conversation._class_name == "_Conversation"
    assert leancloud.SysMessage._class_name == "_SysMessage"
    assert leancloud.Installation._class_name == "_Installation"
    assert leancloud.Object.extend("_Conversation") is leancloud.Conversation
