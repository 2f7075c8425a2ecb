"""Build ``summarizer/data/dictionary.tsv`` from Debian's ``dict-freedict-eng-ind``.

The faithfulness flags need to know that ``Perang Dingin`` may become ``Cold War`` and that a
capitalised ``Camera`` translates ``kamera``: capitalised words that translation legitimately
changes. The FreeDict English–Indonesian dictionary (made by WikDict from Wiktionary, CC BY-SA
3.0) is the well-kept bilingual word list that installs offline here; this script turns its
dictd files into a plain TSV (English headword, Indonesian translations separated by ``|``)
that ships as package data, so users need no system package.

    apt-get download dict-freedict-eng-ind && dpkg-deb -x dict-freedict-eng-ind_*.deb deb
    python tools/build_dictionary.py deb/usr/share/dictd/freedict-eng-ind  # or: make dictionary

Kept: one- and two-word headwords whose translations are words (no glosses), without the
most frequent function words on either side (``in``/``di``), which would tie anything to
anything.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_OUT = Path(__file__).resolve().parent.parent / "summarizer" / "data" / "dictionary.tsv"
_SENSE = re.compile(r"^\d+\.\s+(.*)$")
_TRAILING_SENSE = re.compile(r"\s+\d+\.$")
_WORDS = re.compile(r"^[A-Za-z][A-Za-z'\-]*(?: [A-Za-z][A-Za-z'\-]*)?$")

HEADER = """\
# English–Indonesian word pairs for the faithfulness flags (capitalised words that translation
# changes: "Perang Dingin" / "Cold War", "kamera" / "Camera").
# Source: FreeDict English-Bahasa Indonesia dictionary (WikDict, from Wiktionary), Debian package
# dict-freedict-eng-ind {version}; licence CC BY-SA 3.0 (https://creativecommons.org/licenses/by-sa/3.0/).
# This file is derived from it and shared under the same licence. Rebuilt by tools/build_dictionary.py.
# Columns (tab-separated): English headword (lowercase), Indonesian translations separated by
# "|", and "name" when the dictionary lists the headword only as a proper noun ("Cold War").
"""


def _number(text: str) -> int:
    value = 0
    for ch in text:
        value = value * 64 + _B64.index(ch)
    return value


def _translations(entry: str) -> list[str]:
    """The translation lines of one dictd entry: the line after the headword, and each
    numbered sense (``1. setan, iblis``); glosses and bare sense numbers are skipped."""
    lines = entry.split("\n")[1:]
    found: list[str] = []
    for k, line in enumerate(lines):
        sense = _SENSE.match(line)
        if k == 0 or sense:
            text = _TRAILING_SENSE.sub("", (sense.group(1) if sense else line).strip())
            found.extend(t.strip() for t in text.split(","))
    return [t for t in found if t and _WORDS.match(t)]


def _frequent(word: str, language: str) -> bool:
    """A single very frequent word (``in``, ``di``); phrases are kept."""
    from wordfreq import zipf_frequency

    return " " not in word and zipf_frequency(word, language) >= 6.0


def build(base: Path) -> tuple[dict[str, list[str]], set[str]]:
    """The headwords with their translations, and the headwords that have an entry other
    than a proper noun (``war``, not ``Cold War``)."""
    data = gzip.open(base.with_suffix(".dict.dz")).read()
    pairs: dict[str, list[str]] = {}
    common: set[str] = set()
    for line in base.with_suffix(".index").read_text(encoding="utf-8").splitlines():
        head, offset, length = line.split("\t")
        if head.startswith("00-") or not _WORDS.match(head) or _frequent(head.lower(), "en"):
            continue
        start = _number(offset)
        entry = data[start : start + _number(length)].decode("utf-8")
        if "<pn>" not in entry.split("\n", 1)[0]:
            common.add(head.lower())
        for word in _translations(entry):
            word = word.lower()
            if not _frequent(word, "id") and word not in pairs.setdefault(head, []):
                pairs[head].append(word)
    return {head: words for head, words in sorted(pairs.items()) if words}, common


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="dictd files without suffix (…/freedict-eng-ind)")
    parser.add_argument("--version", default="2022.12.07-2", help="Debian package version")
    parser.add_argument("--out", type=Path, default=_OUT)
    args = parser.parse_args(argv)
    pairs, common = build(args.base)
    body = "".join(
        f"{head}\t{'|'.join(words)}" + ("" if head.lower() in common else "\tname") + "\n"
        for head, words in pairs.items()
    )
    args.out.write_text(HEADER.format(version=args.version) + body, encoding="utf-8")
    print(f"{len(pairs)} headwords -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
