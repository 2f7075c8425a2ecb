"""Write an evaluation to disk: scores.json, per_example.csv, report.md and scores.png.

``scores.json`` carries every number with its signature (metric settings, models and revisions,
package versions, data hash, example count) so a score can be reproduced or refused, as
sacrebleu prints a signature beside every score.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from .scoring import Evaluation


def scores_dict(evaluation: Evaluation, context: dict[str, Any]) -> dict[str, Any]:
    return {
        **context,
        "bootstrap": {
            "method": "paired percentile bootstrap over examples (one shared set of resamples)",
            "samples": evaluation.samples,
            "seed": evaluation.seed,
            "confidence": evaluation.confidence,
            "baseline": evaluation.baseline,
        },
        "metrics": {
            m.name: {"label": m.label, "signature": m.signature(), "description": m.description}
            for m in evaluation.metrics
        },
        "systems": [
            {
                "name": s.name,
                "origin": s.origin,
                "scores": {k: v.to_dict() for k, v in s.scores.items()},
                "delta_vs_baseline": {k: v.to_dict() for k, v in s.deltas.items()},
            }
            for s in evaluation.systems
        ],
    }


def table(evaluation: Evaluation) -> str:
    """Markdown table: one row per system, ``score [low, high]`` per metric."""
    head = "| system | " + " | ".join(m.label for m in evaluation.metrics) + " |"
    rule = "|---|" + "---:|" * len(evaluation.metrics)
    rows = [
        f"| {s.name} | " + " | ".join(s.scores[m.name].format() for m in evaluation.metrics) + " |"
        for s in evaluation.systems
    ]
    return "\n".join([head, rule, *rows])


def delta_table(evaluation: Evaluation) -> str:
    if len(evaluation.systems) < 2:
        return ""
    head = (
        f"| system − {evaluation.baseline} | "
        + " | ".join(m.label for m in evaluation.metrics)
        + " |"
    )
    rule = "|---|" + "---:|" * len(evaluation.metrics)
    rows = []
    for s in evaluation.systems[1:]:
        cells = []
        for m in evaluation.metrics:
            d = s.deltas[m.name]
            mark = "" if d.low <= 0 <= d.high else " *"
            cells.append(f"{d.score:+.2f} [{d.low:+.2f}, {d.high:+.2f}]{mark}")
        rows.append(f"| {s.name} | " + " | ".join(cells) + " |")
    return "\n".join([head, rule, *rows])


def markdown(evaluation: Evaluation, context: dict[str, Any], chart: str | None) -> str:
    data = context["data"]
    conf = round(evaluation.confidence * 100)
    lines = [
        f"# {context['title']}",
        "",
        f"- Data: `{data['path']}` (sha256 `{data['sha256'][:16]}…`), {data['examples']} examples"
        + (f" (first {data['limit']})" if data.get("limit") else ""),
        f"- References: {context['reference']['label']}",
    ]
    lines += [f"- {note}" for note in context.get("notes", [])]
    lines += [
        "",
        f"Scores (0-100) with {conf}% paired bootstrap intervals "
        f"({evaluation.samples} resamples, seed {evaluation.seed}):",
        "",
        table(evaluation),
        "",
    ]
    deltas = delta_table(evaluation)
    if deltas:
        lines += [
            f"Differences to the baseline `{evaluation.baseline}` on the same resamples "
            f"(`*`: the {conf}% interval excludes 0):",
            "",
            deltas,
            "",
        ]
    if chart:
        lines += [f"![scores]({chart})", ""]
    lines += ["## Metrics", ""]
    lines += [f"- **{m.label}** ({m.description}): `{m.signature()}`" for m in evaluation.metrics]
    lines += ["", "## Systems", ""]
    for s in evaluation.systems:
        lines.append(
            f"- **{s.name}**: `{json.dumps(s.origin, ensure_ascii=False, sort_keys=True)}`"
        )
    versions = ", ".join(f"{k} {v}" for k, v in context["versions"].items())
    lines += ["", f"Versions: {versions}.", ""]
    return "\n".join(lines)


def chart_figure(evaluation: Evaluation, title: str) -> Any:
    """The matplotlib figure of ``scores.png``: grouped bars (metric × system) with the
    bootstrap interval as error bars, each value printed above its error bar (never behind
    it) and the legend outside the plot (never over a bar)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    metrics = evaluation.metrics
    systems = evaluation.systems
    width = 0.8 / len(systems)
    top = max(s.scores[m.name].high for s in systems for m in metrics)
    pad = max(top, 1.0) * 0.02
    fig, ax = plt.subplots(figsize=(max(5.0, 1.6 * len(metrics) + 2) + 1.6, 4.0))
    for i, s in enumerate(systems):
        xs = [j + (i - (len(systems) - 1) / 2) * width for j in range(len(metrics))]
        scores = [s.scores[m.name] for m in metrics]
        err = [[c.score - c.low for c in scores], [c.high - c.score for c in scores]]
        ax.bar(xs, [c.score for c in scores], width, yerr=err, capsize=3, label=s.name)
        for x, c in zip(xs, scores, strict=True):
            ax.text(
                x,
                c.high + pad,
                f"{c.score:.1f}",
                ha="center",
                va="bottom",
                fontsize=7,
                rotation=90 if len(systems) > 3 else 0,
            )
    ax.set_xticks(range(len(metrics)), [m.label for m in metrics])
    ax.set_ylabel(f"score (0-100), {round(evaluation.confidence * 100)}% CI")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    # Room above the highest error bar for its label.
    ax.set_ylim(0, top * 1.12 + pad * 6 + 1)
    fig.tight_layout()
    return fig


