"""``leancloud.client`` is ``leanengine.storage.rest``."""

from leancloud._alias import same_module

same_module(__name__, "leanengine.storage.rest")
