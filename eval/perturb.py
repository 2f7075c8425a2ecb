"""Errors the faithfulness harness makes itself, from human references, with a fixed seed.

Each perturbation changes, deletes or inserts one fact (a number, an amount, a date, a name) so
that the checker can be asked whether it sees it; ``perturb`` dispatches by kind. Every one
draws from its own ``random.Random(f"{seed}:{id}:{kind}")``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from summarizer.faithfulness import (
    Fact,
    extract_facts,
)
from summarizer.names import lexicon

from .data import TranslationExample

NUMBER_KINDS = frozenset({"number", "ordinal", "multiple", "vague"})

# (key, label, category); category "numeric" or "name".
PERTURBATIONS: tuple[tuple[str, str, str], ...] = (
    ("change_number", "change a number", "numeric"),
    ("delete_number", "delete a number phrase", "numeric"),
    ("change_date", "change a date", "numeric"),
    ("insert_year", "insert a year", "numeric"),
    ("insert_amount", "insert an amount", "numeric"),
    ("change_amount", "change an amount", "numeric"),
    ("swap_name_mid", "swap a name mid-sentence", "name"),
    ("swap_name_start", "swap a name at the start", "name"),
    ("insert_name", "insert a name", "name"),
)
LABELS = {key: label for key, label, _ in PERTURBATIONS}
CATEGORY = {key: category for key, _, category in PERTURBATIONS}
SENTENCE_ONLY = frozenset({"delete_number"})  # bullets select: a missing figure is no error

_WORD = re.compile(r"[^\W\d_][\w'’\-]*[^\W_]|[^\W\d_]", re.UNICODE)
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR_IN_SPAN = re.compile(r"(?<!\d)(?:1[89]|20|21)\d{2}(?!\d)")
_OPENING = "\"'“‘«„([ \t"
_FINAL_PERIOD = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")
_FINAL_PUNCT = re.compile(r"[.!?…]*[\"'”’»)\]]*\s*$")
_NOT_MID = ".!?:;\"“”‘’'([{«»—–-\n"
_POSSESSIVE = re.compile(r"['’]s$")
_ORDINAL_SUFFIX = re.compile(r"^(st|nd|rd|th)\b")

EN_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
EN_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_WORD = re.compile(
    r"(?i)\b("
    + "|".join(sorted({*EN_MONTHS, *EN_MONTH_ABBR, "Sept"}, key=len, reverse=True))
    + r")\b"
)

# Amount forms for "insert an amount": compact ones included (the failure class).
AMOUNT_FORMS: tuple[tuple[str, Callable[[random.Random], tuple[str, str]]], ...] = (
    ("$Nm", lambda r: (f"${(v := r.randint(11, 999))}m", str(v))),
    ("US$N.Nbn", lambda r: (f"US${(v := f'{r.randint(2, 99)}.{r.randint(1, 9)}')}bn", v)),
    ("RpN billion", lambda r: (f"Rp{(v := r.randint(11, 999))} billion", str(v))),
    (
        "Rp N.N million",
        lambda r: (f"Rp {(v := f'{r.randint(2, 99)}.{r.randint(1, 9)}')} million", v),
    ),
    ("IDR N,000", lambda r: (f"IDR {(v := f'{r.randint(101, 999)},000')}", v)),
)


# ---------------------------------------------------------------------------- perturbations


@dataclass(frozen=True)
class Perturbation:
    """A reference with one error the harness made: ``change`` says what (``"5" → "8"``)."""

    kind: str
    text: str
    change: str
    form: str = ""  # the amount form, for insert_amount


@dataclass(frozen=True)
class Corpus:
    """What perturbations draw on beyond one pair: the name pool and the file's lowercase words."""

    names: tuple[str, ...] = ()
    lowercase: frozenset[str] = frozenset()


def pair_rng(seed: int, id_: str, kind: str) -> random.Random:
    """One generator per pair and perturbation (string seeds are hashed stably by ``random``)."""
    return random.Random(f"{seed}:{id_}:{kind}")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def folded_words(*texts: str) -> frozenset[str]:
    return frozenset(w.lower() for t in texts for w in words(t))


def digit_tokens(text: str) -> frozenset[str]:
    """Digit-written numbers of a text, with and without their separators."""
    tokens = _DIGITS.findall(text)
    return frozenset(tokens) | frozenset(re.sub(r"[.,]", "", t) for t in tokens)


