"""``leancloud.user`` is ``leanengine.storage.user``."""

from leancloud._alias import same_module

same_module(__name__, "leanengine.storage.user")
