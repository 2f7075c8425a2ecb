"""Which capitalised words are names, and what else a name may be called in the other language.

The faithfulness flags compare names between an Indonesian source and English output. Two
questions decide whether they cry wolf or miss a swapped speaker:

* **Is this word a name?** Decided by what the word is, not where it stands, so names at the
  start of a sentence, after a quote or in a headline are checked too. English: a capitalised
  word is ordinary vocabulary when the text also writes it in lowercase, when it is a known
  English title word (``data/en_title_words.txt``), or when word frequencies (``wordfreq``)
  show it is far more common in English than in Indonesian or other European languages
  (``Council``, ``Wage``, ``Him``): names are about as frequent everywhere. Indonesian: a
  capitalised word mid-sentence is a name unless it is known vocabulary (``terms.tsv``,
  ``data/id_title_words.txt``), written in lowercase elsewhere in the article, a derived word
  of a common root (``Pengupahan`` = peng+upah+an), or a very common word (``Anda``); at a
  sentence start or in a Title-Case headline only a known place, an acronym, a word the
  article capitalises mid-sentence, or a rare word counts.
* **What may it become?** Country, territory and language names from CLDR (``babel``, in
  Indonesian and English), Indonesian provinces and cities (``data/places.tsv``), the
  institutions and acronyms of the domain (``data/terms.tsv``) and the user's glossary.
  Multi-word entries relate every word of one side to every word of the other
  (``Amerika Serikat`` / ``United States``), so a name is compared word by word.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .glossary import Glossary

__all__ = [
    "DEMONYM",
    "GLUE",
    "Lexicon",
    "english_singulars",
    "fold",
    "indonesian_roots",
    "is_acronym",
    "lexicon",
    "lexicon_for",
    "similar",
    "sound",
]

# Words of multi-word entries that carry no name ("Ministry of Manpower").
# Words that join the words of a name or phrase ("Ministry of Health", "Dinas dan …").
GLUE = frozenset("of the and for in on at to a an dan di ke dari untuk yang".split())


@functools.lru_cache(maxsize=262144)
def fold(word: str) -> str:
    """Lowercase, accents removed, possessive and edge punctuation stripped."""
    text = unicodedata.normalize("NFKD", word)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"['’]s$", "", text)
    return text.strip(".-'’")


def is_acronym(word: str) -> bool:
    """``BP2MI``, ``NTT``, ``NGOs``: two or more capitals and no lowercase letter but a plural s."""
    letters = [ch for ch in word if ch.isalpha()]
    return (
        len(letters) >= 2
        and sum(ch.isupper() for ch in letters) >= 2
        and not any(ch.islower() for ch in word.rstrip("s"))
    )


def _words(phrase: str) -> list[str]:
    return [w for w in (fold(p) for p in re.split(r"[\s/]+|-(?=\w)", phrase)) if w]


def _content(phrase: str, language: str) -> list[str]:
    """The words of a multi-word entry that can carry a name: not glue or function words
    (``di``, ``the``), which would otherwise "support" any text."""
    words = _words(phrase)
    if len(words) == 1:
        return words
    return [w for w in words if w not in GLUE and _zipf(w, language) < 6.0]


@dataclass
class Lexicon:
    """Equivalences between Indonesian and English words of names and terms.

    ``english[w]`` are the English words an Indonesian word ``w`` may become, and
    ``indonesian[w]`` the reverse; ``id_terms`` are Indonesian vocabulary (never a dropped
    name); ``known_id``/``known_en`` are names wherever they stand, and so are ``en_names``
    (the words English writes only capitalised, from SCOWL); ``en_words`` (common words SCOWL
    writes only in lowercase) are vocabulary where grammar capitalises them.
    """

    english: dict[str, set[str]] = field(default_factory=dict)
    renderings: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    indonesian: dict[str, set[str]] = field(default_factory=dict)
    id_terms: set[str] = field(default_factory=set)
    id_names: set[str] = field(default_factory=set)
    known_id: set[str] = field(default_factory=set)
    known_en: set[str] = field(default_factory=set)
    en_title_words: frozenset[str] = frozenset()
    en_dictionary_words: set[str] = field(default_factory=set)
    en_names: frozenset[str] = frozenset()
    en_words: frozenset[str] = frozenset()

    def add(self, indonesian: str, english: Iterable[str], kind: str = "name") -> None:
        self.relate(_content(indonesian, "id"), [_content(r, "en") for r in english], kind)

    def relate(self, id_words: list[str], renderings: list[list[str]], kind: str = "name") -> None:
        """``add`` for words already folded and stripped of glue."""
        for en_words in renderings:
            for i in id_words:
                self.english.setdefault(i, set()).update(en_words)
                self.renderings.setdefault(i, []).append(tuple(en_words))
            for e in en_words:
                self.indonesian.setdefault(e, set()).update(id_words)
        if kind == "term" and len(id_words) == 1:
            self.id_terms.update(id_words)
        elif kind == "name":
            self.id_names.update(id_words)

    def with_glossary(self, glossary: Glossary | None) -> Lexicon:
        """This lexicon plus a user's glossary pairs (a copy; the shared one is not changed)."""
        if glossary is None:
            return self
        copy = Lexicon(
            {k: set(v) for k, v in self.english.items()},
            {k: list(v) for k, v in self.renderings.items()},
            {k: set(v) for k, v in self.indonesian.items()},
            set(self.id_terms),
            set(self.id_names),
            set(self.known_id),
            set(self.known_en),
            self.en_title_words,
            self.en_dictionary_words,
            self.en_names,
            self.en_words,
        )
        for source, target in glossary.pairs:
            copy.add(source, [target], "glossary")
        return copy


