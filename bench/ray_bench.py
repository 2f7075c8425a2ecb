"""Batch throughput on Ray (``batch --ray``) against the local runner, on one machine.

Runs, in this order and in this one process, over the same JSONL collection (the first N IndoSum
valid articles from ``../shared/data``), with the same model, options and ``--group-size``:

1. the local runner (``summarizer.batch.run_batch``);
2. ``run_batch_ray`` with a local Ray instance and 1 worker actor;
3. the same with 2 worker actors.

Every run is the real code path (reading, groups, fsync'ed records, manifest) into its own output
folder, and the records of the three runs are checked to be the same ids and translations.
Reported per run: wall time of the whole call; Ray's start-up cost split into ``ray.init``
(starting the local instance), the probe (one worker process loads the pipeline to take the
signature) and the time to the first group back (actor processes start and load the model);
documents/s over the whole call and over the steady part (from the first group written to the
last); ratios against the local runner. Model: the trained tiny copy model of the tests
(``tests/fixtures/copy-marian``), on the engine asked for. Threads: the local runner gets
``--threads`` torch threads (default 1, as each Ray worker with one CPU gets from Ray's
``OMP_NUM_THREADS``); CTranslate2 takes the machine's physical cores in every process (its
thread count is part of the signature, so local and Ray records stay comparable).

Run: ``HF_HUB_OFFLINE=1 .venv/bin/python -m bench.ray_bench`` (see ``--help``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
COPY_MODEL = ROOT / "tests" / "fixtures" / "copy-marian"
DATA = ROOT.parent / "shared" / "data"


def write_collection(data: Path, n: int, path: Path) -> tuple[int, int]:
    """The first ``n`` IndoSum valid articles as ``{"id", "text"}`` lines; (docs, characters)."""
    chars = 0
    with (
        (data / "indosum-id-id" / "valid.jsonl").open(encoding="utf-8") as src,
        path.open("w", encoding="utf-8") as out,
    ):
        for count, line in enumerate(src):
            if count >= n:
                break
            row = json.loads(line)
            chars += len(row["text"])
            out.write(json.dumps({"id": row["id"], "text": row["text"]}, ensure_ascii=False) + "\n")
    return n, chars


def timed_run(label: str, call: Any) -> dict[str, Any]:
    """Run ``call(progress)``; the wall time, the summary and the steady part's rate."""
    events: list[tuple[float, int]] = []

    def progress(event: Any) -> None:
        events.append((time.perf_counter(), event.docs_done))

    began = time.perf_counter()
    summary = call(progress)
    wall = time.perf_counter() - began
    written = [(t, d) for t, d in events if d > 0]
    steady = None
    if len(written) >= 2 and written[-1][0] > written[0][0]:
        steady = (written[-1][1] - written[0][1]) / (written[-1][0] - written[0][0])
    docs = summary.ok + summary.failed
    return {
        "label": label,
        "docs": docs,
        "ok": summary.ok,
        "wall_s": round(wall, 2),
        "run_s": round(summary.seconds, 2),
        "docs_per_s_wall": round(docs / wall, 3),
        "docs_per_s_steady": round(steady, 2) if steady else None,
        "sentences": summary.sentences,
        "out": str(summary.out),
    }


def records(out: Path) -> dict[str, str]:
    with (out / "results.jsonl").open(encoding="utf-8") as fh:
        return {r["id"]: r["translation"] for r in map(json.loads, fh)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--engine", default="ctranslate2", choices=["ctranslate2", "transformers"])
    parser.add_argument("--beams", type=int, default=1)
    parser.add_argument(
        "--group-size", type=int, default=4, help="documents per group (8 groups of 30 articles)"
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--threads", type=int, default=1,
        help="torch intra-op threads of the local runner (Ray gives each worker as many as its "
        "CPUs: 1)",
    )  # fmt: skip
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = parser.parse_args()

    import torch

    from summarizer import RunOptions, Settings

    torch.set_num_threads(args.threads)
    from summarizer.batch import run_batch
    from summarizer.batch_ray import RayOptions, run_batch_ray

    work = Path(tempfile.mkdtemp(prefix="ray-bench-"))
    src = work / "articles.jsonl"
    docs, chars = write_collection(args.data, args.articles, src)
    settings = Settings(mt_model=str(COPY_MODEL), engine=args.engine)
    options = RunOptions(beams=args.beams)
    load_avg = os.getloadavg()
    common: dict[str, Any] = {"options": options, "group_size": args.group_size}

    results = [
        timed_run(
            "local runner",
            lambda p: run_batch(src, work / "local", settings, progress=p, **common),
        )
    ]
    startups = []
    for n in args.workers:
        out = work / f"ray-{n}"
        results.append(
            timed_run(
                f"--ray --workers {n}",
                lambda p, out=out, n=n: run_batch_ray(
                    src, out, settings, ray=RayOptions(workers=n), progress=p, **common
                ),
            )
        )
        run = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["runs"][-1]
        startups.append(
            {k: run["workers"].get(k) for k in ("ray_init_s", "probe_s", "first_result_s")}
        )
    same = all(records(Path(r["out"])) == records(work / "local") for r in results[1:])

    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; "
        f"load average at start {load_avg[0]:.1f} {load_avg[1]:.1f} {load_avg[2]:.1f}, at end "
        + " ".join(f"{x:.1f}" for x in os.getloadavg())
    )
    print(
        f"collection: {docs} IndoSum valid articles, {chars:,} characters; copy model on "
        f"{args.engine}, beams {args.beams}, --group-size {args.group_size}, local runner "
        f"{args.threads} torch thread(s); records identical "
        f"across runs: {same}\n"
    )
    base = results[0]
    print("| run | wall s | ray.init s | probe s | first group s | run s | docs/s (wall) | "
          "docs/s (steady) | wall vs local | steady vs local |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r, s in zip(results, [{}, *startups], strict=True):

        def ratio(key: str, r: dict[str, Any] = r) -> str:
            return f"{r[key] / base[key]:.2f}×" if r[key] and base[key] else "–"

        print(
            f"| {r['label']} | {r['wall_s']:.1f} | {s.get('ray_init_s', '–')} | "
            f"{s.get('probe_s', '–')} | {s.get('first_result_s', '–')} | {r['run_s']:.1f} | "
            f"{r['docs_per_s_wall']:.2f} | {r['docs_per_s_steady'] or '–'} | "
            f"{ratio('docs_per_s_wall')} | {ratio('docs_per_s_steady')} |"
        )
    if args.json:
        args.json.write_text(
            json.dumps({"results": results, "startup": startups, "same": same}, indent=2) + "\n"
        )


if __name__ == "__main__":
    main()
