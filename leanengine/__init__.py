"""leanengine: LeanCloud-compatible cloud functions, storage SDK and API server.

``import leanengine`` where LeanCloud apps wrote ``import leancloud``.
"""

from .config import init, use_master_key, use_production, use_region
from .protocol.errors import LeanCloudError, LeanCloudWarning
from .version import __version__

__all__ = [
    "__version__", "init", "use_master_key", "use_production", "use_region",
    "LeanCloudError", "LeanCloudWarning",
]
