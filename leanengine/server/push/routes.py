"""``/1.1/push``, ``/1.1/installations``, ``/1.1/notifications`` and the legacy
``/1.1/tables/Notifications/<id>`` that the Python SDK's ``Notification.fetch`` reads."""

from __future__ import annotations

import importlib
import json
import logging
import os
from datetime import datetime, timedelta, timezone

from ...protocol import errors
from ...protocol.dates import encode_date, parse_iso
from ...protocol.errors import LeanCloudError
from .. import services as service_hooks
from ..caller import Caller
from ..query.spec import FindSpec
from ..request import Reply
from ..users import principals

log = logging.getLogger("leanengine.server.push")

INSTALLATION = "_Installation"
NOTIFICATION = "_Notification"
PUSH_BODY_LIMIT = 4096  # LeanCloud's limit on a push request's JSON body
# A push_time less than this far ahead is sent at once, as LeanCloud does.
SCHEDULE_THRESHOLD = timedelta(minutes=1)
DEVICE_KEYS = ("installationId", "deviceToken")
TARGET_PAGE = 1000


def register(router) -> None:
    router.add("/push", ["POST"], send_push, max_body=PUSH_BODY_LIMIT)
    router.add("/installations", ["POST"], save_installation)
    router.add("/installations", ["GET"], find_installations)
    router.add("/installations/<object_id>", ["GET", "PUT", "DELETE"], one_installation)
    router.add("/notifications", ["GET"], find_notifications, master=True)
    router.add("/notifications/<object_id>", ["GET"], get_notification)
    router.add("/notifications/<object_id>", ["DELETE"], delete_notification, master=True)
    router.add("/tables/Notifications/<object_id>", ["GET"], get_notification)
    service_hooks.add_write_guard(NOTIFICATION, _only_the_server_writes_notifications)
    # every push's content and target query: listed with the master key only, as
    # /notifications is (one record is still read by its id, as Notification.fetch does)
    principals.set_default_permissions(NOTIFICATION, {"find": {}})


def _only_the_server_writes_notifications(services, caller, class_name, object_id, body):
    if not caller.master:
        raise LeanCloudError(errors.OPERATION_FORBIDDEN,
                             "Notifications are written by /1.1/push only.", status=403)
    return body


# -- installations: _Installation objects, one per device ------------------------------------

def save_installation(req):
    """Create a device, or update the one with the same installationId/deviceToken (a
    device that registers again must not become a second target)."""
    body = req.json if isinstance(req.json, dict) else {}
    for key in DEVICE_KEYS:
        value = body.get(key)
        if isinstance(value, str) and value:
            existing = req.services.objects.find(
                Caller.master_key(), INSTALLATION, FindSpec(where={key: value}, limit=1))
            if existing:
                object_id = existing[0]["objectId"]
                return req.services.objects.update(req.caller, INSTALLATION, object_id, body)
    created = req.services.dispatch(req.caller, "POST", "/1.1/classes/" + INSTALLATION, body)
    return Reply(created, status=201,
                 headers={"Location": f"/1.1/installations/{created['objectId']}"})


def find_installations(req):
    return req.services.dispatch(req.caller, "GET", "/1.1/classes/" + INSTALLATION,
                                 params=dict(req.args.items()))


def one_installation(req):
    path = f"/1.1/classes/{INSTALLATION}/{req.params['object_id']}"
    return req.services.dispatch(req.caller, req.method, path, req.json,
                                 params=dict(req.args.items()))


# -- push ------------------------------------------------------------------------------------

