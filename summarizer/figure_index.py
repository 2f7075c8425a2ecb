"""Whether one text states or backs a figure of another (the faithfulness flags).

``figures`` reads the facts a text states; ``FigureIndex`` holds them for one text, with the
counts its words back without stating them (``both``, ``twice``), and answers for a fact of
the other text: the same value (any reading of an ambiguous number), the same currency when
both give one, a date whose fields agree (a partial date backed by a fuller one in a claim;
every field kept in a translation), the same weekday, time or magnitude.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .figures import Date, Fact, supporting_counts

__all__ = ["FigureIndex"]

_COUNTS = ("number", "amount", "ordinal", "multiple")


@dataclass
class FigureIndex:
    """The figures one text states, indexed to answer "does it state or support this one?"."""

    numbers: dict[object, set[str | None]] = field(default_factory=dict)
    dates: set[Date] = field(default_factory=set)
    weekdays: set[object] = field(default_factory=set)
    times: set[object] = field(default_factory=set)
    vague: set[object] = field(default_factory=set)

    def add(self, fact: Fact) -> None:
        if fact.kind in _COUNTS:
            for value in fact.loose or fact.values:
                self.numbers.setdefault(value, set()).add(fact.currency)
        elif fact.kind == "date":
            for d in fact.loose or fact.values:
                assert isinstance(d, tuple)
                self.dates.add(d)
                year, _, day = d
                for part in (year, day):
                    if part is not None:
                        self.numbers.setdefault(Decimal(part), set()).add(None)
        elif fact.kind == "weekday":
            self.weekdays |= fact.values
        elif fact.kind == "time":
            self.times |= fact.values
            for value in fact.values:
                assert isinstance(value, tuple)
                self.numbers.setdefault(Decimal(value[0]), set()).add(None)
        elif fact.kind == "vague":
            self.vague |= fact.values

    def add_supporting_words(self, text: str) -> None:
        """``both``, ``twice``, ``half``: they back a count without stating one."""
        for count in supporting_counts(text):
            self.numbers.setdefault(count, set()).add(None)

    def has(self, fact: Fact, claimed: bool) -> bool:
        """Whether this text backs ``fact``.

        ``claimed``: the fact is stated by English output and this is the source, so a partial
        date is backed by a fuller one and currencies must agree when both give one.
        Otherwise this is the translation of a source fact, which must keep every field.
        """
        if fact.kind in _COUNTS:
            for value in fact.values:
                currencies = self.numbers.get(value)
                if currencies is not None and (
                    not claimed
                    or fact.currency is None
                    or None in currencies
                    or fact.currency in currencies
                ):
                    return True
            return False
        if fact.kind == "date":
            agree = _dates_agree if claimed else _date_kept
            return any(
                isinstance(d, tuple) and agree(d, s) for d in fact.values for s in self.dates
            )
        pools = {"weekday": self.weekdays, "time": self.times, "vague": self.vague}
        return bool(fact.values & pools[fact.kind]) if fact.kind in pools else True


def _dates_agree(a: Date, b: Date) -> bool:
    return all(x is None or y is None or x == y for x, y in zip(a, b, strict=True))


def _date_kept(source: Date, target: Date) -> bool:
    """Whether a translated date states every field the source date gives, unchanged."""
    return all(s is None or s == t for s, t in zip(source, target, strict=True))