def _grouped(groups: list[str]) -> bool:
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def _format_int(value: int, sep: str | None, width: int) -> str:
    if sep:
        return f"{value:,}".replace(",", sep)
    return str(value).zfill(width) if width > 1 and value < 10 ** (width - 1) * 10 else str(value)


def shift_number(token: str, rng: random.Random) -> str:
    """A different value written the same way: ``1,500`` → ``1,507``; ``3.5`` → ``9.5``;
    ``08`` → ``05``; ``40`` → ``400``. The integer part changes by ±1..9 or ×10."""
    seps = re.findall(r"[.,]", token)
    groups = re.split(r"[.,]", token)
    if len(set(seps)) == 1 and _grouped(groups):
        int_text, sep, tail = "".join(groups), seps[0], ""
    elif seps:  # the last separator is a decimal point
        int_text, tail = token[: -len(groups[-1]) - 1], token[-len(groups[-1]) - 1 :]
        int_seps = re.findall(r"[.,]", int_text)
        sep = int_seps[0] if int_seps else ""
        int_text = re.sub(r"[.,]", "", int_text)
    else:
        int_text, sep, tail = token, "", ""
    value = int(int_text)
    width = len(int_text) if int_text.startswith("0") else 1
    if rng.random() < 0.2 and value > 0:
        new = value * 10
    else:
        delta = rng.randint(1, 9)
        new = value - delta if rng.random() < 0.5 and value - delta >= 0 else value + delta
    return _format_int(new, sep or None, width) + tail


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _replace_number_in(
    text: str, fact: Fact, source: str, rng: random.Random
) -> tuple[str, str] | None:
    """``text`` with the first digit token inside ``fact`` changed to a value the source lacks."""
    span_at = text.find(fact.span, fact.start)
    if span_at < 0:
        return None
    m = _DIGITS.search(fact.span)
    if m is None:
        return None
    taken = digit_tokens(source) | digit_tokens(text)
    old = m.group()
    for _ in range(30):
        new = shift_number(old, rng)
        if new == old or new in taken or re.sub(r"[.,]", "", new) in taken:
            continue
        after = fact.span[m.end() :]
        suffix = _ORDINAL_SUFFIX.match(after)
        if suffix and new.isdigit():
            after = _ordinal(int(new)) + after[suffix.end() :]
        span = fact.span[: m.start()] + new + after
        return text[:span_at] + span + text[span_at + len(fact.span) :], f'"{fact.span}" → "{span}"'
    return None


def _digit_facts(facts: Sequence[Fact], kinds: Iterable[str]) -> list[Fact]:
    wanted = frozenset(kinds)
    return [f for f in facts if f.kind in wanted and _DIGITS.search(f.span)]


def change_number(
    reference: str, source: str, facts: Sequence[Fact], rng: random.Random
) -> Perturbation | None:
    """Change a digit-written number (±1..9 or ×10, same format) to one the source lacks."""
    candidates = _digit_facts(facts, NUMBER_KINDS)
    if not candidates:
        return None
    changed = _replace_number_in(reference, rng.choice(candidates), source, rng)
    return Perturbation("change_number", *changed) if changed else None


def change_amount(
    reference: str, source: str, facts: Sequence[Fact], rng: random.Random
) -> Perturbation | None:
    """Change the figure of an amount (``Rp 4.5 million`` → ``Rp 7.5 million``)."""
    candidates = _digit_facts(facts, ("amount",))
    if not candidates:
        return None
    changed = _replace_number_in(reference, rng.choice(candidates), source, rng)
    return Perturbation("change_amount", *changed) if changed else None


def _tidy(text: str) -> str:
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)  # "Suryadi (50)" without its number
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"([(\[])\s+", r"\1", text)
    return text.strip()


def _locate(
    reference: str, candidates: Sequence[Fact], rng: random.Random
) -> tuple[Fact, int] | None:
    """One of ``candidates``, drawn with ``rng``, and where its span stands in ``reference``."""
    if not candidates:
        return None
    fact = rng.choice(candidates)
    at = reference.find(fact.span, fact.start)
    return (fact, at) if at >= 0 else None


