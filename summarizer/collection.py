"""Input collections for batch runs, streamed in a stable order with one id per document.

* a folder: ``.txt``/``.md`` files found recursively (hidden files and folders skipped, folder
  links not followed), sorted; the id is the relative path with ``/`` separators;
* a ``.jsonl`` file: one ``{"id", "text", ...}`` object per line (blank lines skipped);
* a ``.csv`` file: a header row naming at least ``id`` and ``text`` columns.

Other fields or columns are carried through in ``Item.fields``. A record that is malformed
(invalid JSON, no id, no text, not UTF-8, a broken CSV row) becomes an ``Item`` with ``error``
set and id ``line:N`` when it has no usable id of its own — an error record, never a crash.
Ids are strings (integer ids are converted); they are data, never file names.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .documents import SUFFIXES, check_size
from .errors import BatchError, InputError

# Files a batch folder is read from: the one list every entry point reads (documents.SUFFIXES).
FOLDER_SUFFIXES = SUFFIXES


@dataclass(frozen=True)
class Item:
    """One input record. ``error`` is set when the record itself is malformed."""

    id: str
    position: str
    load: Callable[[], bytes | str] | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


class Source(ABC):
    """An input collection: ``items()`` streams it in a stable order; ``sha256()`` hashes it."""

    kind = "?"

    def __init__(self, path: Path, max_bytes: int) -> None:
        self.path = path
        self.max_bytes = max_bytes

    @abstractmethod
    def items(self) -> Iterator[Item]:
        """Each document of the collection, in a stable order."""

    def sha256(self) -> str:
        h = hashlib.sha256()
        with self.path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()


class FolderSource(Source):
    """``.txt``/``.md`` files under a folder, recursively, sorted by relative path.

    Hidden files and folders (names starting with ``.``) are skipped; symbolic links to folders
    are not followed, and a link to a file outside the folder is an error item, never read.
    """

    kind = "folder"

    def root(self) -> str:
        return os.path.realpath(self.path)

    def leaves(self, full: Path) -> bool:
        """Whether ``full`` is a link that leads out of the input folder."""
        return full.is_symlink() and not _inside(os.path.realpath(full), self.root())

    def files(self) -> list[tuple[str, Path]]:
        found: list[tuple[str, Path]] = []
        for root, dirs, names in os.walk(self.path):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in names:
                if name.startswith(".") or not name.lower().endswith(FOLDER_SUFFIXES):
                    continue
                full = Path(root) / name
                found.append((full.relative_to(self.path).as_posix(), full))
        return sorted(found)

    def items(self) -> Iterator[Item]:
        root = self.root()
        for rel, full in self.files():
            if self.leaves(full):
                yield Item(id=rel, position=rel, error=_outside(rel))
            else:
                yield Item(id=rel, position=rel, load=_file_loader(rel, full, self.max_bytes, root))

    def sha256(self) -> str:
        """Hash of every file's relative path and content, in order."""
        h = hashlib.sha256()
        for rel, full in self.files():
            h.update(rel.encode("utf-8", "surrogateescape") + b"\0")
            h.update(self._digest(full))
        return h.hexdigest()

    def _digest(self, full: Path) -> bytes:
        file_hash = hashlib.sha256()
        if self.leaves(full):  # never read: the link itself is the input
            file_hash.update(b"<link out> " + os.fsencode(os.readlink(full)))
            return file_hash.digest()
        try:
            with full.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    file_hash.update(chunk)
        except OSError as exc:
            file_hash.update(f"<unreadable: {exc.strerror or exc}>".encode())
        return file_hash.digest()


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _outside(rel: str) -> str:
    return (
        f"{rel}: a symbolic link to a file outside the input folder; not read (copy the file "
        "into the folder to include it)."
    )


def _opened_path(fd: int, full: Path) -> str:
    """The real path of the file open on ``fd`` (what was opened, even if a link changed)."""
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:  # no /proc: the path as it resolves now
        return os.path.realpath(full)


def _file_loader(rel: str, full: Path, max_bytes: int, root: str) -> Callable[[], bytes]:
    def load() -> bytes:
        try:
            with full.open("rb") as fh:
                # Checked on the open file, so a link changed after the listing is caught too.
                if not _inside(_opened_path(fh.fileno(), full), root):
                    raise InputError(_outside(rel))
                check_size(os.fstat(fh.fileno()).st_size, max_bytes, rel)
                return fh.read()
        except PermissionError as exc:
            raise InputError(f"{rel}: permission denied.") from exc
        except OSError as exc:
            raise InputError(f"{rel}: cannot be read ({exc.strerror or exc}).") from exc

    return load


