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

Three modules share the work: ``batch_records`` keeps the files crash-safe (whole-line fsync'ed
appends, atomic replaces, torn-tail repair, the folder lock), ``batch_resume`` holds the rules
for starting and resuming (folder contents, signature and settings comparison), and this module
runs the groups. Guarantees:

* Every input id ends up exactly once in ``results.jsonl`` ∪ ``errors.jsonl``. Duplicate ids in
  the input are refused up front; a resume skips ids already written.
* Every decision about the output folder is made while holding its lock, and record files are
  never deleted: a second run on the same folder is refused, whenever it starts.
* A resume refuses to mix outputs: the task, the pipeline signature, the settings that change
  outputs and the input's SHA-256 must match the manifest.

This module never prints and never exits; ``run_batch`` returns a ``BatchSummary`` and raises
``SummarizerError`` subclasses (``BatchError``, exit code 2, for runs that must not start).
"""

from __future__ import annotations

import contextlib
import logging
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from .batch_records import (
    ERRORS,
    LOCK,
    MANIFEST,
    RESULTS,
    FolderLock,
    RecordLog,
    remove_temporaries,
    repair_torn_tail,
    write_json_atomic,
)
from .batch_resume import (
    check_compatible,
    check_folder,
    expected_signature,
    load_manifest,
    new_manifest,
    output_settings,
    resume_records,
    run_settings,
)
from .collection import Item, Source, open_source, scan_ids
from .documents import Document, read_document
from .errors import (
    BatchError,
    InputError,
    ModelLoadError,
    OptionError,
    SummarizerError,
    TranslationError,
    option,
    spell_options,
)
from .files import fsync_dir
from .pipeline import Pipeline
from .result import Result
from .settings import RunOptions, Settings

__all__ = [
    "ERRORS",
    "LOCK",
    "MANIFEST",
    "RESULTS",
    "BatchProgress",
    "BatchSummary",
    "repair_torn_tail",
    "run_batch",
]

log = logging.getLogger(__name__)

TASKS = ("translate", "run")
DEFAULT_GROUP_SIZE = 32
DEFAULT_GROUP_CHARS = 400_000
# A model failing on this many documents in a row is broken, not unlucky: stop the run.
MAX_CONSECUTIVE_MODEL_FAILURES = 64


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class BatchProgress:
    """What a progress display needs; passed after each group and during translation."""

    docs_done: int
    docs_total: int
    sentences_done: int
    workers: int | None = None  # Ray runs: worker actors alive (None: this process)


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
    workers: int | None = None  # Ray runs: worker actors asked for (None: this process)

    @property
    def docs_per_second(self) -> float:
        done = self.ok + self.failed
        return done / self.seconds if self.seconds > 0 else 0.0

    @property
    def complete(self) -> bool:
        return self.total_ok + self.total_failed == self.total_documents


# Errors that would fail every document alike: they stop the run instead of being recorded.
FATAL = (OptionError, ModelLoadError, BatchError)

# One group of documents as read: the item, its document (None when it cannot be read) and
# the reading error.
Group = list[tuple[Item, Document | None, str | None]]


class RemoteGroups(Protocol):
    """Where the groups of a run go when not through a pipeline in this process
    (``batch_ray.RayGroups``): ``run_batch`` keeps the folder, the lock and the records."""

    def signature(self, options: RunOptions, task: str) -> dict[str, Any]:
        """The signature the run's results will carry (loads the pipeline where it runs)."""
        ...

    def describe(self) -> dict[str, Any]:
        """What the manifest records of where this run ran."""
        ...

    def process(self, run: BatchRun, items: Iterator[Item]) -> None:
        """Run the groups of ``run.groups(items)``; write each with ``run.write_group``."""
        ...


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block is done, then stop as they asked.

    An interrupt between appending a record and counting it left the manifest's counts one
    short of the records on disk. Only the main thread can swap handlers; elsewhere (an
    embedding application's worker thread) the block runs as it is.
    """
    caught: list[int] = []

    def remember(signum: int, frame: Any) -> None:
        caught.append(signum)

    try:
        previous = {sig: signal.signal(sig, remember) for sig in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:
        yield
        return
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if caught:
        signal.raise_signal(caught[0])  # now handled as it would have been (KeyboardInterrupt)


class BatchRun:
    """State of one run; use ``run_batch``."""

    def __init__(
        self,
        source: Source,
        out: Path,
        pipeline: Pipeline | None,
        options: RunOptions,
        task: str,
        summary: BatchSummary,
        manifest: dict[str, Any],
        progress: Callable[[BatchProgress], None] | None,
        group_size: int,
        group_chars: int,
        spell: Callable[[str], str] = str,
    ) -> None:
        self.source = source
        self.spell = spell  # how the records name a setting (the CLI: "--max-bytes")
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
        self.workers: int | None = None  # set by remote runners (batch_ray) for progress

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
                    workers=self.workers,
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
        """Run every group in this process (remote runners call ``groups``/``write_group``)."""
        assert self.pipeline is not None
        for group in self.groups(items):
            docs = [doc for _, doc, _ in group if doc is not None]
            outputs = translate_group(
                self.pipeline, docs, self.options, self.task, progress=self._report
            )
            self.write_group(group, outputs)

    def groups(self, items: Iterator[Item]) -> Iterator[Group]:
        """The items read and cut into groups (``group_size`` documents, ``group_chars``)."""
        group: Group = []
        chars = 0
        for item in items:
            doc, error = self._read(item)
            group.append((item, doc, error))
            chars += len(doc.text) if doc is not None else 0
            if len(group) >= self.group_size or chars >= self.group_chars:
                yield group
                group, chars = [], 0
        if group:
            yield group

    def _read(self, item: Item) -> tuple[Document | None, str | None]:
        if item.error is not None or item.load is None:
            return None, item.error or f"{item.id}: the record has no text."
        try:
            return (
                read_document(item.load(), name=item.id, max_bytes=self.source.max_bytes),
                None,
            )
        except InputError as exc:
            return None, exc.marked  # spelled when written
        except Exception as exc:  # a bug must not take the rest of the collection down
            log.exception("reading %r failed", item.id)
            return None, f"{item.id}: cannot be read ({type(exc).__name__}: {exc})."

    def write_group(self, group: Group, results: Sequence[Result | str]) -> None:
        """Append the records of one group (``results``: one per readable document, from
        ``translate_group``), then the manifest; stop when the model keeps failing."""
        docs = [doc for _, doc, _ in group if doc is not None]
        if len(results) != len(docs):
            raise TranslationError(
                f"Internal error: {len(results)} results for {len(docs)} documents; stopped."
            )
        with interrupts_deferred():  # a record and its count are written together or not at all
            self._write_records(group, results)
        self._report()
        if self.consecutive_model_failures >= MAX_CONSECUTIVE_MODEL_FAILURES:
            raise SummarizerError(
                f"The model failed on {self.consecutive_model_failures} documents in a row; "
                f"stopped (see {self.out / ERRORS}). Fix the cause and rerun with {option('resume')}."
            )

    def _write_records(self, group: Group, results: Sequence[Result | str]) -> None:
        outputs = iter(results)
        s = self.summary
        for item, doc, error in group:
            if doc is None:
                assert error is not None
                self.errors.append(
                    {"id": item.id, "error": spell_options(error, self.spell), "kind": "input",
                     "fields": item.fields}  # fmt: skip
                )
                s.failed += 1
                s.total_failed += 1
                continue
            output = next(outputs)
            if isinstance(output, str):
                self.errors.append(
                    {"id": item.id, "error": spell_options(output, self.spell), "kind": "model",
                     "fields": item.fields}  # fmt: skip
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


def translate_group(
    pipeline: Pipeline,
    docs: Sequence[Document],
    options: RunOptions,
    task: str,
    progress: Callable[[int], None] | None = None,
) -> list[Result | str]:
    """The work on one group, wherever it runs (here, or on a Ray worker: ``batch_ray``):
    one result per document, or an error message when the model failed on it.

    The group is translated together; when that fails, each document is retried on its own so
    one bad document cannot take down its neighbours. ``FATAL`` errors (configuration problems
    that would fail every document) are raised. ``progress`` gets the sentences done so far.
    """

    def translate(some: Sequence[Document], before: int) -> list[Result]:
        def report(done: int, total: int) -> None:
            if progress is not None:
                progress(before + done)

        if task == "run":
            return pipeline.run_many(some, options, progress=report)
        return pipeline.translate_many(some, options, progress=report)

    if not docs:
        return []
    try:
        return list(translate(docs, 0))
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
            result = translate([doc], sentences)[0]
        except FATAL:
            raise
        except Exception as exc:
            outputs.append(_model_error(exc))
        else:
            outputs.append(result)
            sentences += len(result.sentences)
    return outputs


def _model_error(exc: BaseException) -> str:
    if isinstance(exc, SummarizerError):
        return f"model failure: {exc.marked}"  # spelled when written
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
    remote: RemoteGroups | None = None,
    spell: Callable[[str], str] = str,
) -> BatchSummary:
    """Translate (``task="translate"``) or translate and summarise (``"run"``) a collection,
    with ``options`` (beams, bullets, mode, glossary; the defaults when None).

    ``resume`` continues a run in ``out``: ids already in ``results.jsonl`` are skipped; ids in
    ``errors.jsonl`` are retried when ``retry_errors`` (the default: input errors fail again
    quickly, model errors may have been transient) and kept as they are otherwise. ``load``
    builds the pipeline (default ``load_pipeline``); it is called after the input is checked.
    ``remote`` runs the groups elsewhere (``batch_ray``); the records are written here as always.
    ``spell`` writes the settings that error records name as the caller's users pass them.
    """
    if task not in TASKS:
        raise OptionError(f"Unknown task {task!r}; choose one of {', '.join(TASKS)}.")
    if group_size < 1 or group_chars < 1:
        raise OptionError("The group size must be positive.")
    out = Path(out)
    source = open_source(input_path, settings.max_input_bytes)
    # A first look, so that a refused run fails before the model loads; what the folder holds is
    # decided again, and only then acted on, while the lock is held.
    check_folder(out, resume)
    ids = scan_ids(source)
    input_sha = source.sha256()

    if load is None:
        from .pipeline import load_pipeline

        load = load_pipeline
    options = options or RunOptions()
    pipeline: Pipeline | None = None
    if remote is None:
        pipeline = load(settings)
        signature = expected_signature(pipeline, options, task)
    else:
        signature = remote.signature(options, task)
    wanted = output_settings(settings, options, task)

    lock = FolderLock(out)
    try:
        resuming = check_folder(out, resume) and resume
        summary = BatchSummary(out=out, total_documents=len(ids))
        run_info = {
            "started": _now(),
            "resumed": resuming,
            "status": "running",
            "settings": run_settings(settings, options, task),
        }
        if remote is not None:
            run_info["workers"] = remote.describe()
        skip: frozenset[str] = frozenset()
        if resuming:
            manifest = load_manifest(out)
            check_compatible(manifest, task, signature, wanted, source, input_sha, out)
            kept = resume_records(out, ids, retry_errors)
            summary.resumed = True
            summary.recovered_bytes = kept.recovered_bytes
            summary.retried_errors = kept.retried_errors
            summary.total_ok = len(kept.done)
            summary.total_failed = len(kept.failed)
            skip = kept.done | kept.failed
            manifest["runs"].append(run_info)
            manifest["input"]["path"] = str(Path(input_path).resolve())
        else:
            # Nothing to keep: the record files are absent or empty (check_folder). They are
            # appended to, never deleted, so no run can remove records it did not write.
            remove_temporaries(out)
            manifest = new_manifest(
                task, signature, wanted, input_path, source, input_sha, len(ids), run_info
            )
        summary.skipped = len(skip)
        run = BatchRun(
            source, out, pipeline, options, task, summary, manifest, progress, group_size,
            group_chars, spell,
        )  # fmt: skip
        run.pending_total = len(ids) - summary.skipped
        fsync_dir(out)
        status = "interrupted"
        try:
            run.write_manifest("running")
            run._report()
            pending = (item for item in source.items() if item.id not in skip)
            if remote is None:
                run.process(pending)
            else:
                remote.process(run, pending)
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
