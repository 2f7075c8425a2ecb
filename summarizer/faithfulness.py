"""Faithfulness checks: are the numbers, dates and names in English output really in the source?

Pure functions over text. A machine translation or an abstractive summary can change a figure
("1.500" → "15,000"), a date, or swap a name; readers who cannot read the Indonesian source
cannot catch that, so we compare the *facts* of the two texts instead of hoping.

Facts are extracted by rule, in Indonesian and English alike: numbers, amounts, dates,
weekdays and times by ``figures`` (``1.500`` = ``1,500``, ``Rp21 miliar`` = ``Rp21 billion``,
``20 November 2023`` = ``November 20, 2023``); names here, with ``names`` for what a word is and
what else it may be called:

* **names**: decided by what a word is, not where it stands (``names``): sentence-initial,
  quoted and headline names are checked in both directions. A name is supported by the same
  word, a known equivalent (CLDR country and language names, provinces and cities, the
  domain's institutions, the user's glossary), or a close spelling of one of the source's
  *names* (``Amerika``/``America``) — never of an ordinary source word.

Limits, by design: the checker sees facts, not meaning — a bullet that negates the source or
attributes a quote to the wrong person whose name the article also contains passes; a
number compared with the whole article may be right in one place and wrong in another; a
name that is also a common English word (``Bill``, ``Hope``) is taken as vocabulary;
currencies are compared only when both sides state one.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .figure_index import FigureIndex
from .figures import Fact, Spans, calendar_word, figures, number_readings
from .glossary import Glossary
from .name_match import english_supported, indonesian_kept, person_aliases
from .names import (
    Lexicon,
    english_ordinary,
    fold,
    indonesian_common,
    indonesian_derived,
    is_acronym,
    lexicon,
    lexicon_for,
)

__all__ = [
    "FAITHFULNESS",
    "KIND_GROUPS",
    "Fact",
    "Finding",
    "Text",
    "analyse",
    "analyse_parts",
    "bullet_flags",
    "check_claim",
    "check_sentence",
    "describe",
    "extract_facts",
    "fold",
    "number_readings",
    "sentence_warnings",
]

FAITHFULNESS = "faithfulness/4 numbers dates times names (wordfreq, CLDR, FreeDict, SCOWL, terms)"

_WORD = re.compile(r"[^\W_][\w'’.\-]*[^\W_]|[^\W_]", re.UNICODE)
_OPEN_QUOTES = "\"'“‘«„(["
_END_PUNCT = ".!?…"



# ---------------------------------------------------------------------------- names


@dataclass
class Text:
    """One text read once: its facts, its words, and what it says about capitalisation.

    ``language`` is ``"id"`` (an Indonesian source) or ``"en"`` (a translation or bullet).
    """

    text: str
    language: str
    facts: list[Fact] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    lower: set[str] = field(default_factory=set)
    capitalised: set[str] = field(default_factory=set)
    mid_capitalised: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    figures: FigureIndex = field(default_factory=FigureIndex)
    sounds: set[str] | None = None  # spelling keys of ``words``, made when first needed
    roots: set[str] | None = None  # ``words`` and their roots, made when first needed
    aliases: dict[str, set[str]] | None = None  # see ``name_match.person_aliases``
    initials: set[str] | None = None  # see ``name_match._initials``, made when first needed


def _starts(text: str, words: list[re.Match[str]]) -> list[bool]:
    """For each word, whether it begins a text, sentence, quotation, line or list item
    (grammar capitalises it). Looks only at the gap before each word: linear in the text."""
    starts: list[bool] = []
    previous = ""
    previous_end = 0
    for m in words:
        gap = text[previous_end : m.start()]
        stripped = gap.strip()
        ends = bool(previous[-1:] in _END_PUNCT or stripped[:1] and stripped[:1] in _END_PUNCT)
        ends = ends and not _is_abbreviation(previous)
        starts.append(
            not starts
            or "\n" in gap
            or any(q in gap for q in _OPEN_QUOTES)
            or ":" in stripped
            or stripped[-1:] in "–—-" and len(stripped) > 0
            or ends
        )
        previous, previous_end = m.group(), m.end()
    return starts


_ABBREVIATIONS = frozenset(
    "dr drs ir prof pol h hj st mr mrs ms jl no kab kec jend brigjen kombes akbp sdr".split()
)


def _is_abbreviation(word: str) -> bool:
    """Title or rank before a name (``Brigjen Pol. Dayan``): its period ends no sentence."""
    return word.rstrip(".").lower() in _ABBREVIATIONS


def _title_case(words: list[str]) -> bool:
    """A headline in Title Case (most words capitalised): its capitals say little."""
    alpha = [w for w in words if w[0].isalpha() and len(w) > 3]
    return len(alpha) >= 3 and sum(w[0].isupper() for w in alpha) >= 0.8 * len(alpha)


def _headlines(text: str, words: list[re.Match[str]]) -> list[bool]:
    """For each word, whether its line is a Title-Case headline (a title, a "Baca Juga:"
    link) rather than a sentence. One pass over the words, line by line."""
    flags: list[bool] = []
    line: list[re.Match[str]] = []

    def close() -> None:
        if line:
            end = text[line[-1].end() : line[-1].end() + 2].strip()[:1]
            headline = _title_case([w.group() for w in line]) and end != "."
            flags.extend([headline] * len(line))
            line.clear()

    previous_end = 0
    for m in words:
        if "\n" in text[previous_end : m.start()]:
            close()
        line.append(m)
        previous_end = m.end()
    close()
    return flags


def _is_name(
    word: str,
    raw: str,
    start: bool,
    headline: bool,
    text: Text,
    article: Text | None,
    lex: Lexicon,
) -> bool:
    """Whether one capitalised word (folded ``word``, as written ``raw``) is part of a name.

    ``start``: grammar capitalises the word here (a sentence start, a headline)."""
    context = article or text
    if len(word) < 2:
        return False  # initials ("N. Jakarta") say too little
    if text.language == "en":
        if word in text.lower or word in context.lower or word in lex.en_title_words:
            return False
        if is_acronym(raw):
            return True
        return not english_ordinary(word, strict=start and word not in context.mid_capitalised)
    if word in lex.id_terms or word in context.lower or word in text.lower:
        return False
    if is_acronym(raw) or word in lex.known_id or word in lex.id_names:
        return True
    if indonesian_derived(word):
        return False
    if start:
        return word in context.mid_capitalised
    return not indonesian_common(word)


@functools.lru_cache(maxsize=262144)
def _forms(word: str) -> tuple[str, tuple[str, ...]]:
    """A word folded, and its hyphen- or dot-separated parts folded (``UN-sponsored``)."""
    return fold(word), tuple(fold(p) for p in re.split(r"[-.]", word) if p)


def analyse(
    text: str, language: str, article: Text | None = None, lex: Lexicon | None = None
) -> Text:
    """Read a text once: its figures, and its names judged with the ``article`` it belongs to
    (the source article for an Indonesian sentence; the translation for an English bullet)."""
    return _read(text, language, article, lex or lexicon(), [0])[0]


# Between the parts of one text read at once: a line break (so each part starts a sentence)
# and a mark that no figure pattern crosses ("20" and "November" of two sentences stay apart).
_PART_BREAK = "\n¶\n"


def analyse_parts(
    parts: Sequence[str], language: str, lex: Lexicon | None = None
) -> tuple[Text, list[Text]]:
    """Read the sentences of one article in one pass: the whole (its names judged with the
    whole as context) and one ``Text`` per sentence. Linear in the article, however many
    sentences it has."""
    joined = _PART_BREAK.join(parts)
    starts, offset = [], 0
    for part in parts:
        starts.append(offset)
        offset += len(part) + len(_PART_BREAK)
    texts = _read(joined, language, None, lex or lexicon(), starts, parts)
    return texts[0], texts[1:]


@functools.lru_cache(maxsize=4)
def _analysed_parts(
    parts: tuple[str, ...], language: str, glossary: Glossary | None
) -> tuple[Text, list[Text]]:
    """``analyse_parts``, kept for the article's next check (bullets after sentences)."""
    return analyse_parts(parts, language, lexicon_for(glossary))


