"""Time per megabyte: is a large article's time dominated by the model?

Runs the real translate path (``read_document`` → ``Pipeline.translate``, as
``summarizer translate`` does, faithfulness warnings included) on IndoSum text cut to each
size, with the copy model of the tests (``tests/fixtures/copy-marian``) on CTranslate2 int8,
greedy, in one run. Reports wall time, the model's share (``translate_s``: generate and its
batching) and everything else (reading, segmentation, faithfulness), per size and per MB, and
the ratio of the largest size's non-model time to the smallest's.

Run: ``.venv/bin/python -m bench.size_bench`` (about 2 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

from summarizer import RunOptions, Settings, load_pipeline, read_document

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "indosum-id-id" / "valid.jsonl"


def article(size: int) -> str:
    rows = [json.loads(line)["text"] for line in DATA.open(encoding="utf-8")]
    text = "\n\n".join(rows)
    while len(text.encode("utf-8")) < size:
        text += "\n\n" + text
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="bytes, comma-separated")
    parser.add_argument("--engine", default="ctranslate2")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    model = str(ROOT / "tests" / "fixtures" / "copy-marian")
    pipeline = load_pipeline(Settings(mt_model=model, engine=args.engine))
    options = RunOptions(beams=1)
    pipeline.translate(read_document(article(20_000)), options)  # warm: word lists, caches
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; "
        f"load average at start {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print(f"engine: {args.engine}, copy model, greedy\n")
    print(
        "| size | wall s | model s | other s | of which faithfulness s | other s per MB | model share |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    others = []
    for size in sizes:
        text = article(size)
        start = time.perf_counter()
        result = pipeline.translate(read_document(text, max_bytes=size + 1), options)
        wall = time.perf_counter() - start
        model_s = result.timings["translate_s"]
        other = wall - model_s
        others.append(other)
        print(
            f"| {size:,} B | {wall:.1f} | {model_s:.1f} | {other:.1f} | "
            f"{result.timings['faithfulness_s']:.1f} | {other / (size / 1e6):.1f} | "
            f"{model_s / wall:.0%} |"
        )
    print(
        f"\nnon-model time, largest / smallest size: {others[-1] / others[0]:.1f}× "
        f"for {sizes[-1] / sizes[0]:.0f}× the text"
    )
    print(f"load average at end {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