def delete_number(
    reference: str, source: str, facts: Sequence[Fact], rng: random.Random
) -> Perturbation | None:
    """Remove a number or amount phrase (its whole fact span)."""
    found = _locate(reference, [f for f in facts if f.kind in NUMBER_KINDS | {"amount"}], rng)
    if found is None:
        return None
    fact, at = found
    text = _tidy(reference[:at] + reference[at + len(fact.span) :])
    return Perturbation("delete_number", text, f'"{fact.span}" deleted')


def _date_key(value: object) -> tuple[int | None, int | None, int | None] | None:
    if isinstance(value, tuple) and len(value) == 3:
        return (value[0], value[1], value[2])
    return None


def _agree(a: tuple[int | None, ...], b: tuple[int | None, ...]) -> bool:
    return all(x is None or y is None or x == y for x, y in zip(a, b, strict=True))


def _date_changes(span: str, rng: random.Random) -> list[tuple[int, int, str]]:
    """Candidate edits ``(start, end, replacement)`` of one day, month or year in a date span."""
    edits: list[tuple[int, int, str]] = []
    years = list(_YEAR_IN_SPAN.finditer(span))
    months = list(_MONTH_WORD.finditer(span))
    year_spans = [(m.start(), m.end()) for m in years]
    days = [
        m
        for m in re.finditer(r"(?<![\d.,])\d{1,2}(?!\d)", span)
        if not any(a <= m.start() < b for a, b in year_spans)
    ]
    parts: list[str] = []
    if years:
        parts.append("year")
    if months:
        parts.append("month")
    if days:
        parts.append("day")
    if not parts:
        return edits
    part = rng.choice(parts)
    if part == "year":
        m = rng.choice(years)
        old = int(m.group())
        new = old + rng.choice([d for d in range(-9, 10) if d])
        edits.append((m.start(), m.end(), str(new)))
    elif part == "month":
        m = rng.choice(months)
        word = m.group()
        names = (
            EN_MONTH_ABBR if len(word) <= 4 and word.lower() not in ("june", "july") else EN_MONTHS
        )
        others = [n for n in names if n.lower() != word.lower()[: len(n)].lower()]
        new_word = rng.choice(others)
        if word.isupper():
            new_word = new_word.upper()
        edits.append((m.start(), m.end(), new_word))
    else:
        m = rng.choice(days)
        old = int(m.group())
        slash = "/" in span
        top = 12 if slash else 28
        new = rng.choice([d for d in range(1, top + 1) if d != old])
        text = str(new).zfill(len(m.group())) if m.group().startswith("0") else str(new)
        edits.append((m.start(), m.end(), text))
    return edits


def change_date(
    reference: str, source: str, facts: Sequence[Fact], rng: random.Random
) -> Perturbation | None:
    """Change the day, month or year of a date to one no date of the source agrees with."""
    found = _locate(reference, [f for f in facts if f.kind == "date"], rng)
    if found is None:
        return None
    fact, at = found
    source_dates = [
        d for f in extract_facts(source) if f.kind == "date" for d in map(_date_key, f.values) if d
    ]
    for _ in range(20):
        edits = _date_changes(fact.span, rng)
        if not edits:
            return None
        a, b, new = edits[0]
        span = fact.span[:a] + new + fact.span[b:]
        text = reference[:at] + span + reference[at + len(fact.span) :]
        new_facts = [f for f in extract_facts(text) if f.kind == "date" and f.start == at]
        if not new_facts:
            continue
        values = [d for d in map(_date_key, new_facts[0].values) if d]
        if not values or any(_agree(v, s) for v in values for s in source_dates):
            continue
        return Perturbation("change_date", text, f'"{fact.span}" → "{span}"')
    return None


def pick_name(corpus: Corpus, exclude: frozenset[str], rng: random.Random) -> str | None:
    """A pool name that neither text of the pair contains (case-insensitively)."""
    if not corpus.names:
        return None
    for _ in range(200):
        name = rng.choice(corpus.names)
        if name.lower() not in exclude:
            return name
    return None


def _mid_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return bool(before) and before[-1] not in _NOT_MID


def _with_possessive(old: str, new: str) -> str:
    m = _POSSESSIVE.search(old)
    return new + m.group() if m else new


