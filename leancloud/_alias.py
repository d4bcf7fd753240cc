"""How ``leancloud.<module>`` becomes the leanengine module that plays its role."""

import importlib
import sys


def same_module(name: str, target: str) -> None:
    """Make the module ``name`` (being imported) the module ``target`` itself, so that
    ``leancloud.x`` and ``leanengine.storage.x`` are one object: assigning an attribute
    through either name changes what the SDK does."""
    sys.modules[name] = importlib.import_module(target)
