"""``python -m eval summaries|translations``: score systems, print a table, write reports.

A thin click layer like the ``summarizer`` CLI: data files are checked before any model loads,
library and data errors become one ``error:`` line (exit 1; 2 for a bad option), and with
``--predictions`` nothing but the metrics runs.
"""

from __future__ import annotations

import dataclasses
import platform
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from summarizer import (
    ErrorGroup,
    OptionError,
    RunOptions,
    Settings,
    __version__,
    bullets_option,
    looks_english,
    quiet_libraries,
    run_options_from,
    runtime_options,
    settings_from,
    sum_model_option,
)

from . import systems as runners
from .bootstrap import DEFAULT_SAMPLES, DEFAULT_SEED
from .data import (
    DataError,
    SummaryExample,
    load_outputs,
    load_summaries,
    load_translations,
    sha256,
)
from .metrics import METRICS, SUMMARY_METRICS, TRANSLATION_METRICS, package_version
from .report import remove_reports, safe_name, table, write_reports
from .scoring import SystemOutput, evaluate

SUMMARY_SYSTEMS = ("abstractive", "extractive", "lead")
EVAL_MODES = ("selection", "crosslingual")
DEFAULT_BULLETS = 3  # lead-3, the classic news baseline; IndoSum's median summary has 3 sentences

INDOSUM_NOTE = (
    "Published IndoSum figures (Kurniawan & Louvan 2018) are on the test folds: LEAD-3 "
    "R-1/R-2/R-L 62.86/54.50/62.10. This file is the fold-1 development set, detokenised and "
    "re-split into sentences by this package, scored with rouge-score rather than ROUGE-1.5.5: "
    "similar in spirit, not directly comparable. R-Lsum is the counterpart of their R-L."
)


@click.group(cls=ErrorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log what the pipeline does.")
def main(verbose: bool) -> None:
    """Reproducible ROUGE and BLEU/chrF++ evaluation with paired bootstrap intervals."""
    quiet_libraries(verbose)  # the CLI's logging: no notes that are not the user's concern


F = TypeVar("F", bound=Callable[..., Any])


def common_options(default_metrics: Sequence[str]) -> Callable[[F], F]:
    def decorate(f: F) -> F:
        options = [
            click.option("--data", required=True, help="JSONL data file."),
            click.option(
                "--limit",
                type=click.IntRange(min=1),
                default=None,
                help="Score the first N examples.",
            ),
            click.option(
                "--out",
                type=click.Path(file_okay=False, path_type=Path),
                default=None,
                help="Write scores.json, per_example.csv, report.md, scores.png and outputs here "
                "(an empty or new folder, unless --overwrite).",
            ),
            click.option(
                "--overwrite",
                is_flag=True,
                help="Replace the earlier run in --out: its report files and predictions/ "
                "are removed before the new ones are written.",
            ),
            click.option(
                "--predictions",
                multiple=True,
                help="Score outputs already produced ({id, prediction} JSONL); no model is "
                "loaded. Repeatable; NAME=FILE names the system.",
            ),
            click.option(
                "--metric",
                "metrics",
                multiple=True,
                type=click.Choice(list(METRICS)),
                help=f"Metric to report (repeatable) [default {' '.join(default_metrics)}].",
            ),
            click.option(
                "--bootstrap",
                "samples",
                type=click.IntRange(min=100, max=100_000),
                default=DEFAULT_SAMPLES,
                show_default=True,
                help="Bootstrap resamples.",
            ),
            click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True),
        ]
        f = runtime_options(f)  # listed after the data options
        for option in reversed(options):
            f = option(f)
        return f

    return decorate


