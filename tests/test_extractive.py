"""Lead and TextRank selection return source sentences in article order."""

from __future__ import annotations

import pytest

from summarizer.extractive import centrality, lead, textrank

SENTENCES = [
    "BP2MI melakukan pembinaan pegawai BP3MI NTT di Kupang.",
    "Cuaca di Kupang cerah pada hari Senin.",
    "Pembinaan pegawai BP3MI NTT bertujuan menjaga integritas pegawai BP2MI.",
    "Integritas pegawai BP3MI menjadi faktor utama pelayanan pekerja migran.",
    "Seorang warga menjual ikan di pasar.",
    "Pekerja migran NTT membutuhkan pelayanan pegawai BP3MI yang berintegritas.",
]


def test_lead() -> None:
    assert lead(SENTENCES, 3) == [0, 1, 2]
    assert lead(SENTENCES[:2], 5) == [0, 1]
    assert lead([], 3) == []


def test_textrank_prefers_central_sentences_in_article_order() -> None:
    picked = textrank(SENTENCES, 3)
    assert picked == sorted(picked)
    assert 1 not in picked and 4 not in picked  # the off-topic sentences
    assert len(picked) == 3


@pytest.mark.parametrize("position_prior", [True, False])
def test_centrality_is_a_distribution(position_prior: bool) -> None:
    scores = centrality(SENTENCES, position_prior=position_prior)
    assert sum(scores) == pytest.approx(1.0)
    assert scores[2] > scores[4]


def test_position_prior_favours_early_sentences_among_equals() -> None:
    same = ["Pekerja migran pulang ke NTT."] * 4
    scores = centrality(same)
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[3]
    assert centrality(same, position_prior=False) == pytest.approx([0.25] * 4)


@pytest.mark.parametrize("sentences", [[], ["Satu."], ["dan yang", "di ke"]])
def test_degenerate_inputs(sentences: list[str]) -> None:
    picked = textrank(sentences, 2)
    assert picked == list(range(min(2, len(sentences))))


def test_tfidf_equals_scikit_learns_and_keeps_the_selection() -> None:
    """TextRank's TF-IDF is computed without importing scikit-learn (3.6 s of a one-shot run);
    its vectors, and so the bullets chosen, are scikit-learn's own."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from summarizer.extractive import _tokens, tfidf
    from summarizer.segment import split_sentences
    from tests.conftest import indosum_articles

    vectorizer = TfidfVectorizer(tokenizer=_tokens, lowercase=False, token_pattern=None)
    for article in indosum_articles(40):
        sentences = split_sentences(article["text"])
        ours = tfidf(sentences)
        theirs = vectorizer.fit_transform(sentences)
        assert ours.shape == theirs.shape
        assert np.abs((ours @ ours.T).toarray() - (theirs @ theirs.T).toarray()).max() < 1e-12
    assert tfidf(["dan yang", "di ke"]) is None  # stopwords only: no vector
