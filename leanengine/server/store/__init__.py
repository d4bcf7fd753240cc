"""Storage backends behind one interface (base.Store); SQLite is the embedded default."""

from .base import Store

__all__ = ["Store", "open_store"]


def open_store(data_dir: str) -> Store:
    """The default store for a data directory: SQLite in ``<data_dir>/data.sqlite3``."""
    import os

    from .sqlite import SQLiteStore

    os.makedirs(data_dir, exist_ok=True)
    return SQLiteStore(os.path.join(data_dir, "data.sqlite3"))
