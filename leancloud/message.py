"""``leancloud.message`` is ``leanengine.storage.message``."""

from leancloud._alias import same_module

same_module(__name__, "leanengine.storage.message")
