"""``leancloud.geo_point`` is ``leanengine.storage.geopoint``."""

from leancloud._alias import same_module

same_module(__name__, "leanengine.storage.geopoint")
