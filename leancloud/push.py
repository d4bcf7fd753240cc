"""``leancloud.push`` is ``leanengine.storage.push``."""

from leancloud._alias import same_module

same_module(__name__, "leanengine.storage.push")
