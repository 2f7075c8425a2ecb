"""``python -m eval faithfulness``: false alarms and detection rate of the faithfulness checker.

Two measurements on ``{id, source, reference}`` pairs (Indonesian source, human English
reference), both through the public checker API of ``summarizer.faithfulness``:

* **False alarms.** Human references are faithful apart from a few genuine slips, so the share
  of pairs that ``check_sentence(source, reference)`` warns about is (close to) the checker's
  false-alarm rate: reported overall, for numbers/dates/amounts, and per group and direction,
  with the most frequent alarms and a seeded sample of warned pairs to audit by hand.
* **Detection.** From each reference that gets no warning, the harness makes its own errors with
  a fixed seed (change a number, delete a number phrase, change a date, swap a name mid-sentence
  and at the start, insert a name, a year, an amount, change an amount) and counts how many the
  checker sees: as a translated sentence (``check_sentence``) and as a summary bullet
  (``check_claim``; deletions are skipped there, since bullets select).

Every perturbation draws from its own ``random.Random(f"{seed}:{id}:{kind}")``, so a pair is
perturbed the same way whatever the checker says about other pairs or how the file is cut.
"""

from __future__ import annotations

import platform
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from summarizer import __version__
from summarizer.faithfulness import (
    FAITHFULNESS,
    check_claim,
    check_sentence,
    describe,
    extract_facts,
)

from .bootstrap import DEFAULT_SEED
from .data import TranslationExample, load_translations, sha256
from .faithfulness_report import summary_table, write_files
from .faithfulness_scores import (
    DEFAULT_AUDIT_SAMPLE,
    MODES,
    TARGETS,
    PairResult,
    audit_cell,
    audit_sample,
    audit_summary,
    detect,
    false_alarms,
    human_rates,
    read_audit,
    totals,
)
from .perturb import SENTENCE_ONLY, build_corpus

# ---------------------------------------------------------------------------- command


def evaluate(
    examples: Sequence[TranslationExample], seed: int, sample_size: int
) -> tuple[
    list[PairResult], dict[str, Any], list[PairResult], dict[str, dict[str, list[dict[str, str]]]]
]:
    """Check every pair, perturb the clean ones; the figures of scores.json (without context)."""
    started = time.perf_counter()
    pairs = [
        PairResult(
            ex,
            extract_facts(ex.reference),
            check_sentence(ex.source, ex.reference),
            check_claim(ex.reference, ex.source),
        )
        for ex in examples
    ]
    human_s = time.perf_counter() - started
    corpus = build_corpus(examples, [p.facts for p in pairs])
    cells, base = detect(pairs, seed, corpus)
    detection: dict[str, Any] = {"base": base, "name_pool": len(corpus.names)}
    missed: dict[str, dict[str, list[dict[str, str]]]] = {}
    for mode in MODES:
        mode_cells = {
            k: c for k, c in cells[mode].items() if not (mode == "bullets" and k in SENTENCE_ONLY)
        }
        detection[mode] = {
            "perturbations": {k: c.to_dict() for k, c in mode_cells.items()},
            "totals": {cat: totals(mode_cells, cat) for cat in ("numeric", "name")},
        }
        missed[mode] = {k: c.missed for k, c in mode_cells.items()}
    sample = audit_sample(pairs, sample_size, seed)
    figures = {
        "human_pairs": human_rates(pairs),
        "false_alarms": false_alarms(pairs),
        "detection": detection,
        "audit_sample": {"size": len(sample), "requested": sample_size, "file": None},
        "timing": {
            "human_pairs_s": round(human_s, 2),
            "total_s": round(time.perf_counter() - started, 2),
        },
    }
    return pairs, figures, sample, missed


