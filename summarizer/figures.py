"""Figures in text: numbers, amounts, dates, weekdays and times, read in Indonesian and English.

One concern: turn the figures a text states into ``Fact`` values that compare across the two
languages (``1.500`` = ``1,500``; ``Rp21 miliar`` = ``Rp21 billion``; ``20 November 2023`` =
``November 20, 2023``; ``20.30 WIB`` = ``8:30 p.m.``; ``puluhan ribu`` = ``tens of thousands``),
with the counts words back without stating them (``supporting_counts``: ``both``, ``twice``).
Comparing them is ``figure_index``'s concern, names ``faithfulness``'s, words and their
equivalents ``names``'.

* **numbers and amounts**: scale words (``ribu``/``thousand``, ``juta``/``million``, ``m``/``bn``
  after a currency); currencies (``Rp``, ``Rp.21``, ``IDR``, ``US$``, ``$370m``, ``dollar``);
  number words (``lima`` = ``five``); decades (``1980-an`` = ``1980s`` = ``the eighties``);
  ordinals (``ke-13`` = ``13th`` = ``thirteenth``, ``kedua`` = ``second``, ``VII``);
  multiplicatives (``dua kali`` = ``twice``); vague quantities (a magnitude, never an exact
  number). A number written ambiguously (``1.500`` is 1500 in Indonesian and 1.5 in English)
  stands for every reading;
* **dates**: partial dates match when the fields both give agree;
* **times**: ``pukul 13.00`` = ``1 PM``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = [
    "Date",
    "Fact",
    "Spans",
    "calendar_word",
    "figures",
    "number_readings",
    "supporting_counts",
]

Date = tuple[int | None, int | None, int | None]  # (year, month, day)


@dataclass(frozen=True)
class Fact:
    """A checkable statement in a text: a number, amount, date, weekday, time or name.

    ``values`` are the readings the text commits to; ``loose`` adds readings it could
    support without committing to them (``5 juta`` supports a bare ``5``).
    """

    kind: str
    span: str
    values: frozenset[object]
    loose: frozenset[object] = frozenset()
    currency: str | None = None
    start: int = 0

    def __str__(self) -> str:
        return f'{self.kind} "{self.span}"'


# ---------------------------------------------------------------------------- vocabularies

MONTHS: dict[str, int] = {
    # Indonesian
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6,
    "juli": 7, "agustus": 8, "september": 9, "oktober": 10, "november": 11, "nopember": 11,
    "desember": 12,
    # English
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10, "december": 12,
    # abbreviations (Indonesian and English)
    "jan": 1, "feb": 2, "peb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "agu": 8, "agt": 8,
    "ags": 8, "aug": 8, "sep": 9, "sept": 9, "okt": 10, "oct": 10, "nov": 11, "nop": 11,
    "des": 12, "dec": 12,
}  # fmt: skip
_FULL_MONTHS = frozenset(
    k for k in MONTHS if len(k) > 4 or k in {"mei", "may", "juni", "juli", "june", "july"}
)

WEEKDAYS: dict[str, int] = {
    "senin": 1, "selasa": 2, "rabu": 3, "kamis": 4, "jumat": 5, "jum'at": 5, "jum’at": 5,
    "sabtu": 6, "minggu": 7, "ahad": 7,
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    "sunday": 7,
}  # fmt: skip

SCALES: dict[str, int] = {
    "ribu": 10**3, "rb": 10**3, "thousand": 10**3,
    "juta": 10**6, "jt": 10**6, "million": 10**6, "millions": 10**6, "mln": 10**6, "mn": 10**6,
    "miliar": 10**9, "milyar": 10**9, "billion": 10**9, "billions": 10**9, "bn": 10**9,
    "triliun": 10**12, "trillion": 10**12, "trillions": 10**12,
}  # fmt: skip

# Currency words and symbols → ISO-like code.
CURRENCIES: dict[str, str] = {
    "rp": "IDR", "rp.": "IDR", "idr": "IDR", "rupiah": "IDR", "rupiahs": "IDR",
    "us$": "USD", "usd": "USD", "$": "USD", "dolar": "USD", "dollar": "USD", "dollars": "USD",
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "rm": "MYR", "ringgit": "MYR", "sgd": "SGD", "s$": "SGD", "yen": "JPY", "¥": "JPY",
    "$us": "USD", "riyal": "SAR", "riyals": "SAR", "sar": "SAR", "£": "GBP", "gbp": "GBP", "pound": "GBP",
    "pounds": "GBP",
}  # fmt: skip

_ID_UNITS = {
    "nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000,
}  # fmt: skip
_ID_MULT = {"belas": None, "puluh": 10, "ratus": 100, "ribu": 1000}
_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_MULT = {"hundred": 100, "thousand": 1000}


_EN_ORDINALS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
}  # fmt: skip
_ID_ORDINALS = {
    "kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5, "keenam": 6, "ketujuh": 7,
    "kedelapan": 8, "kesembilan": 9, "kesepuluh": 10, "kesebelas": 11,
}  # fmt: skip
# Words that support a count without stating one ("both countries" for "kedua negara",
# "twice" for "dua kali"): they back a source number but are never flagged themselves.
_SUPPORTING: dict[str, int | Decimal] = {
    "both": 2, "twice": 2, "double": 2, "doubled": 2, "doubling": 2, "twofold": 2, "pair": 2,
    "couple": 2, "thrice": 3, "triple": 3, "tripled": 3, "threefold": 3, "quadruple": 4,
    "quadrupled": 4, "fourfold": 4, "dozen": 12, "half": Decimal("0.5"), "once": 1,
    "single": 1, "sekali": 1, "setengah": Decimal("0.5"), "separuh": Decimal("0.5"),
    "selusin": 12, "lusin": 12, "sepertiga": 3, "seperempat": 4, "quarter": 4,
    "keduanya": 2, "ketiganya": 3, "seperlima": 5, "seperenam": 6, "sepersepuluh": 10,
    "decade": 10, "dekade": 10, "dasawarsa": 10,
}  # fmt: skip
_DECADE_WORDS = {
    "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
    "seventies": 70, "eighties": 80, "nineties": 90,
}  # fmt: skip
# Vague quantities: the magnitude they state ("puluhan ribu" = tens of thousands = 10^4).
_VAGUE_ID = {"puluhan": 10, "belasan": 10, "ratusan": 100, "ribuan": 1000, "jutaan": 10**6,
             "miliaran": 10**9, "triliunan": 10**12}  # fmt: skip
_VAGUE_EN = {"dozens": 10, "tens": 10, "scores": 10, "hundreds": 100, "thousands": 1000,
             "millions": 10**6, "billions": 10**9, "trillions": 10**12}  # fmt: skip
# Fixed phrases whose number word is no figure ("pedagang kaki lima" = street vendors).
_IDIOMS = re.compile(r"(?i)\bkaki\s+lima\b|\bsalah\s+satu\b|\bsatu-satunya\b|\bbersatu\b")


_CURRENCY_PREFIX = (
    r"(?:(?<=Rp)|(?<=RP)|(?<=rp)|(?<=Rp\.)|(?<=\$)|(?<=\$US)|(?<=€)|(?<=¥)|(?<=£))"
)
# numbers: 1.500 | 1,500 | 3,5 | 1.234.567,89 | 20th | 1950s | Rp21 | $370m
_NUMBER = re.compile(
    rf"(?:(?<![\w.,])|{_CURRENCY_PREFIX})(\d+(?:[.,]\d+)*)"
    r"(?:(st|nd|rd|th)\b|('?s)\b|(mn|m|bn|b|tn|k)\b|(juta|ribu|miliar|milyar|triliun|jt|rb)"
    r"|(cm|mm|km2|km|kg|ha|m2|mg|ml|gb|mb|mw|kwh|kw)\b)?(?![\w])(?![.,]\d)"
)
_CURRENCY_BEFORE = re.compile(r"(?i)(us\$|\$us|s\$|rp\.?|idr|usd|eur|sgd|sar|rm|\$|€|¥|£)\s*$")
_COMPACT_SCALES = {"k": 10**3, "m": 10**6, "mn": 10**6, "b": 10**9, "bn": 10**9, "tn": 10**12}
_SCALE_AFTER = re.compile(
    r"(?i)[\s-]*(ribu|rb|juta|jt|miliar|milyar|triliun|thousand|millions?|mln|mn|billions?|bn|"
    r"trillions?)\b"
)
_RUPIAH_SCALE = re.compile(r"\s+([MT])\b(?![.,]?\d)")
_CURRENCY_AFTER = re.compile(
    r"(?i)\s*(rupiahs?|dolar|dollars?|euros?|ringgit|yen|riyals?)(?:\s+(as|amerika|us))?\b"
)
_DECADE_AFTER = re.compile(r"-an\b")
_ORDINAL_BEFORE = re.compile(r"(?i)\bke-\s*$")
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"((?:1[89]|20|21)\d{2})"
_DATE_PATTERNS = [
    # 20 November 2023 / 20 Nov. 2023 / 20th of November, 2023
    re.compile(rf"(?i)\b{_DAY}\s+(?:of\s+)?({_MONTH_ALT})\b\.?(?:,?\s+{_YEAR}\b)?"),
    # November 20, 2023 / November 20
    re.compile(rf"(?i)\b({_MONTH_ALT})\b\.?\s+{_DAY}\b(?!\s*[.,]\d)(?:,?\s+{_YEAR}\b)?"),
    # November 2023 / bulan November
    re.compile(rf"(?i)\b({_MONTH_ALT})\b\.?,?\s+{_YEAR}\b"),
    # 20/11/2023, 27/3
    re.compile(r"(?<![\w/])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\w/])"),
]
_TIME = re.compile(
    r"(?i)(?<![\w.,:])(\d{1,2})(?:[.:](\d{2}))?(?:\s*(wib|wita|wit|a\.?m\.?|p\.?m\.?)(?![a-z]))?"
    r"(?![\w]|[.,:]\d)"
)
_CLOCK_BEFORE = re.compile(r"(?i)\b(?:pukul|jam|pk\.?)\s*$")
_WORD_NUMBER = re.compile(
    r"(?i)\b(?:"
    + "|".join([*_ID_UNITS, *_ID_MULT, *_EN_UNITS, *_EN_MULT, "a"])
    + r")(?:(?<=hundred)[\s-]+and|(?<=thousand)[\s-]+and|[\s-]+and[\s-]+a[\s-]+half|[\s-]+(?:"
    + "|".join([*_ID_UNITS, *_ID_MULT, *_EN_UNITS, *_EN_MULT, "a", "half", "setengah"])
    + r"))*\b"
)  # "and" joins after hundred/thousand ("two hundred and five"), not "thirty and fifty"
_TRAILING_GLUE = re.compile(r"(?i)(?:[\s-]+(?:and|a))+$")
_ORDINAL_WORD = re.compile(r"(?i)\b(" + "|".join([*_EN_ORDINALS, *_ID_ORDINALS]) + r")\b")
_DECADE_WORD = re.compile(
    r"(?i)\b(?:the|their|his|her|its|early|mid|late)\s+(" + "|".join(_DECADE_WORDS) + r")\b"
)
_ROMAN = re.compile(r"\b(?=[IVXL]{2,}\b)(L?X{0,3})(IX|IV|V?I{0,3})\b(?<=[IVXL])")


def _roman(numeral: str) -> int | None:
    """``VII`` → 7 (two letters at least, up to 89: class years, wars, street numbers)."""
    if not numeral:
        return None
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for a, b in zip(numeral, numeral[1:] + " ", strict=True):
        value = values[a]
        total += -value if b != " " and values[b] > value else value
    return total or None

_VAGUE = re.compile(
    r"(?i)\b(?:(" + "|".join(_VAGUE_ID) + r")(?:\s+(ribu|juta|miliar|triliun))?"
    r"|(" + "|".join(_VAGUE_EN) + r")(?:\s+of\s+(thousands|millions|billions))?)\b"
)
_SUPPORT_WORD = re.compile(r"(?i)\b(" + "|".join(_SUPPORTING) + r")\b")
_RUNNER_UP = re.compile(r"(?i)\brunners?[- ]ups?\b")  # second place ("terbaik kedua")
_MULTIPLE = re.compile(r"(?i)\s*(?:\bkali\s+lipat\b|\bkali\b)")


# ---------------------------------------------------------------------------- helpers


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def number_readings(raw: str) -> frozenset[Decimal]:
    """Every value a written number can have in Indonesian or English notation.

    ``1.500`` → {1500, 1.5}; ``1,500`` → {1500, 1.5}; ``3,5`` → {3.5};
    ``1.234.567`` → {1234567}; ``1.234,5`` → {1234.5}; ``1,234.5`` → {1234.5}.
    """
    parts = re.split(r"([.,])", raw)
    digits = parts[0::2]
    seps = parts[1::2]
    if not seps:
        value = _decimal(raw)
        return frozenset([value]) if value is not None else frozenset()
    readings: set[Decimal] = set()

    def grouped(groups: list[str]) -> bool:
        return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])

    # every separator groups thousands
    if len(set(seps)) == 1 and grouped(digits):
        value = _decimal("".join(digits))
        if value is not None:
            readings.add(value)
    # one decimal separator last, the other kind groups thousands before it
    last = seps[-1]
    if seps.count(last) == 1 and (len(seps) == 1 or grouped(digits[:-1])):
        if all(s != last for s in seps[:-1]):
            value = _decimal("".join(digits[:-1]) + "." + digits[-1])
            if value is not None:
                readings.add(value)
    return frozenset(readings)


def _word_number(words: list[str]) -> Decimal | None:
    """Value of a run of Indonesian or English number words (``dua puluh lima``,
    ``twenty-five``, ``six-and-a-half``, ``dua setengah``)."""
    total = Decimal(0)
    current = Decimal(0)
    seen = False
    for word in words:
        w = word.lower()
        if w in ("and", "a"):
            continue
        if w in ("half", "setengah"):
            if not current:
                return None  # "a half" alone is a fraction, not a figure
            current += Decimal("0.5")
        elif w in _ID_UNITS:
            value = _ID_UNITS[w]
            if value >= 100 and current:
                return None
            current += value
        elif w in _EN_UNITS:
            current += _EN_UNITS[w]
        elif w == "belas":
            current += 10
        elif w in ("puluh",):
            current = max(current, Decimal(1)) * 10
        elif w in ("ratus", "hundred"):
            current = max(current, Decimal(1)) * 100
        elif w in ("ribu", "thousand"):
            total += max(current, Decimal(1)) * 1000
            current = Decimal(0)
        else:
            return None
        seen = True
    return total + current if seen else None


def _month_is_capitalised(m: re.Match[str]) -> bool:
    for group in m.groups():
        if group and group.lower() in MONTHS:
            return group[0].isupper()
    return True


def _date_values(pattern_no: int, m: re.Match[str]) -> frozenset[object] | None:
    g = m.groups()
    if pattern_no == 0:
        day, month, year = int(g[0]), MONTHS[g[1].lower()], g[2]
        dates: set[Date] = {(int(year) if year else None, month, day)}
    elif pattern_no == 1:
        month, day, year = MONTHS[g[0].lower()], int(g[1]), g[2]
        dates = {(int(year) if year else None, month, day)}
    elif pattern_no == 2:
        dates = {(int(g[1]), MONTHS[g[0].lower()], None)}
    else:
        a, b = int(g[0]), int(g[1])
        year_text = g[2]
        year = None
        if year_text:
            year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        dates = set()
        if 1 <= b <= 12 and 1 <= a <= 31:
            dates.add((year, b, a))  # Indonesian day/month
        if 1 <= a <= 12 and 1 <= b <= 31:
            dates.add((year, a, b))  # US month/day
    dates = {d for d in dates if d[2] is None or 1 <= d[2] <= 31}
    return frozenset(dates) if dates else None


# ---------------------------------------------------------------------------- numbers, dates


class Spans:
    """Characters already taken by a fact (dates first, so their numbers are not separate
    facts): a mask, so each check costs the span's length, not the number of facts."""

    def __init__(self, size: int) -> None:
        self.mask = bytearray(size + 1)

    def free(self, a: int, b: int) -> bool:
        return not any(self.mask[a:b])

    def take(self, a: int, b: int) -> None:
        self.mask[a:b] = b"\x01" * (b - a)

    def covers(self, position: int) -> bool:
        return bool(self.mask[position])


