"""Faithfulness-check cost on the seed article: cold (a fresh process) and warm.

Run ``python -m bench.faithfulness_bench`` (bench/README.md, section "Faithfulness check").

The check is what every translation pays after generate: sentence warnings for each
source/translation pair and flags for 4 bullets (one of them with a swapped speaker). The seed
article's hand translation (``tests/fixtures/seed-reference-en.txt``) stands in for the model's
output, so no model is needed. Cold = the first check in a process (lexicon and ``wordfreq``
lists loaded); warm = the median of the next runs with the per-article cache cleared.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_d98608ce5aebf04f.txt"
SEED_EN = ROOT / "tests" / "fixtures" / "seed-reference-en.txt"
BULLETS = [
    "The BP3MI office in Kupang handles the placement and protection of migrant workers.",
    "Larso said integrity is at the heart of public service.",
    "The office serves workers from East Nusa Tenggara.",
    "Agus said integrity is at the heart of public service.",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20, help="warm runs (default 20)")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    from summarizer import faithfulness
    from summarizer.names import lexicon

    source = SEED.read_text(encoding="utf-8").splitlines()
    english = SEED_EN.read_text(encoding="utf-8").splitlines()
    t1 = time.perf_counter()
    lexicon()
    t2 = time.perf_counter()

    def check() -> tuple[list[str], list[list[str]]]:
        warnings = faithfulness.sentence_warnings(list(zip(source, english, strict=True)))
        return warnings, faithfulness.bullet_flags(source, "\n".join(english), BULLETS)

    warnings, flags = check()
    t3 = time.perf_counter()
    warm = []
    for _ in range(args.repeats):
        faithfulness._analysed_parts.cache_clear()
        start = time.perf_counter()
        check()
        warm.append(time.perf_counter() - start)
    print(f"import {t1 - t0:.2f} s; lexicon {t2 - t1:.2f} s; first check {t3 - t2:.2f} s "
          f"(cold total {t3 - t1:.2f} s); warm check median {statistics.median(warm) * 1000:.0f} ms "
          f"over {args.repeats}")
    print(f"sentence warnings: {len(warnings)}; bullet flags: {flags}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
