"""leanengine: LeanCloud-compatible cloud functions, storage SDK and API server.

``import leanengine`` where LeanCloud apps wrote ``import leancloud``.
"""

from .config import init, use_master_key, use_production, use_region
from .protocol.errors import LeanCloudError, LeanCloudWarning
from .version import __version__
from .storage import (ACL, Conversation, File, FriendshipQuery, GeoPoint, InboxQuery,
                      Installation, Message, Object, Query, Relation, Role, Status, SysMessage,
                      User, cloud, cloudfunc, push)
from .engine import (CookieSessionMiddleware, Engine, HttpsRedirectMiddleware,
                     LeanEngineError, current)

__all__ = [
    "__version__", "init", "use_master_key", "use_production", "use_region",
    "LeanCloudError", "LeanCloudWarning",
    "ACL", "Conversation", "File", "FriendshipQuery", "GeoPoint", "InboxQuery", "Installation",
    "Message", "Object", "Query", "Relation", "Role", "Status", "SysMessage", "User", "cloud",
    "cloudfunc", "push",
    "Engine", "LeanEngineError", "current", "CookieSessionMiddleware", "HttpsRedirectMiddleware",
]

# ``import leanengine.push`` / ``leanengine.cloud`` as in the legacy SDK's module layout.
import sys as _sys  # noqa: E402

_sys.modules.setdefault(__name__ + ".push", push)
_sys.modules.setdefault(__name__ + ".cloud", cloud)
_sys.modules.setdefault(__name__ + ".cloudfunc", cloudfunc)
