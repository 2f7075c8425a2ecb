"""End to end (issue #16, item 2): articles translated *and* summarised, as a user runs them.

Run ``python -m bench.e2e_bench`` (bench/README.md, section "End to end").

Each engine and beam setting runs in its own process, as a user's would: load both models
(random weights with the exact ``Helsinki-NLP/opus-mt-id-en`` and ``sshleifer/distilbart-cnn-12-6``
shapes, ``engines_bench.build_models``; CTranslate2 int8 conversions made beforehand), then
``Pipeline.run_many`` with 4 abstractive bullets on the seed article twice (the first run pays
the one-time costs a one-shot CLI call pays; the second is what the page pays) and on 10
IndoSum articles together (a batch). Lengths are realistic (``engines_bench.TimedForced``):
each translated sentence stops at round(1.3 x its source tokens) and each summary ``generate``
row at ``--summary-tokens`` (90: distilbart-cnn's summaries run 56-142 tokens); the text handed
on as the translation is the source sentence (``SourceAsText``). The CTranslate2 process never
imports torch, as in the product. Per stage: load, segment, translation
``generate``, summary ``generate``, faithfulness, and the rest (pipeline overhead).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.engines_bench import (
    ROOT,
    SEED,
    TimedForced,
    bench_env,
    build_models,
    convert,
    cpu_model,
    load_sets,
    peak_rss_mb,
    tokenizer_source,
)

STAGES = ("segment", "translate", "summarise", "faithfulness", "other")


class SourceAsText(TimedForced):
    """The translation engine at realistic lengths, whose output *text* is its input sentence.

    Random weights emit ids the tokenizer spells as placeholder pieces (``<d12345>``), which
    would reach the summariser about five times longer than English; the source sentence has
    a translation's length, so the summary and faithfulness stages get realistic work. The
    ``generate`` work measured is the random model's, at N = round(1.3 x source tokens)."""

    def generate(self, texts: Sequence[str], options: Any) -> list[Any]:
        from dataclasses import replace

        out = super().generate(texts, options)
        return [replace(g, text=t) for g, t in zip(out, texts, strict=True)]


def worker(cfg: dict[str, Any]) -> dict[str, Any]:
    engine_name, beams, threads = cfg["engine"], cfg["beams"], cfg["threads"]
    if engine_name == "transformers":
        import torch

        torch.set_num_threads(threads)
        torch.set_num_interop_threads(1)
    import summarizer.translate

    # Random-weight outputs are repetition loops, so every sentence would be retried; real
    # models rarely take that path, so it is not what is measured.
    summarizer.translate.degeneration = lambda source, output: None
    from summarizer.documents import read_document
    from summarizer.engines import load_engine
    from summarizer.models import model_source
    from summarizer.pipeline import Pipeline
    from summarizer.settings import RunOptions, Settings

    kw: dict[str, Any] = {"threads": threads} if engine_name == "ctranslate2" else {}
    start = time.perf_counter()
    mt = load_engine(model_source(cfg["mt"], "translation"), engine_name, "cpu", **kw)
    loaded_mt = time.perf_counter()
    sm = load_engine(model_source(cfg["sum"], "summary"), engine_name, "cpu", **kw)
    loaded = time.perf_counter()
    translator = SourceAsText(mt, "realistic")
    summariser = TimedForced(sm, "realistic", fixed=cfg["summary_tokens"])
    settings = Settings(mt_model=cfg["mt"], sum_model=cfg["sum"], engine=engine_name)
    pipe = Pipeline(settings, translator, summariser)  # type: ignore[arg-type]
    options = RunOptions(beams=beams, mode="abstractive", bullets=4)
    seed = [read_document(SEED.read_text(encoding="utf-8"), name="seed")]
    sets = load_sets(cfg["articles"])
    indosum = [read_document(t, name=n) for n, t in sets.get(f"indosum-{cfg['articles']}", [])]
    runs: dict[str, Any] = {}
    for label, docs in (("seed, first run", seed), ("seed, again", seed), ("indosum", indosum)):
        if not docs:
            continue
        translator.reset()
        summariser.reset()
        t0 = time.perf_counter()
        results = pipe.run_many(docs, options)
        wall = time.perf_counter() - t0
        translate_s, translate_tokens, _, translate_useful = translator.reset()
        summarise_s, summary_tokens, _, _ = summariser.reset()
        stages = {
            "segment": results[0].timings["segment_s"],  # one segmentation for the batch
            "translate": translate_s,
            "summarise": summarise_s,
            "faithfulness": sum(r.timings["faithfulness_s"] for r in results),
        }
        stages["other"] = wall - sum(stages.values())
        runs[label] = {
            "articles": len(docs),
            "wall": wall,
            "stages": stages,
            "translation_tokens": translate_useful,
            "summary_tokens": summary_tokens,
            "bullets": sum(len(r.bullets) for r in results),
            "sentences": sum(len(p.sentences) for r in results for p in r.paragraphs),
        }
        print(f"  [{engine_name} beam {beams}] {label}: {wall:.2f} s", file=sys.stderr, flush=True)
    return {
        "engine": engine_name,
        "beams": beams,
        "load_mt_s": loaded_mt - start,
        "load_sum_s": loaded - loaded_mt,
        "peak_rss_mb": peak_rss_mb(),
        "torch_imported": "torch" in sys.modules,
        "runs": runs,
    }


