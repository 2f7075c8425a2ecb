"""The real pipeline with a trained copy model: whole documents must come back unchanged.

A copy model returns its input, so any lost, duplicated, reordered or truncated sentence
shows up as a difference between the source and the "translation".
"""

from __future__ import annotations

import pytest

from summarizer import RunOptions, Settings, load_pipeline, read_document, read_path
from tests.conftest import SEED, indosum_articles


def norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module", params=["transformers", "ctranslate2"])
def pipeline(copy_model: str, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Every completeness test runs on both engines (CTranslate2 in int8)."""
    if request.param == "ctranslate2":
        pytest.importorskip("ctranslate2")
    return load_pipeline(Settings(mt_model=copy_model, engine=request.param))


TWO_BEAMS = RunOptions(beams=2)


def assert_complete(doc_paragraphs: tuple[str, ...], result) -> None:  # type: ignore[no-untyped-def]
    assert len(result.paragraphs) == len(doc_paragraphs)
    for source, para in zip(doc_paragraphs, result.paragraphs, strict=True):
        assert norm(para.translation) == norm(source)
        for s in para.sentences:
            assert norm(s.translation) == norm(s.source)
            assert s.score <= 0.0


def test_seed_article_comes_back_complete_without_related_links(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = read_path(SEED)
    result = pipeline.translate(doc, TWO_BEAMS)
    assert_complete(doc.paragraphs, result)
    assert "Baca Juga" not in result.translation
    assert result.translation.startswith("VOICEIndonesia.co, Kupang – Badan Pelindungan")
    assert result.translation.endswith("(TPPO),” pungkasnya.")
    assert len(result.dropped) == 2
    sig = result.signature
    assert sig["translation"]["engine"] == pipeline.settings.engine
    assert sig["translation"]["revision"].startswith("local-")
    assert sig["beams"] == 2


def test_long_articles_in_one_batch_keep_order_and_paragraphs(pipeline) -> None:  # type: ignore[no-untyped-def]
    articles = sorted(indosum_articles(200), key=lambda a: -len(a["text"]))[:6]
    docs = [read_document(a["text"], name=a["id"]) for a in articles]
    results = pipeline.translate_many(docs, TWO_BEAMS)
    assert len(results) == len(docs)
    for doc, result in zip(docs, results, strict=True):
        assert result.name == doc.name
        assert_complete(doc.paragraphs, result)


def test_paragraph_over_512_tokens_and_sentence_over_model_limit(pipeline) -> None:  # type: ignore[no-untyped-def]
    article = max(indosum_articles(200), key=lambda a: len(a["text"]))
    giant_paragraph = " ".join(article["text"].split("\n\n"))
    engine = pipeline.translator
    assert engine.count_tokens([giant_paragraph])[0] > 512
    clauses = [
        "pemerintah daerah menyalurkan bantuan kepada 1.500 pekerja migran",
        "Dinas Tenaga Kerja Kabupaten Kupang mencatat 320 pengaduan",
        "BP3MI NTT memulangkan 27 jenazah pekerja migran dari Malaysia",
        "anggaran sebesar Rp 5,2 miliar disiapkan untuk pelatihan",
        "Kejaksaan Tinggi menahan dua pegawai dalam kasus pungutan liar",
    ]
    run_on = "Menurut laporan itu, " + ", ".join(clauses * 4) + "."
    assert engine.count_tokens([run_on])[0] > engine.max_input_tokens
    doc = read_document(f"Judul Berita\n\n{giant_paragraph}\n\n{run_on}\n\nPenutup artikel ini.")
    result = pipeline.translate(doc, TWO_BEAMS)
    assert_complete(doc.paragraphs, result)
    long_sentence = result.paragraphs[2].sentences[0]
    assert long_sentence.pieces > 1
    assert norm(long_sentence.translation) == norm(run_on)


def test_each_result_reports_the_faithfulness_check_time(pipeline) -> None:  # type: ignore[no-untyped-def]
    """The check's share of a run is visible per document (bench and JSON output read it)."""
    result = pipeline.run(read_path(SEED), RunOptions(mode="lead", bullets=2))
    assert result.timings["faithfulness_s"] >= 0.0  # reported (its size is the bench's business)
    # a copy of the article is faithful: the check ran and found nothing to flag
    assert not [w for w in result.warnings if "the translation drops" in w or "adds" in w]