def _read(
    text: str,
    language: str,
    article: Text | None,
    lex: Lexicon,
    starts: list[int],
    parts: Sequence[str] | None = None,
) -> list[Text]:
    """The whole text's ``Text``, then (with ``parts``) one per part beginning at ``starts``."""
    whole = Text(text, language)
    pieces = [Text(p, language) for p in parts] if parts is not None else []
    taken = Spans(len(text))
    facts = figures(text, taken)
    words = list(_WORD.finditer(text))
    begins = _starts(text, words)
    headlines = _headlines(text, words)
    owner = [bisect.bisect_right(starts, m.start()) - 1 for m in words] if pieces else []
    for k, (m, start, headline) in enumerate(zip(words, begins, headlines, strict=True)):
        word = m.group()
        folded, split = _forms(word)
        for result in (whole, pieces[owner[k]]) if pieces else (whole,):
            result.words.add(folded)
            result.words.update(split)
            if word[0].islower():
                result.lower.add(folded)
            elif word[0].isupper():
                result.capitalised.add(folded)
                result.capitalised.update(split)
                if not start and not headline:
                    result.mid_capitalised.add(folded)
    run: list[re.Match[str]] = []

    def flush() -> None:
        if run:
            span = text[run[0].start() : run[-1].end()]
            tokens = frozenset(fold(w.group()) for w in run)
            facts.append(Fact("name", span, tokens, start=run[0].start()))
            run.clear()

    for m, start, headline in zip(words, begins, headlines, strict=True):
        word = m.group()
        low = fold(word)
        if taken.covers(m.start()) or not word[0].isupper():
            flush()
            continue
        calendar = calendar_word(word, low, start, m.start())
        if calendar is not None:
            flush()
            facts.append(calendar)
            continue
        if "-" in word and _calendar_range(word, m.start(), taken, facts):
            flush()  # "Januari-November", "Senin-Jumat": a range of months or days
            continue
        if any(ch.isdigit() for ch in word) and not is_acronym(word):
            flush()
            continue
        if not _is_name(low, word, start or headline, headline, whole, article, lex):
            flush()
            continue
        if run and text[run[-1].end() : m.start()] not in (" ", "-"):
            flush()
        run.append(m)
    flush()
    whole.facts = sorted(facts, key=lambda f: f.start)
    for fact in whole.facts:
        _add_fact(whole, fact)
        if pieces:
            index = bisect.bisect_right(starts, fact.start) - 1
            piece = pieces[index]
            moved = replace(fact, start=fact.start - starts[index])
            piece.facts.append(moved)
            _add_fact(piece, moved)
    whole.figures.add_supporting_words(text)
    for piece in pieces:
        piece.figures.add_supporting_words(piece.text)
    return [whole, *pieces]