def targets_met(figures: dict[str, Any]) -> dict[str, bool | None]:
    h, d = figures["human_pairs"], figures["detection"]

    def at_least(value: float | None, target: float) -> bool | None:
        return None if value is None else value >= target

    out: dict[str, bool | None] = {
        "any_warning": h["any_warning"]["pct"] is not None
        and h["any_warning"]["pct"] <= TARGETS["any_warning_max"],
        "number_date_amount_warning": h["number_date_amount_warning"]["pct"] is not None
        and h["number_date_amount_warning"]["pct"] <= TARGETS["number_date_amount_warning_max"],
    }
    for mode in MODES:
        out[f"detection_numeric_{mode}"] = at_least(
            d[mode]["totals"]["numeric"]["pct"], TARGETS["detection_numeric_min"]
        )
        out[f"detection_names_{mode}"] = at_least(
            d[mode]["totals"]["name"]["pct"], TARGETS["detection_names_min"]
        )
    return out


def command_line(
    data: str, limit: int | None, seed: int, sample: int, out: Path | None, audit: str | None
) -> str:
    parts = ["python -m eval faithfulness", f"--data {data}"]
    if limit:
        parts.append(f"--limit {limit}")
    if seed != DEFAULT_SEED:
        parts.append(f"--seed {seed}")
    if sample != DEFAULT_AUDIT_SAMPLE:
        parts.append(f"--audit-sample {sample}")
    if out is not None:
        parts.append(f"--out {out}")
    if audit:
        parts.append(f"--audit {audit}")
    return " ".join(parts)


@click.command("faithfulness")
@click.option("--data", required=True, help="JSONL of {id, source, reference} pairs.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Use the first N pairs.")
@click.option(
    "--seed",
    type=int,
    default=DEFAULT_SEED,
    show_default=True,
    help="Seed of the perturbations and the audit sample.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write scores.json, report.md, per_example.csv, missed.csv and audit.tsv here.",
)
@click.option(
    "--audit-sample",
    type=click.IntRange(min=0),
    default=DEFAULT_AUDIT_SAMPLE,
    show_default=True,
    help="Warned pairs in the audit sample.",
)
@click.option(
    "--audit",
    "audit_file",
    default=None,
    help="A filled audit TSV (verdict genuine/false): report the warnings' precision.",
)
def faithfulness(
    data: str,
    limit: int | None,
    seed: int,
    out: Path | None,
    audit_sample: int,
    audit_file: str | None,
) -> None:
    """False alarms on human {id, source, reference} pairs and detection of seeded errors.

    Checks every human pair with the faithfulness checker (a warning on a human reference is
    mostly a false alarm), then changes, deletes and inserts numbers, dates, amounts and names
    in the references that get no warning, and counts how many of these errors the checker
    sees in translated sentences and in summary bullets.
    """
    examples = load_translations(data, limit)
    audit_rows = read_audit(audit_file) if audit_file else None  # fail before the work
    pairs, figures, sample, missed = evaluate(examples, seed, audit_sample)
    if audit_rows is not None and audit_file:
        current = {p.example.id: audit_cell(describe(p.findings)) for p in pairs if p.findings}
        figures["audit"] = audit_summary(audit_rows, current, audit_file)
    else:
        figures["audit"] = None
    data_sha = sha256(data)
    scores: dict[str, Any] = {
        "title": f"Faithfulness flags: {Path(data).parent.name}/{Path(data).name}",
        "task": "faithfulness",
        "command": command_line(data, limit, seed, audit_sample, out, audit_file),
        "signature": {
            "summarizer": __version__,
            "faithfulness": FAITHFULNESS,
            "data_sha256": data_sha,
            "seed": seed,
            "n": len(examples),
        },
        "data": {"path": data, "sha256": data_sha, "examples": len(examples), "limit": limit},
        "versions": {"summarizer": __version__, "python": platform.python_version()},
        "targets": TARGETS,
        **figures,
    }
    scores["met"] = targets_met(figures)
    click.echo(f"{scores['title']}: {len(examples)} pairs; seed {seed}; {FAITHFULNESS}")
    if out is not None:
        written = write_files(out, scores, pairs, sample, missed)
    click.echo(summary_table(scores))
    if out is not None:
        click.echo(f"wrote {', '.join(str(p) for p in written)}")
