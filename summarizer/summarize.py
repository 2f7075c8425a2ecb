"""English bullets for a translated article, by mode.

* ``lead`` and ``extractive`` select Indonesian source sentences (first N, or the most central by
  TextRank) and use their translations as bullets: faithful by construction.
* ``abstractive`` rewrites the English translation with a seq2seq news summariser.
"""

from __future__ import annotations

from .extractive import lead, textrank
from .result import Bullet, Result
from .translate import SentenceTranslation


def body_sentences(result: Result) -> list[SentenceTranslation]:
    """Sentences eligible for bullets: everything except a detected headline."""
    paragraphs = result.paragraphs[1:] if result.title is not None else result.paragraphs
    return [s for p in paragraphs for s in p.sentences if s.translation.strip()]


def select_bullets(result: Result, mode: str, n: int) -> list[Bullet]:
    """Bullets from source sentences chosen by ``lead`` or ``extractive`` selection."""
    sentences = body_sentences(result)
    pick = lead if mode == "lead" else textrank
    chosen = pick([s.source for s in sentences], n)
    return [
        Bullet(text=sentences[i].translation, mode=mode, flags=sentences[i].flags) for i in chosen
    ]