def _calendar_range(word: str, position: int, taken: Spans, facts: list[Fact]) -> bool:
    """Add the months or weekdays of a hyphenated range (``Januari-November``) that no date
    already holds; False when the word is not such a range."""
    found: list[Fact] = []
    offset = position
    for part in word.split("-"):
        fact = calendar_word(part, fold(part), False, offset)
        if fact is None:
            return False
        if not taken.covers(offset):
            found.append(fact)
        offset += len(part) + 1
    facts.extend(found)
    return True


def _add_fact(text: Text, fact: Fact) -> None:
    if fact.kind == "name":
        text.names.update(str(w) for w in fact.values)
    else:
        text.figures.add(fact)


def extract_facts(text: str, language: str = "id") -> list[Fact]:
    """Numbers, amounts, dates, weekdays, times and names of a text, in order."""
    return analyse(text, language).facts


# ---------------------------------------------------------------------------- comparison


def _bad_words(fact: Fact, bad: set[str]) -> Fact:
    words = [w for w in _WORD.findall(fact.span) if fold(w) in bad]
    return replace(fact, span=" ".join(words), values=frozenset(bad))


def _added(claim: Text, source: Text, names: Text, lex: Lexicon) -> list[Fact]:
    found: list[Fact] = []
    for fact in claim.facts:
        if fact.kind != "name":
            if not source.figures.has(fact, claimed=True):
                found.append(fact)
            continue
        bad = {str(w) for w in fact.values if not english_supported(str(w), names, lex)}
        if bad:
            found.append(_bad_words(fact, bad))
    return found


def _dropped(source: Text, target: Text, lex: Lexicon, article: Text | None = None) -> list[Fact]:
    lost: list[Fact] = []
    aliases = person_aliases(article, lex) if article is not None else {}
    for fact in source.facts:
        if fact.kind != "name":
            if not target.figures.has(fact, claimed=False):
                lost.append(fact)
            continue
        # A name is carried when any of its words is ("Stasiun Senen" → "Senen Station"):
        # the other words are often vocabulary that translation rightly changes. A name made
        # of dictionary words ("Tanah Abang", "Pasar Minggu") is still a name. A person is
        # also carried by another part of the full name the article gives ("Rizalulhaq").
        words = set(fact.values).union(*(aliases.get(str(w), set()) for w in fact.values))
        if not any(indonesian_kept(str(w), target, lex) for w in words):
            lost.append(fact)
    return lost


def _glossary_misses(source: str, translation: str, glossary: Glossary | None) -> list[tuple[str, str]]:
    if glossary is None:
        return []
    misses = []
    target = translation.casefold()
    for term, english in glossary.pairs:
        found = re.search(rf"(?<!\w){re.escape(term)}(?!\w)", source, re.IGNORECASE)
        if found and english.casefold() not in target:
            misses.append((found.group(), english))
    return misses


# ---------------------------------------------------------------------------- public checks

# Kinds of facts, grouped as users read them (and as the eval harness reports them).
KIND_GROUPS: dict[str, str] = {
    "number": "number",
    "ordinal": "number",
    "multiple": "number",
    "vague": "number",
    "amount": "amount",
    "date": "date/time",
    "weekday": "date/time",
    "time": "date/time",
    "name": "name",
}


