"""Values remembered until the classes they were read from change.

Each entry names the classes it reads (or None: it may read anything).  A commit forgets
the entries reading a class it wrote, found through an index by class: every write
commits, and walking thousands of remembered session tokens on each commit cost more
than the write.
"""

from __future__ import annotations

class Memo:

    def __init__(self, limit: int = 10000):
        self.limit = limit
        self._values: dict = {}          # key -> value
        self._by_class: dict = {}        # class name -> keys of entries reading it
        self._unscoped: set = set()      # keys of entries that may read any class
        self._indexed = 0                # index entries added (stale ones stay until cleared)

    def get(self, key, default=None):
        return self._values.get(key, default)

    def put(self, key, value, reads: tuple | None) -> None:
        if len(self._values) >= self.limit or self._indexed >= 4 * self.limit:
            self.clear()
        self._values[key] = value
        self._indexed += 1 if reads is None else len(reads)
        if reads is None:
            self._unscoped.add(key)
        else:
            for class_name in reads:
                self._by_class.setdefault(class_name, set()).add(key)

    def forget(self, written) -> None:
        """Drop the entries that read one of the ``written`` classes, and the unscoped."""
        stale = self._unscoped
        self._unscoped = set()
        for class_name in written:
            keys = self._by_class.pop(class_name, None)
            if keys:
                stale |= keys
        for key in stale:
            self._values.pop(key, None)

    def clear(self) -> None:
        self._values.clear()
        self._by_class.clear()
        self._unscoped.clear()
        self._indexed = 0
