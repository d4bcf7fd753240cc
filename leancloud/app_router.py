"""``leancloud.app_router`` is ``leanengine.storage.app_router``."""

from leancloud._alias import same_module

same_module(__name__, "leanengine.storage.app_router")
