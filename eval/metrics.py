"""Metrics as small classes behind a registry looked up by name, as sacrebleu structures them.

Each metric turns (hypothesis, reference) pairs into per-example *sufficient statistics*; a
corpus score is computed from the sum of those rows. That one shape serves the point estimate
(sum over all examples) and the paired bootstrap (weighted sums over resamples), so the numbers
come from rouge-score and sacrebleu themselves and the bootstrap costs no re-tokenisation.

All scores are on a 0-100 scale. ROUGE is the mean per-example F1 (rouge-score's own aggregation);
BLEU and chrF++ are corpus-level (n-gram statistics summed over the corpus, not averaged).
"""

from __future__ import annotations

import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from importlib import metadata
from typing import Any

import numpy as np

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")


def package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"


class Metric(ABC):
    """One metric in one language: per-example statistics, corpus score, signature."""

    name: str
    label: str
    description: str

    @abstractmethod
    def stats(self, hyps: Sequence[str], refs: Sequence[str]) -> np.ndarray:
        """Per-example sufficient statistics, shape ``(n, k)``; rows are summed to score."""

    @abstractmethod
    def score_from_stats(self, totals: np.ndarray) -> float:
        """The corpus score from statistics summed (or weighted-summed) over examples."""

    @abstractmethod
    def sentence_scores(self, hyps: Sequence[str], refs: Sequence[str]) -> list[float]:
        """A score for each example on its own (for per_example.csv)."""

    @abstractmethod
    def signature(self) -> str:
        """Everything that changes the number, sacrebleu style (``key:value|…``)."""

    def corpus_score(self, hyps: Sequence[str], refs: Sequence[str]) -> float:
        return self.score_from_stats(self.stats(hyps, refs).sum(axis=0))

    def example_scores(
        self, hyps: Sequence[str], refs: Sequence[str], stats: np.ndarray
    ) -> list[float]:
        """Per-example scores, reusing ``stats`` where the metric can."""
        return self.sentence_scores(hyps, refs)


class UnicodeTokenizer:
    """rouge-score's tokenisation (lowercase, split on non-alphanumerics) for any script.

    rouge-score's default tokenizer keeps only ``[a-z0-9]``, so a word like ``Sánchez`` or
    ``Đà`` loses letters. Indonesian is mostly ASCII, but names and loanwords are not; this
    keeps every Unicode letter and digit and does no stemming.
    """

    _TOKEN = re.compile(r"[^\W_]+", re.UNICODE)

    def tokenize(self, text: str) -> list[str]:
        return self._TOKEN.findall(unicodedata.normalize("NFC", text).lower())


class Rouge(Metric):
    """ROUGE-1/2/L/Lsum F1 from ``rouge_score.rouge_scorer.RougeScorer``.

    English: rouge-score's default tokenizer with Porter stemming (the usual setting in the
    summarisation literature). Indonesian: ``UnicodeTokenizer`` and no stemming (Porter is an
    English stemmer). ``rougeL`` is the LCS over the whole text with newlines ignored;
    ``rougeLsum`` is the summary-level union LCS over newline-separated sentences, which is
    what ROUGE-1.5.5 calls ROUGE-L.
    """

    LABELS = {"rouge1": "R-1", "rouge2": "R-2", "rougeL": "R-L", "rougeLsum": "R-Lsum"}
    DESCRIPTIONS = {
        "rouge1": "unigram overlap F1 (content words covered)",
        "rouge2": "bigram overlap F1 (phrasing/fluency of covered content)",
        "rougeL": "longest common subsequence F1 over the whole text, newlines ignored",
        "rougeLsum": "summary-level union-LCS F1 over newline-separated sentences "
        "(ROUGE-1.5.5's ROUGE-L)",
    }

    def __init__(self, rouge_type: str, lang: str = "en") -> None:
        from rouge_score import rouge_scorer

        if rouge_type not in ROUGE_TYPES:
            raise ValueError(f"unknown ROUGE type {rouge_type!r}")
        self.name = rouge_type
        self.label = self.LABELS[rouge_type]
        self.description = self.DESCRIPTIONS[rouge_type]
        self.lang = lang
        self.stemmed = lang == "en"
        if self.stemmed:
            self._scorer = rouge_scorer.RougeScorer([rouge_type], use_stemmer=True)
        else:
            self._scorer = rouge_scorer.RougeScorer([rouge_type], tokenizer=UnicodeTokenizer())

    def f1(self, hyp: str, ref: str) -> float:
        return float(self._scorer.score(ref, hyp)[self.name].fmeasure) * 100

    def stats(self, hyps: Sequence[str], refs: Sequence[str]) -> np.ndarray:
        # Columns: F1 and a count, so a (weighted) sum of rows gives the (weighted) mean.
        return np.array(
            [[self.f1(h, r), 1.0] for h, r in zip(hyps, refs, strict=True)], dtype=np.float64
        ).reshape(-1, 2)

    def score_from_stats(self, totals: np.ndarray) -> float:
        return float(totals[0] / totals[1]) if totals[1] else 0.0

    def sentence_scores(self, hyps: Sequence[str], refs: Sequence[str]) -> list[float]:
        return [float(x) for x in self.stats(hyps, refs)[:, 0]]

    def example_scores(
        self, hyps: Sequence[str], refs: Sequence[str], stats: np.ndarray
    ) -> list[float]:
        return [float(x) for x in stats[:, 0]]

    def signature(self) -> str:
        tok = "default" if self.stemmed else "unicode"
        stem = "porter" if self.stemmed else "none"
        split = "newline" if self.name == "rougeLsum" else "none"
        return (
            f"type:{self.name}|lang:{self.lang}|tok:{tok}|stem:{stem}|split:{split}"
            f"|f1|agg:mean|version:rouge-score-{package_version('rouge-score')}"
        )


