"""``leancloud.operation`` is ``leanengine.storage.operation``."""

from leancloud._alias import same_module

same_module(__name__, "leanengine.storage.operation")
