"""Resumable batch runs over whole collections: nothing lost, nothing duplicated.

Input is a folder of ``.txt``/``.md`` files (id = relative path), a ``.jsonl`` file
(``{"id", "text", ...}``) or a ``.csv`` file (``id,text,...`` columns); see ``collection.py``.
Documents are translated in groups (``Pipeline.translate_many``/``run_many``) so that the
sentences of many documents share full, length-sorted batches; records are still written per
document, in input order, after each group. Output goes to one folder:

* ``results.jsonl``: one line per translated document, ``{"id", **Result.to_dict(), "fields"}``
  (``fields`` holds the input's other columns; they are nested so that an input ``title`` or
  ``name`` never collides with the result's own keys);
* ``errors.jsonl``: one line per document that failed, ``{"id", "error", "kind", "fields"}``
  (``kind`` is ``input`` for empty/binary/oversized/undecodable/malformed records and ``model``
  when generation failed);
* ``manifest.json``: format, task, signature, settings, input path and SHA-256, counts, times.

Guarantees:

* Every record is one ``write`` of a whole line to a file opened for appending, then flushed and
  fsync'ed. A resumed run truncates a torn last line (a crash mid-write) and redoes that document.
* Every input id ends up exactly once in ``results.jsonl`` ∪ ``errors.jsonl``. Duplicate ids in
  the input are refused up front; a resume skips ids already written.
* A resume refuses to mix outputs: the task, the pipeline signature, the settings that change
  outputs and the input's SHA-256 must match the manifest.
* Ids are never used as file names: the only files written are the three above, a ``.lock``
  file and the temporary files of atomic replaces, all inside the output folder.

This module never prints and never exits; ``run_batch`` returns a ``BatchSummary`` and raises
``SummarizerError`` subclasses (``BatchError``, exit code 2, for runs that must not start).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .collection import Item, Source, open_source, scan_ids
from .documents import Document, read_document
from .errors import (
    BatchError,
    InputError,
    ModelLoadError,
    OptionError,
    SummarizerError,
    TranslationError,
)
from .files import fsync_dir, write_atomic
from .pipeline import Pipeline
from .result import Result
from .settings import RunOptions, Settings

log = logging.getLogger(__name__)

FORMAT = "summarizer-batch/1"
RESULTS = "results.jsonl"
ERRORS = "errors.jsonl"
MANIFEST = "manifest.json"
LOCK = ".lock"
TASKS = ("translate", "run")
DEFAULT_GROUP_SIZE = 32
DEFAULT_GROUP_CHARS = 400_000
# A model failing on this many documents in a row is broken, not unlucky: stop the run.
MAX_CONSECUTIVE_MODEL_FAILURES = 64
# Settings and run options that change an output (beyond the pipeline signature, which also
# records the glossary) and must match on resume. Throughput and input-limit settings (batch
# size, --max-bytes, device "auto" vs its resolution) may change between runs; each run's
# settings are kept in the manifest's ``runs`` list.
OUTPUT_SETTINGS = {
    "translate": ("mt_model", "beams"),
    "run": ("mt_model", "beams", "mode", "bullets"),
}


# ----------------------------------------------------------------------------------------------
# Output: append-only JSONL files and an atomically replaced manifest.


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def write_json_atomic(path: Path, data: Any) -> None:
    write_atomic(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


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
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def append(self, record: dict[str, Any]) -> None:
        view = memoryview(encode_record(record))
        while view:
            written = os.write(self.fd, view)
            view = view[written:]
        os.fsync(self.fd)

    def close(self) -> None:
        os.close(self.fd)


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


# ----------------------------------------------------------------------------------------------
# The run.


@dataclass(frozen=True)
class BatchProgress:
    """What a progress display needs; passed after each group and during translation."""

    docs_done: int
    docs_total: int
    sentences_done: int


@dataclass
class BatchSummary:
    """What one ``run_batch`` call did (this run) and where the collection stands (totals)."""

    out: Path
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    retried_errors: int = 0
    sentences: int = 0
    seconds: float = 0.0
    total_documents: int = 0
    total_ok: int = 0
    total_failed: int = 0
    recovered_bytes: int = 0
    resumed: bool = False

    @property
    def docs_per_second(self) -> float:
        done = self.ok + self.failed
        return done / self.seconds if self.seconds > 0 else 0.0

    @property
    def complete(self) -> bool:
        return self.total_ok + self.total_failed == self.total_documents


def _norm(data: Any) -> Any:
    return json.loads(json.dumps(data, sort_keys=True, default=str))


def _differences(old: Any, new: Any, prefix: str = "") -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for key in sorted(set(old) | set(new)):
            out += _differences(old.get(key), new.get(key), f"{prefix}{key}.")
        return out
    if old != new:
        return [f"{prefix.rstrip('.')}: {old!r} → {new!r}"]
    return []


def output_settings(settings: Settings, options: RunOptions, task: str) -> dict[str, Any]:
    values = {**dataclasses.asdict(settings), **options.to_dict()}
    return {k: values[k] for k in OUTPUT_SETTINGS[task]}


def run_settings(settings: Settings, options: RunOptions) -> dict[str, Any]:
    """What the manifest records of one run: the load settings and the run options."""
    return _norm({**dataclasses.asdict(settings), **options.to_dict()})  # type: ignore[no-any-return]


def expected_signature(pipeline: Pipeline, options: RunOptions, task: str) -> dict[str, Any]:
    """The signature every result of this run carries (bullet settings only for ``run``)."""
    return _norm(pipeline.signature(options, summary=task == "run"))  # type: ignore[no-any-return]


def _holds_work(out: Path) -> list[str]:
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


class _Lock:
    """An advisory lock on ``OUT/.lock`` so two runs never append to the same files.

    Taking it creates the output folder. Every decision about the folder's contents (fresh
    run, resume, refusal) is made while it is held; the lock file itself is never removed.
    """

    def __init__(self, out: Path) -> None:
        try:
            out.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
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

    def release(self) -> None:
        os.close(self.fd)


def _check_folder(out: Path, resume: bool) -> bool:
    """Refuse a folder that a run must not write to; return whether it holds work to resume."""
    holds = _holds_work(out)
    if not resume and holds:
        raise BatchError(
            f"{out}: the output folder already holds {', '.join(holds[:5])}; "
            "pass --resume to continue that run, or choose a new --out folder."
        )
    if resume and holds and not (out / MANIFEST).is_file():
        raise BatchError(
            f"{out}: the folder holds {', '.join(holds[:5])} but no {MANIFEST} to resume from; "
            "choose a new --out folder."
        )
    return bool(holds)


# Errors that would fail every document alike: they stop the run instead of being recorded.
FATAL = (OptionError, ModelLoadError, BatchError)


class BatchRun:
    """State of one run; use ``run_batch``."""

    def __init__(
        self,
        source: Source,
        out: Path,
        pipeline: Pipeline,
        options: RunOptions,
        task: str,
        summary: BatchSummary,
        manifest: dict[str, Any],
        progress: Callable[[BatchProgress], None] | None,
        group_size: int,
        group_chars: int,
    ) -> None:
        self.source = source
        self.out = out
        self.pipeline = pipeline
        self.options = options
        self.task = task
        self.summary = summary
        self.manifest = manifest
        self.progress = progress
        self.group_size = group_size
        self.group_chars = group_chars
        self.results = RecordLog(out / RESULTS)
        self.errors = RecordLog(out / ERRORS)
        self.pending_total = 0
        self.consecutive_model_failures = 0
        self.started = time.perf_counter()

    def close(self) -> None:
        self.results.close()
        self.errors.close()

    def _report(self, sentences_in_group: int = 0) -> None:
        if self.progress is not None:
            self.progress(
                BatchProgress(
                    docs_done=self.summary.ok + self.summary.failed,
                    docs_total=self.pending_total,
                    sentences_done=self.summary.sentences + sentences_in_group,
                )
            )

    def write_manifest(self, status: str) -> None:
        s = self.summary
        s.seconds = time.perf_counter() - self.started
        self.manifest["counts"] = {
            "documents": s.total_documents,
            "ok": s.total_ok,
            "failed": s.total_failed,
            "pending": s.total_documents - s.total_ok - s.total_failed,
        }
        self.manifest["updated"] = _now()
        if status == "finished" and s.complete:
            self.manifest["finished"] = self.manifest["updated"]
        run = self.manifest["runs"][-1]
        run.update(
            {
                "ended": self.manifest["updated"],
                "status": status,
                "ok": s.ok,
                "failed": s.failed,
                "skipped": s.skipped,
                "seconds": round(s.seconds, 3),
            }
        )
        write_json_atomic(self.out / MANIFEST, self.manifest)

    def process(self, items: Iterator[Item]) -> None:
        group: list[tuple[Item, Document | None, str | None]] = []
        chars = 0
        for item in items:
            doc, error = self._read(item)
            group.append((item, doc, error))
            chars += len(doc.text) if doc is not None else 0
            if len(group) >= self.group_size or chars >= self.group_chars:
                self._process_group(group)
                group, chars = [], 0
        if group:
            self._process_group(group)

    def _read(self, item: Item) -> tuple[Document | None, str | None]:
        if item.error is not None or item.load is None:
            return None, item.error or f"{item.id}: the record has no text."
        try:
            return (
                read_document(
                    item.load(), name=item.id, max_bytes=self.pipeline.settings.max_input_bytes
                ),
                None,
            )
        except InputError as exc:
            return None, str(exc)
        except Exception as exc:  # a bug must not take the rest of the collection down
            log.exception("reading %r failed", item.id)
            return None, f"{item.id}: cannot be read ({type(exc).__name__}: {exc})."

    def _translate(self, docs: Sequence[Document], sentences_before: int) -> list[Result]:
        def progress(done: int, total: int) -> None:
            self._report(sentences_before + done)

        if self.task == "run":
            return self.pipeline.run_many(docs, self.options, progress=progress)
        return self.pipeline.translate_many(docs, self.options, progress=progress)

    def _model_outputs(self, docs: list[Document]) -> list[Result | str]:
        """Results for ``docs``; when the group fails, each document is retried on its own."""
        if not docs:
            return []
        try:
            return list(self._translate(docs, 0))
        except FATAL:
            raise  # a configuration problem fails every document: stop the run
        except Exception as exc:  # any other model failure is recorded, never fatal
            if len(docs) == 1:
                return [_model_error(exc)]
            log.warning("a group of %d documents failed (%s); retrying one by one", len(docs), exc)
        outputs: list[Result | str] = []
        sentences = 0
        for doc in docs:
            try:
                result = self._translate([doc], sentences)[0]
            except FATAL:
                raise
            except Exception as exc:
                outputs.append(_model_error(exc))
            else:
                outputs.append(result)
                sentences += len(result.sentences)
        return outputs

    def _process_group(self, group: list[tuple[Item, Document | None, str | None]]) -> None:
        docs = [doc for _, doc, _ in group if doc is not None]
        results = self._model_outputs(docs)
        if len(results) != len(docs):
            raise TranslationError(
                f"Internal error: {len(results)} results for {len(docs)} documents; stopped."
            )
        outputs = iter(results)
        s = self.summary
        for item, doc, error in group:
            if doc is None:
                assert error is not None
                self.errors.append(
                    {"id": item.id, "error": error, "kind": "input", "fields": item.fields}
                )
                s.failed += 1
                s.total_failed += 1
                continue
            output = next(outputs)
            if isinstance(output, str):
                self.errors.append(
                    {"id": item.id, "error": output, "kind": "model", "fields": item.fields}
                )
                s.failed += 1
                s.total_failed += 1
                self.consecutive_model_failures += 1
                continue
            self.consecutive_model_failures = 0
            self.results.append({"id": item.id, **output.to_dict(), "fields": item.fields})
            s.ok += 1
            s.total_ok += 1
            s.sentences += len(output.sentences)
        self.write_manifest("running")
        self._report()
        if self.consecutive_model_failures >= MAX_CONSECUTIVE_MODEL_FAILURES:
            raise SummarizerError(
                f"The model failed on {self.consecutive_model_failures} documents in a row; "
                f"stopped (see {self.out / ERRORS}). Fix the cause and rerun with --resume."
            )


def _model_error(exc: BaseException) -> str:
    if isinstance(exc, SummarizerError):
        return f"model failure: {exc}"
    first = str(exc).splitlines()[0][:300] if str(exc) else ""
    return f"model failure ({type(exc).__name__}: {first})"


def run_batch(
    input_path: str | Path,
    out: str | Path,
    settings: Settings,
    *,
    options: RunOptions | None = None,
    task: str = "translate",
    resume: bool = False,
    retry_errors: bool = True,
    group_size: int = DEFAULT_GROUP_SIZE,
    group_chars: int = DEFAULT_GROUP_CHARS,
    load: Callable[[Settings], Pipeline] | None = None,
    progress: Callable[[BatchProgress], None] | None = None,
) -> BatchSummary:
    """Translate (``task="translate"``) or translate and summarise (``"run"``) a collection,
    with ``options`` (beams, bullets, mode, glossary; the defaults when None).

    ``resume`` continues a run in ``out``: ids already in ``results.jsonl`` are skipped; ids in
    ``errors.jsonl`` are retried when ``retry_errors`` (the default: input errors fail again
    quickly, model errors may have been transient) and kept as they are otherwise. ``load``
    builds the pipeline (default ``load_pipeline``); it is called after the input is checked.
    """
    if task not in TASKS:
        raise OptionError(f"Unknown task {task!r}; choose one of {', '.join(TASKS)}.")
    if group_size < 1 or group_chars < 1:
        raise OptionError("The group size must be positive.")
    out = Path(out)
    source = open_source(input_path, settings.max_input_bytes)
    # A first look, so that a refused run fails before the model loads; what the folder holds is
    # decided again, and only then acted on, while the lock is held.
    _check_folder(out, resume)
    ids = scan_ids(source)
    input_sha = source.sha256()

    if load is None:
        from .pipeline import load_pipeline

        load = load_pipeline
    options = options or RunOptions()
    pipeline = load(settings)
    signature = expected_signature(pipeline, options, task)
    wanted = _norm(output_settings(settings, options, task))

    lock = _Lock(out)
    try:
        resuming = _check_folder(out, resume) and resume
        summary = BatchSummary(out=out, total_documents=len(ids))
        done: set[str] = set()
        failed: set[str] = set()
        now = _now()
        run_info = {
            "started": now,
            "resumed": resuming,
            "status": "running",
            "settings": run_settings(settings, options),
        }
        if resuming:
            manifest = _load_manifest(out)
            _check_compatible(manifest, task, signature, wanted, source, input_sha, out)
            summary.resumed = True
            summary.recovered_bytes = repair_torn_tail(out / RESULTS) + repair_torn_tail(
                out / ERRORS
            )
            _remove_temporaries(out)
            done = {r["id"] for r in read_records(out / RESULTS)}
            error_records = read_records(out / ERRORS)
            unknown = (done | {r["id"] for r in error_records}) - set(ids)
            if unknown:
                raise BatchError(
                    f"{out}: {len(unknown)} written id(s) are not in the input "
                    f"(e.g. {sorted(unknown)[0]!r}); the output folder belongs to another input."
                )
            # An id with a result never keeps an error record; the others are retried or kept.
            keep = [r for r in error_records if r["id"] not in done and not retry_errors]
            failed = {r["id"] for r in keep}
            if len(keep) != len(error_records):
                summary.retried_errors = sum(1 for r in error_records if r["id"] not in done)
                _rewrite_records(out / ERRORS, keep)
            manifest["runs"].append(run_info)
            manifest["input"]["path"] = str(Path(input_path).resolve())
        else:
            # Nothing to keep: the record files are absent or empty (_check_folder). They are
            # appended to, never deleted, so no run can remove records it did not write.
            _remove_temporaries(out)
            manifest = {
                "format": FORMAT,
                "task": task,
                "signature": signature,
                "output_settings": wanted,
                "settings": run_info["settings"],
                "input": {
                    "path": str(Path(input_path).resolve()),
                    "kind": source.kind,
                    "sha256": input_sha,
                    "documents": len(ids),
                },
                "counts": {},
                "started": now,
                "updated": now,
                "finished": None,
                "runs": [run_info],
            }
        summary.total_ok = len(done)
        summary.total_failed = len(failed)
        summary.skipped = len(done) + len(failed)
        run = BatchRun(
            source,
            out,
            pipeline,
            options,
            task,
            summary,
            manifest,
            progress,
            group_size,
            group_chars,
        )
        run.pending_total = len(ids) - summary.skipped
        fsync_dir(out)
        status = "interrupted"
        try:
            run.write_manifest("running")
            run._report()
            skip = done | failed
            run.process(item for item in source.items() if item.id not in skip)
            status = "finished"
        except SummarizerError:
            status = "stopped"
            raise
        finally:
            run.close()
            run.write_manifest(status)
        return summary
    finally:
        lock.release()


def _load_manifest(out: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BatchError(f"{out / MANIFEST}: cannot be read ({exc}); cannot resume.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BatchError(
            f"{out / MANIFEST}: not a {FORMAT} manifest; cannot resume into this folder."
        )
    return manifest


def _check_compatible(
    manifest: dict[str, Any],
    task: str,
    signature: dict[str, Any],
    wanted: dict[str, Any],
    source: Source,
    input_sha: str,
    out: Path,
) -> None:
    """Refuse a resume whose outputs would differ from those already written."""
    problems: list[str] = []
    if manifest.get("task") != task:
        problems.append(f"task: {manifest.get('task')!r} → {task!r}")
    problems += _differences(manifest.get("output_settings"), wanted, "settings.")
    problems += [
        d
        for d in _differences(manifest.get("signature"), signature, "signature.")
        if d not in problems
    ]
    if problems:
        raise BatchError(
            f"{out}: cannot resume: the outputs there were made differently "
            f"({'; '.join(problems[:6])}). Resume with the original settings, or choose a new "
            "--out folder."
        )
    recorded = manifest.get("input", {})
    if recorded.get("kind") != source.kind or recorded.get("sha256") != input_sha:
        raise BatchError(
            f"{out}: cannot resume: the input has changed since this run started "
            f"(SHA-256 {str(recorded.get('sha256'))[:12]}… → {input_sha[:12]}…). Restore it, "
            "or process the new input into a new --out folder."
        )


def _remove_temporaries(out: Path) -> None:
    """Temporary files left by a crash during an atomic replace (the originals are intact)."""
    for name in (MANIFEST, ERRORS):
        for tmp in out.glob(f".{name}.*.tmp"):
            tmp.unlink(missing_ok=True)


def _rewrite_records(path: Path, records: list[dict[str, Any]]) -> None:
    """Replace a JSONL file atomically (used to drop error records that will be retried)."""
    write_atomic(path, b"".join(encode_record(record) for record in records))