_DATA = Path(__file__).with_name("data")


def _data(name: str) -> str:
    return (_DATA / name).read_text(encoding="utf-8")


def _rows(name: str) -> Iterable[list[str]]:
    for line in _data(name).splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _word_list(name: str) -> frozenset[str]:
    return frozenset(
        w for line in _data(name).splitlines() if not line.startswith("#") for w in line.split()
    )


@functools.cache
def lexicon() -> Lexicon:
    """The built-in lexicon (package data and CLDR), loaded once per process."""
    from babel import Locale

    lex = Lexicon(
        en_title_words=_word_list("en_title_words.txt"),
        en_names=_word_list("english_names.txt"),
        en_words=_word_list("english_words.txt"),
    )
    lex.id_terms.update(_word_list("id_title_words.txt"))
    indonesian, english = Locale("id"), Locale("en")
    for table_id, table_en in (
        (indonesian.territories, english.territories),
        (indonesian.languages, english.languages),
    ):
        for code, name_id in table_id.items():
            name_en = table_en.get(code)
            if name_en and not code.isdigit():
                lex.add(name_id, [name_en], "place")
                lex.known_id.update(w for w in _content(name_id, "id") if _zipf(w, "id") < 5.5)
                lex.known_en.update(_name_words(name_en))
    for row in _rows("places.tsv"):
        renderings = row[1].split("|")
        lex.add(row[0], renderings, "place")
        lex.known_id.update(_words(row[0]))
        lex.known_en.update(w for r in renderings for w in _name_words(r))
    countries = {name.casefold() for name in english.territories.values()}
    for row in _rows("terms.tsv"):
        kind = row[2].strip() if len(row) > 2 else "name"
        lex.add(row[0], row[1].split("|"), kind)
        if kind == "name":  # the proper nouns of its English renderings ("England", "Jesus")
            lex.known_en.update(
                fold(w)
                for r in row[1].split("|")
                for w in r.split()
                if w[:1].isupper()
                and not is_acronym(w)  # "WHO" is a name, "Who" is not
                # "Transport" of "Transport Ministry" is a common word; "States" of a
                # country's name ("United States") is not
                and (fold(w) not in lex.en_words or r.casefold() in countries)
            )
    for row in _rows("dictionary.tsv"):  # ordinary words last: names keep their own entries
        # lowercase ASCII already, frequent words dropped by tools/build_dictionary.py
        headword = [[w for w in row[0].split() if w not in GLUE]]
        for indonesian_word in row[1].split("|"):
            lex.relate([w for w in indonesian_word.split() if w not in GLUE], headword, "dictionary")
        if len(row) < 3 and " " not in row[0]:  # not only a proper noun
            lex.en_dictionary_words.add(row[0])
    # Direction words are part of many place names but are vocabulary, not names.
    for word in ("utara", "selatan", "barat", "timur", "tengah", "tenggara", "pusat", "raya"):
        lex.known_id.discard(word)
    for word in ("north", "south", "west", "east", "central", "southeast", "new", "united"):
        lex.known_en.discard(word)
    lex.known_id -= lex.id_terms
    lex.known_en -= lex.en_title_words
    return lex