def check_out(options: dict[str, Any]) -> None:
    """Refuse, before anything runs, an --out folder that holds files (an earlier run's, whose
    predictions/ would otherwise be left beside the new ones) unless --overwrite is given."""
    out: Path | None = options.get("out")
    if out is None or options.get("overwrite") or not out.is_dir():
        return
    held = sorted(p.name + ("/" if p.is_dir() else "") for p in out.iterdir())
    if held:
        shown = ", ".join(held[:4]) + (", …" if len(held) > 4 else "")
        raise OptionError(
            f"--out {out} already holds files ({shown}); choose a new folder, or add "
            "--overwrite to replace the earlier run."
        )


def versions() -> dict[str, str]:
    return {
        "summarizer": __version__,
        "rouge-score": package_version("rouge-score"),
        "nltk": package_version("nltk"),
        "sacrebleu": package_version("sacrebleu"),
        "numpy": package_version("numpy"),
        "python": platform.python_version(),
    }


def split_named(spec: str) -> tuple[str | None, str]:
    """``NAME=FILE`` or ``FILE``."""
    name, sep, path = spec.partition("=")
    if sep and name and not Path(spec).exists():
        return name, path
    return None, spec


def read_predictions(specs: Sequence[str], ids: list[str]) -> list[SystemOutput]:
    out = []
    for spec in specs:
        name, path = split_named(spec)
        outputs = load_outputs(path, ids)
        system = name or outputs.system or Path(path).stem
        origin = {
            "kind": "predictions file",
            "file": outputs.path,
            "sha256": outputs.sha256,
            "signature": outputs.signature,
        }
        out.append(SystemOutput(system, [outputs.texts[i] for i in ids], origin))
    return out


def unique_names(names: Sequence[str]) -> None:
    """Checked before any model runs: reports and outputs are keyed by system name."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise OptionError(f"two systems are named {name!r}; name them with NAME=FILE.")
        seen.add(name)


def finish(
    examples_ids: list[str],
    references: list[str],
    outputs: list[SystemOutput],
    metric_names: Sequence[str],
    lang: str,
    context: dict[str, Any],
    options: dict[str, Any],
    rows: dict[str, list[dict[str, Any]]],
) -> None:
    evaluation = evaluate(
        examples_ids, references, outputs, metric_names, lang, options["samples"], options["seed"]
    )
    click.echo(
        f"{context['title']}: {len(examples_ids)} examples; references: {context['reference']['label']}"
    )
    click.echo(table(evaluation))
    out: Path | None = options.get("out")
    if out is not None:
        if options.get("overwrite"):
            remove_reports(out)
        written = write_reports(evaluation, context, out, rows)
        click.echo(f"wrote {', '.join(str(p) for p in written if p.parent == out)}")


def base_context(
    title: str, task: str, data: str, n: int, options: dict[str, Any]
) -> dict[str, Any]:
    return {
        "title": f"{title}: {Path(data).parent.name}/{Path(data).name}",
        "task": task,
        "data": {
            "path": data,
            "sha256": sha256(data),
            "examples": n,
            "limit": options.get("limit"),
        },
        "versions": versions(),
        "options": {
            k: (str(v) if isinstance(v, Path) else v)
            for k, v in options.items()
            if k != "overwrite"  # how the folder was treated, not how scores were made
        },
    }


def _iso639_1(code: str) -> str:
    """``id``/``ind``/``ind_Latn``/``indonesian`` → ``id``; likewise for English."""
    code = code.lower()
    if code.startswith(("en", "eng")):
        return "en"
    if code.startswith(("id", "ind")):
        return "id"
    return code


def reference_language(data: str, examples: Sequence[SummaryExample]) -> str:
    """The data's ``lang_summary`` (``id``/``en``); without it, guessed from function words."""
    langs = sorted({_iso639_1(ex.lang_summary) for ex in examples if ex.lang_summary})
    if len(langs) > 1:
        raise DataError(
            f"{data}: the summaries are in several languages ({', '.join(langs)}); split the file."
        )
    if langs and langs[0] not in ("id", "en"):
        raise DataError(
            f"{data}: lang_summary {langs[0]!r} is neither Indonesian (id) nor English (en)."
        )
    if langs:
        return langs[0]
    sample = "\n".join(ex.summary for ex in examples[:200])
    return "en" if looks_english(sample) else "id"


