"""``POST /rtm/messages``, ``POST /rtm/broadcast`` and ``GET /rtm/messages/history``, with
the master key, as LeanCloud's server-side messaging API required.

A message goes to an existing ``_Conversation``; ``transient`` messages are not kept (as
on LeanCloud, they have no history); a broadcast needs a system conversation. History is
newest first (``reversed=true``: oldest first), at most 1000 (default 100), from before
``max_ts`` (ms; after it when reversed), leaving out the message ``msgid``.
"""

from __future__ import annotations

import json
import time

from ...protocol import errors
from ...protocol.errors import LeanCloudError
from .. import services as service_hooks
from ..caller import Caller
from ..ids import new_object_id
from ..query.spec import FindSpec, clamp_limit

CONVERSATION = "_Conversation"
MESSAGE = "_RtmMessage"
NOBODY = {}  # the messages' ACL: the master key only


def register(router) -> None:
    service_hooks.add_write_guard(MESSAGE, _written_here_only)
    router.add("/rtm/messages", ["POST"], send_message, master=True)
    router.add("/rtm/broadcast", ["POST"], broadcast, master=True)
    router.add("/rtm/messages/history", ["GET"], history, master=True)


def _written_here_only(services, caller, class_name, object_id, body):
    if not caller.master:
        raise LeanCloudError(errors.OPERATION_FORBIDDEN,
                             f"{class_name} is written by /rtm/messages only.", status=403)
    return body


def _invalid(message: str) -> LeanCloudError:
    return LeanCloudError(errors.INVALID_QUERY, message, status=400)


def _conversation(req, body: dict) -> dict:
    conv_id = body.get("conv_id")
    if not isinstance(conv_id, str) or not conv_id:
        raise _invalid("conv_id is required.")
    found = req.services.objects.get(Caller.master_key(), CONVERSATION, conv_id)
    if found is None:
        raise LeanCloudError(errors.OBJECT_NOT_FOUND, "Conversation not found.", status=404)
    return found


def _message_fields(body: dict) -> tuple[str, str]:
    sender, message = body.get("from_peer"), body.get("message")
    if not isinstance(sender, str) or not sender:
        raise _invalid("from_peer is required.")
    if isinstance(message, dict):
        message = json.dumps(message)
    if not isinstance(message, str):
        raise _invalid("message must be a string.")
    return sender, message


def _store(req, conversation: dict, sender: str, message: str, to=None) -> dict:
    msg_id = new_object_id()
    record = {"convId": conversation["objectId"], "from": sender, "data": message,
              "timestamp": int(time.time() * 1000), "msgId": msg_id,
              "fromIp": req.environ.get("REMOTE_ADDR"), "bin": False,
              "isRoom": bool(conversation.get("tr")), "ACL": NOBODY}
    if to:
        record["to"] = to
    req.services.objects.create(Caller.master_key(), MESSAGE, record)
    return {"msg-id": msg_id, "timestamp": record["timestamp"]}


def send_message(req):
    body = req.json if isinstance(req.json, dict) else {}
    sender, message = _message_fields(body)
    conversation = _conversation(req, body)
    to = body.get("to_peers")
    if to is not None and not (isinstance(to, list) and all(isinstance(p, str) for p in to)):
        raise _invalid("to_peers must be a list of client ids.")
    if body.get("transient") is True:
        return {}
    return _store(req, conversation, sender, message, to)


def broadcast(req):
    body = req.json if isinstance(req.json, dict) else {}
    sender, message = _message_fields(body)
    conversation = _conversation(req, body)
    if not conversation.get("sys"):
        raise LeanCloudError(errors.OPERATION_FORBIDDEN,
                             "Broadcasts go through a system conversation.", status=403)
    return _store(req, conversation, sender, message)


def history(req):
    args = req.args
    where: dict = {}
    if args.get("convid"):
        where["convId"] = args.get("convid")
    if args.get("from"):
        where["from"] = args.get("from")
    reverse = str(args.get("reversed", "")).lower() == "true"
    if args.get("max_ts"):
        try:
            bound = int(float(args.get("max_ts")))
        except ValueError:
            raise _invalid("max_ts must be a number.") from None
        where["timestamp"] = {("$gte" if reverse else "$lte") if args.get("msgid")
                              else ("$gt" if reverse else "$lt"): bound}
    if args.get("msgid"):
        where["msgId"] = {"$ne": args.get("msgid")}
    order = "timestamp,createdAt" if reverse else "-timestamp,-createdAt"
    spec = FindSpec(where=where, order=order, limit=clamp_limit(args.get("limit", 100)))
    found = req.services.objects.find(Caller.master_key(), MESSAGE, spec)
    return [_as_history(record) for record in found]


def _as_history(record: dict) -> dict:
    entry = {"conv-id": record["convId"], "from": record["from"], "data": record["data"],
             "timestamp": record["timestamp"], "msg-id": record["msgId"],
             "from-ip": record.get("fromIp"), "is-conv": True,
             "is-room": record.get("isRoom", False), "bin": record.get("bin", False)}
    if record.get("to"):
        entry["to"] = record["to"]
    return entry
