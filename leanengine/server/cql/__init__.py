"""CQL, LeanCloud's Cloud Query Language: parse a statement into a REST-style request.

``parse(cql, pvalues)`` gives a ``Select``, ``Insert``, ``Update`` or ``Delete``; the
``/1.1/cloudQuery`` route (handler.py) runs it through the object service.
"""

from .statements import Delete, Insert, Select, Statement, Update
from .translator import MAX_CQL_BYTES, parse

__all__ = ["Delete", "Insert", "MAX_CQL_BYTES", "Select", "Statement", "Update", "parse"]
