"""Build ``summarizer/data/english_names.txt`` and ``english_words.txt`` from Debian's SCOWL
word lists.

Word frequencies cannot tell ``London`` or ``Obama`` from ``Even`` where grammar capitalises
every word (a bullet's first word, a headline): all are far more frequent in English than in
other languages. SCOWL (Kevin Atkinson's Spell Checker Oriented Word Lists, the lists behind
``wamerican``/``wbritish``) writes proper nouns capitalised and other words in lowercase, so
the words it lists *only* capitalised are names wherever they stand. Acronyms, possessives and
words SCOWL also lists in lowercase (``Brown``/``brown``, ``Trump``/``trump``) are left out:
the frequency rules decide those. The other way round, the words SCOWL lists *only* in
lowercase and that are common in English (wordfreq Zipf >= 3: ``Transport``, ``Met``, ``Car``)
are vocabulary where grammar capitalises them; ``english_words.txt`` holds those.

    apt-get download wamerican wbritish && for f in w*.deb; do dpkg-deb -x $f deb; done
    python tools/build_english_names.py deb/usr/share/dict/american-english \
        deb/usr/share/dict/british-english          # or: make english-names
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

_DATA = Path(__file__).resolve().parent.parent / "summarizer" / "data"
_COMMON = 3.0  # Zipf: below it, a lowercase-only word may as well be a name (Sari, Tono)
_NAME = re.compile(r"^[A-Z][a-z]+$")  # one capital, then lowercase ASCII: no acronyms (AIDS)

HEADER = """\
# {what}
# (the faithfulness flags): the words the SCOWL word lists (Debian wamerican/wbritish
# {version}) write only {case}.
# Copyright 2000-2011 by Kevin Atkinson. Permission to use, copy, modify, distribute and sell
# these word lists, the associated scripts, the output created from the scripts, and its
# documentation for any purpose is hereby granted without fee, provided that the above
# copyright notice appears in all copies and that both that copyright notice and this
# permission notice appear in supporting documentation. Kevin Atkinson makes no
# representations about the suitability of this array for any purpose. It is provided "as is"
# without express or implied warranty.
# Rebuilt by tools/build_english_names.py.
"""


def _cases(lists: list[Path]) -> tuple[set[str], set[str]]:
    """The folded words the lists write capitalised, and those they write in lowercase."""
    capitalised: set[str] = set()
    lowercase: set[str] = set()
    for path in lists:
        for word in path.read_text(encoding="utf-8", errors="replace").split():
            if _NAME.match(word):
                capitalised.add(word.lower())
            elif word.islower():
                lowercase.add(word.replace("'s", ""))
    return capitalised, lowercase


def proper_only(lists: list[Path]) -> list[str]:
    """The folded words the lists write only capitalised (three letters or more)."""
    capitalised, lowercase = _cases(lists)
    return sorted(w for w in capitalised - lowercase if len(w) >= 3)


def common_lowercase_only(lists: list[Path]) -> list[str]:
    """The words the lists write only in lowercase, letters only, of English Zipf >= 3."""
    from wordfreq import zipf_frequency

    capitalised, lowercase = _cases(lists)
    return sorted(
        w
        for w in lowercase - capitalised
        if w.isalpha() and w.isascii() and zipf_frequency(w, "en") >= _COMMON
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lists", nargs="+", type=Path, help="SCOWL word lists (one word a line)")
    parser.add_argument("--version", default="2020.12.07-2", help="the Debian package version")
    parser.add_argument("--out", type=Path, default=_DATA, help="folder for the two files")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.lists if not p.is_file()]
    if missing:
        print(f"error: no such word list: {', '.join(missing)}", file=sys.stderr)
        return 2
    for name, words, what, case in (
        ("english_names.txt", proper_only(args.lists),
         "English words that are names wherever they stand", "capitalised, folded"),
        ("english_words.txt", common_lowercase_only(args.lists),
         "Common English words that are vocabulary where grammar capitalises them",
         f"in lowercase, of wordfreq Zipf >= {_COMMON}"),
    ):
        header = HEADER.format(what=what, version=args.version, case=case)
        (args.out / name).write_text(header + "\n".join(words) + "\n", encoding="utf-8")
        print(f"{len(words)} words -> {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
