"""``leancloud.file_`` is ``leanengine.storage.file_``."""

from leancloud._alias import same_module

same_module(__name__, "leanengine.storage.file_")
