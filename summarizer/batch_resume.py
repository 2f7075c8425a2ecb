"""Resume rules of a batch output folder: when a run may start there, and when it may continue.

* A fresh run needs a folder without work (``check_folder``); a resume needs a manifest.
* A resume must make the same outputs: the task, the pipeline signature, the settings that
  change outputs (``OUTPUT_SETTINGS``) and the input's SHA-256 must match the manifest
  (``check_compatible``); throughput settings may change, and each run's are recorded.
* Resuming repairs a torn last record, skips every id already written and drops (atomically)
  the error records that will be retried (``resume_records``).

The runner (``batch.run_batch``) calls these only while it holds the folder's lock.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .batch_records import (
    ERRORS,
    MANIFEST,
    RESULTS,
    holds_work,
    read_records,
    remove_temporaries,
    repair_torn_tail,
    rewrite_records,
)
from .collection import Source
from .errors import BatchError, option
from .settings import RunOptions, Settings

if TYPE_CHECKING:
    from .pipeline import Pipeline

FORMAT = "summarizer-batch/1"
# Settings and run options that change an output (beyond the pipeline signature, which also
# records the glossary) and must match on resume. Throughput and input-limit settings (batch
# size, --max-bytes, device "auto" vs its resolution) may change between runs; each run's
# settings are kept in the manifest's ``runs`` list.
OUTPUT_SETTINGS = {
    "translate": ("mt_model", "beams"),
    "run": ("mt_model", "beams", "mode", "bullets"),
}


def norm(data: Any) -> Any:
    """``data`` as it reads back from the manifest (JSON types, sorted keys)."""
    return json.loads(json.dumps(data, sort_keys=True, default=str))


def differences(old: Any, new: Any, prefix: str = "") -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for key in sorted(set(old) | set(new)):
            out += differences(old.get(key), new.get(key), f"{prefix}{key}.")
        return out
    if old != new:
        return [f"{prefix.rstrip('.')}: {old!r} → {new!r}"]
    return []


def output_settings(settings: Settings, options: RunOptions, task: str) -> dict[str, Any]:
    """The settings and run options that must match on resume, as the manifest keeps them."""
    values = {**dataclasses.asdict(settings), **options.to_dict()}
    return norm({k: values[k] for k in OUTPUT_SETTINGS[task]})  # type: ignore[no-any-return]


# Settings that only bullets use: a translate-only manifest leaves them out.
SUMMARY_SETTINGS = ("mode", "bullets", "sum_model")


def run_settings(settings: Settings, options: RunOptions, task: str = "run") -> dict[str, Any]:
    """What the manifest records of one run: the load settings and the run options (without
    the bullet settings for ``task`` translate, which makes no bullets)."""
    values = {**dataclasses.asdict(settings), **options.to_dict()}
    if task != "run":
        values = {k: v for k, v in values.items() if k not in SUMMARY_SETTINGS}
    return norm(values)  # type: ignore[no-any-return]


def expected_signature(pipeline: Pipeline, options: RunOptions, task: str) -> dict[str, Any]:
    """The signature every result of this run carries (bullet settings only for ``run``)."""
    return norm(pipeline.signature(options, summary=task == "run"))  # type: ignore[no-any-return]


def check_folder(out: Path, resume: bool) -> bool:
    """Refuse a folder that a run must not write to; return whether it holds work to resume."""
    holds = holds_work(out)
    if not resume and holds:
        raise BatchError(
            f"{out}: the output folder already holds {', '.join(holds[:5])}; "
            f"pass {option('resume')} to continue that run, or choose a new {option('out')} folder."
        )
    if resume and holds and not (out / MANIFEST).is_file():
        raise BatchError(
            f"{out}: the folder holds {', '.join(holds[:5])} but no {MANIFEST} to resume from; "
            f"choose a new {option('out')} folder."
        )
    return bool(holds)


def new_manifest(
    task: str,
    signature: dict[str, Any],
    wanted: dict[str, Any],
    input_path: str | Path,
    source: Source,
    input_sha: str,
    documents: int,
    run_info: dict[str, Any],
) -> dict[str, Any]:
    """The manifest of a fresh run: what a later resume is compared with."""
    return {
        "format": FORMAT,
        "task": task,
        "signature": signature,
        "output_settings": wanted,
        "settings": run_info["settings"],
        "input": {
            "path": str(Path(input_path).resolve()),
            "kind": source.kind,
            "sha256": input_sha,
            "documents": documents,
        },
        "counts": {},
        "started": run_info["started"],
        "updated": run_info["started"],
        "finished": None,
        "runs": [run_info],
    }


def load_manifest(out: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BatchError(f"{out / MANIFEST}: cannot be read ({exc}); cannot resume.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BatchError(
            f"{out / MANIFEST}: not a {FORMAT} manifest; cannot resume into this folder."
        )
    return manifest


def check_compatible(
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
    problems += differences(manifest.get("output_settings"), wanted, "settings.")
    problems += [
        d
        for d in differences(manifest.get("signature"), signature, "signature.")
        if d not in problems
    ]
    if problems:
        raise BatchError(
            f"{out}: cannot resume: the outputs there were made differently "
            f"({'; '.join(problems[:6])}). Resume with the original settings, or choose a new "
            f"{option('out')} folder."
        )
    recorded = manifest.get("input", {})
    if recorded.get("kind") != source.kind or recorded.get("sha256") != input_sha:
        raise BatchError(
            f"{out}: cannot resume: the input has changed since this run started "
            f"(SHA-256 {str(recorded.get('sha256'))[:12]}… → {input_sha[:12]}…). Restore it, "
            f"or process the new input into a new {option('out')} folder."
        )


@dataclass(frozen=True)
class Resumed:
    """What a resume keeps: ids with a result, ids whose error record stays, and repairs."""

    done: frozenset[str]
    failed: frozenset[str]
    retried_errors: int
    recovered_bytes: int


def resume_records(out: Path, ids: list[str], retry_errors: bool) -> Resumed:
    """Repair and read the record files of a compatible run; drop the errors to retry."""
    recovered = repair_torn_tail(out / RESULTS) + repair_torn_tail(out / ERRORS)
    remove_temporaries(out)
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
    retried = 0
    if len(keep) != len(error_records):
        retried = sum(1 for r in error_records if r["id"] not in done)
        rewrite_records(out / ERRORS, keep)
    return Resumed(frozenset(done), frozenset(r["id"] for r in keep), retried, recovered)
