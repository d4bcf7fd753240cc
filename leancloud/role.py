"""``leancloud.role`` is ``leanengine.storage.role``."""

from leancloud._alias import same_module

same_module(__name__, "leanengine.storage.role")
