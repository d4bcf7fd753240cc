"""``leancloud.object_`` is ``leanengine.storage.object_``."""

from leancloud._alias import same_module

same_module(__name__, "leanengine.storage.object_")