def _record_id(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value
    return None


def _line_item(number: int, obj: Any, error: str | None = None) -> Item:
    """An Item from one parsed record (a JSON object or a CSV row as a dict)."""
    position = f"line {number}"
    if not isinstance(obj, dict):
        return Item(
            id=f"line:{number}",
            position=position,
            error=f"line {number}: the record is not an object with 'id' and 'text'.",
        )
    record_id = _record_id(obj.get("id"))
    fields = {k: v for k, v in obj.items() if k not in ("id", "text")}
    if record_id is None:
        return Item(
            id=f"line:{number}",
            position=position,
            fields=fields,
            error=f"line {number}: the record has no usable 'id' (a non-empty string or integer).",
        )
    if error is not None:
        return Item(id=record_id, position=position, fields=fields, error=f"{record_id}: {error}")
    text = obj.get("text")
    if not isinstance(text, str):
        what = "no 'text'" if text is None else f"a {type(text).__name__} 'text', not a string"
        return Item(
            id=record_id,
            position=position,
            fields=fields,
            error=f"{record_id}: the record (line {number}) has {what}.",
        )
    return Item(id=record_id, position=position, load=lambda: text, fields=fields)


class JsonlSource(Source):
    """One JSON object per line; blank lines are skipped; a bad line is an error record."""

    kind = "jsonl"

    def items(self) -> Iterator[Item]:
        with self.path.open("rb") as fh:
            for number, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                try:
                    line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    # Find the id if the rest of the line is intact, so the error names it.
                    try:
                        obj = json.loads(raw.decode("utf-8", errors="replace"))
                    except ValueError:
                        obj = None
                    reason = (
                        f"the text is not valid UTF-8 (first bad byte at offset {exc.start} of "
                        f"line {number}); save it as UTF-8 and try again."
                    )
                    if isinstance(obj, dict) and _record_id(obj.get("id")) is not None:
                        yield _line_item(number, obj, error=reason)
                    else:
                        yield Item(
                            id=f"line:{number}",
                            position=f"line {number}",
                            error=f"line {number}: {reason}",
                        )
                    continue
                try:
                    obj = json.loads(line)
                except ValueError as exc:
                    yield Item(
                        id=f"line:{number}",
                        position=f"line {number}",
                        error=f"line {number}: not valid JSON ({exc}).",
                    )
                    continue
                yield _line_item(number, obj)


class CsvSource(Source):
    """A CSV file with a header row that names at least ``id`` and ``text`` columns."""

    kind = "csv"

    def items(self) -> Iterator[Item]:
        old_limit = csv.field_size_limit()
        # Articles are longer than csv's 128 KB default field limit; --max-bytes is the limit.
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        try:
            with self.path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
                reader = csv.reader(fh)
                try:
                    header = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise BatchError(
                        f"{self.path}: the CSV header cannot be read ({exc})."
                    ) from exc
                missing = [c for c in ("id", "text") if c not in header]
                if missing:
                    raise BatchError(
                        f"{self.path}: the CSV header has no {' or '.join(map(repr, missing))} "
                        f"column (it has {', '.join(map(repr, header[:10]))})."
                    )
                start = reader.line_num + 1
                while True:
                    try:
                        row = next(reader)
                    except StopIteration:
                        return
                    except csv.Error as exc:
                        yield Item(
                            id=f"line:{start}",
                            position=f"line {start}",
                            error=f"line {start}: the CSV record cannot be parsed ({exc}).",
                        )
                        start = reader.line_num + 1
                        continue
                    number, start = start, reader.line_num + 1
                    if not any(cell.strip() for cell in row):
                        continue
                    if len(row) != len(header):
                        yield Item(
                            id=f"line:{number}",
                            position=f"line {number}",
                            error=f"line {number}: the record has {len(row)} fields, the header "
                            f"{len(header)}.",
                        )
                        continue
                    obj = dict(zip(header, row, strict=True))
                    if any(_has_surrogates(v) for v in obj.values()):
                        clean = {k: v for k, v in obj.items() if not _has_surrogates(v)}
                        yield _line_item(
                            number,
                            {**clean, "id": obj["id"] if "id" in clean else None},
                            error=f"the text is not valid UTF-8 (line {number}); save the file "
                            "as UTF-8 and try again.",
                        )
                        continue
                    yield _line_item(number, obj)
        finally:
            csv.field_size_limit(old_limit)


def _has_surrogates(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def open_source(path: str | Path, max_bytes: int) -> Source:
    """The reader for a folder, ``.jsonl`` or ``.csv`` input; anything else is a BatchError."""
    p = Path(path)
    if p.is_dir():
        return FolderSource(p, max_bytes)
    if not p.exists():
        raise BatchError(f"{p}: no such file or folder.")
    suffix = p.suffix.lower()
    if suffix == ".jsonl":
        return JsonlSource(p, max_bytes)
    if suffix == ".csv":
        return CsvSource(p, max_bytes)
    raise BatchError(
        f"{p}: give a folder of .txt/.md files, a .jsonl file or a .csv file "
        f"(for one article use `summarizer translate`)."
    )


def scan_ids(source: Source) -> list[str]:
    """Every id in input order; duplicates are a BatchError listing the first few."""
    ids: list[str] = []
    first: dict[str, str] = {}
    dups: dict[str, list[str]] = {}
    for item in source.items():
        if item.id in first:
            dups.setdefault(item.id, [first[item.id]]).append(item.position)
        else:
            first[item.id] = item.position
        ids.append(item.id)
    if dups:
        shown = "; ".join(f"{i!r} ({', '.join(p[:3])})" for i, p in list(dups.items())[:5])
        more = f" and {len(dups) - 5} more" if len(dups) > 5 else ""
        raise BatchError(
            f"{source.path}: {len(dups)} id(s) occur more than once: {shown}{more}; "
            "make the ids unique so that each document is written exactly once."
        )
    return ids
