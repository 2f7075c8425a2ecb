"""Batch-budget benchmark: peak RSS and time of CTranslate2 int8 translation at beam 4 with the
whole greedy budget per batch (32 rows, 6,000 padded tokens) against the beam-aware one
(``translate.beam_budget``: 8 rows, 1,500 tokens at beam 4).

Run ``python -m bench.budget_bench --workdir DIR`` (bench/README.md, section "Memory"). It uses
the engines bench's random-weight opus-mt-id-en model (built into DIR if missing) and its forced
lengths (every row of a batch runs to 1.3 x the batch's longest input: CTranslate2 beam search
has no per-row stop; ``--lengths realistic`` stops greedy rows at their own length). ``--rows``
compares other batch sizes (padded-token budgets scaled alike). One process per (budget, input set), alternating, so that each peak RSS
belongs to one budget; the batches are passed exactly (``beam_budget`` switched off in the worker).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.engines_bench import (
    ROOT,
    TimedForced,
    bench_env,
    build_models,
    convert,
    load_sets,
    peak_rss_mb,
    tokenizer_source,
)


def worker(cfg: dict[str, Any]) -> dict[str, Any]:
    import summarizer.translate as tr
    from summarizer.documents import read_document
    from summarizer.engines import load_engine
    from summarizer.models import model_source
    from summarizer.segment import split_sentences

    tr.degeneration = lambda source, output: None  # random outputs always look degenerate
    tr.beam_budget = lambda rows, tokens, beams: (rows, tokens)  # the batches given, exactly
    raw = load_engine(model_source(cfg["mt"]), "ctranslate2", "cpu", threads=cfg["threads"])
    engine = TimedForced(raw, cfg.get("lengths", "forced-max"))
    items = load_sets(cfg["articles"])[cfg["set"]]
    docs = [read_document(text, name=name) for name, text in items]
    sentences = [[s for p in d.paragraphs for s in split_sentences(p)] for d in docs]
    start = time.perf_counter()
    for sents in sentences:
        tr.translate_sentences(
            engine, sents, beams=cfg["beams"], batch_size=cfg["rows"], batch_tokens=cfg["tokens"]
        )
    return {
        **cfg,
        "wall": time.perf_counter() - start,
        "tokens_computed": engine.tokens,
        "peak_rss_mb": peak_rss_mb(),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workdir", help="models are built and converted here (required)")
    ap.add_argument("--articles", type=int, default=10, help="IndoSum articles (second set)")
    ap.add_argument("--beams", type=int, default=4)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument(
        "--rows", type=int, nargs="+",
        help="sentences per batch to compare (padded tokens scaled alike: 6000 per 32 rows); "
        "default: 32 and the beam-aware budget",
    )
    ap.add_argument("--lengths", choices=["realistic", "forced-max"], default="forced-max")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return 0
    if not args.workdir:
        ap.error("--workdir is required")
    work = Path(args.workdir)
    env = bench_env(args.threads, work)
    mt = build_models(work, tokenizer_source(None), False)["mt"]
    convert(mt, env)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    rows = []
    budgets = [(r, 6000 * r // 32) for r in args.rows or [32, max(1, 32 // args.beams)]]
    for set_name in load_sets(args.articles):
        for i in range(args.repeats):
            for r, t in budgets if i % 2 == 0 else budgets[::-1]:
                cfg = {"mt": mt, "set": set_name, "articles": args.articles, "rows": r}
                cfg |= {"tokens": t, "beams": args.beams, "threads": args.threads}
                cfg |= {"lengths": args.lengths}
                out = subprocess.run(
                    [sys.executable, "-m", "bench.budget_bench", "--worker", json.dumps(cfg)],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.PIPE,
                    text=True,
                    check=True,
                )
                rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
                print(f"  {rows[-1]}", file=sys.stderr)
    load_end = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"load average at start {load}, at end {load_end}; beam {args.beams}, "
        f"{args.threads} thread(s), {args.lengths} lengths; times are medians of {args.repeats}"
    )
    print()
    print("| input | rows / tokens per batch | s | tokens computed | peak RSS MB |")
    print("|---|---|---:|---:|---:|")
    for set_name in load_sets(args.articles):
        for r, t in budgets:
            got = [x for x in rows if x["set"] == set_name and x["rows"] == r]
            walls = sorted(x["wall"] for x in got)
            print(
                f"| {set_name} | {r} / {t} | {walls[len(walls) // 2]:.1f} "
                f"| {got[0]['tokens_computed']} | {max(x['peak_rss_mb'] for x in got):.0f} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
