"""Build ``summarizer/data/european_zipf.tsv``: wordfreq's fr/es/nl/de frequencies of the English
words whose name-or-vocabulary decision needs them.

The faithfulness rules compare an English word's frequency with its frequency in French,
Spanish, Dutch and German (names are about as frequent everywhere). Loading wordfreq's full
lists for those four languages takes about 1 s per process, most of the first check's cost.
wordfreq's small lists (0.02 s each) hold every word of Zipf 3.0 and more with the same values,
so the full lists are needed only for an English word of Zipf 2.5–3.75 (below 2.5 a word is a
name without asking; from 3.75 the small lists settle the 0.75 gap) that a language writes
less often than 3.0: this table holds exactly those values, as ``zipf_frequency`` returns them.

    python tools/build_european_frequencies.py   # or: make european-frequencies
"""

from __future__ import annotations

import sys
from pathlib import Path

from wordfreq import iter_wordlist, zipf_frequency

OUT = Path(__file__).resolve().parent.parent / "summarizer" / "data" / "european_zipf.tsv"
LANGUAGES = ("fr", "es", "nl", "de")
LOW, HIGH = 2.5, 3.75  # the English range whose decisions need the full lists

HEADER = """\
# wordfreq Zipf frequencies in fr, es, nl, de of the English words of Zipf 2.5-3.75, for the
# faithfulness flags (see tools/build_european_frequencies.py; wordfreq {version}, its data
# CC BY-SA 4.0). Columns (tab-separated): word, fr, es, nl, de.
"""


def main() -> int:
    from importlib.metadata import version

    rows = []
    for word in iter_wordlist("en", wordlist="large"):
        en = zipf_frequency(word, "en")
        if en < LOW:
            break
        if en < HIGH:
            values = [zipf_frequency(word, lang) for lang in LANGUAGES]
            rows.append(f"{word}\t" + "\t".join(f"{v:g}" for v in values) + "\n")
    OUT.write_text(HEADER.format(version=version("wordfreq")) + "".join(sorted(rows)), "utf-8")
    print(f"{len(rows)} words -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
