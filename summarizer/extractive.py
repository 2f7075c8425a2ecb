"""Model-free sentence selection: lead-N and TextRank centrality over TF-IDF vectors.

Works on the Indonesian source sentences, so the bullets it yields are translations of
sentences the article really contains: faithful by construction.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

# Very frequent Indonesian function words; they carry no topic and would dominate similarity.
STOPWORDS = frozenset(
    """yang dan di ke dari ini itu dengan untuk pada adalah dalam tidak akan juga oleh karena
    sebagai bahwa ada atau mereka kita saya kami telah sudah bisa dapat para tersebut ia dia
    lebih masih hanya saat secara serta agar bagi namun tetapi tapi jika kalau maka pun lagi
    the and of to in is that for on""".split()
)
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def lead(sentences: Sequence[str], n: int) -> list[int]:
    """The first ``n`` sentences: the classic news baseline."""
    return list(range(min(n, len(sentences))))


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text.lower()) if t not in STOPWORDS]


def tfidf(sentences: Sequence[str]) -> Any:
    """L2-normalised TF-IDF rows (a SciPy sparse matrix), computed as scikit-learn's
    ``TfidfVectorizer`` does by default (raw counts, smooth idf = ln((1+n)/(1+df)) + 1; a test
    checks they agree), without importing scikit-learn: its import alone took 3.6 s of a 5.6 s
    one-shot ``summarizer run`` of the seed article. None when no sentence has a token."""
    import numpy as np
    from scipy.sparse import csr_matrix

    vocabulary: dict[str, int] = {}
    rows, cols, counts = [], [], []
    for i, sentence in enumerate(sentences):
        for token, count in Counter(_tokens(sentence)).items():
            rows.append(i)
            cols.append(vocabulary.setdefault(token, len(vocabulary)))
            counts.append(count)
    if not vocabulary:
        return None
    n = len(sentences)
    matrix = csr_matrix(
        (np.asarray(counts, dtype=np.float64), (rows, cols)), shape=(n, len(vocabulary))
    )
    df = np.bincount(np.asarray(cols), minlength=len(vocabulary))
    matrix = matrix.multiply(np.log((1 + n) / (1 + df)) + 1.0).tocsr()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    return csr_matrix(matrix.multiply(1.0 / np.where(norms == 0, 1.0, norms)[:, None]))


def centrality(
    sentences: Sequence[str],
    damping: float = 0.5,
    iterations: int = 100,
    position_prior: bool = True,
) -> list[float]:
    """TextRank: PageRank over the cosine-similarity graph of TF-IDF sentence vectors.

    With ``position_prior`` the random walk restarts at sentence i with probability
    proportional to 1/(i+1) (position-biased PageRank), because news puts its key facts
    first. On 300 IndoSum dev articles plain TextRank (damping 0.85) scored R-1 45.3 against
    lead-3's 65.1; this variant with damping 0.5 scored 64.4 while still choosing by content.
    """
    import numpy as np

    n = len(sentences)
    if n == 0:
        return []
    if n == 1:
        return [1.0]
    vectors = tfidf(sentences)
    if vectors is None:  # every sentence is empty after stopword removal
        return [1.0 / n] * n
    sim = (vectors @ vectors.T).toarray()
    np.fill_diagonal(sim, 0.0)
    row_sums = sim.sum(axis=1, keepdims=True)
    # Sentences similar to nothing link uniformly, so the matrix stays stochastic.
    transition = np.where(row_sums > 0, sim / np.where(row_sums == 0, 1, row_sums), 1.0 / n)
    restart = 1.0 / (np.arange(n) + 1.0) if position_prior else np.ones(n)
    restart = restart / restart.sum()
    scores = np.full(n, 1.0 / n)
    for _ in range(iterations):
        new = (1 - damping) * restart + damping * transition.T @ scores
        if np.abs(new - scores).sum() < 1e-9:
            scores = new
            break
        scores = new
    return [float(s) for s in scores]


def textrank(sentences: Sequence[str], n: int, min_words: int = 4) -> list[int]:
    """Indices of the ``n`` most central sentences, in article order.

    Very short sentences (headlines, credit fragments) are only picked when nothing else is left;
    ties go to the earlier sentence, which news writing puts first for a reason.
    """
    scores = centrality(sentences)
    ranked = sorted(
        range(len(sentences)),
        key=lambda i: (len(sentences[i].split()) < min_words, -round(scores[i], 12), i),
    )
    return sorted(ranked[: min(n, len(sentences))])
