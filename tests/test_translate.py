"""Orchestration invariants of translate_sentences, independent of any model."""

from __future__ import annotations

import pytest

from summarizer.engines.base import GenerationOptions
from summarizer.translate import beam_budget, degeneration, translate_sentences
from tests.fakes import ScriptedEngine


def test_one_output_per_sentence_in_order_with_sorted_batches() -> None:
    sentences = [" ".join(f"w{i}" for _ in range(n)) for i, n in enumerate([3, 12, 1, 7, 30, 2, 9])]
    engine = ScriptedEngine()
    out = translate_sentences(engine, sentences, beams=1, batch_size=3)
    assert [o.source for o in out] == sentences
    assert [o.translation for o in out] == [s.upper() for s in sentences]
    # Batches are length-sorted: the first batch holds the three longest sentences.
    first_batch = engine.calls[0][0]
    assert sorted(len(s.split()) for s in first_batch) == [9, 12, 30]
    assert all(len(texts) <= 3 for texts, _ in engine.calls)
    assert sum(len(texts) for texts, _ in engine.calls) == len(sentences)


def test_beam_search_batches_hold_fewer_rows() -> None:
    """The batch budget counts hypotheses: at beam 4 a batch holds a quarter of the rows and
    padded tokens; every sentence still comes back once, in order."""
    sentences = [" ".join(f"w{i}" for _ in range(1 + i % 5)) for i in range(40)]
    greedy, beam = ScriptedEngine(), ScriptedEngine()
    out1 = translate_sentences(greedy, sentences, beams=1, batch_size=16)
    out4 = translate_sentences(beam, sentences, beams=4, batch_size=16)
    assert [len(t) for t, _ in greedy.calls] == [16, 16, 8]
    assert [len(t) for t, _ in beam.calls] == [4] * 10
    assert out1 == out4 and [o.source for o in out4] == sentences
    assert beam_budget(32, 6000, 4) == (8, 1500)
    assert beam_budget(32, 6000, 1) == (32, 6000)
    assert beam_budget(3, 10, 16) == (1, 1)


def test_batch_tokens_bound_padded_size() -> None:
    sentences = ["kata " * 40, "kata " * 40, "kata " * 40]
    engine = ScriptedEngine(max_input_tokens=100)
    translate_sentences(engine, sentences, batch_tokens=80)  # 2 x 41 > 80
    assert [len(texts) for texts, _ in engine.calls] == [1, 1, 1]


def test_long_sentence_is_split_not_truncated() -> None:
    long = ", ".join(f"bagian {i} dari kalimat panjang" for i in range(40)) + "."
    engine = ScriptedEngine(max_input_tokens=30)
    out = translate_sentences(engine, ["Pendek.", long, "Akhir."])
    assert len(out) == 3
    assert " ".join(out[1].translation.split()) == " ".join(long.upper().split())
    assert out[1].pieces > 1
    assert any("split into" in f for f in out[1].flags)
    assert all(len(t.split()) + 1 <= 30 for texts, _ in engine.calls for t in texts)


def test_max_new_tokens_scales_with_input() -> None:
    engine = ScriptedEngine(max_input_tokens=200)
    translate_sentences(engine, ["a " * 5, "b " * 100], batch_size=1)
    budgets = sorted(opts.max_new_tokens for _, opts in engine.calls)
    assert budgets[0] < budgets[1]
    assert budgets[1] >= 2 * 100


def _looping(text: str, options: GenerationOptions) -> str:
    if "ulang" in text and options.repetition_penalty == 1.0:
        return "I'm sorry " * 12
    return text.upper()


def test_repetition_loop_is_retried_and_flagged() -> None:
    engine = ScriptedEngine(respond=_looping)
    out = translate_sentences(engine, ["Satu dua tiga.", "Kalimat ulang yang bermasalah di sini."])
    assert out[1].translation == "KALIMAT ULANG YANG BERMASALAH DI SINI."
    assert any(f.startswith("retried") for f in out[1].flags)
    assert out[0].flags == ()


def test_loop_that_survives_retry_is_flagged_suspect() -> None:
    engine = ScriptedEngine(respond=lambda t, o: "sorry " * 20)
    out = translate_sentences(engine, ["Kalimat yang cukup panjang untuk diuji."])
    assert any(f.startswith("suspect") for f in out[0].flags)
    assert out[0].translation  # the output is kept for the reader to judge, but flagged


@pytest.mark.parametrize(
    ("source", "output", "bad"),
    [
        ("Saya minta maaf.", "I'm sorry I'm sorry I'm sorry I'm sorry I'm sorry", True),
        (
            "Kalimat biasa yang cukup panjang sekali.",
            "An ordinary sentence that is quite long.",
            False,
        ),
        ("Kalimat biasa yang cukup panjang sekali.", "A", True),
        ("Urusan perut, urusan rezeki.", "A matter of the stomach, a matter of fortune.", False),
        ("Sangat sangat sangat sangat penting.", "Very very very very important.", False),
    ],
)
def test_degeneration(source: str, output: str, bad: bool) -> None:
    assert (degeneration(source, output) is not None) is bad


def test_empty_sentence_list() -> None:
    assert translate_sentences(ScriptedEngine(), []) == []
