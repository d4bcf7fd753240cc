"""``Message``: the stored history of instant messages (``GET /rtm/messages/history``).

Queries by conversation, by sender or over the whole app; newest first, paged with a
timestamp (``before_time``) and a message id.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterator

from . import client


def _page(limit: int | None, before_time: datetime | float | None,
          before_message_id: str | None) -> dict:
    params: dict[str, Any] = {}
    if limit is not None:
        params["limit"] = limit
    if isinstance(before_time, datetime):
        params["max_ts"] = round(before_time.timestamp() * 1000)
    elif isinstance(before_time, (int, float)):
        params["max_ts"] = round(before_time * 1000)
    if before_message_id is not None:
        params["msgid"] = before_message_id
    return params


class Message:
    def __init__(self):
        self.bin: bool | None = None
        self.conversation_id: str | None = None
        self.data: str | None = None
        self.from_client: str | None = None
        self.from_ip: str | None = None
        self.is_conversation: bool | None = None
        self.is_room: bool | None = None
        self.message_id: str | None = None
        self.timestamp: float | None = None  # seconds since the epoch
        self.to: str | None = None

    @classmethod
    def _find(cls, params: dict) -> Iterator["Message"]:
        for data in client.get("/rtm/messages/history", params):
            message = cls()
            message._update_data(data)
            yield message

    @classmethod
    def find_by_conversation(cls, conversation_id: str, limit: int | None = None,
                             reversed: bool | None = None,
                             before_time: datetime | float | None = None,
                             before_message_id: str | None = None) -> list["Message"]:
        """The messages of one conversation; ``reversed`` pages toward newer ones."""
        params = {"convid": conversation_id, **_page(limit, before_time, before_message_id)}
        if reversed is not None:
            params["reversed"] = "true" if reversed else "false"
        return list(cls._find(params))

    @classmethod
    def find_by_client(cls, from_client: str, limit: int | None = None,
                       before_time: datetime | float | None = None,
                       before_message_id: str | None = None) -> list["Message"]:
        """The messages one client sent."""
        params = {"from": from_client, **_page(limit, before_time, before_message_id)}
        return list(cls._find(params))

    @classmethod
    def find_all(cls, limit: int | None = None, before_time: datetime | float | None = None,
                 before_message_id: str | None = None) -> list["Message"]:
        return list(cls._find(_page(limit, before_time, before_message_id)))

    def _update_data(self, server_data: dict) -> None:
        self.bin = server_data.get("bin")
        self.conversation_id = server_data.get("conv-id")
        self.data = server_data.get("data")
        self.from_client = server_data.get("from")
        self.from_ip = server_data.get("from-ip")
        self.is_conversation = server_data.get("is-conv")
        self.is_room = server_data.get("is-room")
        self.message_id = server_data.get("msg-id")
        self.timestamp = server_data.get("timestamp", 0) / 1000
        self.to = server_data.get("to")
