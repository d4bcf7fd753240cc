"""The SQLite store: one database file in WAL mode, safe for several processes.

Writes run in ``BEGIN IMMEDIATE`` transactions, so read-modify-write updates are atomic
across processes; ``synchronous=NORMAL`` in WAL mode keeps every committed transaction
through a crash of the process (kill -9).  One connection per process is shared by its
greenlets/threads under a re-entrant lock.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from typing import Iterable

from ...protocol import errors
from ...protocol.errors import LeanCloudError
from ...protocol.jsontext import parse_trusted
from .. import acl as acls
from .. import values
from ..query.nodes import Query
from .base import ConditionFailed, Store
from .memo import Memo
from .sqlite_sql import Compiler, class_literal, distance, json_path, regexp

_SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS objects (
    class TEXT NOT NULL, id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    acl TEXT, data TEXT NOT NULL, PRIMARY KEY (class, id));
CREATE TABLE IF NOT EXISTS relations (
    owner_class TEXT NOT NULL, key TEXT NOT NULL, owner_id TEXT NOT NULL,
    related_class TEXT NOT NULL, related_id TEXT NOT NULL,
    PRIMARY KEY (owner_class, key, owner_id, related_id));
CREATE INDEX IF NOT EXISTS relations_by_related ON relations (owner_class, key, related_id);
CREATE TABLE IF NOT EXISTS fields (
    class TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, PRIMARY KEY (class, name));
CREATE TABLE IF NOT EXISTS counters (
    key TEXT NOT NULL PRIMARY KEY, value INTEGER NOT NULL, expires_at REAL);
"""
# One statement takes a unit or refuses it: the row's value and expiry are read and written
# under the write lock, so two processes cannot both take the last unit.
_COUNT_UP = """
INSERT INTO counters (key, value, expires_at) VALUES (:key, :step, :expires)
ON CONFLICT (key) DO UPDATE SET
    value = (CASE WHEN expires_at <= :now THEN 0 ELSE value END) + :step,
    expires_at = :expires
WHERE :limit IS NULL OR (CASE WHEN expires_at <= :now THEN 0 ELSE value END) + :step <= :limit
RETURNING value"""
_COUNT_DOWN = ("UPDATE counters SET value = max(0, value + :step) WHERE key = :key AND "
               "(expires_at IS NULL OR expires_at > :now) RETURNING value")
_COUNT_READ = ("SELECT value FROM counters WHERE key = :key AND "
               "(expires_at IS NULL OR expires_at > :now)")
_PRUNE_EVERY = 200          # counting calls between two sweeps of expired counters
_COLUMNS = "a.id, a.created_at, a.updated_at, a.acl, a.data"
_INSERT = ("INSERT INTO objects (class, id, created_at, updated_at, acl, data) "
           "VALUES (?, ?, ?, ?, ?, ?)")
_ROWS_PER_INSERT = 100      # 600 parameters: within the 999 of older SQLite builds


def _insert_rows(count: int) -> str:
    return _INSERT + ", (?, ?, ?, ?, ?, ?)" * (count - 1)


_NOT_REMEMBERED = object()
_ACL_TEXTS: dict = {}
_PUBLIC_ACL_TEXT = values.dump(acls.PUBLIC)


def _dump_acl(acl: dict) -> str:
    if acl == acls.PUBLIC:
        return _PUBLIC_ACL_TEXT
    return values.dump(acl)


def _parse_acl(text: str) -> dict:
    """ACL texts repeat (most objects share a few ACLs): parse each once, hand out copies."""
    parsed = _ACL_TEXTS.get(text)
    if parsed is None:
        if len(_ACL_TEXTS) > 10000:
            _ACL_TEXTS.clear()
        parsed = _ACL_TEXTS[text] = parse_trusted(text)
    return {principal: dict(rights) for principal, rights in parsed.items()}


