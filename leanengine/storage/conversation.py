"""``Conversation``: an instant-messaging conversation, an object of ``_Conversation``.

Its fields use LeanCloud's short names (``m`` members, ``c`` creator, ``tr`` transient,
``sys`` system, ``mu`` muted members, ``lm`` last message time). ``send`` and
``broadcast`` store a message through the REST API (``/rtm/messages``,
``/rtm/broadcast``); delivering it to connected clients in real time is the IM
service's job, which leanengine does not provide.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from . import client, codec
from .object_ import Object


class Conversation(Object):
    _class_name = "_Conversation"

    def __init__(self, name: str | None = None, is_system: bool = False,
                 is_transient: bool = False, is_unique: bool | None = None, **attrs: Any):
        super().__init__(**attrs)
        if name:
            self.set("name", name)
        if is_system:
            self.set("sys", True)
        if is_transient:
            self.set("tr", True)
        elif is_unique is not None:
            self.set("unique", is_unique)

    name = property(lambda self: self.get("name"), doc="The conversation's name.")
    creator = property(lambda self: self.get("c"), doc="Client id of its creator.")
    last_message_read_at = property(lambda self: self.get("lm"))
    members = property(lambda self: self.get("m"), doc="Client ids of its members.")
    muted_members = property(lambda self: self.get("mu"))
    is_system = property(lambda self: self.get("sys"))
    is_transient = property(lambda self: self.get("tr"))
    is_unique = property(lambda self: self.get("unique"))

    def add_member(self, client_id: str) -> "Conversation":
        return self.add("m", client_id)

    def send(self, from_client: str, message: str | dict, to_clients: list | None = None,
             transient: bool = False, push_data: dict | None = None) -> None:
        """Send ``message`` (a dict is sent as its JSON text) from ``from_client``;
        ``to_clients`` restricts a system conversation's message to some members."""
        body: dict[str, Any] = {"from_peer": from_client, "conv_id": self.id,
                                "transient": transient, "message": _text(message)}
        if to_clients:
            body["to_peers"] = to_clients
        if push_data:
            body["push_data"] = push_data
        client.post("/rtm/messages", body)

    def broadcast(self, from_client: str, message: str | dict,
                  valid_till: datetime | None = None, push_data: dict | None = None) -> None:
        """Send ``message`` to every client, from a system conversation."""
        body: dict[str, Any] = {"from_peer": from_client, "conv_id": self.id,
                                "message": _text(message)}
        if push_data:
            body["push_data"] = push_data
        if valid_till:
            body["valid_till"] = codec.encode(valid_till)
        client.post("/rtm/broadcast", body)


def _text(message: str | dict) -> str:
    return json.dumps(message) if isinstance(message, dict) else message
