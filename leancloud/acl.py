"""``leancloud.acl`` is ``leanengine.storage.acl``."""

from leancloud._alias import same_module

same_module(__name__, "leanengine.storage.acl")