@functools.lru_cache(maxsize=8)
def lexicon_for(glossary: Glossary | None) -> Lexicon:
    """The built-in lexicon plus a user's glossary (cached: one copy per glossary)."""
    return lexicon().with_glossary(glossary)


# ---------------------------------------------------------------------------- word frequencies

# English is "ordinary" when it is this much more frequent (Zipf units) in English than in
# Indonesian (a word Indonesian web text knows), or than in every other language listed.
_EN_OVER_ID = 0.9
_RARE = 2.5
_EN_OVER_ALL = 0.75
_EN_OVER_EUROPEAN = 0.75
_EUROPEAN = ("fr", "es", "nl", "de")
_OTHER_LANGUAGES = ("id", "ms", "fr", "es", "nl", "de")  # cheapest lists first


@functools.lru_cache(maxsize=65536)
def _zipf(word: str, language: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, language))


def english_ordinary(word: str, strict: bool = False) -> bool:
    """Whether a capitalised English word (folded) is vocabulary rather than a name.

    ``strict``: the word stands where grammar capitalises it (a sentence start, a headline),
    so a common English word more frequent in English than in Indonesian is vocabulary.
    """
    lex = lexicon()
    if word in lex.known_en:
        return False
    if word in lex.en_title_words or (word.endswith("s") and word[:-1] in lex.en_title_words):
        return True
    if word in lex.en_names or (word.endswith("s") and word[:-1] in lex.en_names):
        return False  # English writes it only capitalised (SCOWL): London, Obama, Hobart
    if strict and any(w in lex.en_dictionary_words for w in english_singulars(word)):
        return True  # a dictionary word where grammar capitalises it ("Dam Collapsed")
    if strict and word in lex.en_words and _zipf(word, "en") - _zipf(word, "id") >= 0.3:
        return True  # "Transport", "Later"; not "Sari", as common a name in Indonesian
    return _frequent_in_english(word, strict)


def _frequent_in_english(word: str, strict: bool = False) -> bool:
    """The word-frequency half of ``english_ordinary``. Other languages' lists are consulted
    only when the answer depends on them (each costs up to 0.4 s to load, once)."""
    en = _zipf(word, "en")
    if en < _RARE:  # rare words are names (Routley, Chidambaram), however English their text,
        return strict and (  # but not "Inundations", "Hurdled" where grammar capitalises them
            (en >= 1.0 and bool(_ENGLISH_SUFFIX.search(word))) or _inflected_english(word)
        )
    indonesian = _zipf(word, "id")
    if strict and en >= 3.5 and en - indonesian >= 0.3 and _english_vocabulary(word, en):
        return True
    if en - indonesian >= _EN_OVER_ID and (indonesian >= 2.5 or en >= 3.0):
        # far more English than Indonesian, and not a name Europe writes as often (Putin)
        return _more_english_than(word, en, _EN_OVER_EUROPEAN, _EUROPEAN)
    return _more_english_than(word, en, _EN_OVER_ALL, _OTHER_LANGUAGES)


