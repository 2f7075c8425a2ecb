"""``python -m eval faithfulness``: false alarms and detection rate of the faithfulness checker.

Two measurements on ``{id, source, reference}`` pairs (Indonesian source, human English
reference), both through the public checker API of ``summarizer.faithfulness``:

* **False alarms.** Human references are faithful apart from a few genuine slips, so the share
  of pairs that ``check_sentence(source, reference)`` warns about is (close to) the checker's
  false-alarm rate: reported overall, for numbers/dates/amounts, and per group and direction,
  with the most frequent alarms and a seeded sample of warned pairs to audit by hand.
* **Detection.** From each reference that gets no warning, the harness makes its own errors with
  a fixed seed (change a number, delete a number phrase, change a date, swap a name mid-sentence
  and at the start, insert a name, a year, an amount, change an amount) and counts how many the
  checker sees: as a translated sentence (``check_sentence``) and as a summary bullet
  (``check_claim``; deletions are skipped there, since bullets select).

Every perturbation draws from its own ``random.Random(f"{seed}:{id}:{kind}")``, so a pair is
perturbed the same way whatever the checker says about other pairs or how the file is cut.
"""

from __future__ import annotations

import csv
import hashlib
import json
import platform
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from summarizer import __version__
from summarizer.faithfulness import (
    FAITHFULNESS,
    Fact,
    Finding,
    check_claim,
    check_sentence,
    describe,
    extract_facts,
)

from .bootstrap import DEFAULT_SEED
from .data import DataError, TranslationExample, load_translations, sha256

# ---------------------------------------------------------------------------- constants

GROUPS = ("number", "amount", "date/time", "name")
DIRECTIONS = ("drops", "adds")
NUMERIC_GROUPS = frozenset({"number", "amount", "date/time"})
NUMBER_KINDS = frozenset({"number", "ordinal", "multiple", "vague"})

TARGETS = {
    "any_warning_max": 18.0,
    "number_date_amount_warning_max": 7.0,
    "detection_numeric_min": 97.0,
    "detection_names_min": 95.0,
    "audit_precision_min": 80.0,
}

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
MODES = ("sentences", "bullets")

DEFAULT_AUDIT_SAMPLE = 60
TOP_FALSE_ALARMS = 25
MISSED_EXAMPLES = 3
AUDIT_COLUMNS = ("id", "finding", "source", "reference", "verdict", "reason")
VERDICTS = ("genuine", "false")

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


def delete_number(
    reference: str, source: str, facts: Sequence[Fact], rng: random.Random
) -> Perturbation | None:
    """Remove a number or amount phrase (its whole fact span)."""
    candidates = [f for f in facts if f.kind in NUMBER_KINDS or f.kind == "amount"]
    if not candidates:
        return None
    fact = rng.choice(candidates)
    at = reference.find(fact.span, fact.start)
    if at < 0:
        return None
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
    candidates = [f for f in facts if f.kind == "date"]
    if not candidates:
        return None
    fact = rng.choice(candidates)
    at = reference.find(fact.span, fact.start)
    if at < 0:
        return None
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
    ``Islamic``, ``Europe`` or ``King``) and that the file never writes in lowercase.
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
        and w in kept
    )


# ---------------------------------------------------------------------------- measurement


def pct(count: int, n: int) -> float | None:
    return round(100.0 * count / n, 1) if n else None


def rate(count: int, n: int) -> dict[str, Any]:
    return {"count": count, "n": n, "pct": pct(count, n)}