def bar_chart(evaluation: Evaluation, path: Path, title: str) -> None:
    """Write ``chart_figure`` as a PNG."""
    import matplotlib.pyplot as plt

    fig = chart_figure(evaluation, title)
    fig.savefig(path, dpi=100, metadata={"Software": None})
    plt.close(fig)


# What a run writes into --out, besides predictions/NAME.jsonl.
REPORT_FILES = ("scores.json", "per_example.csv", "scores.png", "report.md", "mt_references.jsonl")


def remove_reports(out: Path) -> None:
    """Remove an earlier run's files from ``out`` (its report files and predictions/*.jsonl),
    so a new run never leaves stale outputs beside its own; other files are kept."""
    for name in REPORT_FILES:
        (out / name).unlink(missing_ok=True)
    predictions = out / "predictions"
    if predictions.is_dir():
        for path in predictions.glob("*.jsonl"):
            path.unlink()
        try:
            predictions.rmdir()
        except OSError:  # something else is in there: keep it
            pass


def write_reports(
    evaluation: Evaluation,
    context: dict[str, Any],
    out: Path,
    files: dict[str, list[dict[str, Any]]] | None = None,
) -> list[Path]:
    """Write the four report files, plus JSONL ``files`` (relative path → rows): the systems'
    outputs and machine-translated references, re-usable with --predictions/--mt-references."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    scores = out / "scores.json"
    scores.write_text(
        json.dumps(scores_dict(evaluation, context), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    written.append(scores)

    per_example = out / "per_example.csv"
    with per_example.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "system", *[m.name for m in evaluation.metrics]])
        for s in evaluation.systems:
            for i, id_ in enumerate(evaluation.ids):
                writer.writerow(
                    [id_, s.name, *[f"{s.per_example[m.name][i]:.4f}" for m in evaluation.metrics]]
                )
    written.append(per_example)

    chart = out / "scores.png"
    bar_chart(evaluation, chart, context["title"])
    written.append(chart)

    report = out / "report.md"
    report.write_text(markdown(evaluation, context, chart.name), encoding="utf-8")
    written.append(report)

    for relative, rows in (files or {}).items():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        written.append(target)
    return written


def safe_name(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name).strip("._") or "system"