def figures(text: str, taken: Spans) -> list[Fact]:
    """Dates, times, numbers, amounts, ordinals, decades and vague quantities of a text."""
    facts: list[Fact] = []
    for m in _IDIOMS.finditer(text):
        taken.take(m.start(), m.end())
    for pattern_no, pattern in enumerate(_DATE_PATTERNS):
        for m in pattern.finditer(text):
            if not taken.free(m.start(), m.end()):
                continue
            values = _date_values(pattern_no, m)
            if values is None or (pattern_no < 3 and not _month_is_capitalised(m)):
                continue
            taken.take(m.start(), m.end())
            facts.append(Fact("date", m.group().strip(" ,"), values, values, start=m.start()))
    for m in _TIME.finditer(text):
        if not taken.free(m.start(), m.end()):
            continue
        hour, zone = int(m.group(1)), (m.group(3) or "").lower()
        minute = int(m.group(2)) if m.group(2) else 0
        clock = _CLOCK_BEFORE.search(text[max(0, m.start() - 8) : m.start()])
        if not (zone or (m.group(2) and (":" in m.group() or clock))) or hour > 24 or minute > 59:
            continue
        if not m.group(2) and not zone.startswith(("a", "p")):
            continue  # "5 WIB" without minutes is no time anyone writes
        if zone.startswith("p") and hour < 12:
            hour += 12
        taken.take(m.start(), m.end())
        facts.append(Fact("time", m.group(), frozenset([(hour, minute)]), start=m.start()))
    for m in _NUMBER.finditer(text):
        fact = _number_fact(text, m, taken)
        if fact is not None:
            facts.append(fact)
    for m in _VAGUE.finditer(text):
        if not taken.free(m.start(), m.end()):
            continue
        if m.group(1):
            size = _VAGUE_ID[m.group(1).lower()] * (SCALES[m.group(2).lower()] if m.group(2) else 1)
        else:
            size = _VAGUE_EN[m.group(3).lower()] * (_VAGUE_EN[m.group(4).lower()] if m.group(4) else 1)
        taken.take(m.start(), m.end())
        facts.append(Fact("vague", m.group(), frozenset([("about", size)]), start=m.start()))
    for m in _ORDINAL_WORD.finditer(text):
        if taken.free(m.start(), m.end()):
            value = {**_EN_ORDINALS, **_ID_ORDINALS}[m.group(1).lower()]
            taken.take(m.start(), m.end())
            facts.append(Fact("ordinal", m.group(), frozenset([Decimal(value)]), start=m.start()))
    for m in _DECADE_WORD.finditer(text):
        if taken.free(m.start(), m.end()):
            decade = _DECADE_WORDS[m.group(1).lower()]
            values = frozenset([Decimal(decade), Decimal(1900 + decade)])  # an age or an era
            taken.take(m.start(), m.end())
            facts.append(Fact("number", m.group(), values, start=m.start()))
    for m in _ROMAN.finditer(text):
        roman = _roman(m.group())
        if roman and taken.free(m.start(), m.end()):
            taken.take(m.start(), m.end())
            facts.append(Fact("ordinal", m.group(), frozenset([Decimal(roman)]), start=m.start()))
    for m in _WORD_NUMBER.finditer(text):
        fact = _word_number_fact(text, m, taken)
        if fact is not None:
            facts.append(fact)
    return facts


