"""Score several systems on the same references: point estimates, intervals, paired deltas."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .bootstrap import (
    CONFIDENCE,
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    Estimate,
    percentile_interval,
    resample_counts,
    resampled_scores,
)
from .metrics import Metric, get_metric


@dataclass
class SystemOutput:
    """One system's outputs, aligned with the examples, and where they came from."""

    name: str
    predictions: list[str]
    origin: dict[str, Any] = field(default_factory=dict)


@dataclass
class SystemScores:
    name: str
    origin: dict[str, Any]
    scores: dict[str, Estimate]
    # Difference to the first (baseline) system on the same resamples; empty for the baseline.
    deltas: dict[str, Estimate]
    per_example: dict[str, list[float]]


@dataclass
class Evaluation:
    ids: list[str]
    metrics: list[Metric]
    systems: list[SystemScores]
    samples: int
    seed: int
    confidence: float = CONFIDENCE

    @property
    def baseline(self) -> str:
        return self.systems[0].name


def evaluate(
    ids: Sequence[str],
    references: Sequence[str],
    systems: Sequence[SystemOutput],
    metric_names: Sequence[str],
    lang: str,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
) -> Evaluation:
    """Score every system with every metric on one shared, seeded set of resamples."""
    if not systems:
        raise ValueError("no systems to score")
    metrics = [get_metric(name, lang) for name in metric_names]
    counts = resample_counts(len(ids), samples, seed)
    baseline_samples: dict[str, np.ndarray] = {}
    scored: list[SystemScores] = []
    for position, system in enumerate(systems):
        if len(system.predictions) != len(references):
            raise ValueError(
                f"{system.name}: {len(system.predictions)} outputs for {len(references)} references"
            )
        scores: dict[str, Estimate] = {}
        deltas: dict[str, Estimate] = {}
        per_example: dict[str, list[float]] = {}
        for metric in metrics:
            stats = metric.stats(system.predictions, references)
            point = metric.score_from_stats(stats.sum(axis=0))
            boot = resampled_scores(metric, stats, counts)
            scores[metric.name] = Estimate(point, *percentile_interval(boot))
            per_example[metric.name] = metric.example_scores(system.predictions, references, stats)
            if position == 0:
                baseline_samples[metric.name] = boot
            else:
                base = scores_of(scored[0], metric.name)
                diff = boot - baseline_samples[metric.name]
                deltas[metric.name] = Estimate(point - base, *percentile_interval(diff))
        scored.append(SystemScores(system.name, system.origin, scores, deltas, per_example))
    return Evaluation(list(ids), metrics, scored, samples, seed)


def scores_of(system: SystemScores, metric: str) -> float:
    return system.scores[metric].score
