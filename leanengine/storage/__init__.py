"""The storage SDK: objects, queries, users, roles, files, push and cloud calls."""

from . import cloud, push
from .acl import ACL
from .conversation import Conversation
from .errors import BatchError, LeanCloudError, LeanCloudWarning
from .file_ import File
from .friendship import FriendshipQuery
from .geopoint import GeoPoint
from .message import Message
from .object_ import Object
from .push import Installation
from .query import CQLResult, Query
from .relation import Relation
from .role import Role
from .status import InboxQuery, Status
from .sys_message import SysMessage
from .user import User

cloudfunc = cloud  # the legacy SDK's older name for the same module

__all__ = [
    "ACL", "BatchError", "CQLResult", "Conversation", "File", "FriendshipQuery", "GeoPoint",
    "InboxQuery", "Installation", "LeanCloudError", "LeanCloudWarning", "Message", "Object",
    "Query", "Relation", "Role", "Status", "SysMessage", "User", "cloud", "cloudfunc", "push",
]
