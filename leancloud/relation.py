"""``leancloud.relation`` is ``leanengine.storage.relation``."""

from leancloud._alias import same_module

same_module(__name__, "leanengine.storage.relation")
