"""``leancloud.engine.context``: the per-request state of a cloud function.

leanengine keeps it in a ``ContextVar`` (``leanengine.context``), so ``Current`` is its
``RequestContext``. ``local``/``local_manager`` were the werkzeug locals LeanCloud's
engine stored it in; they are kept (empty) for code that imports them.
"""

from werkzeug.local import Local, LocalManager

from leanengine.context import RequestContext as Current

local = Local()
local_manager = LocalManager([local])

__all__ = ["Current", "local", "local_manager"]