def swap_name_mid(
    reference: str, source: str, facts: Sequence[Fact], rng: random.Random, corpus: Corpus
) -> Perturbation | None:
    """Replace a mid-sentence name with a pool name."""
    candidates = [f for f in facts if f.kind == "name" and _mid_sentence(reference, f.start)]
    if not candidates:
        return None
    fact = rng.choice(candidates)
    name = pick_name(corpus, folded_words(source, reference), rng)
    at = reference.find(fact.span, fact.start)
    if name is None or at < 0:
        return None
    new = _with_possessive(fact.span, name)
    text = reference[:at] + new + reference[at + len(fact.span) :]
    return Perturbation("swap_name_mid", text, f'"{fact.span}" → "{new}"')


def _capitalised_mid(source: str) -> frozenset[str]:
    """Words the source writes capitalised somewhere other than a sentence start."""
    out = set()
    for m in _WORD.finditer(source):
        w = m.group()
        if w[0].isupper() and _mid_sentence(source, m.start()):
            out.add(_POSSESSIVE.sub("", w))
    return frozenset(out)


def start_name(
    reference: str, source: str, facts: Sequence[Fact], corpus: Corpus
) -> tuple[int, str] | None:
    """``(offset, span)`` of the name the reference starts with, if the source has that name.

    The first word (after opening quotes and brackets) begins a name when the checker extracts
    a name there, or when the source writes it capitalised mid-sentence and the file never
    writes it in lowercase; the span runs over the following words of the same kind.
    """
    lead = len(reference) - len(reference.lstrip(_OPENING))
    first = _WORD.match(reference, lead)
    if first is None or not first.group()[0].isupper():
        return None
    source_words = folded_words(source)
    for f in facts:
        if f.kind == "name" and f.start == first.start():
            if all(w.lower() in source_words for w in words(_POSSESSIVE.sub("", f.span))):
                return f.start, f.span
            return None
    mid = _capitalised_mid(source)
    run: list[re.Match[str]] = []
    for m in _WORD.finditer(reference, first.start()):
        w = _POSSESSIVE.sub("", m.group())
        gap = reference[run[-1].end() : m.start()] if run else ""
        if run and gap not in (" ", "-"):
            break
        if not w[0].isupper() or w not in mid or w.lower() in corpus.lowercase:
            break
        run.append(m)
    if not run:
        return None
    return run[0].start(), reference[run[0].start() : run[-1].end()]


def swap_name_start(
    reference: str, source: str, facts: Sequence[Fact], rng: random.Random, corpus: Corpus
) -> Perturbation | None:
    """Replace the name a reference starts with (one the source also has) with a pool name."""
    found = start_name(reference, source, facts, corpus)
    if found is None:
        return None
    at, span = found
    name = pick_name(corpus, folded_words(source, reference), rng)
    if name is None:
        return None
    new = _with_possessive(span, name)
    text = reference[:at] + new + reference[at + len(span) :]
    return Perturbation("swap_name_start", text, f'"{span}" → "{new}"')


def _lower_start(text: str, source: str, corpus: Corpus) -> str:
    """Lowercase the first letter when the first word is an ordinary word (``The`` → ``the``)."""
    first = _WORD.match(text)
    if first is None:
        return text
    w = first.group()
    long_words = [x for x in words(text) if len(x) > 3]
    headline = (
        not _FINAL_PERIOD.search(text)
        and len(long_words) >= 3
        and sum(x[0].isupper() for x in long_words) >= 0.6 * len(long_words)
    )
    ordinary = (
        not headline
        and w[0].isupper()
        and w[1:] == w[1:].lower()
        and w != "I"
        and not w.startswith(("I'", "I’"))
        and w.lower() in corpus.lowercase
        and w not in _capitalised_mid(source)
    )
    return text[0].lower() + text[1:] if ordinary else text


def insert_name(
    reference: str, source: str, facts: Sequence[Fact], rng: random.Random, corpus: Corpus
) -> Perturbation | None:
    """Attribute the sentence to a pool name: "According to X, …" or "…, X said."."""
    name = pick_name(corpus, folded_words(source, reference), rng)
    if name is None:
        return None
    text = reference.strip()
    forms = ["prefix"]
    if text.endswith(".") and not text.endswith(".."):
        forms.append("suffix")
    if rng.choice(forms) == "suffix":
        return Perturbation(
            "insert_name", f"{text[:-1]}, {name} said.", f'", {name} said." appended'
        )
    return Perturbation(
        "insert_name",
        f"According to {name}, {_lower_start(text, source, corpus)}",
        f'"According to {name}, " prepended',
    )


