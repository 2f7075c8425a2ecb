"""What the faithfulness harness measures: false-alarm rates on human pairs, detection
cells, the hand audit sample and its precision."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.faithfulness import (
    Fact,
    Finding,
    check_claim,
    check_sentence,
)

from .data import DataError, TranslationExample
from .perturb import CATEGORY, PERTURBATIONS, SENTENCE_ONLY, Corpus, perturb

# ---------------------------------------------------------------------------- constants

GROUPS = ("number", "amount", "date/time", "name")
DIRECTIONS = ("drops", "adds")
NUMERIC_GROUPS = frozenset({"number", "amount", "date/time"})

TARGETS = {
    "any_warning_max": 18.0,
    "number_date_amount_warning_max": 7.0,
    "detection_numeric_min": 97.0,
    "detection_names_min": 95.0,
    "audit_precision_min": 80.0,
}

MODES = ("sentences", "bullets")

DEFAULT_AUDIT_SAMPLE = 60
TOP_FALSE_ALARMS = 25
MISSED_EXAMPLES = 3
AUDIT_COLUMNS = ("id", "finding", "source", "reference", "verdict", "reason")
VERDICTS = ("genuine", "false")


# ---------------------------------------------------------------------------- measurement


def pct(count: int, n: int) -> float | None:
    # four decimals: targets are judged on this, not on the one-decimal display (18.02% > 18%)
    return round(100.0 * count / n, 4) if n else None


def rate(count: int, n: int) -> dict[str, Any]:
    return {"count": count, "n": n, "pct": pct(count, n)}


def fmt_pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def excerpt(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class PairResult:
    example: TranslationExample
    facts: list[Fact]
    findings: list[Finding]
    claim_findings: list[Fact]


@dataclass
class DetectionCell:
    n: int = 0
    detected: int = 0
    missed: list[dict[str, str]] = field(default_factory=list)
    forms: dict[str, list[int]] = field(default_factory=dict)  # form -> [n, detected]

    def add(self, ok: bool, example: dict[str, str], form: str = "") -> None:
        self.n += 1
        self.detected += ok
        if not ok:
            self.missed.append(example)
        if form:
            counts = self.forms.setdefault(form, [0, 0])
            counts[0] += 1
            counts[1] += ok

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "n": self.n,
            "detected": self.detected,
            "pct": pct(self.detected, self.n),
        }
        if self.forms:
            out["forms"] = {
                k: {"n": v[0], "detected": v[1], "pct": pct(v[1], v[0])}
                for k, v in sorted(self.forms.items())
            }
        return out


def human_rates(pairs: Sequence[PairResult]) -> dict[str, Any]:
    n = len(pairs)
    any_warning = sum(bool(p.findings) for p in pairs)
    numeric = sum(any(f.group in NUMERIC_GROUPS for f in p.findings) for p in pairs)
    by_group = {
        g: {
            d: rate(
                sum(any(f.group == g and f.direction == d for f in p.findings) for p in pairs), n
            )
            for d in DIRECTIONS
        }
        | {"any": rate(sum(any(f.group == g for f in p.findings) for p in pairs), n)}
        for g in GROUPS
    }
    return {
        "n": n,
        "any_warning": rate(any_warning, n),
        "number_date_amount_warning": rate(numeric, n),
        "name_warning": rate(sum(any(f.group == "name" for f in p.findings) for p in pairs), n),
        "by_group": by_group,
        "findings": sum(len(p.findings) for p in pairs),
    }


def false_alarms(pairs: Sequence[PairResult], top: int = TOP_FALSE_ALARMS) -> list[dict[str, Any]]:
    counts: Counter[tuple[str, str, str]] = Counter()
    first: dict[tuple[str, str, str], PairResult] = {}
    pair_counts: Counter[tuple[str, str, str]] = Counter()
    for p in pairs:
        keys = [(f.direction, f.group, f.fact.span.lower()) for f in p.findings]
        for key in keys:
            counts[key] += 1
            first.setdefault(key, p)
        for key in set(keys):
            pair_counts[key] += 1
    rows = []
    for (direction, group, span), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[
        :top
    ]:
        ex = first[(direction, group, span)].example
        rows.append(
            {
                "direction": direction,
                "group": group,
                "span": span,
                "count": count,
                "pairs": pair_counts[(direction, group, span)],
                "example": {
                    "id": ex.id,
                    "source": excerpt(ex.source),
                    "reference": excerpt(ex.reference),
                },
            }
        )
    return rows


def detect(
    pairs: Sequence[PairResult], seed: int, corpus: Corpus
) -> tuple[dict[str, dict[str, DetectionCell]], dict[str, int]]:
    """Detection cells per mode and perturbation, and the base N of each mode."""
    cells = {mode: {key: DetectionCell() for key, _, _ in PERTURBATIONS} for mode in MODES}
    base = {"sentences": 0, "bullets": 0}
    for p in pairs:
        clean_sentence = not p.findings
        clean_claim = not p.claim_findings
        base["sentences"] += clean_sentence
        base["bullets"] += clean_claim
        if not (clean_sentence or clean_claim):
            continue
        ex = p.example
        for key, _, _ in PERTURBATIONS:
            made = perturb(key, ex, p.facts, seed, corpus)
            if made is None:
                continue
            row = {"id": ex.id, "change": made.change, "source": ex.source, "perturbed": made.text}
            if clean_sentence:
                found = check_sentence(ex.source, made.text)
                cells["sentences"][key].add(bool(found), row, made.form)
            if clean_claim and key not in SENTENCE_ONLY:
                cells["bullets"][key].add(bool(check_claim(made.text, ex.source)), row, made.form)
    return cells, base


def totals(cells: dict[str, DetectionCell], category: str) -> dict[str, Any]:
    n = sum(c.n for k, c in cells.items() if CATEGORY[k] == category)
    d = sum(c.detected for k, c in cells.items() if CATEGORY[k] == category)
    return {"n": n, "detected": d, "pct": pct(d, n)}


# ---------------------------------------------------------------------------- audit


def audit_rank(seed: int, id_: str) -> str:
    """A stable per-id rank: the sample keeps its pairs while they stay warned."""
    return hashlib.sha256(f"{seed}:{id_}".encode()).hexdigest()


def audit_sample(pairs: Sequence[PairResult], size: int, seed: int) -> list[PairResult]:
    warned = [p for p in pairs if p.findings]
    chosen = {
        p.example.id for p in sorted(warned, key=lambda p: audit_rank(seed, p.example.id))[:size]
    }
    return [p for p in warned if p.example.id in chosen]


def audit_cell(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def write_audit(path: Path, rows: Sequence[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(AUDIT_COLUMNS) + "\n")
        for row in rows:
            fh.write("\t".join(audit_cell(row.get(c, "")) for c in AUDIT_COLUMNS) + "\n")


def read_audit(path: str | Path) -> list[dict[str, str]]:
    """Rows of an audit TSV; a missing file, wrong header or unknown verdict is a DataError."""
    p = Path(path)
    if not p.is_file():
        raise DataError(f"{path}: no such audit file.")
    try:
        lines = p.read_text("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not valid UTF-8 ({exc.reason}).") from exc
    if not lines:
        raise DataError(f"{path}: the audit file is empty.")
    header = [c.strip().strip('"').lower() for c in lines[0].split("\t")]
    missing = [c for c in ("id", "verdict") if c not in header]
    if missing:
        raise DataError(
            f"{path} line 1: no {' or '.join(missing)} column (expected {', '.join(AUDIT_COLUMNS)})."
        )
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("\t")]
        cells += [""] * (len(header) - len(cells))
        row = dict(zip(header, cells, strict=False))
        row = {
            k: (v[1:-1] if len(v) >= 2 and v[0] == v[-1] == '"' and k != "finding" else v)
            for k, v in row.items()
        }
        verdict = row.get("verdict", "").strip().lower()
        if verdict and verdict not in VERDICTS:
            raise DataError(
                f"{path} line {number}: verdict {row['verdict']!r} is neither 'genuine' nor 'false' "
                "(or empty)."
            )
        row["verdict"] = verdict
        rows.append(row)
    return rows


def audit_filled(rows: Sequence[dict[str, str]]) -> bool:
    return any(r.get("verdict") for r in rows)


def audit_summary(
    rows: Sequence[dict[str, str]], current: dict[str, str], path: str
) -> dict[str, Any]:
    """Precision over the marked rows whose pair is still warned with the same finding; rows
    whose finding changed (or is gone) are listed to re-audit, not counted."""
    marked = [r for r in rows if r.get("verdict")]
    counted = [
        r
        for r in marked
        if current.get(r.get("id", "")) == r.get("finding", current.get(r.get("id", "")))
    ]
    stale = [r for r in marked if r not in counted]
    genuine = sum(r["verdict"] == "genuine" for r in counted)
    precision = pct(genuine, len(counted))
    return {
        "file": path,
        "rows": len(rows),
        "marked": len(counted),
        "genuine": genuine,
        "false": len(counted) - genuine,
        "precision": precision,
        "target": TARGETS["audit_precision_min"],
        "met": None if precision is None else precision >= TARGETS["audit_precision_min"],
        "false_rows": [
            {"id": r.get("id", ""), "finding": r.get("finding", ""), "reason": r.get("reason", "")}
            for r in counted
            if r["verdict"] == "false"
        ],
        "stale": [
            {
                "id": r.get("id", ""),
                "audited": r.get("finding", ""),
                "now": current.get(r.get("id", ""), ""),
            }
            for r in stale
        ],
        "unmarked": len(rows) - len(marked),
    }
