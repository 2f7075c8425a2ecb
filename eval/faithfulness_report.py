"""The faithfulness harness's reports: the printed summary, report.md and the files in --out."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summarizer.faithfulness import (
    describe,
)

from .data import DataError
from .faithfulness_scores import (
    AUDIT_COLUMNS,
    GROUPS,
    MISSED_EXAMPLES,
    MODES,
    NUMERIC_GROUPS,
    TARGETS,
    TOP_FALSE_ALARMS,
    PairResult,
    audit_cell,
    audit_filled,
    excerpt,
    fmt_pct,
    read_audit,
    write_audit,
)
from .perturb import AMOUNT_FORMS, LABELS, PERTURBATIONS

# ---------------------------------------------------------------------------- reports


def met(value: float | None, target: float, at_most: bool) -> str:
    if value is None:
        return "n/a"
    return "met" if (value <= target if at_most else value >= target) else "missed"


def summary_table(scores: dict[str, Any]) -> str:
    """The compact table printed to stdout."""
    h = scores["human_pairs"]
    d = scores["detection"]
    t = TARGETS
    lines = [
        f"{'human pairs (false alarms)':<34} {'pairs':>11} {'rate':>7}  target",
        f"{'  any warning':<34} {h['any_warning']['count']:>5} / {h['n']:<5}"
        f"{fmt_pct(h['any_warning']['pct']):>7}  <= {t['any_warning_max']:.0f}%  "
        f"{met(h['any_warning']['pct'], t['any_warning_max'], True)}",
        f"{'  number/date/amount warning':<34} {h['number_date_amount_warning']['count']:>5} / {h['n']:<5}"
        f"{fmt_pct(h['number_date_amount_warning']['pct']):>7}  <= {t['number_date_amount_warning_max']:.0f}%  "
        f"{met(h['number_date_amount_warning']['pct'], t['number_date_amount_warning_max'], True)}",
    ]
    for g in GROUPS:
        cells = h["by_group"][g]
        lines.append(
            f"{'  ' + g + ' drops / adds':<34} {cells['drops']['count']:>5} / {cells['adds']['count']:<5}"
            f"{fmt_pct(cells['drops']['pct']):>7} / {fmt_pct(cells['adds']['pct'])}"
        )
    base = d["base"]
    lines += [
        "",
        f"{'detection':<34} {'sentences':>16}   {'bullets':>16}",
        f"{'  base (pairs with no finding)':<34} {base['sentences']:>16}   {base['bullets']:>16}",
    ]

    def cell(c: dict[str, Any] | None) -> str:
        if c is None:
            return f"{'-':>16}"
        return f"{c['detected']:>5}/{c['n']:<5}{fmt_pct(c['pct']):>6}"

    for label, s, b, target in detection_rows(d, "numbers/dates/amounts"):
        if target is None:
            lines.append(f"{'  ' + label:<34} {cell(s)}   {cell(b)}")
            continue
        assert s is not None and b is not None
        lines.append(
            f"{'  all ' + label + f' (>= {target:.0f}%)':<34} {cell(s)}   {cell(b)}  "
            f"{met(s['pct'], target, False)} / {met(b['pct'], target, False)}"
        )
    audit = scores.get("audit")
    if audit:
        lines += [
            "",
            f"audit precision: {audit['genuine']}/{audit['marked']} genuine = "
            f"{fmt_pct(audit['precision'])} (>= {t['audit_precision_min']:.0f}%: "
            f"{met(audit['precision'], t['audit_precision_min'], False)})"
            + (f"; {len(audit['stale'])} rows to re-audit" if audit["stale"] else ""),
        ]
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


Cell = dict[str, Any] | None


def detection_rows(d: dict[str, Any], numeric: str) -> list[tuple[str, Cell, Cell, float | None]]:
    """The detection table's rows, for the printed summary and report.md alike: one per
    perturbation (sentences, bullets; no target), then the two totals with their targets."""
    rows: list[tuple[str, Cell, Cell, float | None]] = [
        (label, d["sentences"]["perturbations"][key], d["bullets"]["perturbations"].get(key), None)
        for key, label, _ in PERTURBATIONS
    ]
    for cat, label, target in (
        ("numeric", numeric, TARGETS["detection_numeric_min"]),
        ("name", "names", TARGETS["detection_names_min"]),
    ):
        rows.append((label, d["sentences"]["totals"][cat], d["bullets"]["totals"][cat], target))
    return rows


def markdown(scores: dict[str, Any], missed: dict[str, dict[str, list[dict[str, str]]]]) -> str:
    h = scores["human_pairs"]
    d = scores["detection"]
    t = TARGETS
    data = scores["data"]
    sig = scores["signature"]
    lines = [
        f"# {scores['title']}",
        "",
        f"- Data: `{data['path']}` (sha256 `{data['sha256'][:16]}…`), {data['examples']} pairs"
        + (f" (first {data['limit']})" if data.get("limit") else ""),
        f"- Checker: `{sig['faithfulness']}`, summarizer {sig['summarizer']}; seed {sig['seed']}",
        f"- Command: `{scores['command']}`",
        f"- Time: {scores['timing']['total_s']:.1f} s ({scores['timing']['human_pairs_s']:.1f} s "
        f"checking the human pairs)",
        "",
        "## Warnings on the human references (false-alarm rate)",
        "",
        "The references are human translations, faithful apart from a few genuine slips: a "
        "warning on them is mostly a false alarm (the audit below says how many).",
        "",
        "| measure | pairs | rate | target | |",
        "|---|---:|---:|---:|---|",
    ]
    for key, label, target in (
        ("any_warning", "any warning", t["any_warning_max"]),
        (
            "number_date_amount_warning",
            "number/date/amount warning",
            t["number_date_amount_warning_max"],
        ),
        ("name_warning", "name warning", None),
    ):
        r = h[key]
        tcell = f"≤ {target:.0f}%" if target is not None else ""
        mcell = met(r["pct"], target, True) if target is not None else ""
        lines.append(
            f"| {label} | {r['count']} / {r['n']} | {fmt_pct(r['pct'])} | {tcell} | {mcell} |"
        )
    lines += ["", "Per group and direction (% of pairs; a pair can count in several cells):", ""]
    lines += ["| group | drops | adds | either |", "|---|---:|---:|---:|"]
    for g in GROUPS:
        c = h["by_group"][g]
        lines.append(
            f"| {g} | {c['drops']['count']} ({fmt_pct(c['drops']['pct'])}) | "
            f"{c['adds']['count']} ({fmt_pct(c['adds']['pct'])}) | "
            f"{c['any']['count']} ({fmt_pct(c['any']['pct'])}) |"
        )
    base = d["base"]
    lines += [
        "",
        "## Detection of errors the harness makes",
        "",
        f"Made from the references that get no warning: {base['sentences']} pairs checked as "
        f"translated sentences (`check_sentence(source, perturbed)`), {base['bullets']} as summary "
        "bullets (`check_claim(perturbed, source)`; deletions are not errors in a bullet). A "
        "perturbation is detected when the check has any finding. N differs by perturbation: a "
        "reference without a date cannot have its date changed.",
        "",
        "| perturbation | sentences | detected | bullets | detected |",
        "|---|---:|---:|---:|---:|",
    ]

    def cells(c: dict[str, Any] | None) -> str:
        if c is None:
            return "– | –"
        return f"{c['detected']} / {c['n']} | {fmt_pct(c['pct'])}"

    for label, s, b, target in detection_rows(d, "numbers, dates, amounts"):
        if target is None:
            lines.append(f"| {label} | {cells(s)} | {cells(b)} |")
            continue
        assert s is not None and b is not None
        lines.append(
            f"| **all {label}** (target ≥ {target:.0f}%) | {cells(s)} "
            f"{met(s['pct'], target, False)} | {cells(b)} {met(b['pct'], target, False)} |"
        )
    forms_s = d["sentences"]["perturbations"]["insert_amount"].get("forms", {})
    forms_b = d["bullets"]["perturbations"]["insert_amount"].get("forms", {})
    if forms_s or forms_b:
        lines += [
            "",
            "Inserted amounts by form:",
            "",
            "| form | sentences | bullets |",
            "|---|---:|---:|",
        ]
        for form, _ in AMOUNT_FORMS:
            fs, fb = forms_s.get(form), forms_b.get(form)
            lines.append(
                f"| `{form}` | "
                + (f"{fs['detected']} / {fs['n']} ({fmt_pct(fs['pct'])})" if fs else "–")
                + " | "
                + (f"{fb['detected']} / {fb['n']} ({fmt_pct(fb['pct'])})" if fb else "–")
                + " |"
            )
    examples = [
        (mode, key, row)
        for mode in MODES
        for key, _, _ in PERTURBATIONS
        for row in missed.get(mode, {}).get(key, [])[:MISSED_EXAMPLES]
    ]
    if examples:
        lines += [
            "",
            f"Missed perturbations, first {MISSED_EXAMPLES} of each (all in `missed.csv`):",
            "",
            "| as | perturbation | id | change | perturbed reference |",
            "|---|---|---|---|---|",
        ]
        for mode, key, row in examples:
            lines.append(
                f"| {mode[:-1]} | {LABELS[key]} | {row['id']} | {_md(row['change'])} | "
                f"{_md(excerpt(row['perturbed']))} |"
            )
    lines += [
        "",
        f"## Most frequent warnings on the human references (top {TOP_FALSE_ALARMS})",
        "",
        "| # | direction | group | span | count | pairs | example |",
        "|---:|---|---|---|---:|---:|---|",
    ]
    for i, row in enumerate(scores["false_alarms"], start=1):
        ex = row["example"]
        lines.append(
            f"| {i} | {row['direction']} | {row['group']} | `{_md(row['span'])}` | {row['count']} | "
            f"{row['pairs']} | {ex['id']}: {_md(ex['source'])} → {_md(ex['reference'])} |"
        )
    lines += ["", "## Audit of warned pairs", ""]
    audit = scores.get("audit")
    sample = scores["audit_sample"]
    lines.append(
        f"A seeded sample of {sample['size']} warned pairs is in `{sample['file']}` (columns "
        f"{', '.join(AUDIT_COLUMNS)}): mark each verdict `genuine` (the English really lacks or "
        "adds that fact) or `false`, with a one-line reason, and pass the file with `--audit`."
    )
    if audit:
        lines += [
            "",
            f"Precision on `{audit['file']}`: **{audit['genuine']} / {audit['marked']} genuine = "
            f"{fmt_pct(audit['precision'])}** (target ≥ {t['audit_precision_min']:.0f}%: "
            f"{met(audit['precision'], t['audit_precision_min'], False)}).",
        ]
        if audit["false_rows"]:
            lines += [
                "",
                "False alarms found by the audit:",
                "",
                "| id | finding | reason |",
                "|---|---|---|",
            ]
            lines += [
                f"| {r['id']} | {_md(r['finding'])} | {_md(r['reason'])} |"
                for r in audit["false_rows"]
            ]
        if audit["stale"]:
            lines += [
                "",
                f"{len(audit['stale'])} audited rows no longer match the checker's finding "
                "(not counted; re-audit them):",
                "",
                "| id | audited | now |",
                "|---|---|---|",
            ]
            lines += [
                f"| {r['id']} | {_md(r['audited'])} | {_md(r['now']) or '(no warning)'} |"
                for r in audit["stale"]
            ]
    else:
        lines += ["", "No audit given: precision not measured in this run."]
    versions = ", ".join(f"{k} {v}" for k, v in scores["versions"].items())
    lines += ["", f"Versions: {versions}.", ""]
    return "\n".join(lines)


def write_files(
    out: Path,
    scores: dict[str, Any],
    pairs: Sequence[PairResult],
    sample: Sequence[PairResult],
    missed: dict[str, dict[str, list[dict[str, str]]]],
) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    per_example = out / "per_example.csv"
    with per_example.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "warned", "number_date_amount", "name", "findings"])
        for p in pairs:
            writer.writerow(
                [
                    p.example.id,
                    int(bool(p.findings)),
                    int(any(f.group in NUMERIC_GROUPS for f in p.findings)),
                    int(any(f.group == "name" for f in p.findings)),
                    describe(p.findings),
                ]
            )
    written.append(per_example)

    missed_path = out / "missed.csv"
    with missed_path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["mode", "perturbation", "id", "change", "perturbed"])
        for mode in MODES:
            for key, _, _ in PERTURBATIONS:
                for row in missed.get(mode, {}).get(key, []):
                    writer.writerow([mode, key, row["id"], row["change"], row["perturbed"]])
    written.append(missed_path)

    fresh = [
        {
            "id": p.example.id,
            "finding": describe(p.findings),
            "source": p.example.source,
            "reference": p.example.reference,
        }
        for p in sample
    ]
    audit_path = out / "audit.tsv"
    try:
        existing = read_audit(audit_path) if audit_path.is_file() else []
        unreadable = False
    except DataError:  # someone's edited file: never overwritten
        existing, unreadable = [], True
    if unreadable or (existing and audit_filled(existing)):
        stale_new = out / "audit-new.tsv"
        if [r.get("id") for r in existing] == [r["id"] for r in fresh]:
            scores["audit_sample"]["file"] = "audit.tsv"
            if stale_new.is_file():
                stale_new.unlink()
        else:
            # keep the filled file; carry its verdicts over where the finding is unchanged
            done = {r.get("id"): r for r in existing if r.get("verdict")}
            for row in fresh:
                old = done.get(row["id"])
                if old and old.get("finding") == audit_cell(row["finding"]):
                    row["verdict"], row["reason"] = old["verdict"], old.get("reason", "")
            write_audit(stale_new, fresh)
            written.append(stale_new)
            scores["audit_sample"]["file"] = "audit-new.tsv"
    else:
        write_audit(audit_path, fresh)
        written.append(audit_path)
        scores["audit_sample"]["file"] = "audit.tsv"

    scores_path = out / "scores.json"
    scores_path.write_text(
        json.dumps(scores, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    written.append(scores_path)
    report = out / "report.md"
    report.write_text(markdown(scores, missed), encoding="utf-8")
    written.append(report)
    return written
