"""``/statuses``: send, list, read and delete statuses; ``/subscribe/statuses``: an inbox,
its counts, deleting from it and marking it read.

Sending needs the sender's session (or the master key): the status's ``source`` is the
sender, and a client cannot send in another user's name. The receivers are the objects
the body's ``query`` finds with the sender's own read rights (``keys`` names the field
that points to each receiver; without it each object found is a receiver). A status of
the ``default`` inbox reaches the sender's own inbox too. Only an inbox's owner (or the
master key) reads or changes it.
"""

from __future__ import annotations

import json

from ...protocol import errors
from ...protocol.errors import LeanCloudError
from .. import services as service_hooks
from ..objects_routes import find_answer
from ..query.spec import FindSpec, decode_where
from ..users import accounts
from . import inbox
from .inbox import INBOX, STATUS

DEFAULT_INBOX = "default"
INBOX_LIMIT = 100  # the most statuses one inbox read answers


def register(router) -> None:
    for class_name in (STATUS, INBOX):
        service_hooks.add_write_guard(class_name, _written_here_only)
        service_hooks.add_delete_guard(class_name, _deleted_here_only)
    router.add("/statuses", ["POST"], send_status)
    router.add("/statuses", ["GET"], find_statuses)
    router.add("/statuses/<object_id>", ["GET"], get_status)
    router.add("/statuses/<object_id>", ["DELETE"], delete_status)
    router.add("/subscribe/statuses", ["GET"], read_inbox)
    router.add("/subscribe/statuses/count", ["GET"], count_inbox)
    router.add("/subscribe/statuses/inbox", ["DELETE"], delete_from_inbox)
    router.add("/subscribe/statuses/resetUnreadCount", ["POST"], reset_unread_count)


def _written_here_only(services, caller, class_name, object_id, body):
    if not caller.master:
        raise LeanCloudError(errors.OPERATION_FORBIDDEN,
                             f"{class_name} is written by /statuses only.", status=403)
    return body


def _deleted_here_only(services, caller, class_name, object_id):
    _written_here_only(services, caller, class_name, object_id, None)


def _invalid(message: str) -> LeanCloudError:
    return LeanCloudError(errors.INVALID_QUERY, message, status=400)


# -- sending -----------------------------------------------------------------------------

def send_status(req):
    body = req.json if isinstance(req.json, dict) else {}
    data, target, inbox_type = body.get("data"), body.get("query"), body.get("inboxType")
    inbox_type = inbox_type or DEFAULT_INBOX
    if not isinstance(data, dict):
        raise _invalid("data must be a JSON object.")
    if not isinstance(target, dict) or not isinstance(target.get("className"), str):
        raise _invalid("query must be a JSON object with a className.")
    if not isinstance(inbox_type, str):
        raise _invalid("inboxType must be a string.")
    source = _source(req.caller, data.get("source"))
    fields = {key: value for key, value in data.items()
              if key not in inbox.METADATA and key not in inbox.OWN_FIELDS}
    if source is not None:
        fields["source"] = source
    owners = _receivers(req, target)
    if source is not None and inbox_type == DEFAULT_INBOX and source not in owners:
        owners.append(source)
    services = req.services
    with services.store.transaction():
        acl = {"*": {"read": True}}
        if source is not None:
            acl[source["objectId"]] = {"read": True, "write": True}
        created = services.objects.create(accounts.master(), STATUS, {
            **fields, "inboxType": inbox_type, "ACL": acl})
        status = services.objects.get(accounts.master(), STATUS, created["objectId"])
        inbox.deliver(services, status, owners, inbox_type)
    return {"objectId": created["objectId"], "createdAt": created["createdAt"]}


def _source(caller, claimed) -> dict | None:
    """The sender: the caller's user; with the master key, whatever ``source`` says."""
    if caller.master:
        return claimed if _is_pointer(claimed) else None
    if not caller.user_id:
        raise LeanCloudError(errors.SESSION_MISSING, "Sending a status needs a session.",
                             status=400)
    own = accounts.pointer(caller.user_id)
    if claimed is not None and not (_is_pointer(claimed) and
                                    claimed["objectId"] == own["objectId"] and
                                    claimed["className"] == own["className"]):
        raise LeanCloudError(errors.OPERATION_FORBIDDEN,
                             "A status's source is the user who sends it.", status=403)
    return own


def _is_pointer(value) -> bool:
    return (isinstance(value, dict) and value.get("__type") == "Pointer"
            and isinstance(value.get("className"), str)
            and isinstance(value.get("objectId"), str))


