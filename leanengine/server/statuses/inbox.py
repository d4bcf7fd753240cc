"""Inboxes: delivering a status to its receivers and reading what they received.

An inbox row copies the status's fields (so that a reader's ``where`` filters them) and
adds its own: ``inboxOwner`` (a Pointer), ``inboxType``, ``messageId`` (1, 2, ... per
owner and type), ``inboxStatus`` (a Pointer to the ``_Status``) and ``inboxRead``. Only
the owner may read the row (its ACL), and only these routes write it.
"""

from __future__ import annotations

from ..query.spec import FindSpec
from ..users import accounts

STATUS = "_Status"
INBOX = "_StatusInbox"
OWN_FIELDS = ("inboxOwner", "inboxType", "messageId", "inboxStatus", "inboxRead")
METADATA = ("objectId", "createdAt", "updatedAt", "ACL")
PAGE = 1000


def scope(owner: dict, inbox_type: str) -> dict:
    """The ``where`` of one inbox."""
    return {"inboxOwner": owner, "inboxType": inbox_type}


def deliver(services, status: dict, owners: list[dict], inbox_type: str) -> None:
    """Give ``status`` (as stored, with its objectId) to each owner's inbox, once."""
    master = accounts.master()
    fields = {key: value for key, value in status.items()
              if key not in METADATA and key not in OWN_FIELDS}
    status_pointer = accounts.pointer(status["objectId"], STATUS)
    for owner in owners:
        where = scope(owner, inbox_type)
        last = services.objects.find(master, INBOX, FindSpec(where=where, order="-messageId",
                                                             limit=1))
        message_id = (last[0]["messageId"] if last else 0) + 1
        services.objects.create(master, INBOX, {
            **fields, **where, "messageId": message_id, "inboxStatus": status_pointer,
            "inboxRead": False, "ACL": {owner["objectId"]: {"read": True}}})


def rows(services, where: dict, order: str = "objectId") -> list[dict]:
    """Every inbox row matching ``where``, page by page."""
    found, skip = [], 0
    while True:
        page = services.objects.find(accounts.master(), INBOX,
                                     FindSpec(where=where, order=order, limit=PAGE, skip=skip))
        found.extend(page)
        if len(page) < PAGE:
            return found
        skip += PAGE


def as_status(row: dict) -> dict:
    """What a reader sees of an inbox row: the status, with its messageId and inboxType."""
    status = {key: value for key, value in row.items()
              if key not in OWN_FIELDS and key != "ACL"}
    status["objectId"] = row["inboxStatus"]["objectId"]
    status["messageId"] = row["messageId"]
    status["inboxType"] = row["inboxType"]
    return status
