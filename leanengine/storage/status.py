"""``Status`` and ``InboxQuery``: the status feed (LeanCloud's in-app social timeline).

A status is sent to the inboxes of the users a query selects (``POST /statuses``): the
followers of the current user, or one user for a private message. Each inbox numbers
what it receives with ``messageId``; ``InboxQuery`` reads an inbox
(``GET /subscribe/statuses``), paging with ``since_id``/``max_id``, and
``Status.count_unread_statuses`` counts it (``GET /subscribe/statuses/count``).
"""

from __future__ import annotations

from collections import namedtuple
from datetime import datetime
from typing import Any

from . import client, codec
from .query import Query
from .user import User

StatusesCount = namedtuple("StatusesCount", ["total", "unread"])

DEFAULT_INBOX = "default"
PRIVATE_INBOX = "private"


def _signed_in_user() -> User:
    user = User.get_current()
    if not user:
        raise ValueError("Please sign in an user")
    return user


class Status:
    def __init__(self, **data: Any):
        self.id: str | None = None
        self.created_at: datetime | None = None
        self.updated_at: datetime | None = None
        self._data = data
        self.inbox_type = DEFAULT_INBOX

    def get(self, key: str) -> Any:
        return self._data.get(key)

    def set(self, key: str, value: Any) -> "Status":
        self._data[key] = value
        return self

    def send(self, query: Query) -> None:
        """Deliver to the inbox of each object ``query`` selects (the field it selects
        with ``select``, else the object itself), as the current user."""
        user = _signed_in_user()
        target = query.dump()
        target["className"] = query.class_name
        data = dict(self._data)
        data.setdefault("source", user)
        answer = client.post("/statuses", {"inboxType": self.inbox_type,
                                           "data": codec.encode(data), "query": target})
        self.id = answer["objectId"]
        self.created_at = codec.decode({"__type": "Date", "iso": answer["createdAt"]})

    def send_to_followers(self) -> None:
        user = _signed_in_user()
        self.send(Query("_Follower").select("follower").equal_to("user", user))

    def send_private_status(self, target: User) -> None:
        _signed_in_user()
        if not isinstance(target, User):
            raise TypeError("target must be a leancloud.User")
        self.inbox_type = PRIVATE_INBOX
        self.send(Query("_User").equal_to("objectId", target.id))

    def destroy(self) -> None:
        """Delete the status the current user sent (it leaves every inbox)."""
        if not self.id:
            raise ValueError("This status is not saved")
        client.delete(f"/statuses/{self.id}")

    def _update_data(self, server_data: dict) -> None:
        data = dict(server_data)
        self.id = data.pop("objectId", None)
        self.created_at = _date(data.pop("createdAt", None))
        self.updated_at = _date(data.pop("updatedAt", None)) or self.created_at
        self._data = codec.decode(data)

    @staticmethod
    def count_unread_statuses(owner: User, inbox_type: str = DEFAULT_INBOX) -> StatusesCount:
        answer = client.get("/subscribe/statuses/count",
                            {"inboxType": inbox_type, "owner": codec.encode(owner)})
        return StatusesCount(total=answer["total"], unread=answer["unread"])

    @staticmethod
    def reset_unread_count(owner: User, inbox_type: str = DEFAULT_INBOX) -> None:
        """Mark every status of the inbox read (its unread count becomes 0)."""
        client.post("/subscribe/statuses/resetUnreadCount",
                    params={"inboxType": inbox_type, "owner": codec.encode(owner)})


def _date(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return codec.decode({"__type": "Date", "iso": value} if isinstance(value, str) else value)


class InboxQuery(Query):
    """The statuses in one user's inbox, newest first."""

    def __init__(self):
        super().__init__("_Status")
        self._since_id = 0
        self._max_id = 0
        self._inbox_type = DEFAULT_INBOX
        self._owner: User | None = None

    def since_id(self, value: int) -> "InboxQuery":
        """Only statuses whose messageId is greater than ``value``."""
        self._since_id = value
        return self

    def max_id(self, value: int) -> "InboxQuery":
        """Only statuses whose messageId is at most ``value`` (0: no bound)."""
        self._max_id = value
        return self

    def owner(self, value: User) -> "InboxQuery":
        self._owner = value
        return self

    def inbox_type(self, value: str) -> "InboxQuery":
        self._inbox_type = value
        return self

    def _new_object(self) -> Status:
        return Status()

    def _path(self) -> str:
        return "/subscribe/statuses"

    def dump(self) -> dict:
        params = super().dump()
        params.update(owner=codec.encode(self._owner), inboxType=self._inbox_type,
                      sinceId=self._since_id, maxId=self._max_id)
        return params
