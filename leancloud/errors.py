"""``leancloud.errors`` is ``leanengine.storage.errors``."""

from leancloud._alias import same_module

same_module(__name__, "leanengine.storage.errors")
