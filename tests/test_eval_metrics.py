"""eval metrics equal direct rouge-score/sacrebleu calls; the bootstrap is seeded and paired."""

from __future__ import annotations

import numpy as np
import pytest
import sacrebleu
from rouge_score import rouge_scorer

from eval.bootstrap import percentile_interval, resample_counts
from eval.metrics import METRICS, ROUGE_TYPES, UnicodeTokenizer, get_metric
from eval.scoring import SystemOutput, evaluate

EN_PAIRS = [
    (
        "The agency arrested two recruiters.\nThey sent workers to Malaysia illegally.",
        "Police arrested two recruiters who sent migrant workers to Malaysia illegally.\n"
        "The workers were returned home.",
    ),
    ("Forty workers were repatriated on Monday.", "Forty migrant workers were repatriated."),
    ("", "An empty prediction scores zero."),
]
ID_PAIRS = [
    (
        "BP2MI memulangkan 40 pekerja migran dari Malaysia.\nMereka tiba di Kupang pada Senin.",
        "Sebanyak 40 pekerja migran dipulangkan BP2MI dari Malaysia.\n"
        "Para pekerja tiba di Kupang, Senin (27/3).",
    ),
    ("Polisi menangkap dua perekrut ilegal.", "Dua perekrut pekerja ilegal ditangkap polisi."),
    ("", "Prediksi kosong bernilai nol."),
]


@pytest.mark.parametrize("rouge_type", ROUGE_TYPES)
@pytest.mark.parametrize("hyp,ref", EN_PAIRS)
def test_rouge_english_equals_rouge_score_with_porter(rouge_type: str, hyp: str, ref: str) -> None:
    direct = rouge_scorer.RougeScorer([rouge_type], use_stemmer=True).score(ref, hyp)[rouge_type]
    metric = get_metric(rouge_type, "en")
    assert metric.sentence_scores([hyp], [ref]) == [pytest.approx(direct.fmeasure * 100)]
    assert metric.corpus_score([hyp], [ref]) == pytest.approx(direct.fmeasure * 100)
    assert "stem:porter" in metric.signature()


@pytest.mark.parametrize("rouge_type", ROUGE_TYPES)
@pytest.mark.parametrize("hyp,ref", ID_PAIRS)
def test_rouge_indonesian_is_unstemmed(rouge_type: str, hyp: str, ref: str) -> None:
    # On ASCII text the Unicode tokenizer tokenises exactly as rouge-score's default one.
    direct = rouge_scorer.RougeScorer([rouge_type], use_stemmer=False).score(ref, hyp)[rouge_type]
    metric = get_metric(rouge_type, "id")
    assert metric.sentence_scores([hyp], [ref]) == [pytest.approx(direct.fmeasure * 100)]
    assert "stem:none" in metric.signature() and "tok:unicode" in metric.signature()


def test_rouge_corpus_score_is_mean_of_example_f1() -> None:
    hyps, refs = zip(*ID_PAIRS, strict=True)
    scorer = rouge_scorer.RougeScorer(["rouge2"])
    mean = np.mean([scorer.score(r, h)["rouge2"].fmeasure for h, r in ID_PAIRS]) * 100
    assert get_metric("rouge2", "id").corpus_score(hyps, refs) == pytest.approx(mean)


def test_unicode_tokenizer_keeps_non_ascii_letters() -> None:
    text = "Menteri Sánchez bertemu warga Đà Nẵng; 1.500 pekerja."
    assert UnicodeTokenizer().tokenize(text) == [
        "menteri", "sánchez", "bertemu", "warga", "đà", "nẵng", "1", "500", "pekerja",
    ]  # fmt: skip
    default = rouge_scorer.RougeScorer(["rouge1"]).score(text, text)  # sanity: rouge-score agrees
    assert default["rouge1"].fmeasure == 1.0
    # rouge-score's default tokenizer would turn "sánchez" into "s" and "nchez".
    metric = get_metric("rouge1", "id")
    assert metric.sentence_scores(["Sánchez"], ["Sanchez"]) == [0.0]


MT_HYPS = [
    "Forty migrant workers were sent home from Malaysia on Monday.",
    "The police arrested two illegal recruiters in Kupang.",
    "",
    "BP2MI said the workers had no documents.",
]
MT_REFS = [
    "Forty migrant workers were repatriated from Malaysia on Monday.",
    "Police arrested two illegal recruiters in Kupang.",
    "The governor visited the shelter.",
    "According to BP2MI, the workers had no documents.",
]