@main.command()
@common_options(SUMMARY_METRICS)
@click.option(
    "--system",
    "systems",
    multiple=True,
    type=click.Choice(SUMMARY_SYSTEMS),
    help="Summary system to run (repeatable); the first is the baseline for differences.",
)
@click.option(
    "--eval-mode",
    type=click.Choice(EVAL_MODES),
    default=None,
    help="selection: Indonesian sentences chosen by lead/extractive against the Indonesian "
    "reference (no model). crosslingual: English bullets against an English reference "
    "(machine-translated when the data's is Indonesian). [default: selection for Indonesian "
    "references, crosslingual for English ones]",
)
@click.option(
    "--mt-references",
    default=None,
    help="English references made earlier (mt_references.jsonl of a previous --out), "
    "so crosslingual scoring loads no model.",
)
@sum_model_option(
    "Summary model for abstractive bullets "
    "[env SUMMARIZER_SUM_MODEL; default sshleifer/distilbart-cnn-12-6]."
)
@bullets_option(DEFAULT_BULLETS)
def summaries(**options: Any) -> None:
    """Score summaries of {id, text, summary} articles with ROUGE-1/2/L/Lsum."""
    data: str = options["data"]
    system_names: tuple[str, ...] = options["systems"]
    if not system_names and not options["predictions"]:
        raise OptionError("give at least one --system or --predictions FILE.")
    check_out(options)
    settings = settings_from(**options)
    run = run_options_from(**options)
    examples = load_summaries(data, options["limit"])
    ids = [ex.id for ex in examples]
    ref_lang = reference_language(data, examples)
    mode = options["eval_mode"] or ("selection" if ref_lang == "id" else "crosslingual")
    if mode == "selection":
        if ref_lang != "id":
            raise OptionError(
                "--eval-mode selection needs Indonesian references; these are English: "
                "use --eval-mode crosslingual."
            )
        if "abstractive" in system_names:
            raise OptionError(
                "abstractive bullets are English and cannot be scored by Indonesian content "
                "selection: use --eval-mode crosslingual."
            )
    predicted = read_predictions(options["predictions"], ids)
    unique_names([*system_names, *(p.name for p in predicted)])
    context = base_context(f"Summaries, {mode}", "summaries", data, len(examples), options)
    context["eval_mode"] = mode
    # Model settings matter only when a model runs; selection records its n in each system.
    uses_model = bool(system_names) and mode == "crosslingual"
    context["settings"] = settings_record(settings, run) if uses_model else None
    context["notes"] = []
    rows: dict[str, list[dict[str, Any]]] = {}

    if mode == "crosslingual" and ref_lang == "id":
        references, reference = machine_references(data, examples, settings, run, options)
        rows["mt_references.jsonl"] = [
            {"id": i, "reference": r} | ({"signature": reference["signature"]} if n == 0 else {})
            for n, (i, r) in enumerate(zip(ids, references, strict=True))
        ]
        context["notes"].append(
            "The reference is a MACHINE TRANSLATION of the Indonesian gold summary by the same "
            "model that translates the systems' bullets: scores are relative, favour that model's "
            "wording, and are not comparable with scores against human English references."
        )
    else:
        references = [ex.summary for ex in examples]
        reference = {
            "lang": ref_lang,
            "kind": "human",
            "label": f"human gold summaries ({'Indonesian' if ref_lang == 'id' else ref_lang})",
        }
    context["reference"] = reference
    if mode == "selection" and any(ex.source == "indosum" for ex in examples):
        context["notes"].append(INDOSUM_NOTE)

    outputs: list[SystemOutput] = []
    for name in system_names:
        if mode == "selection":
            texts, origin = runners.select(data, examples, name, settings, run)
            results = None
        else:
            texts, origin, results = runners.summarize(data, examples, name, settings, run)
        outputs.append(SystemOutput(name, texts, origin))
        rows[f"predictions/{name}.jsonl"] = prediction_rows(name, ids, texts, origin, results)
    outputs += predicted
    lang = "id" if mode == "selection" else "en"
    finish(
        ids,
        references,
        outputs,
        options["metrics"] or SUMMARY_METRICS,
        lang,
        context,
        options,
        rows,
    )