def _receivers(req, target: dict) -> list[dict]:
    """Pointers to the inbox owners the query selects, each once, in objectId order."""
    class_name, keys = target["className"], target.get("keys")
    if keys is not None and (not isinstance(keys, str) or "," in keys or "." in keys):
        raise _invalid("query.keys names one field.")
    where = decode_where(target.get("where"))
    owners, skip = [], 0
    while True:
        page = req.services.objects.find(req.caller, class_name, FindSpec(
            where=where, order="objectId", limit=inbox.PAGE, skip=skip))
        for obj in page:
            owner = obj.get(keys) if keys else accounts.pointer(obj["objectId"], class_name)
            if _is_pointer(owner):
                owner = {k: owner[k] for k in ("__type", "className", "objectId")}
                if owner not in owners:
                    owners.append(owner)
        if len(page) < inbox.PAGE:
            return owners
        skip += inbox.PAGE


# -- statuses as sent --------------------------------------------------------------------

def find_statuses(req):
    return find_answer(req, STATUS)


def get_status(req):
    """A status, or ``{}`` when there is none (as ``/classes`` answers)."""
    return req.services.objects.get(req.caller, STATUS, req.params["object_id"]) or {}


def delete_status(req):
    """Delete a status (its sender, or the master key) and take it out of every inbox."""
    services, object_id = req.services, req.params["object_id"]
    status = services.objects.get(accounts.master(), STATUS, object_id)
    if status is None:
        raise LeanCloudError(errors.OBJECT_NOT_FOUND, "Could not find status.", status=404)
    source = status.get("source")
    if not req.caller.master and not (
            _is_pointer(source) and source["objectId"] == req.caller.user_id):
        raise LeanCloudError(errors.OPERATION_FORBIDDEN,
                             "Only its sender deletes a status.", status=403)
    master = accounts.master()
    with services.store.transaction():
        for row in inbox.rows(services, {"inboxStatus": accounts.pointer(object_id, STATUS)}):
            services.objects.delete(master, INBOX, row["objectId"])
        services.objects.delete(master, STATUS, object_id)
    return {}


# -- inboxes ------------------------------------------------------------------------------

def _inbox_scope(req) -> dict:
    """The ``where`` of the inbox the request names; its owner must be the caller."""
    owner = req.args.get("owner")
    if owner is None and isinstance(req.json, dict):
        owner = req.json.get("owner")
    if isinstance(owner, str):
        try:
            owner = json.loads(owner)
        except ValueError:
            raise LeanCloudError(errors.INVALID_JSON, "owner is not valid JSON.") from None
    if not _is_pointer(owner):
        raise _invalid("owner must be a Pointer.")
    if not req.caller.master and owner["objectId"] != req.caller.user_id:
        raise LeanCloudError(errors.OPERATION_FORBIDDEN,
                             "An inbox is read by its owner only.", status=403)
    inbox_type = req.args.get("inboxType") or DEFAULT_INBOX
    owner = {k: owner[k] for k in ("__type", "className", "objectId")}
    return inbox.scope(owner, inbox_type)


def _int_arg(req, name: str) -> int:
    try:
        return int(req.args.get(name) or 0)
    except ValueError:
        raise _invalid(f"{name} must be an integer.") from None


def read_inbox(req):
    """Newest first; ``sinceId`` < messageId <= ``maxId`` (0: no bound), ``where`` over
    the status's fields, at most 100 (``limit``)."""
    scope = _inbox_scope(req)
    ids = {"$gt": _int_arg(req, "sinceId")}
    max_id = _int_arg(req, "maxId")
    if max_id > 0:
        ids["$lte"] = max_id
    conditions = [{**scope, "messageId": ids}]
    where = decode_where(req.args.get("where"))
    if where:
        conditions.append(where)
    spec = FindSpec.from_args(req.args)
    spec.where = conditions[0] if len(conditions) == 1 else {"$and": conditions}
    spec.order, spec.skip = "-messageId", 0
    spec.limit = min(spec.limit, INBOX_LIMIT) if spec.limit else INBOX_LIMIT
    spec.keys = None
    objects = req.services.objects
    answer = {"results": [inbox.as_status(row)
                          for row in objects.find(accounts.master(), INBOX, spec)]}
    if spec.count:
        answer["count"] = objects.count(accounts.master(), INBOX, spec)
    return answer


def count_inbox(req):
    scope = _inbox_scope(req)
    objects, master = req.services.objects, accounts.master()
    total = objects.count(master, INBOX, FindSpec(where=scope, limit=0))
    unread = objects.count(master, INBOX, FindSpec(where={**scope, "inboxRead": False},
                                                   limit=0))
    return {"total": total, "unread": unread}


def delete_from_inbox(req):
    scope = _inbox_scope(req)
    message_id = _int_arg(req, "messageId")
    services, master = req.services, accounts.master()
    with services.store.transaction():
        for row in inbox.rows(services, {**scope, "messageId": message_id}):
            services.objects.delete(master, INBOX, row["objectId"])
    return {}


def reset_unread_count(req):
    scope = _inbox_scope(req)
    services, master = req.services, accounts.master()
    with services.store.transaction():
        for row in inbox.rows(services, {**scope, "inboxRead": False}):
            services.objects.update(master, INBOX, row["objectId"], {"inboxRead": True})
    return {}
