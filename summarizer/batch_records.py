"""Crash-safe record files of a batch output folder, and the lock that guards them.

* ``results.jsonl`` and ``errors.jsonl``: append-only; every record is one ``write`` of a whole
  line, then fsync'ed (``RecordLog``). A crash mid-write leaves at most a torn last line, which
  ``repair_torn_tail`` removes before a resume.
* ``manifest.json``: replaced atomically (``files.write_atomic``: temporary file, fsync,
  rename), as is ``errors.jsonl`` when a resume drops the error records it retries.
* ``.lock``: an advisory lock held for the whole run; every decision about the folder is made
  while it is held. It is never removed.

Ids are never file names: these four files and the temporaries of atomic replaces are the only
files written, all inside the output folder.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from .errors import BatchError, OutputError
from .files import describe_os_error, write_atomic

log = logging.getLogger(__name__)

RESULTS = "results.jsonl"
ERRORS = "errors.jsonl"
MANIFEST = "manifest.json"
LOCK = ".lock"


def encode_record(record: dict[str, Any]) -> bytes:
    """One JSONL line. Text stays readable (UTF-8); a string with lone surrogates (a file name
    that is not valid UTF-8) falls back to ``\\u`` escapes so the line is still valid UTF-8."""
    try:
        return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(record, ensure_ascii=True) + "\n").encode("ascii")


class RecordLog:
    """An append-only JSONL file; each record is one whole-line write, flushed and fsync'ed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            # 0o666 less the umask, as for the manifest (files.write_atomic)
            self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        except OSError as exc:
            raise OutputError(describe_os_error(path, exc)) from exc

    def append(self, record: dict[str, Any]) -> None:
        view = memoryview(encode_record(record))
        try:
            while view:
                written = os.write(self.fd, view)
                view = view[written:]
            os.fsync(self.fd)
        except OSError as exc:  # disk full: stop the run with one line (resume repairs the tail)
            raise OutputError(describe_os_error(self.path, exc)) from exc

    def close(self) -> None:
        os.close(self.fd)


def write_json_atomic(path: Path, data: Any) -> None:
    write_atomic(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def rewrite_records(path: Path, records: list[dict[str, Any]]) -> None:
    """Replace a JSONL file atomically (used to drop error records that will be retried)."""
    write_atomic(path, b"".join(encode_record(record) for record in records))


def repair_torn_tail(path: Path) -> int:
    """Truncate a last line without its newline (a crash mid-write); return the bytes removed."""
    if not path.exists():
        return 0
    size = path.stat().st_size
    if size == 0:
        return 0
    with path.open("rb+") as fh:
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return 0
        # Find the last newline, reading backwards in blocks.
        end = size
        keep = 0
        while end > 0:
            start = max(0, end - (1 << 16))
            fh.seek(start)
            block = fh.read(end - start)
            idx = block.rfind(b"\n")
            if idx >= 0:
                keep = start + idx + 1
                break
            end = start
        fh.truncate(keep)
        fh.flush()
        os.fsync(fh.fileno())
    log.warning("%s: removed a torn last line (%d bytes)", path, size - keep)
    return size - keep


def read_records(path: Path) -> list[dict[str, Any]]:
    """Every record of a JSONL output file (after ``repair_torn_tail``); corruption is refused."""
    records: list[dict[str, Any]] = []
    if not path.exists():
        return records
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                record = json.loads(raw)
            except ValueError as exc:
                raise BatchError(
                    f"{path}: line {number} is not valid JSON ({exc}); the file was edited or "
                    "damaged. Remove that line and resume again."
                ) from exc
            if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                raise BatchError(f"{path}: line {number} has no 'id'; remove it and resume again.")
            records.append(record)
    return records


def remove_temporaries(out: Path) -> None:
    """Temporary files left by a crash during an atomic replace (the originals are intact)."""
    for name in (MANIFEST, ERRORS):
        for tmp in out.glob(f".{name}.*.tmp"):
            tmp.unlink(missing_ok=True)


def holds_work(out: Path) -> list[str]:
    """Files in ``out`` that a fresh run would overwrite or mix with: records or foreign files.

    A manifest with empty record files (a run stopped before its first record) holds no work.
    """
    if not out.exists():
        return []
    if not out.is_dir():
        return [out.name]
    busy = []
    for entry in sorted(out.iterdir()):
        name = entry.name
        if name in (RESULTS, ERRORS) and entry.is_file() and entry.stat().st_size == 0:
            continue
        if name in (MANIFEST, LOCK) or (name.startswith(f".{MANIFEST}.") and name.endswith(".tmp")):
            continue
        busy.append(name)
    return busy


class FolderLock:
    """An advisory lock on ``OUT/.lock`` so two runs never append to the same files.

    Taking it creates the output folder. Every decision about the folder's contents (fresh
    run, resume, refusal) is made while it is held. ``release`` removes the lock file, so a
    finished run leaves only its outputs: a run that opened the file just before it was
    removed finds, once it holds the lock, that the path no longer names that file, and
    takes the lock again on the file there now.
    """

    def __init__(self, out: Path) -> None:
        self.path = out / LOCK
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BatchError(
                f"{out}: cannot write the output folder ({exc.strerror or exc})."
            ) from exc
        while True:
            try:
                self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise BatchError(
                    f"{out}: cannot write the output folder ({exc.strerror or exc})."
                ) from exc
            try:
                import fcntl
            except ImportError:  # pragma: no cover - Windows: no advisory locks
                return
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(self.fd)
                raise BatchError(
                    f"{out}: another batch run is writing to this folder; wait for it to finish."
                ) from exc
            if self._still_named():
                return
            os.close(self.fd)  # removed by a run that finished meanwhile: lock the new one

    def _still_named(self) -> bool:
        try:
            named = os.stat(self.path)
        except OSError:
            return False
        held = os.fstat(self.fd)
        return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)

    def release(self) -> None:
        # Removed while still held: no other run can hold a lock on this file now.
        try:
            os.unlink(self.path)
        except OSError:
            pass
        os.close(self.fd)
