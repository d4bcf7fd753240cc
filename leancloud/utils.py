"""``leancloud.utils`` is ``leanengine.storage.utils``."""

from leancloud._alias import same_module

same_module(__name__, "leanengine.storage.utils")
