"""Abstractive summaries without a model: chunking, map-reduce batching and bullet cleaning.

A scripted engine whose "summary" is the first sentence of its input stands in for the model;
the trained lead-1 BART checks the same behaviour for real in test_summary_model.py.
"""

from __future__ import annotations

import pytest

from summarizer.engines.base import GenerationOptions
from summarizer.result import SummaryStages
from summarizer.segment import split_sentences
from summarizer.summarize import (
    SummaryDecoding,
    abstractive_bullets,
    chunk_units,
    fragment_reason,
    near_duplicate,
    pick_bullets,
    summarize_documents,
)
from tests.fakes import ScriptedEngine


def first_sentence(text: str, options: GenerationOptions) -> str:
    return split_sentences(text)[0]


def sentences(n: int, words: int = 9, tag: str = "S") -> list[str]:
    return [
        f"{tag}{i} " + " ".join(f"w{i}x{j}" for j in range(words - 2)) + " end." for i in range(n)
    ]


def test_short_text_is_one_chunk_and_one_round() -> None:
    engine = ScriptedEngine(first_sentence, max_input_tokens=64)
    stages = summarize_documents(engine, [sentences(3)])[0]
    assert stages.rounds == 1 and len(stages.chunks) == 1
    assert stages.summary == sentences(3)[0]
    assert len(engine.calls) == 1


def test_chunks_fit_keep_every_sentence_and_are_balanced() -> None:
    engine = ScriptedEngine(first_sentence, max_input_tokens=64)
    units = sentences(25)  # 10 tokens each
    chunks = chunk_units(units, engine)
    assert " ".join(chunks) == " ".join(units)
    counts = engine.count_tokens(chunks)
    assert max(counts) <= 64
    assert max(counts) - min(counts) <= 12  # no tiny last chunk
    for chunk in chunks:  # sentence-aligned
        assert chunk.startswith("S") and chunk.endswith("end.")


def test_a_sentence_over_the_limit_is_split_not_cut() -> None:
    engine = ScriptedEngine(first_sentence, max_input_tokens=16)
    long_sentence = "Awal " + ", ".join(f"bagian {i}" for i in range(30)) + " selesai."
    chunks = chunk_units(["Pendek sekali ini.", long_sentence], engine)
    assert " ".join(chunks) == "Pendek sekali ini. " + long_sentence
    assert max(engine.count_tokens(chunks)) <= 16


def test_long_document_map_reduce_reaches_the_tail() -> None:
    engine = ScriptedEngine(first_sentence, max_input_tokens=64)
    units = sentences(40)
    stages = summarize_documents(engine, [units])[0]
    assert len(stages.chunks) >= 6 and stages.rounds >= 2
    # the map stage saw the last chunk: its first sentence is a partial summary
    last_first = split_sentences(stages.chunks[-1])[0]
    assert stages.partials[-1] == last_first
    assert stages.summary == units[0]
    bullets = abstractive_bullets(stages, 10)
    assert bullets[0] == units[0] and last_first in bullets


def test_chunks_of_many_documents_share_generate_calls() -> None:
    engine = ScriptedEngine(first_sentence, max_input_tokens=64)
    docs = [sentences(12, tag=f"D{d}S") for d in range(5)]
    stages = summarize_documents(engine, docs, batch_size=64, batch_tokens=100_000)
    assert [s.summary for s in stages] == [d[0] for d in docs]
    # one map call for all chunks of all documents, one reduce call for all documents
    assert len(engine.calls) == 2
    assert len(engine.calls[0][0]) == sum(len(s.chunks) for s in stages)
    options = engine.calls[0][1]
    assert options.no_repeat_ngram_size == 0 and options.length_penalty == 1.0


def test_decoding_follows_the_models_own_settings() -> None:
    """distilbart-cnn's config asks for trigram blocking, length penalty 2 and 56-142 tokens."""
    cnn = {"length_penalty": 2.0, "max_length": 142, "min_length": 56, "no_repeat_ngram_size": 3}
    decoding = SummaryDecoding.from_config(cnn)
    engine = ScriptedEngine(first_sentence, max_input_tokens=64)
    summarize_documents(engine, [sentences(3)], beams=3, decoding=decoding)
    assert engine.calls[0][1] == GenerationOptions(
        beams=3,
        max_new_tokens=142,
        min_new_tokens=56,
        no_repeat_ngram_size=3,
        length_penalty=2.0,
        scores=False,  # summary scores are never shown: engines may skip computing them
    )
    assert SummaryDecoding.from_config({}) == SummaryDecoding(142, 0, 0, 1.0)


def test_empty_document() -> None:
    engine = ScriptedEngine(first_sentence)
    assert summarize_documents(engine, [[]])[0] == SummaryStages(summary="", rounds=0)
    assert engine.calls == []


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("The agency.", "fewer than three words"),
        ("BP2MI held a meeting in Kupang", "no terminal punctuation"),
        ("and then the workers went home.", "starts mid-sentence"),
        ("“Integrity is difficult.", "unbalanced quotes or brackets"),
        ("He said (in Kupang that it matters.", "unbalanced quotes or brackets"),
        ("BP2MI held a meeting in Kupang.", None),
        ("“Integrity is difficult,” he said.", None),
        ("27 migrant workers were sent home.", None),
    ],
)
def test_fragment_reason(sentence: str, reason: str | None) -> None:
    assert fragment_reason(sentence) == reason


def test_near_duplicates() -> None:
    a = "BP2MI held staff guidance at the BP3MI NTT office in Kupang."
    assert near_duplicate(a, "BP2MI held staff guidance at the BP3MI office in Kupang.")
    assert near_duplicate(a, "BP2MI held staff guidance in Kupang.")  # contained
    assert not near_duplicate(a, "Rinardi asked employees to give the best service.")


def test_pick_bullets_cleans_dedupes_and_caps() -> None:
    candidates = [
        "- BP2MI held staff guidance at the BP3MI NTT office in Kupang.",
        "BP2MI held staff guidance at the BP3MI office in Kupang.",
        "The agency.",
        "Rinardi asked employees to give the best service",
        "Rinardi asked employees to give the best service.",
        "Larso warned staff against bribes.",
        "Blegur wants NTT free of trafficking.",
    ]
    assert pick_bullets(candidates, 3) == [
        "BP2MI held staff guidance at the BP3MI NTT office in Kupang.",
        "Rinardi asked employees to give the best service.",
        "Larso warned staff against bribes.",
    ]
    assert len(pick_bullets(candidates, 10)) == 4