def _number_fact(text: str, m: re.Match[str], taken: Spans) -> Fact | None:
    if not taken.free(m.start(), m.end()):
        return None
    readings = number_readings(m.group(1))
    if not readings:
        return None
    start, end = m.start(), m.end()
    window = text[max(0, start - 6) : start]
    before = _CURRENCY_BEFORE.search(window)
    currency = CURRENCIES[before.group(1).lower()] if before else None
    if before:
        start -= len(window) - before.start()
    scale = 1
    compact = m.group(4)
    if compact and currency:
        scale = _COMPACT_SCALES[compact.lower()]
    elif compact:
        end = m.start(4)  # "5m" without a currency: five metres, not five million
    if m.group(5):  # "1,7juta": a scale word written on the number
        scale = SCALES[m.group(5).lower()]
    elif m.group(6):  # "123cm": a unit, not part of the figure
        end = m.start(6)
    scale_m = _SCALE_AFTER.match(text, end) if scale == 1 else None
    if scale_m:
        scale = SCALES[scale_m.group(1).lower()]
        end = scale_m.end()
    rupiah_m = _RUPIAH_SCALE.match(text, end) if scale == 1 and currency == "IDR" else None
    if rupiah_m:  # "Rp 40 M" in Indonesian headlines: 40 miliar (billion), "T" triliun
        scale = 10**9 if rupiah_m.group(1) == "M" else 10**12
        end = rupiah_m.end()
    after = _CURRENCY_AFTER.match(text, end)
    if after:
        currency = currency or CURRENCIES[after.group(1).lower()]
        end = after.end()
    decade = _DECADE_AFTER.match(text, end)
    if decade:
        end = decade.end()
    if m.group(3) and len(m.group(1)) == 2 and m.group(1).endswith("0"):
        readings = frozenset([Decimal(1900 + int(m.group(1)))])  # "the 70s"
    values = frozenset(r * scale for r in readings)
    kind = "amount" if currency else "ordinal" if _ORDINAL_BEFORE.search(text[max(0, start - 4) : start]) else "number"
    taken.take(start, end)
    return Fact(kind, text[start:end].strip(), values, values | readings, currency, start)


