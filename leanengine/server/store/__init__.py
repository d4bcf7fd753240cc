"""Storage backends behind one interface (base.Store); SQLite is the embedded default."""

from .base import Store

__all__ = ["Store", "open_store", "BUILTIN_INDEXES"]

# Fields of the built-in classes that the server looks objects up by.  ``sessionToken``: any
# request with an unknown token of LeanCloud's shape looks for an imported user holding it.
BUILTIN_INDEXES = (
    ("_User", ("username",)), ("_User", ("email",)), ("_User", ("mobilePhoneNumber",)),
    ("_User", ("sessionToken",)),
    ("_Role", ("name",)), ("_File", ("key",)),
    ("_Followee", ("user", "objectId")), ("_Follower", ("user", "objectId")),
)


def open_store(data_dir: str) -> Store:
    """The default store for a data directory: SQLite in ``<data_dir>/data.sqlite3``, with
    the built-in classes' lookup fields indexed."""
    import os

    from .sqlite import SQLiteStore

    os.makedirs(data_dir, exist_ok=True)
    store = SQLiteStore(os.path.join(data_dir, "data.sqlite3"))
    for class_name, path in BUILTIN_INDEXES:
        store.ensure_index(class_name, path)
    return store