class _Transaction:
    """``with store.transaction():`` -- a plain class rather than a @contextmanager
    generator: a batch enters two per item, and the generator machinery was a tenth of
    an item's cost.  ``join=True`` (the store's own statements) runs inside the current
    transaction as it is, or begins one when there is none."""

    __slots__ = ("store", "join", "level")

    def __init__(self, store: "SQLiteStore", join: bool = False):
        self.store, self.join, self.level = store, join, None

    def __enter__(self):
        store = self.store
        store._lock.acquire()
        try:
            if not (self.join and store._depth):
                self.level = store._begin()
        except BaseException:
            store._lock.release()
            raise
        return store

    def __exit__(self, kind, error, trace) -> None:
        try:
            if self.level is not None:
                self.store._end(self.level, failed=kind is not None)
        finally:
            self.store._lock.release()


class SQLiteStore(Store):

    def __init__(self, path: str):
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0
        self._known_fields: dict[str, dict] = {}
        self._data_version = None
        self._synced = False               # data_version already looked at in this transaction
        self._written: set = set()         # classes written in the current transaction
        self._memo = Memo()
        self._counted = 0
        self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False,
                                     timeout=60)
        self._conn.execute("PRAGMA busy_timeout = 60000")
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.create_function("lc_regexp", 2, regexp, deterministic=True)
        self._conn.create_function("lc_distance", 4, distance, deterministic=True)
        with self.transaction():
            for statement in _SCHEMA_SQL.split(";"):
                if statement.strip():
                    self._conn.execute(statement)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # transactions -------------------------------------------------------------------------

    def transaction(self, savepoint: bool = True) -> "_Transaction":
        """The outermost call begins a write transaction; a nested call is a savepoint, so
        a failure inside it (one batch item) undoes only its own writes."""
        return _Transaction(self, join=not savepoint)

    def _begin(self) -> int:
        """Called with the lock held; answers the level begun (0: the transaction)."""
        level = self._depth
        self._conn.execute("BEGIN IMMEDIATE" if level == 0 else f"SAVEPOINT s{level}")
        if level == 0:
            self._synced = False
            self._written.clear()
        self._depth += 1
        return level

    def _end(self, level: int, failed: bool) -> None:
        """Commits or releases ``level`` (rolls it back when ``failed``); lock held."""
        self._depth -= 1
        if failed:
            if level == 0:
                self._conn.execute("ROLLBACK")
            else:
                self._conn.execute(f"ROLLBACK TO s{level}")
                self._conn.execute(f"RELEASE s{level}")
            self._known_fields.clear()
            return
        if level:
            self._conn.execute(f"RELEASE s{level}")
            return
        try:
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            self._known_fields.clear()
            raise
        if self._written:              # this process's commits leave data_version be
            self._memo.forget(self._written)

    def _writing(self):
        """For the store's own statements: join the current transaction as it is, or run
        in a new one."""
        return _Transaction(self, join=True)

    def _sync(self) -> None:
        """Drop the caches when another connection has committed since the last look
        (``PRAGMA data_version``).  Inside a write transaction one look is enough: nobody
        else can commit while it holds the write lock."""
        if self._depth and self._synced:
            return
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            self._known_fields.clear()
            self._memo.clear()
            self._data_version = version
        self._synced = bool(self._depth)

    def _rows(self, sql: str, params) -> list:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except OverflowError:
                raise LeanCloudError(errors.INVALID_QUERY, "A number in the query is too large.") from None
            except sqlite3.OperationalError as exc:
                if "too many" in str(exc) or "too large" in str(exc) or "too deep" in str(exc):
                    raise LeanCloudError(errors.INVALID_QUERY, "The query is too large.") from None
                raise

    # objects ------------------------------------------------------------------------------

    @staticmethod
    def _object(row, with_acl: bool = True, fields: dict | None = None) -> dict:
        object_id, created_at, updated_at, acl, data = row
        obj = parse_trusted(data) if fields is None else fields
        obj["objectId"] = object_id
        obj["createdAt"] = created_at
        obj["updatedAt"] = updated_at
        if with_acl:
            obj["ACL"] = _parse_acl(acl) if acl is not None else None
        return obj

    @classmethod
    def _objects(cls, rows: list, with_acl: bool = True) -> list[dict]:
        """Objects of many rows, their ``data`` decoded by ONE parse of the texts
        joined as an array: per-row calls cost 4x more than the parsing itself."""
        if not rows:
            return []
        decoded = parse_trusted("[" + ",".join(row[4] for row in rows) + "]")
        return [cls._object(row, with_acl, fields) for row, fields in zip(rows, decoded)]

    @staticmethod
    def _split(obj: dict):
        """Fields and ACL as stored (``values.dump_fields`` enforces the size rule)."""
        fields = obj.copy()
        for name in values.SYSTEM_FIELDS:
            fields.pop(name, None)
        acl = obj.get("ACL")
        return fields, (_dump_acl(acl) if acl is not None else None)

    def insert(self, class_name: str, obj: dict) -> None:
        """Types and size are checked before the row is written, so an insert that fails
        leaves nothing behind (a caller needs no savepoint around it)."""
        fields, acl = self._split(obj)
        with self._writing():
            self._written.add(class_name)
            new_fields = self._new_fields(class_name, fields)
            data = values.dump_fields(fields)
            try:
                self._conn.execute(_INSERT, (class_name, obj["objectId"], obj["createdAt"],
                                             obj["updatedAt"], acl, data))
            except sqlite3.IntegrityError:
                raise LeanCloudError(errors.DUPLICATE_VALUE, "A unique field was given a "
                                     "value that is already taken.") from None
            self._record_fields(class_name, new_fields)

    def insert_many(self, class_name: str, objs: list) -> list:
        """Each object checked as ``insert`` checks it, the good ones written by multi-row
        INSERTs (a fifth cheaper than executemany; each statement all or nothing): answers
        per object None or its LeanCloudError.  A taken id (only a chosen one can be) undoes
        the INSERTs and inserts the objects one by one instead."""
        with self._writing():
            self._written.add(class_name)
            failures, rows, new_fields = [], [], {}
            for obj in objs:
                fields, acl = self._split(obj)
                try:
                    found = self._new_fields(class_name, fields, new_fields)
                    rows.append((class_name, obj["objectId"], obj["createdAt"], obj["updatedAt"],
                                 acl, values.dump_fields(fields)))
                except LeanCloudError as error:
                    failures.append(error)
                    continue
                new_fields.update(found)
                failures.append(None)
            chunks = [rows[start:start + _ROWS_PER_INSERT]
                      for start in range(0, len(rows), _ROWS_PER_INSERT)]
            try:
                with self.transaction(savepoint=len(chunks) > 1):
                    for chunk in chunks:
                        self._conn.execute(_insert_rows(len(chunk)),
                                           [value for row in chunk for value in row])
            except sqlite3.IntegrityError:
                return [self._insert_alone(class_name, obj) for obj in objs]
            self._record_fields(class_name, new_fields)
            return failures

    def replace(self, class_name: str, obj: dict) -> bool:
        fields, acl = self._split(obj)
        with self._writing():
            self._written.add(class_name)
            new_fields = self._new_fields(class_name, fields)
            data = values.dump_fields(fields)
            existed = bool(self._conn.execute(
                "SELECT 1 FROM objects WHERE class = ? AND id = ?",
                (class_name, obj["objectId"])).fetchone())
            self._conn.execute(
                _INSERT + " ON CONFLICT (class, id) DO UPDATE SET created_at = "
                "excluded.created_at, updated_at = excluded.updated_at, acl = excluded.acl, "
                "data = excluded.data",
                (class_name, obj["objectId"], obj["createdAt"], obj["updatedAt"], acl, data))
            self._record_fields(class_name, new_fields)
            return existed

    def _insert_alone(self, class_name: str, obj: dict) -> LeanCloudError | None:
        try:
            self.insert(class_name, obj)
        except LeanCloudError as error:
            return error
        return None

    def get(self, class_name: str, object_id: str) -> dict | None:
        rows = self._rows(f"SELECT {_COLUMNS} FROM objects a WHERE a.class = ? AND a.id = ?",
                          (class_name, object_id))
        return self._object(rows[0]) if rows else None

    def get_many(self, class_name: str, object_ids: Iterable[str]) -> dict:
        ids = list(dict.fromkeys(object_ids))
        found = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._rows(f"SELECT {_COLUMNS} FROM objects a WHERE a.class = ? AND "
                              f"a.id IN ({marks})", [class_name, *chunk])
            for obj in self._objects(rows):
                found[obj["objectId"]] = obj
        return found

    def _where(self, compiler: Compiler, query: Query) -> str:
        return (f"FROM objects a WHERE a.class = {class_literal(query.class_name)} AND "
                f"{compiler.condition(query.where, 'a')} AND "
                f"{compiler.visible('a', query.principals)}")

    def find(self, query: Query) -> list[dict]:
        compiler = Compiler()
        sql = f"SELECT {_COLUMNS} {self._where(compiler, query)}{compiler.order_by('a', query)}"
        if query.limit is not None or query.skip:
            sql += f" LIMIT {compiler.bind(query.limit if query.limit is not None else -1)}" \
                   f" OFFSET {compiler.bind(query.skip)}"
        return self._objects(self._rows(sql, compiler.params), query.with_acl)

    def count(self, query: Query) -> int:
        compiler = Compiler()
        sql = f"SELECT COUNT(*) {self._where(compiler, query)}"
        return self._rows(sql, compiler.params)[0][0]

    def matches(self, class_name: str, object_id: str, where) -> bool:
        compiler = Compiler()
        sql = (f"SELECT 1 FROM objects a WHERE a.class = {compiler.bind(class_name)} AND "
               f"a.id = {compiler.bind(object_id)} AND {compiler.condition(where, 'a')}")
        return bool(self._rows(sql, compiler.params))

    def update(self, class_name: str, object_id: str, mutate, where=None) -> dict | None:
        with self._writing():
            self._written.add(class_name)
            current = self.get(class_name, object_id)
            if current is None:
                return None
            if where is not None and not self.matches(class_name, object_id, where):
                raise ConditionFailed()
            new = mutate(current)
            fields, acl = self._split(new)
            new_fields = self._new_fields(class_name, fields)
            self._conn.execute(
                "UPDATE objects SET updated_at = ?, acl = ?, data = ? WHERE class = ? AND id = ?",
                (new["updatedAt"], acl, values.dump_fields(fields), class_name, object_id))
            self._record_fields(class_name, new_fields)
            return new

    def delete(self, class_name: str, object_id: str) -> bool:
        with self._writing():
            self._written.add(class_name)
            cursor = self._conn.execute("DELETE FROM objects WHERE class = ? AND id = ?",
                                        (class_name, object_id))
            self._conn.execute("DELETE FROM relations WHERE owner_class = ? AND owner_id = ?",
                               (class_name, object_id))
            return cursor.rowcount > 0

    # relations ----------------------------------------------------------------------------

    def add_relations(self, owner_class, owner_id, key, related_class, related_ids) -> None:
        with self._writing():
            self._written.add(owner_class)
            self._conn.executemany(
                "INSERT OR IGNORE INTO relations (owner_class, key, owner_id, related_class, "
                "related_id) VALUES (?, ?, ?, ?, ?)",
                [(owner_class, key, owner_id, related_class, rid) for rid in related_ids])

    def remove_relations(self, owner_class, owner_id, key, related_ids) -> None:
        with self._writing():
            self._written.add(owner_class)
            self._conn.executemany(
                "DELETE FROM relations WHERE owner_class = ? AND key = ? AND owner_id = ? "
                "AND related_id = ?", [(owner_class, key, owner_id, rid) for rid in related_ids])

    # counters -----------------------------------------------------------------------------

    def add_to_counter(self, key: str, step: int = 1, limit: int | None = None,
                       idle: float | None = None) -> int | None:
        now = time.time()
        params = {"key": key, "step": step, "limit": limit, "now": now,
                  "expires": None if idle is None else now + idle}
        if step == 0:
            rows = self._rows(_COUNT_READ, params)
            return rows[0][0] if rows else 0
        if limit is not None and step > limit:
            return None
        with self._writing():
            row = self._conn.execute(_COUNT_UP if step > 0 else _COUNT_DOWN, params).fetchone()
            self._counted += 1
            if self._counted % _PRUNE_EVERY == 0:
                self._conn.execute("DELETE FROM counters WHERE expires_at <= ?", (now,))
        if row is None:
            return None if step > 0 else 0
        return row[0]

    def drop_counter(self, key: str) -> None:
        with self._writing():
            self._conn.execute("DELETE FROM counters WHERE key = ?", (key,))

    # schema -------------------------------------------------------------------------------

    def _load_fields(self, class_name: str) -> dict:
        rows = self._rows("SELECT name, type FROM fields WHERE class = ?", (class_name,))
        return {name: json.loads(kind) for name, kind in rows}

    def _new_fields(self, class_name: str, fields: dict, pending: dict | None = None) -> dict:
        """The fields whose type the class does not know yet (nor ``pending``: new fields
        not recorded yet), with their types; 111 when a field's type would change.  Runs
        inside the write transaction: race-free."""
        known = self._known_fields.get(class_name)
        if known is None:
            known = self._known_fields[class_name] = self._load_fields(class_name)
        new = {}
        for name, value in fields.items():
            kind = values.schema_type(value)
            if kind is None or known.get(name) == kind:
                continue
            if name not in known and not (pending and name in pending):
                known.update(self._load_fields(class_name))
            expected = known.get(name) or (pending.get(name) if pending else None)
            if expected is None:
                new[name] = kind
            elif expected != kind:
                wanted = expected["type"]
                if "className" in expected:
                    wanted += f"<{expected['className']}>"
                raise LeanCloudError(errors.INCORRECT_TYPE,
                                     f"Invalid value type for field '{name}': expected {wanted}, "
                                     f"got {kind['type']}.")
        return new

    def _record_fields(self, class_name: str, new_fields: dict) -> None:
        if not new_fields:
            return
        self._conn.executemany("INSERT INTO fields (class, name, type) VALUES (?, ?, ?)",
                               [(class_name, name, values.dump(kind))
                                for name, kind in new_fields.items()])
        known = self._known_fields.get(class_name)
        if known is not None:
            known.update(new_fields)

    def cached(self, key, load, reads=None):
        with self._lock:
            if self._depth and (reads is None or not self._written.isdisjoint(reads)):
                return load()
            self._sync()
            value = self._memo.get(key, _NOT_REMEMBERED)
            if value is _NOT_REMEMBERED:
                value = load()
                self._memo.put(key, value, reads)
            return value

    def ensure_index(self, class_name: str, path: tuple) -> None:
        """A partial expression index on one field of one class; the query SQL splices the
        same path and class literals, so equality, ranges and order on it use the index."""
        name = "ix_" + class_name + "__" + "_".join(path)
        with self._lock:
            self._conn.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON objects (json_extract(data, '
                f'{json_path(path)})) WHERE class = {class_literal(class_name)}')

    def class_exists(self, class_name: str) -> bool:
        return bool(self._rows("SELECT 1 FROM objects WHERE class = ? UNION ALL "
                               "SELECT 1 FROM fields WHERE class = ? LIMIT 1",
                               (class_name, class_name)))

    def schema(self, class_name: str) -> dict:
        """Served from a per-process cache that is dropped whenever another connection
        (another process) has committed since (``PRAGMA data_version``)."""
        with self._lock:
            self._sync()
            known = self._known_fields.get(class_name)
            if known is None:
                known = self._known_fields[class_name] = self._load_fields(class_name)
            return dict(known)

    def schemas(self) -> dict:
        result: dict = {}
        for class_name, name, kind in self._rows("SELECT class, name, type FROM fields "
                                                 "ORDER BY class, name", ()):
            result.setdefault(class_name, {})[name] = json.loads(kind)
        for (class_name,) in self._rows("SELECT DISTINCT class FROM objects", ()):
            result.setdefault(class_name, {})
        return result
