"""``FriendshipQuery``: who follows a user, or whom a user follows.

Follow links live in ``_Follower`` and ``_Followee``; each row points to the other user
in its ``follower``/``followee`` field, and the query answers those Users.
"""

from __future__ import annotations

from typing import Any

from .object_ import Object
from .query import Query


class FriendshipQuery(Query):
    """A query over ``_Follower`` or ``_Followee``; its results are the Users."""

    def __init__(self, query_class: str):
        if query_class in ("_Follower", "Follower"):
            self._friendship_tag = "follower"
        elif query_class in ("_Followee", "Followee"):
            self._friendship_tag = "followee"
        else:
            raise TypeError("FriendshipQuery is over _Follower or _Followee only")
        super().__init__(query_class)
        self._include.append(self._friendship_tag)  # whole Users, not bare pointers

    def _new_object(self) -> Any:
        from . import user  # noqa: F401  (registers _User)
        return Object.as_class("_User")()

    def _process_result(self, result: dict) -> dict:
        content = dict(result.get(self._friendship_tag) or {})
        content.pop("__type", None)
        content.pop("className", None)
        return content
