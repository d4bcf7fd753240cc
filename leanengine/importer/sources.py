"""Export files: which files a path names, what each holds, and its entries.

LeanCloud's console exports one JSON Lines file per class (``Todo.jsonl``); its import
form, and what people build from the REST scan API, is a JSON array of objects or
``{"results": [...]}``.  The class comes from the file name (``Todo.jsonl``,
``Todo.0.json`` for a chunk of a larger export); ``_Join:<key>:<Owner>.json`` holds the
rows of a relation (``{"owningId": ..., "relatedId": ...}``).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Iterator

from ..protocol.errors import LeanCloudError
from ..server import values

EXTENSIONS = (".jsonl", ".json")
_CHUNK_SUFFIX = re.compile(r"^(.+)\.\d+$")     # Todo.0 -> Todo (a dot is in no class name)
JOIN_PREFIX = "_Join:"


class SourceError(Exception):
    """A file that cannot be imported at all (unreadable, malformed, badly named)."""


@dataclass
class Entry:
    """One exported object (or relation row), or why it could not be read."""
    where: str                  # "Todo.jsonl line 3", "Todo.json index 0"
    value: object = None
    error: str | None = None


@dataclass
class Source:
    path: str
    class_name: str             # for a join file: the owner class
    relation_key: str | None = None

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    @property
    def label(self) -> str:
        """What the summary counts it under: the class, or ``_Join:<key>:<Owner>``."""
        if self.relation_key is None:
            return self.class_name
        return f"{JOIN_PREFIX}{self.relation_key}:{self.class_name}"


def find_files(paths: list[str]) -> list[str]:
    """The files the paths name: files as given, directories walked for .json/.jsonl."""
    found = []
    for path in paths:
        if os.path.isdir(path):
            for folder, subfolders, names in os.walk(path):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                found.extend(os.path.join(folder, name) for name in sorted(names)
                             if name.lower().endswith(EXTENSIONS) and not name.startswith("."))
        elif os.path.isfile(path):
            found.append(path)
        else:
            raise SourceError(f"{path}: no such file or directory")
    return found


def source_for(path: str, class_name: str | None = None) -> Source:
    """What a file holds, from its name (or ``class_name`` given for it)."""
    stem = os.path.basename(path)
    for extension in EXTENSIONS:
        if stem.lower().endswith(extension):
            stem = stem[:-len(extension)]
            break
    chunk = _CHUNK_SUFFIX.match(stem)
    if chunk:
        stem = chunk.group(1)
    if class_name is None and stem.startswith(JOIN_PREFIX):
        return _join_source(path, stem)
    name = class_name or stem
    try:
        values.check_class_name(name)
    except LeanCloudError:
        raise SourceError(f"{os.path.basename(path)}: '{name}' is not a valid class name "
                          "(letters, digits and _, not starting with a digit); name the "
                          "file after its class or pass --class") from None
    return Source(path, name)


def _join_source(path: str, stem: str) -> Source:
    parts = stem.split(":")
    if len(parts) != 3 or not values.KEY_NAME.match(parts[1]) \
            or not values.CLASS_NAME.match(parts[2]):
        raise SourceError(f"{os.path.basename(path)}: a relation file is named "
                          "_Join:<key>:<OwnerClass>.json")
    return Source(path, parts[2], relation_key=parts[1])


def entries(source: Source) -> Iterator[Entry]:
    """The entries of a file: a JSON array, ``{"results": [...]}``, or JSON Lines.
    Raises SourceError, before anything is read from the answer, when the file as a whole
    is unusable (a .jsonl file is streamed: one that turns out unreadable midway raises
    then); a malformed line of JSON Lines is one failed entry."""
    if source.path.lower().endswith(".jsonl"):
        return _streamed_lines(source)
    try:
        with open(source.path, encoding="utf-8-sig") as stream:
            text = stream.read()
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(f"{source.name}: cannot be read ({error})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        if error.msg != "Extra data":
            raise SourceError(f"{source.name} line {error.lineno} column {error.colno}: "
                              f"malformed JSON ({error.msg})") from None
        return _lines(source.name, text.splitlines())       # one object per line
    if isinstance(document, dict) and isinstance(document.get("results"), list):
        document = document["results"]
    if isinstance(document, dict):                            # JSON Lines of one line
        document = [document]
    if not isinstance(document, list):
        raise SourceError(f"{source.name}: expected a JSON array of objects, "
                          '{"results": [...]}, or one JSON object per line')
    return (Entry(f"{source.name} index {index}", value) for index, value in enumerate(document))


def _streamed_lines(source: Source) -> Iterator[Entry]:
    try:
        with open(source.path, encoding="utf-8-sig") as stream:
            yield from _lines(source.name, stream)
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(f"{source.name}: cannot be read ({error})") from None


def _lines(name: str, lines) -> Iterator[Entry]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        try:
            yield Entry(where, json.loads(line))
        except json.JSONDecodeError as error:
            yield Entry(where, error=f"malformed JSON ({error.msg} at column {error.colno})")
