"""Abstractive bullets with real trained models: the copy model translates, the lead-1 BART
summarises (its summary of a text is the text's first sentence).

What the lead-1 model learned makes long-article handling checkable: the summary of chunk k
is the first sentence of chunk k, so the map stage shows whether the tail was seen.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

import pytest

from summarizer import RunOptions, Settings, load_pipeline, read_document, read_path
from summarizer.engines.base import GenerationOptions
from summarizer.pipeline import Pipeline
from summarizer.segment import split_sentences
from summarizer.summarize import body_sentences, fragment_reason
from tests.conftest import SEED, indosum_articles
from tests.fakes import ScriptedEngine

ONE_BEAM = RunOptions(beams=1)


def norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pipeline(copy_model: str, lead_model: str) -> Pipeline:
    return load_pipeline(Settings(mt_model=copy_model, sum_model=lead_model, engine="transformers"))


def test_the_fixture_learned_lead_1(pipeline: Pipeline) -> None:
    engine = pipeline.summary_engine
    assert engine is not None and engine.max_input_tokens == 256
    texts = [
        "Harga beras di pasar naik tajam. Pedagang mengeluh karena pembeli berkurang.",
        "The ministry sent 27 workers home on Monday. They had been stranded for months.",
        "Satu kalimat saja tanpa lanjutan.",
    ]
    for beams in (1, 4):
        outputs = [g.text for g in engine.generate(texts, GenerationOptions(beams=beams))]
        assert outputs == [split_sentences(t)[0] for t in texts]


def test_seed_article_is_chunked_and_its_tail_is_summarised(pipeline: Pipeline) -> None:
    doc = read_path(SEED)
    result = pipeline.run(doc, ONE_BEAM)
    stages = result.summary
    assert stages is not None and len(stages.chunks) >= 3 and stages.rounds >= 2
    assert pipeline.summary_engine is not None
    assert max(pipeline.summary_engine.count_tokens(stages.chunks)) <= 256
    # nothing cut: the chunks are the whole body translation
    body = " ".join(s.translation for s in body_sentences(result))
    assert norm(" ".join(stages.chunks)) == norm(body)
    # the map stage summarised every chunk, the last one included; the tiny model copies
    # most first sentences exactly (it garbles the acronyms of the seed's 60-word lead)
    firsts = [split_sentences(c)[0] for c in stages.chunks]
    assert len(stages.partials) == len(firsts)
    assert "pungkasnya" in stages.chunks[-1] and stages.partials[-1] == firsts[-1]
    assert sum(p == f for p, f in zip(stages.partials, firsts, strict=True)) >= len(firsts) - 1
    # bullets: whole sentences from the summary stages, distinct, at most --bullets
    candidates = split_sentences(stages.summary) + [
        s for p in stages.partials for s in split_sentences(p)
    ]
    texts = [b.text for b in result.bullets]
    assert 1 <= len(texts) <= 4 and all(t in candidates for t in texts)
    assert len(set(texts)) == len(texts) and all(b.mode == "abstractive" for b in result.bullets)
    assert firsts[1] in texts
    # every flag names a span the source really lacks (here: acronyms the model garbled)
    source = SEED.read_text(encoding="utf-8")
    for bullet in result.bullets:
        for flag in bullet.flags:
            span = flag.split('"')[1]
            assert not re.search(rf"(?<!\w){re.escape(span)}(?!\w)", source), flag
    flagged = [b for b in result.bullets if b.flags]
    assert len([w for w in result.warnings if w.startswith("Summary bullet")]) == len(flagged)


def test_long_articles_tails_reach_the_bullets(copy_model: str, lead_model: str) -> None:
    articles = sorted(indosum_articles(200), key=lambda a: -len(a["text"]))[:3]
    settings = Settings(mt_model=copy_model, sum_model=lead_model, engine="transformers")
    results = load_pipeline(settings).run_many(
        [read_document(a["text"]) for a in articles], RunOptions(beams=1, bullets=10)
    )
    for result in results:
        stages = result.summary
        assert stages is not None and len(stages.chunks) >= 6
        firsts = [split_sentences(c)[0] for c in stages.chunks]
        # every chunk was summarised, the last one included: each chunk summary is (nearly)
        # that chunk's first sentence, nearer to it than to any other chunk's
        assert stages.partials[-1] == firsts[-1]
        for k, partial in enumerate(stages.partials):
            ratios = [difflib.SequenceMatcher(None, partial, f).ratio() for f in firsts]
            assert max(range(len(firsts)), key=ratios.__getitem__) == k and ratios[k] > 0.5
        texts = [b.text for b in result.bullets]
        assert len(texts) <= 10 and len(set(texts)) == len(texts)
        if len(set(firsts)) <= 10 and fragment_reason(firsts[-1]) is None:
            assert firsts[-1] in texts  # the tail's summary is a bullet


def test_bullets_are_deduplicated_and_capped(pipeline: Pipeline) -> None:
    sentence = "Pemerintah memulangkan pekerja migran dari Malaysia pada pekan lalu."
    doc = read_document("\n".join([sentence] * 60))
    result = pipeline.run(doc, ONE_BEAM)
    assert result.summary is not None and len(result.summary.chunks) >= 3
    assert [b.text for b in result.bullets] == [sentence]
    assert len(pipeline.run(read_path(SEED), ONE_BEAM.replace(bullets=2)).bullets) <= 2


def test_run_many_batches_summaries_of_many_documents(pipeline: Pipeline) -> None:
    docs = [
        read_path(SEED),
        read_document("Harga beras naik. Pedagang mengeluh.\nPembeli berkurang di pasar."),
    ]
    singles = [pipeline.run(d, ONE_BEAM) for d in docs]
    engine = pipeline.summary_engine
    assert engine is not None
    calls: list[int] = []
    original = engine.generate

    def counting(texts: Any, options: GenerationOptions) -> Any:
        calls.append(len(texts))
        return original(texts, options)

    engine.generate = counting  # type: ignore[method-assign]
    try:
        together = pipeline.run_many(docs, ONE_BEAM)
    finally:
        del engine.generate
    assert [r.bullets for r in together] == [r.bullets for r in singles]
    assert calls[0] > len(singles[0].summary.chunks)  # type: ignore[union-attr]  # both docs' chunks in round 1


def test_signature_names_the_summary_model(pipeline: Pipeline, lead_model: str) -> None:
    sig = pipeline.run(read_path(SEED), ONE_BEAM).signature
    assert sig["summary"]["mode"] == "abstractive"
    assert sig["summary"]["model"]["model"] == lead_model
    assert sig["summary"]["model"]["revision"].startswith("local-")
    assert sig["summary"]["model"]["engine"] == "transformers"
    assert sig["summary"]["chunking"] == "map-reduce/1 max_input_tokens=256"
    translate_only = pipeline.translate(read_path(SEED), ONE_BEAM).signature
    assert "summary" not in translate_only


@pytest.mark.parametrize("mode", ["extractive", "lead"])
def test_extractive_and_lead_need_no_summary_model(copy_model: str, mode: str) -> None:
    settings = Settings(mt_model=copy_model, sum_model="./no/such/model")
    pipe = load_pipeline(settings)  # the summary model would fail to load if it were asked for
    result = pipe.run(read_path(SEED), RunOptions(mode=mode, beams=1))
    sources = [s.source for s in body_sentences(result)]
    picked = [sources.index(b.text) for b in result.bullets]  # copy model: text == source
    assert picked == sorted(picked) and len(picked) == 4
    if mode == "lead":
        assert picked == [0, 1, 2, 3]
    assert "model" not in result.signature["summary"]


def test_changed_numbers_are_flagged_in_translation_and_bullets() -> None:
    translator = ScriptedEngine(
        lambda s, o: s.replace("1.500", "15,000").replace("Kupang", "Jakarta")
    )
    pipe = Pipeline(Settings(), translator)
    doc = read_document("Sebanyak 1.500 pekerja tiba di Kupang. Mereka sehat.\nSemua pulang.")
    result = pipe.run(doc, RunOptions(mode="lead", bullets=2))
    assert result.bullets[0].flags == (
        'number "15,000" not in the source',
        'name "Jakarta" not in the source',
    )
    assert result.bullets[1].flags == ()
    assert any(w.startswith('Summary bullet 1: number "15,000"') for w in result.warnings)
    sentence_warning = next(w for w in result.warnings if w.startswith("Sentence 1"))
    assert 'drops number "1.500", name "Kupang"' in sentence_warning
    assert 'adds number "15,000", name "Jakarta"' in sentence_warning
    markdown = result.to_markdown()
    assert '⚠ *check: number "15,000" not in the source' in markdown
    assert "Summary bullet" not in markdown  # shown beside the bullet, not again in notes


def test_summary_model_runs_on_ctranslate2(copy_model: str, lead_model: str) -> None:
    """Smoke test: the converted int8 model summarises through the same map-reduce path."""
    pytest.importorskip("ctranslate2")
    settings = Settings(mt_model=copy_model, sum_model=lead_model, engine="ctranslate2")
    result = load_pipeline(settings).run(read_path(SEED), ONE_BEAM)
    assert result.summary is not None and len(result.summary.chunks) >= 3
    assert result.signature["summary"]["model"]["engine"] == "ctranslate2"
    assert 1 <= len(result.bullets) <= 4
