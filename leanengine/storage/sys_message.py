"""``SysMessage``: a message of a system conversation, an object of ``_SysMessage``."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from .object_ import Object


def _millis(value: Any) -> datetime | None:
    if value is None:
        return None
    return datetime.fromtimestamp(value / 1000, tz=timezone.utc).astimezone()


class SysMessage(Object):
    _class_name = "_SysMessage"

    conversation = property(lambda self: self.get("conv"), doc="The Conversation (``conv``).")
    message_id = property(lambda self: self.get("msgId"))
    is_binary = property(lambda self: self.get("bin"))
    from_client = property(lambda self: self.get("from"), doc="The sender's client id.")
    from_ip = property(lambda self: self.get("fromIp"))
    data = property(lambda self: self.get("data"), doc="The message's content, as sent.")
    message_created_at = property(lambda self: _millis(self.get("timestamp")),
                                  doc="When it was sent (local time).")
    ack_at = property(lambda self: _millis(self.get("ackAt")),
                      doc="When it was delivered (local time).")