def send_push(req):
    if not req.caller.master:
        raise LeanCloudError(errors.UNAUTHORIZED,
                             "Push from clients is disabled: use the master key.", status=401)
    body = req.json if isinstance(req.json, dict) else {}
    data = body.get("data")
    if not isinstance(data, dict) or not data:
        raise LeanCloudError(errors.INVALID_JSON, "data must be a non-empty JSON object.")
    where = _target_where(body)
    now = datetime.now(timezone.utc)
    push_time = _optional_date(body, "push_time")
    expiration_time = _optional_date(body, "expiration_time")
    interval = body.get("expiration_interval")
    if interval is not None and (isinstance(interval, bool) or not isinstance(interval, (int, float))
                                 or interval <= 0):
        raise LeanCloudError(errors.INVALID_JSON, "expiration_interval must be a positive number.")
    prod = body.get("prod", "prod" if req.caller.production else "dev")
    if prod not in ("prod", "dev"):
        raise LeanCloudError(errors.INVALID_JSON, 'prod must be "prod" or "dev".')
    master = Caller.master_key()
    devices = req.services.objects.count(master, INSTALLATION, FindSpec(where=where))
    scheduled = push_time is not None and push_time - now > SCHEDULE_THRESHOLD
    # the target query is kept as text: its $-operators are not storable field names
    record = {"data": data, "where": json.dumps(where, sort_keys=True), "prod": prod, "devices": devices,
              "status": "scheduled" if scheduled else "done",
              "ACL": {"*": {"read": True}}}
    for key, value in (("channels", body.get("channels")), ("cql", body.get("cql")),
                       ("expiration_interval", interval), ("flow_control", body.get("flow_control")),
                       ("push_time", push_time), ("expiration_time", expiration_time)):
        if value is not None:
            record[key] = encode_date(value) if isinstance(value, datetime) else value
    created = req.services.objects.create(master, NOTIFICATION, record)
    if not scheduled:
        _deliver(req.services, {**record, "objectId": created["objectId"]}, where)
    return created


def _target_where(body: dict) -> dict:
    where = body.get("where", {})
    if not isinstance(where, dict):
        raise LeanCloudError(errors.INVALID_QUERY, "where must be a JSON object.")
    cql = body.get("cql")
    if cql is not None:
        if not isinstance(cql, str):
            raise LeanCloudError(errors.CQL_SYNTAX_ERROR, "cql must be a string.")
        from ..cql import parse

        statement = parse(cql, [])
        if getattr(statement, "class_name", None) != INSTALLATION or not hasattr(statement, "where"):
            raise LeanCloudError(errors.CQL_SYNTAX_ERROR,
                                 "cql must be a select from _Installation.")
        where = {"$and": [where, statement.where or {}]} if where else (statement.where or {})
    channels = body.get("channels")
    if channels is not None:
        if not isinstance(channels, list) or not all(isinstance(c, str) for c in channels):
            raise LeanCloudError(errors.INVALID_CHANNEL_NAME, "channels must be a list of names.")
        condition = {"channels": {"$in": channels}}
        where = {"$and": [where, condition]} if where else condition
    return where


def _optional_date(body: dict, key: str) -> datetime | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, dict) and value.get("__type") == "Date":
        value = value.get("iso")
    try:
        return parse_iso(value)
    except (ValueError, TypeError):
        raise LeanCloudError(errors.INVALID_JSON, f"{key} must be an ISO 8601 date.") from None


def _deliver(services, notification: dict, where: dict) -> None:
    sender = _sender()
    master = Caller.master_key()
    skip = 0
    while True:
        page = services.objects.find(master, INSTALLATION, FindSpec(
            where=where, order="objectId", limit=TARGET_PAGE, skip=skip))
        if page:
            sender(notification, page)
        if len(page) < TARGET_PAGE:
            return
        skip += TARGET_PAGE


def _log_sender(notification: dict, installations: list) -> None:
    log.info("push %s to %d device(s): %s", notification["objectId"], len(installations),
             json.dumps(notification["data"], ensure_ascii=False)[:200])


def _sender():
    spec = os.environ.get("LEANENGINE_PUSH_SENDER")
    if not spec:
        return _log_sender
    module, _, attribute = spec.partition(":")
    return getattr(importlib.import_module(module), attribute)


# -- notifications: the record of each push --------------------------------------------------

def get_notification(req):
    found = req.services.objects.get(req.caller, NOTIFICATION, req.params["object_id"])
    if not found:
        raise LeanCloudError(errors.OBJECT_NOT_FOUND, "Could not find notification.", status=404)
    return found


def find_notifications(req):
    return req.services.dispatch(req.caller, "GET", "/1.1/classes/" + NOTIFICATION,
                                 params=dict(req.args.items()))


def delete_notification(req):
    req.services.objects.delete(req.caller, NOTIFICATION, req.params["object_id"])
    return {}