def settings_record(settings: Settings, run: RunOptions) -> dict[str, Any]:
    """The load settings and the run options, as the report records them."""
    return {**dataclasses.asdict(settings), **run.to_dict()}


def machine_references(
    data: str,
    examples: Sequence[SummaryExample],
    settings: Settings,
    run: RunOptions,
    options: dict[str, Any],
) -> tuple[list[str], dict[str, Any]]:
    """English references for crosslingual scoring: from --mt-references, else translated now."""
    ids = [ex.id for ex in examples]
    if options["mt_references"]:
        loaded = load_outputs(options["mt_references"], ids, keys=("reference",))
        refs = [loaded.texts[i] for i in ids]
        signature = loaded.signature or {}
        source = {"file": loaded.path, "sha256": loaded.sha256}
    elif options["systems"]:
        refs, signature = runners.translate_references(data, examples, settings, run)
        source = {}
    else:
        raise OptionError(
            "crosslingual scoring against Indonesian references needs them in English: pass "
            "--mt-references FILE (mt_references.jsonl from an earlier --out), or add --system "
            "to translate them with --mt-model."
        )
    model = signature.get("translation", {}).get("model", "an unrecorded model")
    revision = signature.get("translation", {}).get("revision")
    by = f"{model}@{revision}" if revision else str(model)
    return refs, {
        "lang": "en",
        "kind": "machine-translated",
        "label": f"MACHINE-TRANSLATED from the Indonesian gold summaries by {by} (not a human reference)",
        "signature": signature,
        **source,
    }


def prediction_rows(
    name: str, ids: list[str], texts: list[str], origin: dict[str, Any], results: Any
) -> list[dict[str, Any]]:
    """Lines of predictions/<system>.jsonl; the first carries the signature."""
    rows = []
    for n, (id_, text) in enumerate(zip(ids, texts, strict=True)):
        row: dict[str, Any] = {"id": id_, "system": name, "prediction": text}
        if n == 0:
            row["signature"] = origin
        if results is not None:
            row["result"] = results[n].to_dict()
        rows.append(row)
    return rows


@main.command()
@common_options(TRANSLATION_METRICS)
def translations(**options: Any) -> None:
    """Score English translations of {id, source, reference} lines with BLEU and chrF++.

    Translates the sources with --mt-model, or, with --predictions, scores those files only.
    """
    data: str = options["data"]
    check_out(options)
    settings = settings_from(**options)
    run = run_options_from(**options)
    examples = load_translations(data, options["limit"])
    ids = [ex.id for ex in examples]
    predicted = read_predictions(options["predictions"], ids)
    context = base_context("Translations", "translations", data, len(examples), options)
    context["settings"] = None if predicted else settings_record(settings, run)
    context["reference"] = {"lang": "en", "kind": "human", "label": "human English references"}
    rows: dict[str, list[dict[str, Any]]] = {}
    unique_names([p.name for p in predicted])
    outputs = list(predicted)
    if not outputs:
        texts, origin, results = runners.translate(data, examples, settings, run)
        outputs.append(SystemOutput(str(origin["system"]), texts, origin))
        rows[f"predictions/{safe_name(str(origin['system']))}.jsonl"] = prediction_rows(
            str(origin["system"]), ids, texts, origin, results
        )
    finish(
        ids,
        [ex.reference for ex in examples],
        outputs,
        options["metrics"] or TRANSLATION_METRICS,
        "en",
        context,
        options,
        rows,
    )