class SacreMetric(Metric):
    """BLEU or chrF(++) computed by sacrebleu from its own sentence statistics."""

    def __init__(self, name: str, corpus: Any, sentence: Any, label: str, description: str):
        self.name = name
        self.label = label
        self.description = description
        self._corpus = corpus
        self._sentence = sentence

    def stats(self, hyps: Sequence[str], refs: Sequence[str]) -> np.ndarray:
        # The same statistics sacrebleu's corpus_score and its own bootstrap use.
        rows = self._corpus._extract_corpus_statistics(list(hyps), [list(refs)])
        return np.array(rows, dtype=np.float64).reshape(len(hyps), -1)

    def score_from_stats(self, totals: np.ndarray) -> float:
        stats = [int(round(x)) for x in totals]
        return float(self._corpus._compute_score_from_stats(stats).score)

    def sentence_scores(self, hyps: Sequence[str], refs: Sequence[str]) -> list[float]:
        return [
            float(self._sentence.sentence_score(h, [r]).score)
            for h, r in zip(hyps, refs, strict=True)
        ]

    def signature(self) -> str:
        return str(self._corpus.get_signature().format())


def bleu(lang: str = "en") -> SacreMetric:
    """Corpus BLEU, sacrebleu defaults (13a tokenisation, exp smoothing, mixed case)."""
    from sacrebleu.metrics.bleu import BLEU

    return SacreMetric(
        "bleu",
        BLEU(),
        BLEU(effective_order=True),
        "BLEU",
        "corpus n-gram precision (1-4) with brevity penalty; sentence scores use effective order",
    )


def chrf(lang: str = "en", word_order: int = 2) -> SacreMetric:
    """chrF++ (character 6-grams plus word 1-2-grams), or chrF with ``word_order=0``."""
    from sacrebleu.metrics.chrf import CHRF

    name = "chrf++" if word_order == 2 else "chrf"
    return SacreMetric(
        name,
        CHRF(word_order=word_order),
        CHRF(word_order=word_order),
        "chrF++" if word_order == 2 else "chrF",
        "character n-gram F-score (beta 2)" + (" plus word uni/bigrams" if word_order else ""),
    )


METRICS: dict[str, Callable[[str], Metric]] = {
    "rouge1": lambda lang: Rouge("rouge1", lang),
    "rouge2": lambda lang: Rouge("rouge2", lang),
    "rougeL": lambda lang: Rouge("rougeL", lang),
    "rougeLsum": lambda lang: Rouge("rougeLsum", lang),
    "bleu": bleu,
    "chrf++": chrf,
    "chrf": lambda lang: chrf(lang, word_order=0),
}
SUMMARY_METRICS = ROUGE_TYPES
TRANSLATION_METRICS = ("bleu", "chrf++")


def get_metric(name: str, lang: str = "en") -> Metric:
    """The metric registered as ``name`` (see ``METRICS``), set up for scoring ``lang`` text."""
    try:
        factory = METRICS[name]
    except KeyError:
        raise ValueError(f"unknown metric {name!r}; choose from {', '.join(METRICS)}") from None
    return factory(lang)
