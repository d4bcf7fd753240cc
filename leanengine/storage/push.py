"""``leanengine.push``: send push notifications; ``Installation`` and ``Notification``."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from .. import config
from ..protocol.dates import format_iso
from ..protocol.errors import LeanCloudError
from . import client
from .object_ import Object

if TYPE_CHECKING:
    from .query import Query


class Installation(Object):
    """A device registered for push (``_Installation``)."""

    _class_name = "_Installation"


class Notification(Object):
    """A push that was sent (``_Notification``); read-only."""

    _class_name = "_Notification"

    def fetch(self, *args: Any, **kwargs: Any) -> "Notification":
        """Load the notification's status from the server."""
        answer = client.get(f"/tables/Notifications/{self.id}")
        self._update_data(answer)
        return self

    def save(self, *args: Any, **kwargs: Any) -> None:
        raise LeanCloudError(1, "Notification does not support modify")


def send(data: dict, channels: list | tuple | None = None, push_time: datetime | None = None,
         expiration_time: datetime | None = None, expiration_interval: int | None = None,
         where: "Query | None" = None, cql: str | None = None,
         flow_control: int | None = None, prod: str | None = None) -> Notification:
    """Send a push; the answer is its ``Notification`` (call ``fetch`` for its data).

    ``flow_control`` (devices per second, at least 1000) turns on a smooth push;
    ``prod`` is ``"dev"`` or ``"prod"`` for iOS (staging apps default to ``"dev"``).
    """
    if expiration_interval and expiration_time:
        raise TypeError("set expiration_time or expiration_interval, not both")
    body: dict[str, Any] = {"data": data}
    if prod is not None:
        body["prod"] = prod
    elif not config.production():
        body["prod"] = "dev"
    if channels:
        body["channels"] = list(channels)
    if push_time:
        body["push_time"] = format_iso(push_time)
    if expiration_time:
        body["expiration_time"] = format_iso(expiration_time)
    if expiration_interval:
        body["expiration_interval"] = expiration_interval
    if where is not None:
        body["where"] = where.dump().get("where", {})
    if cql:
        body["cql"] = cql
    if flow_control is not None:  # 0 still turns smooth push on
        body["flow_control"] = flow_control
    answer = client.post("/push", body)
    return Notification.create_without_data(answer["objectId"])
