"""``leancloud.query``: ``Query`` and its kin from ``leanengine.storage``.

A module of its own (not ``leanengine.storage.query`` itself) because LeanCloud's held
``FriendshipQuery`` too, which leanengine keeps in ``leanengine.storage.friendship``.
"""

from leanengine.storage.friendship import FriendshipQuery
from leanengine.storage.query import CQLResult, Cursor, Query

__all__ = ["CQLResult", "Cursor", "Query", "FriendshipQuery"]
