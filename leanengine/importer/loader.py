"""Writing export entries into the store, a few hundred per transaction, and counting.

Each object succeeds or fails alone (the store checks types before it writes), so a bad
object never leaves half of itself behind and never stops the rest of its file.  An
object equal to the stored one is not written again: re-running an import changes
nothing, and a newer export replaces what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Callable, Iterable

from ..protocol.dates import now_iso
from ..protocol.errors import LeanCloudError
from ..server import values
from ..server.query.nodes import Query
from ..server.query.parse import WhereParser
from ..server.store import Store
from ..server.users.guards import UNIQUE_USER_FIELDS
from .records import stored_form
from .sources import Entry, Source

BATCH = 300



@dataclass
class Tally:
    imported: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0


def _batches(items: Iterable, size: int = BATCH):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _reason(error: LeanCloudError) -> str:
    return f"{error.error} (code {error.code})"


class Loader:

    def __init__(self, store: Store, report: Callable[[str], None]):
        self.store = store
        self.report = report                # one line per failure
        self.tallies: dict[str, Tally] = {}

    def tally(self, label: str) -> Tally:
        return self.tallies.setdefault(label, Tally())

    def fail(self, tally: Tally, where: str, reason: str) -> None:
        tally.failed += 1
        self.report(f"{where}: {reason}")

    # objects ------------------------------------------------------------------------------

    def load_objects(self, source: Source, entries: Iterable[Entry]) -> None:
        tally = self.tally(source.label)
        now = now_iso()
        for batch in _batches(entries):
            checked = []                # (where, object to store or None, why not)
            for entry in batch:
                try:
                    if entry.error:
                        checked.append((entry.where, None, entry.error))
                    else:
                        obj = stored_form(source.class_name, entry.value, now)
                        checked.append((entry.where, obj, None))
                except LeanCloudError as error:
                    checked.append((entry.where, None, _reason(error)))
            self._write(source.class_name, checked, tally)

    def _write(self, class_name: str, checked: list, tally: Tally) -> None:
        """One transaction; failures reported in the order of the file."""
        with self.store.transaction():
            stored = self.store.get_many(class_name, [obj["objectId"] for _, obj, _ in checked
                                                      if obj is not None])
            for where, obj, reason in checked:
                if obj is None:
                    self.fail(tally, where, reason)
                    continue
                current = stored.get(obj["objectId"])
                if current is not None and values.dump(current) == values.dump(obj):
                    tally.unchanged += 1
                    continue
                try:
                    if class_name == "_User":
                        self._check_unique(obj)
                    replaced = self.store.replace(class_name, obj)
                except LeanCloudError as error:
                    self.fail(tally, where, _reason(error))
                    continue
                stored[obj["objectId"]] = obj
                if replaced:
                    tally.replaced += 1
                else:
                    tally.imported += 1

    def _check_unique(self, user: dict) -> None:
        """202/203/214 when another user (stored, or earlier in this import) holds the
        user's username, email or phone number."""
        for field, code, _ in UNIQUE_USER_FIELDS:
            value = user.get(field)
            if not isinstance(value, str) or not value:
                continue
            where = {field: value, "objectId": {"$ne": user["objectId"]}}
            query = Query("_User", WhereParser(self.store.schema, None).parse(where, "_User"),
                          limit=1)
            for other in self.store.find(query):
                raise LeanCloudError(code, f"{field} '{value}' is already held by user "
                                           f"{other['objectId']}.")

    # relations ----------------------------------------------------------------------------

    def load_relations(self, source: Source, entries: Iterable[Entry]) -> None:
        """Rows of ``_Join:<key>:<Owner>``; the related class is the one the owner's
        objects named in their ``{"__type": "Relation", "className": ...}`` value."""
        tally = self.tally(source.label)
        kind = self.store.schema(source.class_name).get(source.relation_key) or {}
        if kind.get("type") != "Relation":
            rows = sum(1 for entry in entries)
            tally.failed += rows
            self.report(f"{source.name}: the class of the related objects is unknown: no "
                        f"{source.class_name} object has field '{source.relation_key}' as a "
                        'Relation ({"__type": "Relation", "className": ...}); import '
                        f"{source.class_name}'s objects first ({rows} rows not imported)")
            return
        for batch in _batches(entries):
            by_owner: dict[str, list] = {}
            for entry in batch:
                pair = self._relation_row(entry, tally)
                if pair:
                    by_owner.setdefault(pair[0], []).append(pair[1])
            with self.store.transaction():
                for owner_id, related_ids in by_owner.items():
                    self.store.add_relations(source.class_name, owner_id, source.relation_key,
                                             kind["className"], related_ids)
            tally.imported += sum(len(ids) for ids in by_owner.values())

    def _relation_row(self, entry: Entry, tally: Tally) -> tuple[str, str] | None:
        if entry.error:
            self.fail(tally, entry.where, entry.error)
            return None
        row = entry.value if isinstance(entry.value, dict) else {}
        ids = row.get("owningId"), row.get("relatedId")
        if not all(isinstance(i, str) and values.OBJECT_ID.match(i) for i in ids):
            self.fail(tally, entry.where, "a relation row needs owningId and relatedId "
                                          "(object ids)")
            return None
        return ids
