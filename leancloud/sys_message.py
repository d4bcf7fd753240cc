"""``leancloud.sys_message`` is ``leanengine.storage.sys_message``."""

from leancloud._alias import same_module

same_module(__name__, "leanengine.storage.sys_message")
