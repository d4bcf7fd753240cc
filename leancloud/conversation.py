"""``leancloud.conversation`` is ``leanengine.storage.conversation``."""

from leancloud._alias import same_module

same_module(__name__, "leanengine.storage.conversation")
