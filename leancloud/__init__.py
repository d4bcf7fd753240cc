"""``leancloud``: LeanCloud's Python SDK names, served by leanengine.

An app written for LeanCloud's ``leancloud`` package (3.0.2) runs unchanged: every
module path of that package exists here, and each is the leanengine module that plays
its role (``leancloud.client`` is ``leanengine.storage.rest``, ``leancloud.user`` is
``leanengine.storage.user`` ...), or, where leanengine splits a module differently,
a module of the same names. docs/leancloud-names.md maps every name.
"""

import logging
import sys

from leanengine.version import __version__

from . import (acl, app_router, client, cloud, conversation, engine, errors, file_,
               geo_point, message, object_, operation, push, query, relation, role, status,
               sys_message, user, utils)
from .acl import ACL
from .client import init, use_master_key, use_production, use_region
from .conversation import Conversation
from .engine import Engine, LeanEngineError
from .engine.https_redirect_middleware import HttpsRedirectMiddleware
from .errors import LeanCloudError, LeanCloudWarning
from .file_ import File
from .geo_point import GeoPoint
from .message import Message
from .object_ import Object
from .push import Installation
from .query import FriendshipQuery, Query
from .relation import Relation
from .role import Role
from .status import InboxQuery, Status
from .sys_message import SysMessage
from .user import User

logger = logging.getLogger("iso8601.iso8601")
version_info = sys.version_info

__all__ = [
    "ACL", "Engine", "File", "FriendshipQuery", "GeoPoint", "HttpsRedirectMiddleware",
    "InboxQuery", "Installation", "LeanCloudError", "LeanEngineError", "Object", "Query",
    "Relation", "Role", "Status", "SysMessage", "User", "client", "cloud", "init", "push",
    "use_master_key", "use_production", "use_region",
]