def fmt_pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def excerpt(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class PairResult:
    example: TranslationExample
    facts: list[Fact]
    findings: list[Finding]
    claim_findings: list[Fact]


@dataclass
class DetectionCell:
    n: int = 0
    detected: int = 0
    missed: list[dict[str, str]] = field(default_factory=list)
    forms: dict[str, list[int]] = field(default_factory=dict)  # form -> [n, detected]

    def add(self, ok: bool, example: dict[str, str], form: str = "") -> None:
        self.n += 1
        self.detected += ok
        if not ok:
            self.missed.append(example)
        if form:
            counts = self.forms.setdefault(form, [0, 0])
            counts[0] += 1
            counts[1] += ok

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "n": self.n,
            "detected": self.detected,
            "pct": pct(self.detected, self.n),
        }
        if self.forms:
            out["forms"] = {
                k: {"n": v[0], "detected": v[1], "pct": pct(v[1], v[0])}
                for k, v in sorted(self.forms.items())
            }
        return out


def human_rates(pairs: Sequence[PairResult]) -> dict[str, Any]:
    n = len(pairs)
    any_warning = sum(bool(p.findings) for p in pairs)
    numeric = sum(any(f.group in NUMERIC_GROUPS for f in p.findings) for p in pairs)
    by_group = {
        g: {
            d: rate(
                sum(any(f.group == g and f.direction == d for f in p.findings) for p in pairs), n
            )
            for d in DIRECTIONS
        }
        | {"any": rate(sum(any(f.group == g for f in p.findings) for p in pairs), n)}
        for g in GROUPS
    }
    return {
        "n": n,
        "any_warning": rate(any_warning, n),
        "number_date_amount_warning": rate(numeric, n),
        "name_warning": rate(sum(any(f.group == "name" for f in p.findings) for p in pairs), n),
        "by_group": by_group,
        "findings": sum(len(p.findings) for p in pairs),
    }


def false_alarms(pairs: Sequence[PairResult], top: int = TOP_FALSE_ALARMS) -> list[dict[str, Any]]:
    counts: Counter[tuple[str, str, str]] = Counter()
    first: dict[tuple[str, str, str], PairResult] = {}
    pair_counts: Counter[tuple[str, str, str]] = Counter()
    for p in pairs:
        keys = [(f.direction, f.group, f.fact.span.lower()) for f in p.findings]
        for key in keys:
            counts[key] += 1
            first.setdefault(key, p)
        for key in set(keys):
            pair_counts[key] += 1
    rows = []
    for (direction, group, span), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[
        :top
    ]:
        ex = first[(direction, group, span)].example
        rows.append(
            {
                "direction": direction,
                "group": group,
                "span": span,
                "count": count,
                "pairs": pair_counts[(direction, group, span)],
                "example": {
                    "id": ex.id,
                    "source": excerpt(ex.source),
                    "reference": excerpt(ex.reference),
                },
            }
        )
    return rows


def detect(
    pairs: Sequence[PairResult], seed: int, corpus: Corpus
) -> tuple[dict[str, dict[str, DetectionCell]], dict[str, int]]:
    """Detection cells per mode and perturbation, and the base N of each mode."""
    cells = {mode: {key: DetectionCell() for key, _, _ in PERTURBATIONS} for mode in MODES}
    base = {"sentences": 0, "bullets": 0}
    for p in pairs:
        clean_sentence = not p.findings
        clean_claim = not p.claim_findings
        base["sentences"] += clean_sentence
        base["bullets"] += clean_claim
        if not (clean_sentence or clean_claim):
            continue
        ex = p.example
        for key, _, _ in PERTURBATIONS:
            made = perturb(key, ex, p.facts, seed, corpus)
            if made is None:
                continue
            row = {"id": ex.id, "change": made.change, "source": ex.source, "perturbed": made.text}
            if clean_sentence:
                found = check_sentence(ex.source, made.text)
                cells["sentences"][key].add(bool(found), row, made.form)
            if clean_claim and key not in SENTENCE_ONLY:
                cells["bullets"][key].add(bool(check_claim(made.text, ex.source)), row, made.form)
    return cells, base


def totals(cells: dict[str, DetectionCell], category: str) -> dict[str, Any]:
    n = sum(c.n for k, c in cells.items() if CATEGORY[k] == category)
    d = sum(c.detected for k, c in cells.items() if CATEGORY[k] == category)
    return {"n": n, "detected": d, "pct": pct(d, n)}