def run_worker(cfg: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "bench.e2e_bench", "--worker", json.dumps(cfg)]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def report(results: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    lines = [
        f"machine: {meta['cpu']}, {os.cpu_count()} logical CPUs, {meta['threads']} thread(s) "
        f"per engine; load average at start {meta['load']}, at end {meta['load_end']}; "
        f"summary rows stop at {meta['summary_tokens']} tokens",
        "",
    ]
    for beams in sorted({r["beams"] for r in results}):
        group = [r for r in results if r["beams"] == beams]
        title = "greedy" if beams == 1 else f"beam {beams}"
        lines += [
            f"#### {title}: seed article, translation + 4 abstractive bullets",
            "",
            "| engine | load s (MT + summary) | first run s | again s | "
            + " | ".join(f"{s} s" for s in STAGES)
            + " | faithfulness s, first run | bullets | peak RSS MB | imports torch |",
            "|---|---:|---:|---:|" + "---:|" * len(STAGES) + "---:|---:|---:|---|",
        ]
        for r in group:
            first, again = r["runs"]["seed, first run"], r["runs"]["seed, again"]
            lines.append(
                f"| {r['engine']} | {r['load_mt_s']:.2f} + {r['load_sum_s']:.2f} | "
                f"{first['wall']:.2f} | {again['wall']:.2f} | "
                + " | ".join(f"{again['stages'][s]:.2f}" for s in STAGES)
                + f" | {first['stages']['faithfulness']:.2f}"
                + f" | {again['bullets']} | {r['peak_rss_mb']:.0f} | "
                f"{'yes' if r['torch_imported'] else 'no'} |"
            )
        lines += _ratio(group, lambda r: r["runs"]["seed, again"]["wall"], "again")
        if all("indosum" in r["runs"] for r in group):
            n = group[0]["runs"]["indosum"]["articles"]
            lines += [
                "",
                f"#### {title}: {n} IndoSum articles in one batch, translation + 4 bullets each",
                "",
                "| engine | wall s | "
                + " | ".join(f"{s} s" for s in STAGES)
                + " | translation out tok/s | bullets |",
                "|---|---:|" + "---:|" * len(STAGES) + "---:|---:|",
            ]
            for r in group:
                run = r["runs"]["indosum"]
                rate = run["translation_tokens"] / run["stages"]["translate"]
                lines.append(
                    f"| {r['engine']} | {run['wall']:.2f} | "
                    + " | ".join(f"{run['stages'][s]:.2f}" for s in STAGES)
                    + f" | {rate:.0f} | {run['bullets']} |"
                )
            lines += _ratio(group, lambda r: r["runs"]["indosum"]["wall"], "wall")
        lines.append("")
    return "\n".join(lines)


def _ratio(group: list[dict[str, Any]], wall: Any, what: str) -> list[str]:
    by = {r["engine"]: wall(r) for r in group}
    if {"transformers", "ctranslate2"} <= by.keys():
        ratio = by["transformers"] / by["ctranslate2"]
        return ["", f"transformers / CTranslate2 ({what}): {ratio:.2f}x"]
    return []


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10, help="IndoSum articles (0: seed only)")
    ap.add_argument("--beams", type=int, nargs="+", default=[1, 4])
    ap.add_argument("--threads", type=int, default=2, help="threads per engine [2: the cores]")
    ap.add_argument("--summary-tokens", type=int, default=90, help="summary row length [90]")
    ap.add_argument(
        "--engines", nargs="+", default=["transformers", "ctranslate2"],
        choices=["transformers", "ctranslate2"],
    )
    ap.add_argument("--tokenizer", help="copy-marian fixture folder")
    ap.add_argument("--workdir", help="keep the built and converted models here")
    ap.add_argument("--json", help="write raw results here")
    ap.add_argument("--report", help="print the tables of a run saved with --json, and stop")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return 0
    if args.report:
        saved = json.loads(Path(args.report).read_text(encoding="utf-8"))
        print(report(saved["results"], saved["meta"]))
        return 0
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="e2e-bench-") as scratch:
        tmp = args.workdir or scratch
        env = bench_env(args.threads, Path(tmp))
        paths = build_models(Path(tmp), tokenizer_source(args.tokenizer), bart=True)
        convert(paths["mt"], env)
        convert(paths["sum"], env)
        results = []
        for beams in args.beams:
            for engine in args.engines:
                cfg = {
                    "engine": engine,
                    "beams": beams,
                    "threads": args.threads,
                    "articles": args.articles,
                    "summary_tokens": args.summary_tokens,
                    **paths,
                }
                results.append(run_worker(cfg, env))
    meta = {
        "cpu": cpu_model(),
        "load": load,
        "load_end": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "threads": args.threads,
        "summary_tokens": args.summary_tokens,
    }
    if args.json:
        Path(args.json).write_text(json.dumps({"meta": meta, "results": results}, indent=1))
    print(report(results, meta))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
