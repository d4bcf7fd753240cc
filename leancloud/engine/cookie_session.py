"""``leancloud.engine.cookie_session`` is ``leanengine.engine.cookie_session``."""

from leancloud._alias import same_module

same_module(__name__, "leanengine.engine.cookie_session")
