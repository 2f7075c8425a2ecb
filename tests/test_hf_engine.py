"""The transformers engine: scores without full-vocabulary copies, quiet generate calls."""

from __future__ import annotations

import pytest

from summarizer import model_source, read_path
from summarizer.engines import hf, load_engine
from summarizer.engines.base import GenerationOptions
from summarizer.segment import split_sentences
from tests.conftest import SEED


@pytest.fixture(scope="module")
def short_sentences(copy_model: str) -> list[str]:
    doc = read_path(SEED)
    sentences = [s for p in doc.paragraphs for s in split_sentences(p)]
    engine = load_engine(model_source(copy_model), "transformers", "cpu")
    counts = engine.count_tokens(sentences)
    return [s for s, n in zip(sentences, counts, strict=True) if n <= 40]


def test_greedy_and_beam_scores_are_mean_token_log_probs(
    copy_model: str, short_sentences: list[str]
) -> None:
    """Greedy records log-probs while decoding, beam search rescores afterwards: on the
    copy model both return the input with the same (high) confidence."""
    engine = load_engine(model_source(copy_model), "transformers", "cpu")
    greedy = engine.generate(short_sentences, GenerationOptions(beams=1, max_new_tokens=60))
    beam = engine.generate(short_sentences, GenerationOptions(beams=4, max_new_tokens=60))
    assert [g.text for g in greedy] == short_sentences
    assert [b.text for b in beam] == short_sentences
    for g, b in zip(greedy, beam, strict=True):
        assert g.tokens == b.tokens
        assert -1.0 < g.score <= 0.0
        assert b.score == pytest.approx(g.score, abs=0.02)


def test_scores_fall_when_the_output_is_not_what_the_model_would_say(copy_model: str) -> None:
    """Teacher-forced rescoring scores the given tokens, not the best ones."""
    import torch

    engine = load_engine(model_source(copy_model), "transformers", "cpu")
    text = "Kantor BP3MI NTT menerima 25 pekerja migran."
    enc = engine.tokenizer([text], return_tensors="pt")
    good = engine.model.generate(**enc, num_beams=1, max_new_tokens=40)
    shuffled = torch.cat([good[:, :1], good[:, 1:-1].flip(dims=[1]), good[:, -1:]], dim=1)
    with torch.inference_mode():
        right = engine._teacher_forced_logps(enc, good).mean()
        wrong = engine._teacher_forced_logps(enc, shuffled).mean()
    assert right > -0.5 and wrong < right - 1.0


def test_no_scores_asked_no_scores_computed(copy_model: str) -> None:
    engine = load_engine(model_source(copy_model), "transformers", "cpu")
    out = engine.generate(["Satu dua tiga."], GenerationOptions(beams=2, scores=False))
    assert out[0].text == "Satu dua tiga." and out[0].score == 0.0


def test_transformers_engine_does_not_warn_on_every_batch(
    copy_model: str, capfd: pytest.CaptureFixture[str]
) -> None:
    """opus-mt states max_length=512; with our explicit max_new_tokens transformers would warn
    "Both max_new_tokens and max_length seem to have been set" on every generate call."""
    from transformers.utils import logging as tlog

    from summarizer.models import load_pretrained

    source = model_source(copy_model)
    tokenizer, model = load_pretrained(source)
    model.generation_config.max_length = 512
    model.generation_config.min_length = 1
    engine = hf.HFEngine(source, tokenizer, model, device="cpu")
    old = tlog.get_verbosity()
    tlog.set_verbosity_warning()
    try:
        capfd.readouterr()
        out = engine.generate(["Satu dua tiga."], GenerationOptions(beams=1, max_new_tokens=20))
    finally:
        tlog.set_verbosity(old)
    assert out[0].text == "Satu dua tiga."
    assert "seem to have been set" not in capfd.readouterr().err