# ---------------------------------------------------------------------------- audit


def audit_rank(seed: int, id_: str) -> str:
    """A stable per-id rank: the sample keeps its pairs while they stay warned."""
    return hashlib.sha256(f"{seed}:{id_}".encode()).hexdigest()


def audit_sample(pairs: Sequence[PairResult], size: int, seed: int) -> list[PairResult]:
    warned = [p for p in pairs if p.findings]
    chosen = {
        p.example.id for p in sorted(warned, key=lambda p: audit_rank(seed, p.example.id))[:size]
    }
    return [p for p in warned if p.example.id in chosen]


def _cell(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def write_audit(path: Path, rows: Sequence[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(AUDIT_COLUMNS) + "\n")
        for row in rows:
            fh.write("\t".join(_cell(row.get(c, "")) for c in AUDIT_COLUMNS) + "\n")


def read_audit(path: str | Path) -> list[dict[str, str]]:
    """Rows of an audit TSV; a missing file, wrong header or unknown verdict is a DataError."""
    p = Path(path)
    if not p.is_file():
        raise DataError(f"{path}: no such audit file.")
    try:
        lines = p.read_text("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not valid UTF-8 ({exc.reason}).") from exc
    if not lines:
        raise DataError(f"{path}: the audit file is empty.")
    header = [c.strip().strip('"').lower() for c in lines[0].split("\t")]
    missing = [c for c in ("id", "verdict") if c not in header]
    if missing:
        raise DataError(
            f"{path} line 1: no {' or '.join(missing)} column (expected {', '.join(AUDIT_COLUMNS)})."
        )
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("\t")]
        cells += [""] * (len(header) - len(cells))
        row = dict(zip(header, cells, strict=False))
        row = {
            k: (v[1:-1] if len(v) >= 2 and v[0] == v[-1] == '"' and k != "finding" else v)
            for k, v in row.items()
        }
        verdict = row.get("verdict", "").strip().lower()
        if verdict and verdict not in VERDICTS:
            raise DataError(
                f"{path} line {number}: verdict {row['verdict']!r} is neither 'genuine' nor 'false' "
                "(or empty)."
            )
        row["verdict"] = verdict
        rows.append(row)
    return rows


def audit_filled(rows: Sequence[dict[str, str]]) -> bool:
    return any(r.get("verdict") for r in rows)


def audit_summary(
    rows: Sequence[dict[str, str]], current: dict[str, str], path: str
) -> dict[str, Any]:
    """Precision over the marked rows whose pair is still warned with the same finding; rows
    whose finding changed (or is gone) are listed to re-audit, not counted."""
    marked = [r for r in rows if r.get("verdict")]
    counted = [
        r
        for r in marked
        if current.get(r.get("id", "")) == r.get("finding", current.get(r.get("id", "")))
    ]
    stale = [r for r in marked if r not in counted]
    genuine = sum(r["verdict"] == "genuine" for r in counted)
    precision = pct(genuine, len(counted))
    return {
        "file": path,
        "rows": len(rows),
        "marked": len(counted),
        "genuine": genuine,
        "false": len(counted) - genuine,
        "precision": precision,
        "target": TARGETS["audit_precision_min"],
        "met": None if precision is None else precision >= TARGETS["audit_precision_min"],
        "false_rows": [
            {"id": r.get("id", ""), "finding": r.get("finding", ""), "reason": r.get("reason", "")}
            for r in counted
            if r["verdict"] == "false"
        ],
        "stale": [
            {
                "id": r.get("id", ""),
                "audited": r.get("finding", ""),
                "now": current.get(r.get("id", ""), ""),
            }
            for r in stale
        ],
        "unmarked": len(rows) - len(marked),
    }


# ---------------------------------------------------------------------------- reports


def met(value: float | None, target: float, at_most: bool) -> str:
    if value is None:
        return "n/a"
    return "met" if (value <= target if at_most else value >= target) else "missed"


def summary_table(scores: dict[str, Any]) -> str:
    """The compact table printed to stdout."""
    h = scores["human_pairs"]
    d = scores["detection"]
    t = TARGETS
    lines = [
        f"{'human pairs (false alarms)':<34} {'pairs':>11} {'rate':>7}  target",
        f"{'  any warning':<34} {h['any_warning']['count']:>5} / {h['n']:<5}"
        f"{fmt_pct(h['any_warning']['pct']):>7}  <= {t['any_warning_max']:.0f}%  "
        f"{met(h['any_warning']['pct'], t['any_warning_max'], True)}",
        f"{'  number/date/amount warning':<34} {h['number_date_amount_warning']['count']:>5} / {h['n']:<5}"
        f"{fmt_pct(h['number_date_amount_warning']['pct']):>7}  <= {t['number_date_amount_warning_max']:.0f}%  "
        f"{met(h['number_date_amount_warning']['pct'], t['number_date_amount_warning_max'], True)}",
    ]
    for g in GROUPS:
        cells = h["by_group"][g]
        lines.append(
            f"{'  ' + g + ' drops / adds':<34} {cells['drops']['count']:>5} / {cells['adds']['count']:<5}"
            f"{fmt_pct(cells['drops']['pct']):>7} / {fmt_pct(cells['adds']['pct'])}"
        )
    base = d["base"]
    lines += [
        "",
        f"{'detection':<34} {'sentences':>16}   {'bullets':>16}",
        f"{'  base (pairs with no finding)':<34} {base['sentences']:>16}   {base['bullets']:>16}",
    ]

    def cell(c: dict[str, Any] | None) -> str:
        if c is None:
            return f"{'-':>16}"
        return f"{c['detected']:>5}/{c['n']:<5}{fmt_pct(c['pct']):>6}"

    for label, s, b, target in detection_rows(d, "numbers/dates/amounts"):
        if target is None:
            lines.append(f"{'  ' + label:<34} {cell(s)}   {cell(b)}")
            continue
        assert s is not None and b is not None
        lines.append(
            f"{'  all ' + label + f' (>= {target:.0f}%)':<34} {cell(s)}   {cell(b)}  "
            f"{met(s['pct'], target, False)} / {met(b['pct'], target, False)}"
        )
    audit = scores.get("audit")
    if audit:
        lines += [
            "",
            f"audit precision: {audit['genuine']}/{audit['marked']} genuine = "
            f"{fmt_pct(audit['precision'])} (>= {t['audit_precision_min']:.0f}%: "
            f"{met(audit['precision'], t['audit_precision_min'], False)})"
            + (f"; {len(audit['stale'])} rows to re-audit" if audit["stale"] else ""),
        ]
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


Cell = dict[str, Any] | None


def detection_rows(d: dict[str, Any], numeric: str) -> list[tuple[str, Cell, Cell, float | None]]:
    """The detection table's rows, for the printed summary and report.md alike: one per
    perturbation (sentences, bullets; no target), then the two totals with their targets."""
    rows: list[tuple[str, Cell, Cell, float | None]] = [
        (label, d["sentences"]["perturbations"][key], d["bullets"]["perturbations"].get(key), None)
        for key, label, _ in PERTURBATIONS
    ]
    for cat, label, target in (
        ("numeric", numeric, TARGETS["detection_numeric_min"]),
        ("name", "names", TARGETS["detection_names_min"]),
    ):
        rows.append((label, d["sentences"]["totals"][cat], d["bullets"]["totals"][cat], target))
    return rows


def markdown(scores: dict[str, Any], missed: dict[str, dict[str, list[dict[str, str]]]]) -> str:
    h = scores["human_pairs"]
    d = scores["detection"]
    t = TARGETS
    data = scores["data"]
    sig = scores["signature"]
    lines = [
        f"# {scores['title']}",
        "",
        f"- Data: `{data['path']}` (sha256 `{data['sha256'][:16]}…`), {data['examples']} pairs"
        + (f" (first {data['limit']})" if data.get("limit") else ""),
        f"- Checker: `{sig['faithfulness']}`, summarizer {sig['summarizer']}; seed {sig['seed']}",
        f"- Command: `{scores['command']}`",
        f"- Time: {scores['timing']['total_s']:.1f} s ({scores['timing']['human_pairs_s']:.1f} s "
        f"checking the human pairs)",
        "",
        "## Warnings on the human references (false-alarm rate)",
        "",
        "The references are human translations, faithful apart from a few genuine slips: a "
        "warning on them is mostly a false alarm (the audit below says how many).",
        "",
        "| measure | pairs | rate | target | |",
        "|---|---:|---:|---:|---|",
    ]
    for key, label, target in (
        ("any_warning", "any warning", t["any_warning_max"]),
        (
            "number_date_amount_warning",
            "number/date/amount warning",
            t["number_date_amount_warning_max"],
        ),
        ("name_warning", "name warning", None),
    ):
        r = h[key]
        tcell = f"≤ {target:.0f}%" if target is not None else ""
        mcell = met(r["pct"], target, True) if target is not None else ""
        lines.append(
            f"| {label} | {r['count']} / {r['n']} | {fmt_pct(r['pct'])} | {tcell} | {mcell} |"
        )
    lines += ["", "Per group and direction (% of pairs; a pair can count in several cells):", ""]
    lines += ["| group | drops | adds | either |", "|---|---:|---:|---:|"]
    for g in GROUPS:
        c = h["by_group"][g]
        lines.append(
            f"| {g} | {c['drops']['count']} ({fmt_pct(c['drops']['pct'])}) | "
            f"{c['adds']['count']} ({fmt_pct(c['adds']['pct'])}) | "
            f"{c['any']['count']} ({fmt_pct(c['any']['pct'])}) |"
        )
    base = d["base"]
    lines += [
        "",
        "## Detection of errors the harness makes",
        "",
        f"Made from the references that get no warning: {base['sentences']} pairs checked as "
        f"translated sentences (`check_sentence(source, perturbed)`), {base['bullets']} as summary "
        "bullets (`check_claim(perturbed, source)`; deletions are not errors in a bullet). A "
        "perturbation is detected when the check has any finding. N differs by perturbation: a "
        "reference without a date cannot have its date changed.",
        "",
        "| perturbation | sentences | detected | bullets | detected |",
        "|---|---:|---:|---:|---:|",
    ]

    def cells(c: dict[str, Any] | None) -> str:
        if c is None:
            return "– | –"
        return f"{c['detected']} / {c['n']} | {fmt_pct(c['pct'])}"

    for label, s, b, target in detection_rows(d, "numbers, dates, amounts"):
        if target is None:
            lines.append(f"| {label} | {cells(s)} | {cells(b)} |")
            continue
        assert s is not None and b is not None
        lines.append(
            f"| **all {label}** (target ≥ {target:.0f}%) | {cells(s)} "
            f"{met(s['pct'], target, False)} | {cells(b)} {met(b['pct'], target, False)} |"
        )
    forms_s = d["sentences"]["perturbations"]["insert_amount"].get("forms", {})
    forms_b = d["bullets"]["perturbations"]["insert_amount"].get("forms", {})
    if forms_s or forms_b:
        lines += [
            "",
            "Inserted amounts by form:",
            "",
            "| form | sentences | bullets |",
            "|---|---:|---:|",
        ]
        for form, _ in AMOUNT_FORMS:
            fs, fb = forms_s.get(form), forms_b.get(form)
            lines.append(
                f"| `{form}` | "
                + (f"{fs['detected']} / {fs['n']} ({fmt_pct(fs['pct'])})" if fs else "–")
                + " | "
                + (f"{fb['detected']} / {fb['n']} ({fmt_pct(fb['pct'])})" if fb else "–")
                + " |"
            )
    examples = [
        (mode, key, row)
        for mode in MODES
        for key, _, _ in PERTURBATIONS
        for row in missed.get(mode, {}).get(key, [])[:MISSED_EXAMPLES]
    ]
    if examples:
        lines += [
            "",
            f"Missed perturbations, first {MISSED_EXAMPLES} of each (all in `missed.csv`):",
            "",
            "| as | perturbation | id | change | perturbed reference |",
            "|---|---|---|---|---|",
        ]
        for mode, key, row in examples:
            lines.append(
                f"| {mode[:-1]} | {LABELS[key]} | {row['id']} | {_md(row['change'])} | "
                f"{_md(excerpt(row['perturbed']))} |"
            )
    lines += [
        "",
        f"## Most frequent warnings on the human references (top {TOP_FALSE_ALARMS})",
        "",
        "| # | direction | group | span | count | pairs | example |",
        "|---:|---|---|---|---:|---:|---|",
    ]
    for i, row in enumerate(scores["false_alarms"], start=1):
        ex = row["example"]
        lines.append(
            f"| {i} | {row['direction']} | {row['group']} | `{_md(row['span'])}` | {row['count']} | "
            f"{row['pairs']} | {ex['id']}: {_md(ex['source'])} → {_md(ex['reference'])} |"
        )
    lines += ["", "## Audit of warned pairs", ""]
    audit = scores.get("audit")
    sample = scores["audit_sample"]
    lines.append(
        f"A seeded sample of {sample['size']} warned pairs is in `{sample['file']}` (columns "
        f"{', '.join(AUDIT_COLUMNS)}): mark each verdict `genuine` (the English really lacks or "
        "adds that fact) or `false`, with a one-line reason, and pass the file with `--audit`."
    )
    if audit:
        lines += [
            "",
            f"Precision on `{audit['file']}`: **{audit['genuine']} / {audit['marked']} genuine = "
            f"{fmt_pct(audit['precision'])}** (target ≥ {t['audit_precision_min']:.0f}%: "
            f"{met(audit['precision'], t['audit_precision_min'], False)}).",
        ]
        if audit["false_rows"]:
            lines += [
                "",
                "False alarms found by the audit:",
                "",
                "| id | finding | reason |",
                "|---|---|---|",
            ]
            lines += [
                f"| {r['id']} | {_md(r['finding'])} | {_md(r['reason'])} |"
                for r in audit["false_rows"]
            ]
        if audit["stale"]:
            lines += [
                "",
                f"{len(audit['stale'])} audited rows no longer match the checker's finding "
                "(not counted; re-audit them):",
                "",
                "| id | audited | now |",
                "|---|---|---|",
            ]
            lines += [
                f"| {r['id']} | {_md(r['audited'])} | {_md(r['now']) or '(no warning)'} |"
                for r in audit["stale"]
            ]
    else:
        lines += ["", "No audit given: precision not measured in this run."]
    versions = ", ".join(f"{k} {v}" for k, v in scores["versions"].items())
    lines += ["", f"Versions: {versions}.", ""]
    return "\n".join(lines)


def write_files(
    out: Path,
    scores: dict[str, Any],
    pairs: Sequence[PairResult],
    sample: Sequence[PairResult],
    missed: dict[str, dict[str, list[dict[str, str]]]],
) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    per_example = out / "per_example.csv"
    with per_example.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "warned", "number_date_amount", "name", "findings"])
        for p in pairs:
            writer.writerow(
                [
                    p.example.id,
                    int(bool(p.findings)),
                    int(any(f.group in NUMERIC_GROUPS for f in p.findings)),
                    int(any(f.group == "name" for f in p.findings)),
                    describe(p.findings),
                ]
            )
    written.append(per_example)

    missed_path = out / "missed.csv"
    with missed_path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["mode", "perturbation", "id", "change", "perturbed"])
        for mode in MODES:
            for key, _, _ in PERTURBATIONS:
                for row in missed.get(mode, {}).get(key, []):
                    writer.writerow([mode, key, row["id"], row["change"], row["perturbed"]])
    written.append(missed_path)

    fresh = [
        {
            "id": p.example.id,
            "finding": describe(p.findings),
            "source": p.example.source,
            "reference": p.example.reference,
        }
        for p in sample
    ]
    audit_path = out / "audit.tsv"
    try:
        existing = read_audit(audit_path) if audit_path.is_file() else []
        unreadable = False
    except DataError:  # someone's edited file: never overwritten
        existing, unreadable = [], True
    if unreadable or (existing and audit_filled(existing)):
        stale_new = out / "audit-new.tsv"
        if [r.get("id") for r in existing] == [r["id"] for r in fresh]:
            scores["audit_sample"]["file"] = "audit.tsv"
            if stale_new.is_file():
                stale_new.unlink()
        else:
            # keep the filled file; carry its verdicts over where the finding is unchanged
            done = {r.get("id"): r for r in existing if r.get("verdict")}
            for row in fresh:
                old = done.get(row["id"])
                if old and old.get("finding") == _cell(row["finding"]):
                    row["verdict"], row["reason"] = old["verdict"], old.get("reason", "")
            write_audit(stale_new, fresh)
            written.append(stale_new)
            scores["audit_sample"]["file"] = "audit-new.tsv"
    else:
        write_audit(audit_path, fresh)
        written.append(audit_path)
        scores["audit_sample"]["file"] = "audit.tsv"

    scores_path = out / "scores.json"
    scores_path.write_text(
        json.dumps(scores, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    written.append(scores_path)
    report = out / "report.md"
    report.write_text(markdown(scores, missed), encoding="utf-8")
    written.append(report)
    return written


# ---------------------------------------------------------------------------- command


def evaluate(
    examples: Sequence[TranslationExample], seed: int, sample_size: int
) -> tuple[
    list[PairResult], dict[str, Any], list[PairResult], dict[str, dict[str, list[dict[str, str]]]]
]:
    """Check every pair, perturb the clean ones; the figures of scores.json (without context)."""
    started = time.perf_counter()
    pairs = [
        PairResult(
            ex,
            extract_facts(ex.reference),
            check_sentence(ex.source, ex.reference),
            check_claim(ex.reference, ex.source),
        )
        for ex in examples
    ]
    human_s = time.perf_counter() - started
    corpus = build_corpus(examples, [p.facts for p in pairs])
    cells, base = detect(pairs, seed, corpus)
    detection: dict[str, Any] = {"base": base, "name_pool": len(corpus.names)}
    missed: dict[str, dict[str, list[dict[str, str]]]] = {}
    for mode in MODES:
        mode_cells = {
            k: c for k, c in cells[mode].items() if not (mode == "bullets" and k in SENTENCE_ONLY)
        }
        detection[mode] = {
            "perturbations": {k: c.to_dict() for k, c in mode_cells.items()},
            "totals": {cat: totals(mode_cells, cat) for cat in ("numeric", "name")},
        }
        missed[mode] = {k: c.missed for k, c in mode_cells.items()}
    sample = audit_sample(pairs, sample_size, seed)
    figures = {
        "human_pairs": human_rates(pairs),
        "false_alarms": false_alarms(pairs),
        "detection": detection,
        "audit_sample": {"size": len(sample), "requested": sample_size, "file": None},
        "timing": {
            "human_pairs_s": round(human_s, 2),
            "total_s": round(time.perf_counter() - started, 2),
        },
    }
    return pairs, figures, sample, missed


def targets_met(figures: dict[str, Any]) -> dict[str, bool | None]:
    h, d = figures["human_pairs"], figures["detection"]

    def at_least(value: float | None, target: float) -> bool | None:
        return None if value is None else value >= target

    out: dict[str, bool | None] = {
        "any_warning": h["any_warning"]["pct"] is not None
        and h["any_warning"]["pct"] <= TARGETS["any_warning_max"],
        "number_date_amount_warning": h["number_date_amount_warning"]["pct"] is not None
        and h["number_date_amount_warning"]["pct"] <= TARGETS["number_date_amount_warning_max"],
    }
    for mode in MODES:
        out[f"detection_numeric_{mode}"] = at_least(
            d[mode]["totals"]["numeric"]["pct"], TARGETS["detection_numeric_min"]
        )
        out[f"detection_names_{mode}"] = at_least(
            d[mode]["totals"]["name"]["pct"], TARGETS["detection_names_min"]
        )
    return out


def command_line(
    data: str, limit: int | None, seed: int, sample: int, out: Path | None, audit: str | None
) -> str:
    parts = ["python -m eval faithfulness", f"--data {data}"]
    if limit:
        parts.append(f"--limit {limit}")
    if seed != DEFAULT_SEED:
        parts.append(f"--seed {seed}")
    if sample != DEFAULT_AUDIT_SAMPLE:
        parts.append(f"--audit-sample {sample}")
    if out is not None:
        parts.append(f"--out {out}")
    if audit:
        parts.append(f"--audit {audit}")
    return " ".join(parts)


@click.command("faithfulness")
@click.option("--data", required=True, help="JSONL of {id, source, reference} pairs.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Use the first N pairs.")
@click.option(
    "--seed",
    type=int,
    default=DEFAULT_SEED,
    show_default=True,
    help="Seed of the perturbations and the audit sample.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write scores.json, report.md, per_example.csv, missed.csv and audit.tsv here.",
)
@click.option(
    "--audit-sample",
    type=click.IntRange(min=0),
    default=DEFAULT_AUDIT_SAMPLE,
    show_default=True,
    help="Warned pairs in the audit sample.",
)
@click.option(
    "--audit",
    "audit_file",
    default=None,
    help="A filled audit TSV (verdict genuine/false): report the warnings' precision.",
)
def faithfulness(
    data: str,
    limit: int | None,
    seed: int,
    out: Path | None,
    audit_sample: int,
    audit_file: str | None,
) -> None:
    """False alarms on human {id, source, reference} pairs and detection of seeded errors.

    Checks every human pair with the faithfulness checker (a warning on a human reference is
    mostly a false alarm), then changes, deletes and inserts numbers, dates, amounts and names
    in the references that get no warning, and counts how many of these errors the checker
    sees in translated sentences and in summary bullets.
    """
    examples = load_translations(data, limit)
    audit_rows = read_audit(audit_file) if audit_file else None  # fail before the work
    pairs, figures, sample, missed = evaluate(examples, seed, audit_sample)
    if audit_rows is not None and audit_file:
        current = {p.example.id: _cell(describe(p.findings)) for p in pairs if p.findings}
        figures["audit"] = audit_summary(audit_rows, current, audit_file)
    else:
        figures["audit"] = None
    data_sha = sha256(data)
    scores: dict[str, Any] = {
        "title": f"Faithfulness flags: {Path(data).parent.name}/{Path(data).name}",
        "task": "faithfulness",
        "command": command_line(data, limit, seed, audit_sample, out, audit_file),
        "signature": {
            "summarizer": __version__,
            "faithfulness": FAITHFULNESS,
            "data_sha256": data_sha,
            "seed": seed,
            "n": len(examples),
        },
        "data": {"path": data, "sha256": data_sha, "examples": len(examples), "limit": limit},
        "versions": {"summarizer": __version__, "python": platform.python_version()},
        "targets": TARGETS,
        **figures,
    }
    scores["met"] = targets_met(figures)
    click.echo(f"{scores['title']}: {len(examples)} pairs; seed {seed}; {FAITHFULNESS}")
    if out is not None:
        written = write_files(out, scores, pairs, sample, missed)
    click.echo(summary_table(scores))
    if out is not None:
        click.echo(f"wrote {', '.join(str(p) for p in written)}")
