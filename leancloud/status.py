"""``leancloud.status`` is ``leanengine.storage.status``."""

from leancloud._alias import same_module

same_module(__name__, "leanengine.storage.status")
