"""Paired bootstrap resampling over examples: confidence intervals and system differences.

One seeded set of resamples is drawn per evaluation and shared by every system and metric,
so intervals are reproducible to the last digit and differences between systems are
*paired* (each resample scores all systems on the same examples, Koehn 2004).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .metrics import Metric

DEFAULT_SAMPLES = 1000
DEFAULT_SEED = 12345  # sacrebleu's default SACREBLEU_SEED
CONFIDENCE = 0.95


def resample_counts(n: int, samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED) -> np.ndarray:
    """How often each of ``n`` examples is drawn in each resample: shape ``(samples, n)``."""
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(samples, n))
    counts = np.zeros((samples, n), dtype=np.float64)
    np.add.at(counts, (np.arange(samples)[:, None], idx), 1.0)
    return counts


def resampled_scores(metric: Metric, stats: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The metric's corpus score on every resample (weighted sums of per-example statistics)."""
    totals = counts @ stats
    return np.array([metric.score_from_stats(row) for row in totals])


def percentile_interval(samples: np.ndarray, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """The central ``confidence`` share of the bootstrap distribution."""
    tail = round((1 - confidence) * 50, 9)  # 2.5, not 2.5000000000000022
    lo, hi = np.percentile(samples, [tail, 100 - tail])
    return float(lo), float(hi)


@dataclass(frozen=True)
class Estimate:
    """A point estimate on all examples and its bootstrap interval."""

    score: float
    low: float
    high: float

    def to_dict(self) -> dict[str, float]:
        return {
            "score": round(self.score, 4),
            "low": round(self.low, 4),
            "high": round(self.high, 4),
        }

    def format(self) -> str:
        return f"{self.score:.2f} [{self.low:.2f}, {self.high:.2f}]"
