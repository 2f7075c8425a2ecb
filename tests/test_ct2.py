"""The CTranslate2 engine behind the same API: equivalence, int8 completeness, conversion cache."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from summarizer import RunOptions, Settings, model_source, read_path
from summarizer.engines import choose_engine, load_engine
from summarizer.engines.base import GenerationOptions
from summarizer.errors import OptionError
from summarizer.pipeline import Pipeline
from summarizer.segment import split_sentences
from tests.conftest import SEED

ct2 = pytest.importorskip("ctranslate2")
from summarizer.engines import ct2 as ct2_engine  # noqa: E402


@pytest.fixture(scope="module")
def seed_sentences() -> list[str]:
    doc = read_path(SEED)
    return [s for p in doc.paragraphs for s in split_sentences(p)]


def test_float32_greedy_equals_transformers(copy_model: str, seed_sentences: list[str]) -> None:
    source = model_source(copy_model)
    reference = load_engine(source, "transformers", "cpu")
    fast = load_engine(source, "ctranslate2", "cpu", compute_type="float32")
    counts = reference.count_tokens(seed_sentences)
    seed_sentences = [s for s, n in zip(seed_sentences, counts, strict=True) if n <= 40]
    assert len(seed_sentences) >= 15
    options = GenerationOptions(beams=1, max_new_tokens=200)
    expected = reference.generate(seed_sentences, options)
    got = fast.generate(seed_sentences, options)
    assert [g.text for g in got] == [e.text for e in expected]
    for g, e in zip(got, expected, strict=True):
        assert g.score == pytest.approx(e.score, abs=0.05)
        assert g.tokens == e.tokens


def test_int8_copy_model_returns_complete_documents(
    copy_model: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The product's default (int8) returns every paragraph and sentence, in order. int8
    kernels differ between CPUs and may change a token or two of the tiny copy model, so each
    sentence is compared by similarity; exact copies are checked in float32 elsewhere."""
    monkeypatch.delenv("SUMMARIZER_CT2_COMPUTE_TYPE")
    engine = ct2_engine.open_engine(model_source(copy_model), "cpu")  # no cache: the default
    pipeline = Pipeline(Settings(mt_model=copy_model, engine="ctranslate2"), engine)
    assert pipeline.translator.describe()["dtype"] == "int8"
    doc = read_path(SEED)
    result = pipeline.translate(doc, RunOptions(beams=2))
    assert len(result.paragraphs) == len(doc.paragraphs)
    for source, para in zip(doc.paragraphs, result.paragraphs, strict=True):
        assert len(para.sentences) == len(split_sentences(source))
        for s in para.sentences:  # a lost or misplaced sentence would score near 0
            ratio = difflib.SequenceMatcher(None, s.translation, s.source).ratio()
            assert ratio >= 0.7, (s.source, s.translation)
        whole = difflib.SequenceMatcher(None, para.translation, source).ratio()
        assert whole >= 0.9, (source, para.translation)
    assert result.signature["translation"]["engine"] == "ctranslate2"


def test_compute_type_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ct2_engine.default_compute_type("cpu") == "float32"  # the suite's own setting
    monkeypatch.delenv("SUMMARIZER_CT2_COMPUTE_TYPE")
    assert ct2_engine.default_compute_type("cpu") == "int8"
    assert ct2_engine.default_compute_type("cuda") == "int8_float16"
    monkeypatch.setenv("SUMMARIZER_CT2_COMPUTE_TYPE", "float64")
    with pytest.raises(OptionError, match="SUMMARIZER_CT2_COMPUTE_TYPE='float64' is not a CTranslate2 compute type"):
        ct2_engine.default_compute_type("cpu")


def test_conversion_is_cached_and_atomic(copy_model: str, tmp_path: Path) -> None:
    source = model_source(copy_model)
    first = ct2_engine.converted_dir(source, "int8", root=tmp_path)
    mtime = (first / "model.bin").stat().st_mtime
    second = ct2_engine.converted_dir(source, "int8", root=tmp_path)
    assert first == second and (second / "model.bin").stat().st_mtime == mtime
    assert [p.name for p in tmp_path.iterdir()] == [first.name]  # no temp folders left
    assert "int8" in first.name and "local-" in first.name


def test_auto_prefers_ctranslate2_for_supported_models(copy_model: str) -> None:
    source = model_source(copy_model)
    assert choose_engine("auto", source) == "ctranslate2"
    assert choose_engine("transformers", source) == "transformers"


def test_rows_split_across_threads_keep_order_and_output(
    copy_model: str, seed_sentences: list[str]
) -> None:
    """With several threads a translation batch is split into parts that run in parallel;
    the outputs must come back in input order and equal the one-thread outputs."""
    source = model_source(copy_model)
    one = load_engine(source, "ctranslate2", "cpu", compute_type="float32", threads=1)
    two = load_engine(source, "ctranslate2", "cpu", compute_type="float32", threads=2)
    assert two.describe()["parallel"] == "rows" and one.describe()["parallel"] == "operations"
    counts = one.count_tokens(seed_sentences)
    short = [s for s, n in zip(seed_sentences, counts, strict=True) if n <= 40]
    options = GenerationOptions(beams=2, max_new_tokens=80)
    expected = one.generate(short, options)
    got = two.generate(short, options)
    assert [g.text for g in got] == [e.text for e in expected] == short
    assert [g.tokens for g in got] == [e.tokens for e in expected]


@pytest.mark.parametrize("engine", ["ctranslate2", "transformers"])
def test_beam_aware_batches_keep_outputs(
    copy_model: str, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fewer rows per batch at beam 4 (translate.beam_budget) saves memory; the translations,
    scores and token counts must be those of the whole-batch budget."""
    import summarizer.translate as tr

    doc = read_path(SEED)
    sentences = [s for p in doc.paragraphs for s in split_sentences(p)]
    translator = load_engine(model_source(copy_model), engine, "cpu")
    budgeted = tr.translate_sentences(translator, sentences, beams=4)
    monkeypatch.setattr(tr, "beam_budget", lambda rows, tokens, beams: (rows, tokens))
    whole = tr.translate_sentences(translator, sentences, beams=4)
    assert [b.translation for b in budgeted] == [w.translation for w in whole]
    for b, w in zip(budgeted, whole, strict=True):
        assert b.score == pytest.approx(w.score, abs=1e-4)
    assert [" ".join(b.translation.split()) for b in budgeted] == [
        " ".join(s.split()) for s in sentences
    ]
