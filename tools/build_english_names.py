"""Build ``summarizer/data/english_names.txt`` from Debian's SCOWL word lists.

Word frequencies cannot tell ``London`` or ``Obama`` from ``Even`` where grammar capitalises
every word (a bullet's first word, a headline): all are far more frequent in English than in
other languages. SCOWL (Kevin Atkinson's Spell Checker Oriented Word Lists, the lists behind
``wamerican``/``wbritish``) writes proper nouns capitalised and other words in lowercase, so
the words it lists *only* capitalised are names wherever they stand. Acronyms, possessives and
words SCOWL also lists in lowercase (``Brown``/``brown``, ``Trump``/``trump``) are left out:
the frequency rules decide those.

    apt-get download wamerican wbritish && for f in w*.deb; do dpkg-deb -x $f deb; done
    python tools/build_english_names.py deb/usr/share/dict/american-english \
        deb/usr/share/dict/british-english          # or: make english-names
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

_OUT = Path(__file__).resolve().parent.parent / "summarizer" / "data" / "english_names.txt"
_NAME = re.compile(r"^[A-Z][a-z]+$")  # one capital, then lowercase ASCII: no acronyms (AIDS)

HEADER = """\
# English words that are names wherever they stand (the faithfulness flags): the words the
# SCOWL word lists (Debian wamerican/wbritish {version}) write only capitalised, folded.
# Copyright 2000-2011 by Kevin Atkinson. Permission to use, copy, modify, distribute and sell
# these word lists, the associated scripts, the output created from the scripts, and its
# documentation for any purpose is hereby granted without fee, provided that the above
# copyright notice appears in all copies and that both that copyright notice and this
# permission notice appear in supporting documentation. Kevin Atkinson makes no
# representations about the suitability of this array for any purpose. It is provided "as is"
# without express or implied warranty.
# Rebuilt by tools/build_english_names.py.
"""


def proper_only(lists: list[Path]) -> list[str]:
    """The folded words the lists write only capitalised (three letters or more)."""
    capitalised: set[str] = set()
    lowercase: set[str] = set()
    for path in lists:
        for word in path.read_text(encoding="utf-8", errors="replace").split():
            if _NAME.match(word):
                capitalised.add(word.lower())
            elif word.islower():
                lowercase.add(word.replace("'s", ""))
    return sorted(w for w in capitalised - lowercase if len(w) >= 3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lists", nargs="+", type=Path, help="SCOWL word lists (one word a line)")
    parser.add_argument("--version", default="2020.12.07-2", help="the Debian package version")
    parser.add_argument("--out", type=Path, default=_OUT)
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.lists if not p.is_file()]
    if missing:
        print(f"error: no such word list: {', '.join(missing)}", file=sys.stderr)
        return 2
    words = proper_only(args.lists)
    args.out.write_text(HEADER.format(version=args.version) + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} names -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
