"""``leancloud.cloud`` is ``leanengine.storage.cloud``."""

from leancloud._alias import same_module

same_module(__name__, "leanengine.storage.cloud")
