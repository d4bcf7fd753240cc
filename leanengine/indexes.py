"""``leanengine index``: index fields of an app's own classes, as LeanCloud's console did.

A query on a field reads its whole class unless the field is indexed (the server indexes
only the built-in lookups: usernames, emails, role names...).  An index lives in the
database file, so every server on the data directory uses it at once, for equality,
ranges and order on that field.  Building one on a large class holds the write lock
while it runs: writes of a live server wait for it.
"""

from __future__ import annotations

import sys

from .protocol.errors import LeanCloudError
from .server import values
from .server.store import open_store


def key_path(key: str) -> tuple:
    """``"owner.objectId"`` -> ``("owner", "objectId")``, each part a valid key name."""
    parts = tuple(key.split("."))
    for part in parts:
        values.check_key_name(part)
    return parts


def run(class_name: str, keys: list[str], data_dir: str) -> int:
    """Index ``keys`` (dotted paths) of ``class_name``; answers the exit status (2 for a
    bad class or key name, before anything is built)."""
    try:
        values.check_class_name(class_name)
        paths = [key_path(key) for key in keys]
    except LeanCloudError as error:
        print(f"leanengine index: {error.error}", file=sys.stderr)
        return 2
    store = open_store(data_dir)
    try:
        for key, path in zip(keys, paths):
            store.ensure_index(class_name, path)
            print(f"indexed {class_name}.{key}", flush=True)
    finally:
        store.close()
    return 0