def _word_number_fact(text: str, m: re.Match[str], taken: Spans) -> Fact | None:
    if not taken.free(m.start(), m.end()):
        return None
    words = re.split(r"[\s-]+", m.group())
    while words and words[-1].lower() in ("and", "a"):
        words.pop()
    while (
        words
        and words[0].lower() in ("and", "a")
        and len(words) > 1
        and words[1].lower() not in _EN_MULT
    ):
        words.pop(0)
    if words and words[0].lower() == "belas":  # "belas kasihan" (mercy): teens need a unit
        return None
    value = _word_number(words)
    if value is None or value <= 1:  # "one of", "salah satu": idiom, not a figure
        return None
    end = m.start() + len(_TRAILING_GLUE.sub("", m.group().rstrip()))
    scale_m = _SCALE_AFTER.match(text, end)
    scale = SCALES[scale_m.group(1).lower()] if scale_m else 1
    span_end = scale_m.end() if scale_m else end
    multiple = _MULTIPLE.match(text, span_end)
    taken.take(m.start(), span_end)
    return Fact(
        "multiple" if multiple else "number",
        text[m.start() : span_end].strip(),
        frozenset([Decimal(value * scale)]),
        frozenset([Decimal(value * scale), Decimal(value)]),
        start=m.start(),
    )



def calendar_word(word: str, folded: str, start: bool, position: int) -> Fact | None:
    """A weekday or a full month name standing alone (``Senin``, ``November``) as a fact.

    ``May`` at a sentence start is the verb, not the month."""
    if folded in WEEKDAYS:
        return Fact("weekday", word, frozenset([WEEKDAYS[folded]]), start=position)
    if folded in MONTHS and folded in _FULL_MONTHS and not (folded == "may" and start):
        month: Date = (None, MONTHS[folded], None)
        return Fact("date", word, frozenset([month]), frozenset([month]), start=position)
    return None


def supporting_counts(text: str) -> list[Decimal]:
    """The counts words back without stating them: ``both`` (2), ``twice``, ``half``, and
    ``runner-up`` (second place)."""
    counts = [Decimal(_SUPPORTING[m.group(1).lower()]) for m in _SUPPORT_WORD.finditer(text)]
    if _RUNNER_UP.search(text):
        counts.append(Decimal(2))
    return counts
