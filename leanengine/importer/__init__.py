"""``leanengine import``: load LeanCloud's data export into a server's data directory.

Objects are written through the store as they were exported (ids, dates, ACLs, users'
password hashes and session tokens), a batch per transaction, so it runs as well while a
server serves the same data directory.  See ``sources`` for the file forms.
"""

from __future__ import annotations

import os
import sys

from ..server.store import open_store
from .loader import Loader, Tally
from .sources import Source, SourceError, entries, find_files, source_for

__all__ = ["run"]


def run(paths: list[str], data_dir: str, class_name: str | None = None) -> int:
    """Import the files; print failures to stderr and a summary to stdout.  Answers the
    exit status: 0 when everything was imported, 1 when anything failed, 2 for a usage
    error."""

    def report(line: str) -> None:
        print(f"error: {line}", file=sys.stderr, flush=True)

    try:
        files = find_files(paths)
    except SourceError as error:
        report(str(error))
        return 2
    if not files:
        report("no export files (.json, .jsonl) found in " + ", ".join(paths))
        return 2
    if class_name is not None and len(files) != 1:
        report(f"--class names the class of one file; {len(files)} files given")
        return 2
    sources, unusable = [], 0
    for path in files:
        try:
            sources.append(source_for(path, class_name))
        except SourceError as error:
            report(str(error))
            unusable += 1
    # Relation rows last: their related class is learned from the owners' objects.
    sources.sort(key=lambda source: source.relation_key is not None)
    store = open_store(data_dir)
    try:
        loader = Loader(store, report)
        for source in sources:
            if not _load(loader, source, report):
                unusable += 1
    finally:
        store.close()
    _summary(sys.stdout, loader.tallies, unusable, os.path.join(data_dir, "data.sqlite3"))
    failed = unusable or any(tally.failed for tally in loader.tallies.values())
    return 1 if failed else 0


def _load(loader: Loader, source: Source, report) -> bool:
    """False when the file could not be read at all."""
    try:
        items = entries(source)
        if source.relation_key is None:
            loader.load_objects(source, items)
        else:
            loader.load_relations(source, items)
    except SourceError as error:
        report(str(error))
        return False
    return True


def _summary(out, tallies: dict[str, Tally], unusable: int, database: str) -> None:
    rows = [("class", "imported", "replaced", "unchanged", "failed")]
    for label, tally in tallies.items():
        if label.startswith("_Join:"):
            rows.append((label, str(tally.imported), "-", "-", str(tally.failed)))
        else:
            rows.append((label, *(str(n) for n in (tally.imported, tally.replaced,
                                                    tally.unchanged, tally.failed))))
    width = max(len(row[0]) for row in rows)
    for row in rows:
        print(row[0].ljust(width) + "".join(cell.rjust(11) for cell in row[1:]), file=out)
    if unusable:
        print(f"{unusable} file(s) could not be imported (see the errors above)", file=out)
    print(f"into {os.path.abspath(database)}", file=out)