def _inflected_english(word: str) -> bool:
    """An inflection of an English word (``hurdled``, ``commencing``, ``peddlers``) or two
    common ones written as one (``spendthrift``, ``facemask``)."""
    lex = lexicon()

    def known(stem: str) -> bool:
        return stem in lex.en_words or stem in lex.en_dictionary_words

    for suffix in ("ing", "ed", "d", "es", "s"):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3 and (known(stem) or known(stem + "e")):
            return True
    return any(
        word[:k] in lex.en_words and word[k:] in lex.en_words for k in range(4, len(word) - 3)
    )


def _more_english_than(word: str, en: float, gap: float, languages: Sequence[str]) -> bool:
    """Whether ``word`` is at least ``gap`` Zipf units more frequent in English than in every
    one of ``languages`` (stops at the first that says no)."""
    return all(en - _other_zipf(word, en, lang) >= gap for lang in languages)


# wordfreq's small lists hold every word of at least this Zipf frequency, with the values of
# the full lists, and load in 0.02 s a language; the full fr/es/nl/de lists take about 1 s.
_SMALL_FLOOR = 3.0
_EUROPEAN_TABLE_RANGE = (2.5, 3.75)  # the English range data/european_zipf.tsv covers


@functools.lru_cache(maxsize=65536)
def _zipf_small(word: str, language: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, language, wordlist="small"))


@functools.cache
def _european_table() -> dict[str, tuple[float, ...]]:
    return {row[0]: tuple(float(v) for v in row[1:]) for row in _rows("european_zipf.tsv")}


def _other_zipf(word: str, en: float, language: str) -> float:
    """``_zipf(word, language)`` without loading the full French, Spanish, Dutch or German
    list when it can be helped: from the small list when the word is there, else from
    ``data/european_zipf.tsv`` (the same values, for the English words whose decision needs
    them; tools/build_european_frequencies.py). A test checks both against ``_zipf``."""
    if language not in _EUROPEAN:
        return _zipf(word, language)
    small = _zipf_small(word, language)
    if small or not _EUROPEAN_TABLE_RANGE[0] <= en < _EUROPEAN_TABLE_RANGE[1]:
        return small  # under the floor, which settles any gap up to 0.75 for en >= 3.75
    values = _european_table().get(word)
    return values[_EUROPEAN.index(language)] if values is not None else _zipf(word, language)


_ENGLISH_SUFFIX = re.compile(r"(?:tion|sion|ment|ness|ity|ous|ive|ible|able|ism|ance|ence|ical|ual|nal)s?$")


def _english_vocabulary(word: str, en: float) -> bool:
    """A common English word where grammar capitalises it: a function word (``So``, ``Even``),
    a derived word (``Construction``), a plural of a common word (``Tensions``), or a word
    far more English than European (names are about as frequent everywhere)."""
    return (
        en >= 5.5
        or bool(_ENGLISH_SUFFIX.search(word))
        or (word.endswith("s") and _zipf(word[:-1], "en") >= 3.5)
        or _more_english_than(word, en, 0.3, _EUROPEAN)
    )


def english_singulars(word: str) -> tuple[str, ...]:
    """An English word and, for a plural, its singular forms (``buses`` → ``buse``, ``bus``)."""
    if word.endswith("es"):
        return (word, word[:-1], word[:-2])
    return (word, word[:-1]) if word.endswith("s") else (word,)


def indonesian_roots(word: str) -> set[str]:
    """A word and the roots its affixes may hide (``terbuka`` → ``buka``, ``penyelam`` →
    ``selam``), for looking it up in the dictionary."""
    return {word, *_affix_roots(word)}