@pytest.mark.parametrize(
    "name,corpus,sentence",
    [
        ("bleu", sacrebleu.corpus_bleu, lambda h, r: sacrebleu.sentence_bleu(h, r)),
        (
            "chrf++",
            lambda h, r: sacrebleu.corpus_chrf(h, r, word_order=2),
            lambda h, r: sacrebleu.sentence_chrf(h, r, word_order=2),
        ),
        ("chrf", sacrebleu.corpus_chrf, lambda h, r: sacrebleu.sentence_chrf(h, r)),
    ],
)
def test_sacrebleu_metrics_equal_direct_calls(name: str, corpus: object, sentence: object) -> None:
    metric = get_metric(name)
    assert metric.corpus_score(MT_HYPS, MT_REFS) == pytest.approx(
        corpus(MT_HYPS, [MT_REFS]).score  # type: ignore[operator]
    )
    expected = [sentence(h, [r]).score for h, r in zip(MT_HYPS, MT_REFS, strict=True)]  # type: ignore[operator]
    assert metric.sentence_scores(MT_HYPS, MT_REFS) == pytest.approx(expected)
    assert metric.sentence_scores([""], ["Not empty."]) == [0.0]
    assert "version:2." in metric.signature()


def test_identical_text_scores_100() -> None:
    for name in METRICS:
        metric = get_metric(name, "en")
        assert metric.corpus_score(MT_REFS, MT_REFS) == pytest.approx(100.0), name


def test_unknown_metric() -> None:
    with pytest.raises(ValueError, match="unknown metric 'meteor'"):
        get_metric("meteor")


def test_resamples_are_seeded() -> None:
    a = resample_counts(50, 200, seed=7)
    assert a.shape == (200, 50) and (a.sum(axis=1) == 50).all()
    assert np.array_equal(a, resample_counts(50, 200, seed=7))
    assert not np.array_equal(a, resample_counts(50, 200, seed=8))


def _systems() -> tuple[list[str], list[str], list[SystemOutput]]:
    refs = MT_REFS * 5
    good = SystemOutput("good", MT_HYPS * 5)
    worse = SystemOutput("worse", [" ".join(h.split()[:4]) for h in MT_HYPS] * 5)
    return [str(i) for i in range(len(refs))], refs, [good, worse]


@pytest.mark.parametrize("metric", ["bleu", "chrf++", "rouge1", "rougeLsum"])
def test_bootstrap_intervals_are_deterministic_and_contain_the_estimate(metric: str) -> None:
    ids, refs, systems = _systems()
    first = evaluate(ids, refs, systems, [metric], "en", samples=300, seed=3)
    again = evaluate(ids, refs, systems, [metric], "en", samples=300, seed=3)
    for a, b in zip(first.systems, again.systems, strict=True):
        assert a.scores == b.scores and a.deltas == b.deltas
        est = a.scores[metric]
        assert est.low <= est.score <= est.high
        assert est.low < est.high
    other = evaluate(ids, refs, systems, [metric], "en", samples=300, seed=4)
    assert other.systems[0].scores[metric] != first.systems[0].scores[metric]
    assert other.systems[0].scores[metric].score == first.systems[0].scores[metric].score
    delta = first.systems[1].deltas[metric]
    assert delta.score == pytest.approx(
        first.systems[1].scores[metric].score - first.systems[0].scores[metric].score
    )
    assert delta.high < 0  # truncated outputs are clearly worse, on paired resamples


def test_a_system_against_itself_differs_by_exactly_zero() -> None:
    ids, refs, (good, _) = _systems()
    twin = SystemOutput("twin", good.predictions)
    ev = evaluate(ids, refs, [good, twin], ["bleu", "rouge2"], "en", samples=100, seed=1)
    for name in ("bleu", "rouge2"):
        d = ev.systems[1].deltas[name]
        assert (d.score, d.low, d.high) == (0.0, 0.0, 0.0)


def test_percentile_interval() -> None:
    lo, hi = percentile_interval(np.arange(1001, dtype=float))
    assert (lo, hi) == (25.0, 975.0)