def insert_year(
    reference: str, source: str, facts: Sequence[Fact], rng: random.Random, corpus: Corpus
) -> Perturbation | None:
    """Prefix "In {year}, " with a year (1990-2030) neither text contains."""
    taken = digit_tokens(source) | digit_tokens(reference)
    years = [y for y in range(1990, 2031) if str(y) not in taken]
    if not years:
        return None
    year = rng.choice(years)
    text = f"In {year}, {_lower_start(reference.strip(), source, corpus)}"
    return Perturbation("insert_year", text, f'"In {year}, " prepended')


def insert_amount(
    reference: str, source: str, facts: Sequence[Fact], rng: random.Random
) -> Perturbation | None:
    """Insert ", worth {amount}" before the final punctuation; compact forms included."""
    taken = digit_tokens(source) | digit_tokens(reference)
    form, make = rng.choice(AMOUNT_FORMS)
    for _ in range(30):
        amount, value = make(rng)
        if value in taken or re.sub(r"[.,]", "", value) in taken:
            continue
        text = reference.strip()
        end = _FINAL_PUNCT.search(text)
        at = end.start() if end else len(text)
        return Perturbation(
            "insert_amount", f"{text[:at]}, worth {amount}{text[at:]}", f'", worth {amount}"', form
        )
    return None


def perturb(
    kind: str, ex: TranslationExample, facts: Sequence[Fact], seed: int, corpus: Corpus
) -> Perturbation | None:
    """The ``kind`` perturbation of one pair's reference (``None`` when it has nothing to change)."""
    rng = pair_rng(seed, ex.id, kind)
    ref, src = ex.reference, ex.source
    if kind == "change_number":
        return change_number(ref, src, facts, rng)
    if kind == "delete_number":
        return delete_number(ref, src, facts, rng)
    if kind == "change_date":
        return change_date(ref, src, facts, rng)
    if kind == "change_amount":
        return change_amount(ref, src, facts, rng)
    if kind == "insert_amount":
        return insert_amount(ref, src, facts, rng)
    if kind == "insert_year":
        return insert_year(ref, src, facts, rng, corpus)
    if kind == "swap_name_mid":
        return swap_name_mid(ref, src, facts, rng, corpus)
    if kind == "swap_name_start":
        return swap_name_start(ref, src, facts, rng, corpus)
    if kind == "insert_name":
        return insert_name(ref, src, facts, rng, corpus)
    raise ValueError(f"unknown perturbation {kind!r}")


def build_corpus(examples: Sequence[TranslationExample], facts: Sequence[Sequence[Fact]]) -> Corpus:
    """The name pool and the file's lowercase words.

    Pool names are the single capitalised words (≥4 letters) of the name facts of the
    references, not at the start of their reference, that the pair's Indonesian source also
    writes capitalised mid-sentence (a proper name, which translation leaves as it is: not
    ``Islamic``, ``Europe`` or ``King``), that the file never writes in lowercase and that
    the English dictionary (``summarizer/data/dictionary.tsv``, FreeDict) does not list as a
    common word: a swap to ``Reef`` or ``Society`` would test vocabulary, not names.
    """
    lowercase = frozenset(
        w for ex in examples for w in words(ex.reference) if w == w.lower() and w.isalpha()
    )
    names: set[str] = set()
    for ex, fs in zip(examples, facts, strict=True):
        kept = _capitalised_mid(ex.source)  # a name the translation leaves as it is
        for f in fs:
            if f.kind != "name":
                continue
            for m in _WORD.finditer(f.span):
                w = _POSSESSIVE.sub("", m.group())
                if f.start + m.start() > 0 and _pool_word(w, lowercase, kept):
                    names.add(w)
    return Corpus(tuple(sorted(names)), lowercase)


def _pool_word(w: str, lowercase: frozenset[str], kept: frozenset[str]) -> bool:
    return (
        len(w) >= 4
        and w.isalpha()
        and w[0].isupper()
        and w[1:] == w[1:].lower()
        and w.lower() not in lowercase
        and w.lower() not in lexicon().en_dictionary_words  # "Reef", "Style": words, not names
        and w in kept
    )