def _name_words(phrase: str) -> list[str]:
    """A one-word place or language name (``Syria``); the words of longer ones (``Ancient
    Greek``) are left to the frequency rule, which tells ``greek`` from ``ancient``."""
    words = _content(phrase, "en")
    return words if len(words) == 1 else []


_PREFIXES = ("memper", "meng", "meny", "mem", "men", "me", "peng", "peny", "pem", "pen", "per",
             "pe", "ber", "be", "ter", "di", "ke", "se")  # fmt: skip
_SUFFIXES = ("kannya", "annya", "inya", "kan", "an", "nya", "i")


def indonesian_derived(word: str) -> bool:
    """``Pengupahan`` (peng+upah+an), ``Kebersihan``: a derived word of a common root is
    vocabulary, however it is capitalised."""
    return any(len(root) >= 4 and _zipf(root, "id") >= 3.5 for root in _affix_roots(word))


def _affix_roots(word: str) -> Iterator[str]:
    """The roots (three letters or more) left by each prefix/suffix split of ``word`` that
    removes something, with the consonant a meN-/peN- prefix drops put back."""
    for prefix in ("", *_PREFIXES):
        if not word.startswith(prefix):
            continue
        stem = word[len(prefix) :]
        for suffix in ("", *_SUFFIXES):
            if (not prefix and not suffix) or (suffix and not stem.endswith(suffix)):
                continue
            root = stem[: len(stem) - len(suffix)] if suffix else stem
            if len(root) >= 3:
                yield root
                yield from _nasal_roots(prefix, root)


def _nasal_roots(prefix: str, root: str) -> list[str]:
    """meN-/peN- drop a root's first consonant: pengupahan→upah, but penulis→tulis."""
    if prefix in ("men", "pen"):
        return ["t" + root]
    if prefix in ("mem", "pem"):
        return ["p" + root]
    if prefix in ("meng", "peng"):
        return ["k" + root]
    if prefix in ("meny", "peny"):
        return ["s" + root]
    return []


def indonesian_common(word: str) -> bool:
    """Very common Indonesian words (``Anda``, ``Dia``) are vocabulary even when capitalised."""
    return _zipf(word, "id") >= 5.5 and word not in lexicon().known_id


# ---------------------------------------------------------------------------- spelling

DEMONYM = re.compile(r"(?:ians?|ese|ish|ans?|is|ists?|ic)$")


@functools.lru_cache(maxsize=262144)
def sound(word: str) -> str:
    """A rough spelling key across Indonesian and English (c/k, ph/f, z/s, doubled letters)."""
    w = word.replace("ph", "f").replace("ci", "si").replace("ce", "se").replace("c", "k").replace("q", "k").replace("x", "ks")
    w = w.replace("y", "i").replace("oe", "u").replace("dj", "j").replace("tj", "c")
    w = w.replace("z", "s")
    return re.sub(r"(.)\1+", r"\1", w)


@functools.lru_cache(maxsize=65536)
def similar(a: str, b: str) -> bool:
    """Whether two words are spellings of one name (Amerika/America, Syria/Syrian)."""
    import difflib

    if len(a) < 4 or len(b) < 4:
        return False
    sa, sb = sound(a), sound(b)
    if sa[0] != sb[0]:
        return False
    for x, y in ((sa, sb), (sb, sa)):  # China/Chinese, Jepang/Japanese via the stem
        stem = DEMONYM.sub("", x)
        if stem != x and len(stem) >= 3 and y.startswith(stem) and len(y) <= len(stem) + 3:
            return True
    for x in {sa, DEMONYM.sub("", sa) or sa}:
        for y in {sb, DEMONYM.sub("", sb) or sb}:
            if x == y or (len(x) >= 4 and len(y) >= 4 and (x.startswith(y) or y.startswith(x))):
                return True
            if 0.7 <= len(x) / len(y) <= 1.43:
                matcher = difflib.SequenceMatcher(None, x, y)
                if matcher.quick_ratio() >= 0.8 and matcher.ratio() >= 0.8:
                    return True
    return False
