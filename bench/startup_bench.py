"""Start-up benchmark: wall time of ``summarizer translate`` of a one-sentence file on CTranslate2.

Run ``python -m bench.startup_bench`` (see ``--help`` and bench/README.md, section "Start-up").

Each run is a fresh ``python -m summarizer translate ONE.txt --mt-model <copy model> --engine
ctranslate2`` process (the model converted beforehand, into the bench's own ``XDG_CACHE_HOME``),
timed from start to exit, with its peak RSS (``wait4``). ``--tree DIR`` (repeatable) times the
``summarizer`` package found under DIR instead of this checkout's (for example an older commit
unpacked with ``git archive``), the trees alternating run by run so that they see the same machine
load; a last run per tree reports whether torch or transformers were imported.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPY_MODEL = ROOT / "tests" / "fixtures" / "copy-marian"
SENTENCE = "Presiden Joko Widodo meresmikan jalan tol baru di Jawa Tengah pada hari Senin.\n"

_PROBE = """
import json, sys
from summarizer.cli import main
try:
    main(["translate", sys.argv[1], "--mt-model", sys.argv[2], "--engine", "ctranslate2",
          "-o", sys.argv[3]])
except SystemExit as exc:
    assert not exc.code, exc.code
print(json.dumps(sorted(m for m in ("torch", "transformers") if m in sys.modules)))
"""


def timed(cmd: list[str], env: dict[str, str], cwd: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()[-2000:]}")
    return wall, usage.ru_maxrss / 1024.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument(
        "--tree",
        action="append",
        default=[],
        help="a folder holding a summarizer package to time instead of (besides) this checkout",
    )
    ap.add_argument("--model", default=str(COPY_MODEL), help="translation model folder")
    args = ap.parse_args(argv)
    trees = [str(ROOT), *args.tree]
    with tempfile.TemporaryDirectory(prefix="startup-bench-") as tmp:
        one = Path(tmp) / "one.txt"
        one.write_text(SENTENCE, encoding="utf-8")
        base = {
            **os.environ,
            "XDG_CACHE_HOME": str(Path(tmp) / "cache"),
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
        }
        envs = {t: {**base, "PYTHONPATH": t} for t in trees}
        cmd = [sys.executable, "-m", "summarizer", "translate", str(one)]
        cmd += ["--mt-model", args.model, "--engine", "ctranslate2"]
        for t in trees:  # converts the model once (cached), warms the page cache
            timed(cmd, envs[t], t)
        load = " ".join(f"{x:.1f}" for x in os.getloadavg())
        walls: dict[str, list[float]] = {t: [] for t in trees}
        rss: dict[str, list[float]] = {t: [] for t in trees}
        for i in range(args.repeats):
            for t in trees[i % len(trees) :] + trees[: i % len(trees)]:
                wall, peak = timed(cmd, envs[t], t)
                walls[t].append(wall)
                rss[t].append(peak)
        heavy = {}
        for t in trees:
            out = subprocess.run(
                [sys.executable, "-c", _PROBE, str(one), args.model, str(Path(tmp) / "o.txt")],
                env=envs[t],
                cwd=t,  # python puts the working folder first on sys.path
                capture_output=True,
                text=True,
                check=True,
            )
            heavy[t] = json.loads(out.stdout.strip().splitlines()[-1])
        load_end = " ".join(f"{x:.1f}" for x in os.getloadavg())
    first = statistics.median(walls[trees[0]])
    print(f"load average at start {load}, at end {load_end}; {args.repeats} runs per tree, median")
    print()
    print(
        "| tree | wall s (median) | min–max | peak RSS MB | imports torch/transformers | vs first |"
    )
    print("|---|---:|---:|---:|---|---:|")
    for t in trees:
        med = statistics.median(walls[t])
        label = "this checkout" if t == str(ROOT) else t
        print(
            f"| {label} | {med:.2f} | {min(walls[t]):.2f}–{max(walls[t]):.2f} "
            f"| {statistics.median(rss[t]):.0f} | {', '.join(heavy[t]) or 'neither'} "
            f"| {first / med:.2f}× |"
        )
    print()
    print(f"target ≤ 1.0 s (this checkout): {first:.2f} s — {'met' if first <= 1.0 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
