"""The storage SDK: objects, queries, users, roles, files, push and cloud calls."""

from . import cloud, push
from .acl import ACL
from .errors import BatchError, LeanCloudError, LeanCloudWarning
from .file_ import File
from .friendship import FriendshipQuery
from .geopoint import GeoPoint
from .object_ import Object
from .query import CQLResult, Query
from .relation import Relation
from .role import Role
from .user import User

cloudfunc = cloud  # the legacy SDK's older name for the same module

__all__ = [
    "ACL", "BatchError", "CQLResult", "File", "FriendshipQuery", "GeoPoint", "LeanCloudError",
    "LeanCloudWarning", "Object", "Query", "Relation", "Role", "User", "cloud", "cloudfunc", "push",
]
