"""Seconds per article when the pipeline runs in the main thread vs in a worker thread.

Gradio runs request handlers in worker threads. With torch's OpenMP backend the intra-op thread
count is kept per thread: a worker that has already run torch code keeps its own count whatever
the main thread sets later, and a count set inside a worker applies to that worker only. The
page therefore calls ``summarizer.engines.hf.use_threads(n)`` at the start of every request
("the fix"). This script measures each case with the same loaded pipeline:

* ``main``: the main thread, after ``use_threads(n)``;
* ``fresh worker``: a new ``ThreadPoolExecutor`` thread, without and with the fix;
* ``stale worker``: a pool thread that ran torch before the main thread changed its count
  (as a server's pool threads do when the count is configured after they start), without and
  with the fix.

    .venv/bin/python -m bench.threads_bench [--model tests/fixtures/copy-marian] [--repeats 5]

Timings are medians over ``--repeats`` rounds; each round runs every case, in an order rotated
from round to round, so that load from other processes on a shared machine hits every case alike. Only ratios within one run are meaningful.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import torch

from summarizer import RunOptions, Settings, load_pipeline, read_path
from summarizer.engines.hf import usable_cores, use_threads

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=str(ROOT / "tests" / "fixtures" / "copy-marian"))
    parser.add_argument("--article", default=str(ROOT / "seeds" / "000_d98608ce5aebf04f.txt"))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument(
        "--engine",
        default="transformers",
        help="Runtime [transformers: torch's per-thread setting is what this measures].",
    )
    parser.add_argument(
        "--threads", type=int, default=None, help="Configured torch threads [usable cores]."
    )
    parser.add_argument(
        "--stale-threads",
        type=int,
        default=1,
        help="Torch threads a stale pool thread was left with [1].",
    )
    args = parser.parse_args(argv)

    want = args.threads or usable_cores()
    settings = Settings(mt_model=args.model, device="cpu", engine=args.engine)
    options = RunOptions(mode="extractive", beams=args.beams)
    document = read_path(args.article)
    pipeline = load_pipeline(settings)
    sentences = None

    def run() -> tuple[float, int]:
        start = time.perf_counter()
        result = pipeline.run(document, options)
        nonlocal sentences
        sentences = len(result.sentences)
        return time.perf_counter() - start, torch.get_num_threads()

    def fixed() -> tuple[float, int]:
        use_threads(want)
        return run()

    # A pool thread that first ran torch while the count was ``stale_threads``; the main thread
    # then configures ``want``, which the pool thread does not see.
    use_threads(args.stale_threads)
    stale_pool = ThreadPoolExecutor(1)
    stale_pool.submit(run).result()
    use_threads(want)
    run()  # warm-up in the main thread

    cases: dict[str, Callable[[], tuple[float, int]]] = {
        "main thread": run,
        "fresh worker, no fix": lambda: ThreadPoolExecutor(1).submit(run).result(),
        "fresh worker, use_threads()": lambda: ThreadPoolExecutor(1).submit(fixed).result(),
        "stale worker, no fix": lambda: stale_pool.submit(run).result(),
        "stale worker, use_threads()": lambda: stale_pool.submit(fixed).result(),
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    seen: dict[str, int] = {}
    names = list(cases)
    for repeat in range(args.repeats):
        # Rotate the order each round so that no case always runs first or after the same one.
        for name in names[repeat % len(names) :] + names[: repeat % len(names)]:
            case = cases[name]
            # The stale worker must be stale again before every "no fix" run.
            if name == "stale worker, no fix":
                stale_pool.submit(use_threads, args.stale_threads).result()
            seconds, threads = case()
            times[name].append(seconds)
            seen[name] = threads
    stale_pool.shutdown()

    base = statistics.median(times["main thread"])
    print(
        f"# {Path(args.model).name}, {Path(args.article).name} ({sentences} sentences), "
        f"{pipeline.translator.name}, beams {args.beams}, torch {torch.__version__}, {usable_cores()} usable cores, "
        f"configured threads {want}, stale threads {args.stale_threads}, "
        f"median of {args.repeats}, {platform.processor() or platform.machine()}"
    )
    print("| case | torch threads in that thread | s / article | vs main |")
    print("|---|---|---|---|")
    for name in cases:
        median = statistics.median(times[name])
        print(f"| {name} | {seen[name]} | {median:.3f} | {median / base:.2f}× |")


if __name__ == "__main__":
    main()
