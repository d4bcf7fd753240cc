"""CQL, LeanCloud's Cloud Query Language: parse a statement into a REST-style request.

``parse(cql, pvalues)`` gives a ``Select``, ``Insert``, ``Update`` or ``Delete`` whose
``where`` is a REST where dict; the ``/1.1/cloudQuery`` route (routes.py) runs it through
the object service, so CQL can do nothing the REST API could not. Supported, as LeanCloud's
CQL guide describes it:

- ``select *|keys|count(*)|include k, ... from C [where ...] [order by ...] [limit [skip,]n]``
  (limit and order by in either order); ``insert into C(a, b) values (...), (...)``;
  ``update C set a = v, ... where objectId = ? [and ...]``; ``delete from C where objectId = ? [and ...]``
- conditions: ``= != <> < <= > >=``, ``[not] in (list | ? | subquery)``, ``= / != (subquery)``,
  ``[not] like``, ``[not] regexp``, ``is [not] exists``, ``all (...)``, ``size(k) = n``,
  ``near [lng, lat] [min d unit] [max d unit]``, ``within [sw] and [ne]``,
  ``related k to pointer(...)``, ``and``/``or``/``not`` with parentheses
- values: strings, numbers, true/false/null, ``[...]``, ``{...}``, ``?`` placeholders and
  ``date() pointer() geopoint(lng, lat) file() base64() current_timestamp() op()``
"""

from .statements import Delete, Insert, Select, Statement, Update
from .translator import MAX_CQL_BYTES, parse

__all__ = ["Delete", "Insert", "MAX_CQL_BYTES", "Select", "Statement", "Update", "parse"]
