"""Whether a name word is carried from one language to the other (the faithfulness flags).

``faithfulness`` decides which words are names; this module decides whether a name word of
the English is backed by the Indonesian source (``english_supported``) and whether one of the
source survives in the English (``indonesian_kept``), and which words of an article name one
person (``person_aliases``): the same word, a known equivalent
(``names.Lexicon``: CLDR, places, terms, the dictionary, the user's glossary), a translation
in the dictionary, a cognate spelling, a demonym, a place written as one word, or a close
spelling of a *name* of the other text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .names import (
    DEMONYM,
    GLUE,
    Lexicon,
    english_ordinary,
    english_singulars,
    indonesian_roots,
    similar,
    sound,
)

if TYPE_CHECKING:
    from .faithfulness import Text

__all__ = ["english_supported", "indonesian_kept", "person_aliases"]


def english_supported(word: str, source: Text, lex: Lexicon) -> bool:
    """Whether an English name word is backed by the Indonesian source."""
    if word in source.words or (word.endswith("s") and word[:-1] in source.words):
        return True
    if "-" in word:  # "UN-sponsored", "Hussam-eddin": every part supported
        parts = [p for p in word.split("-") if p]
        return all(english_supported(p, source, lex) or english_ordinary(p) for p in parts)
    if _translated(word, source, lex):
        return True
    stem = DEMONYM.sub("", word)
    if stem != word and len(stem) >= 4 and stem in source.words:
        return True  # "Islamist" for "Islam", "Jakartans" for "Jakarta"
    if _joined(word, source.words):
        return True  # "Tanjungpriok" for "Tanjung Priok"
    if len(word) >= 5 and _cognate(word, source):
        return True  # the same word in Indonesian spelling ("Camera"/"kamera", "Ecstasy"/"ekstasi")
    names = source.names  # a close spelling of a *name* only, never of any source word
    if any(similar(word, n) for n in names if len(n) >= 4):
        return True
    return any(
        similar(word, e) for n in names for e in lex.english.get(n, ()) if len(e) >= 4
    )


def _joined(word: str, words: set[str]) -> bool:
    """Whether ``word`` is two words of the other text written as one (``Tanjungpriok`` /
    ``Tanjung Priok``), as Jakarta place names often are."""
    return any(word[:k] in words and word[k:] in words for k in range(3, len(word) - 2))


def _cognate(word: str, source: Text) -> bool:
    """Whether some source word spells ``word`` the Indonesian way: the same sound key (c/k,
    y/i, doubled letters), not a fuzzy likeness, so ``Semarang`` never matches ``semangat``."""
    if source.sounds is None:
        source.sounds = {sound(w) for w in source.words if len(w) >= 5}
    return sound(word) in source.sounds


def _roots(source: Text) -> set[str]:
    """The source's words with the roots their affixes may hide (made once per text)."""
    if source.roots is None:
        source.roots = {r for w in source.words for r in indonesian_roots(w)}
    return source.roots


def _translated(word: str, source: Text, lex: Lexicon) -> bool:
    """Whether the source has a dictionary translation of an English word ("War" for
    "perang", "Open" for "terbuka", "Buses" for "bis")."""
    translations = set().union(*(lex.indonesian.get(w, set()) for w in english_singulars(word)))
    return bool(translations) and bool(translations & _roots(source))


def indonesian_kept(word: str, target: Text, lex: Lexicon) -> bool:
    """Whether an Indonesian name word survives in the English (itself, a rendering, the
    words an acronym stands for, or a spelling of one among the English text's capitalised
    words)."""
    for clitic in _CLITICS:  # "IP-nya" (its IP) is "IP"
        if word.endswith(clitic) and len(word) > len(clitic) + 1:
            return indonesian_kept(word[: -len(clitic)], target, lex)
    if len(word) >= 3 and word in _initials(target):
        return True  # "PETA" as "People for the Ethical Treatment of Animals"
    if word in target.words or any(
        len(n) >= len(word) + 3 and (n.startswith(word) or n.endswith(word)) for n in target.capitalised
    ):
        return True  # itself, or part of a place written as one word ("Priok" in "Tanjungpriok")
    if any(
        all(w in target.words or w + "s" in target.words for w in phrase)  # or its plural
        for phrase in lex.renderings.get(word, ())
    ):
        return True
    renderings = {p[0] for p in lex.renderings.get(word, ()) if len(p) == 1}
    names = target.capitalised
    return any(similar(word, n) for n in names) or any(
        similar(e, n) for e in renderings for n in names
    )


_CLITICS = ("-nya", "-lah", "-pun", "-ku", "-mu")
_TOKEN = re.compile(r"[^\W\d_][\w'’.\-]*")


def _initials(target: Text) -> set[str]:
    """The initials of each run of capitalised English words (``of``, ``for``, ``the`` may sit
    inside a run), with and without its first word: the acronyms the run spells out."""
    if target.initials is None:
        found: set[str] = set()
        run: list[str] = []
        for token in [*_TOKEN.findall(target.text), ""]:
            if token[:1].isupper():
                run.append(token[0].lower())
                continue
            if token.lower() in GLUE and run:
                continue
            for k in range(min(2, len(run))):
                if len(run) - k >= 3:
                    found.add("".join(run[k:]))
            run = []
        target.initials = found
    return target.initials


def person_aliases(article: Text, lex: Lexicon) -> dict[str, set[str]]:
    """For each word of a person's name in the article, the other words of that name: news
    names a person in full once ("Mateta Rizalulhaq") and then by either part, and a
    translation may choose the other part ("kata Mateta" → "Rizalulhaq said"). Only the words
    no list knows (not places, institutions or vocabulary: "BP3MI NTT Lasro Simbolon" gives
    Lasro/Simbolon) make a person's name."""
    if article.aliases is None:
        article.aliases = {}
        for fact in article.facts:
            if fact.kind != "name":
                continue
            parts = [
                w
                for w in map(str, fact.values)
                if w not in lex.english and w not in lex.known_id and w not in lex.id_terms
            ]
            if not 2 <= len(parts) <= 4:
                continue
            for w in parts:
                article.aliases.setdefault(w, set()).update(p for p in parts if p != w)
    return article.aliases