@dataclass(frozen=True)
class Finding:
    """One problem with a translated sentence: a fact it ``drops``, one it ``adds``, or a
    ``glossary`` term rendered otherwise (``fact.span`` is the Indonesian term, ``expected``
    the glossary's English)."""

    direction: str
    fact: Fact
    expected: str = ""

    @property
    def group(self) -> str:
        if self.direction == "glossary":
            return "glossary"
        return KIND_GROUPS.get(self.fact.kind, self.fact.kind)


def check_sentence(
    source: str,
    translation: str,
    article: str | Text | None = None,
    glossary: Glossary | None = None,
) -> list[Finding]:
    """What a sentence's translation drops or adds (numbers, dates, times, names).

    ``article`` is the whole source text the sentence comes from (or its ``analyse``d
    ``Text``): names are "added" only if the whole article lacks them, and a word the article
    capitalises mid-sentence is a name wherever it stands. Default: the sentence itself.
    """
    if not translation.strip():
        return []
    lex = lexicon_for(glossary)
    context = analyse(article, "id", lex=lex) if isinstance(article, str) else article
    src = analyse(source, "id", context, lex)
    tgt = analyse(translation, "en", lex=lex)
    return _findings(src, tgt, context or src, lex, glossary)


def _findings(
    src: Text, tgt: Text, article: Text, lex: Lexicon, glossary: Glossary | None
) -> list[Finding]:
    findings = [Finding("drops", f) for f in _dropped(src, tgt, lex, article)]
    findings += [Finding("adds", f) for f in _added(tgt, src, article, lex)]
    findings = list({(f.direction, str(f.fact)): f for f in findings}.values())
    for term, english in _glossary_misses(src.text, tgt.text, glossary):
        findings.append(Finding("glossary", Fact("name", term, frozenset([fold(term)])), english))
    return findings


def check_claim(
    claim: str,
    source: str | Text,
    translation: str | Text | None = None,
    glossary: Glossary | None = None,
) -> list[Fact]:
    """Facts of ``claim`` (an English summary bullet) that ``source`` (the article) lacks.

    ``translation`` (the article's English) tells which capitalised words are ordinary
    English in this article (written in lowercase there).
    """
    lex = lexicon_for(glossary)
    src = analyse(source, "id", lex=lex) if isinstance(source, str) else source
    context = analyse(translation, "en", lex=lex) if isinstance(translation, str) else translation
    return _added(analyse(claim, "en", context, lex), src, src, lex)


def describe(findings: Sequence[Finding]) -> str:
    """``drops number "5" and adds name "Budi"; glossary: expected …`` (one clause a direction)."""
    parts = []
    for direction in ("drops", "adds"):
        facts = [str(f.fact) for f in findings if f.direction == direction]
        if facts:
            parts.append(f"{direction} " + ", ".join(facts))
    clauses = [" and ".join(parts)] if parts else []
    clauses += [
        f'glossary: expected "{f.expected}" for "{f.fact.span}"'
        for f in findings
        if f.direction == "glossary"
    ]
    return "; ".join(clauses)


def sentence_warnings(
    pairs: Sequence[tuple[str, str]], glossary: Glossary | None = None
) -> list[str]:
    """One warning line per sentence whose translation lost or added numbers, dates or names.

    The article and its translation are each read once (``analyse_parts``), so the check is
    linear in the article."""
    lex = lexicon_for(glossary)
    article, sources = _analysed_parts(tuple(s for s, _ in pairs), "id", glossary)
    _, targets = analyse_parts([t for _, t in pairs], "en", lex)
    warnings: list[str] = []
    for number, (source, target) in enumerate(zip(sources, targets, strict=True), 1):
        if not target.text.strip():
            continue
        findings = _findings(source, target, article, lex, glossary)
        if not findings:
            continue
        text = source.text
        excerpt = text if len(text) <= 50 else text[:47].rstrip() + "…"
        warnings.append(
            f"Sentence {number} (“{excerpt}”): the translation {describe(findings)}; check it."
        )
    return warnings


def bullet_flags(
    sources: Sequence[str],
    translation: str,
    bullets: Sequence[str],
    glossary: Glossary | None = None,
) -> list[list[str]]:
    """For each bullet, the facts it states that the source sentences do not support."""
    lex = lexicon_for(glossary)
    source, _ = _analysed_parts(tuple(sources), "id", glossary)
    english = analyse(translation, "en", lex=lex)
    return [
        [f"{fact} not in the source" for fact in check_claim(bullet, source, english, glossary)]
        for bullet in bullets
    ]
