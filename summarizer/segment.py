"""Split cleaned Indonesian news text into paragraphs, sentences and pieces that fit a model.

Pure functions: no I/O, no models, no environment. Every function keeps the text: joining
its output gives back the input with whitespace collapsed, so nothing is ever truncated.

Sentences are found by looking at whitespace-separated tokens. A token that ends in
``.``, ``?``, ``!`` or an ellipsis (optionally followed by closing quotes or brackets) is a
candidate boundary; Indonesian rules (titles, abbreviations, initials, numbers, quotes,
brackets) then decide. Because sentences are runs of whole tokens, the invariant
``" ".join(split_sentences(p)) == " ".join(p.split())`` holds by construction.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Sequence

__all__ = [
    "join_pieces",
    "piece_glue",
    "split_long",
    "split_paragraphs",
    "split_sentences",
]

# Quotes and brackets. Straight quotes open or close depending on position and parity.
_OPENERS = "\"'“‘«„(["
_CLOSERS = "\"'”’»)]"
_CURLY_CLOSERS = "”’»)]"

# Abbreviations (lowercase, without the final period) that never end a sentence: titles
# and ranks before a name, address and place words, and words always followed by a number
# or name (Rp., No., tgl.). Lowercase dotted forms such as a.n., s.d., u.p., a.l. and
# single capital initials ("B. Yudhoyono") are recognised by rule, not listed here.
_NEVER_END = frozenset(
    {
        # titles, honorifics and ranks
        "dr", "drg", "drh", "prof", "hj", "ir", "drs", "dra", "bpk", "sdr", "sdri", "yth",
        "ny", "nn", "tn", "mr", "mrs", "moh", "muh", "moch", "mochd", "mohd", "mhd", "st",
        "sp", "med", "k.h", "r.a", "r.m", "pol", "jend", "akbp", "kombes", "kompol", "brigjen",
        "irjen", "komjen", "mayjen", "letjen", "kapt", "letkol",
        # addresses and administrative areas
        "jl", "jln", "gg", "kab", "kec", "kel", "ds", "kp", "prov", "rt", "rw", "kav",
        # company forms and words followed by a number or a name
        "pt", "cv", "no", "rp", "tgl", "hlm", "vol", "telp", "vs",
    }
)  # fmt: skip

# Abbreviations that usually sit inside a sentence but may close it (degrees, company
# suffixes, "dll."): they end a sentence only before a clear new start, i.e. a capitalised
# word, digit or opening quote that is not itself an abbreviation ("S.H. M.Si." chains).
# Capitalised dotted forms (S.H., M.Si., Ph.D., D.C.) are handled by rule.
_MAY_END = frozenset(
    {"dll", "dsb", "dst", "dkk", "etc", "tbk", "jr", "sr", "inc", "ltd", "co", "corp"}
)

# Month abbreviations: no boundary before a digit ("Jan. 2017", "5 Des. 2023").
_MONTHS = frozenset(
    {"jan", "feb", "mar", "apr", "jun", "jul", "agu", "agt", "ags", "agust", "aug",
     "sep", "sept", "okt", "oct", "nov", "des", "dec"}
)  # fmt: skip

# Words after which a single capital letter is a label, not an initial: "Grup A. Dua ...".
_LABEL_WORDS = frozenset(
    {"grup", "group", "serie", "seri", "kelas", "tipe", "type", "vitamin", "blok", "huruf",
     "golongan", "pool", "divisi", "plan", "opsi", "rencana", "zona", "kategori", "paket",
     "gedung", "tower", "menara", "pintu", "tribun", "ruang", "level", "hepatitis"}
)  # fmt: skip

# A token ending a candidate sentence: core, terminal punctuation, closing quotes/brackets.
_END = re.compile(r"(?P<core>.*?)(?P<punct>[.?!…]+)(?P<close>[\"'”’»)\]]*)", re.DOTALL)
_DOTTED_LOWER = re.compile(r"(?:[a-z]{1,2}\.)+[a-z]{1,2}")  # a.n, s.d, u.p, a.l
_DOTTED_UPPER = re.compile(r"(?:[A-Z][A-Za-z]{0,3}\.)+[A-Z][A-Za-z]{0,3}")  # S.H, M.Si, Ph.D
_LIST_MARKER = re.compile(r"\(?(?:\d{1,2}|[a-zA-Z])[.)]?")
_CAMEL = re.compile(r"[a-z]{1,2}[A-Z]")  # iPhone, eKTP, iOS start a sentence too
_EDGE_APOSTROPHE = re.compile(r"(?<!\w)'|'(?!\w)")
_LINE_FINAL = re.compile(r"(?:[.?!…:;][\"'”’»)\]]*|[\"”’»)\]])$")


# ---------------------------------------------------------------------------- paragraphs


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a cleaned document, whitespace collapsed, empty ones dropped.

    A blank line always separates paragraphs. A single newline does too, because news sites
    put one paragraph per line, unless it is a hard wrap: the line does not end with
    sentence-final punctuation (``. ? ! … : ;``) or a closing quote/bracket, and the next line
    starts with a lowercase letter, or with a digit after a line ending in a lowercase letter
    or a comma. Wrapped lines are joined with one space.
    """
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            if current:
                paragraphs.append(current)
                current = []
        elif current and _is_hard_wrap(current[-1], line):
            current.append(line)
        else:
            if current:
                paragraphs.append(current)
            current = [line]
    if current:
        paragraphs.append(current)
    return [" ".join(lines) for lines in paragraphs]


def _is_hard_wrap(previous: str, line: str) -> bool:
    if _LINE_FINAL.search(previous):
        return False
    first = line[0]
    if first.islower():
        return True
    # "... pada tanggal\n20 November" continues; "Jadwal:\n20.30 WIB ..." is a new line.
    return first.isdigit() and (previous[-1].islower() or previous[-1] == ",")


# ----------------------------------------------------------------------------- sentences


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph, in order, each a run of whole whitespace tokens.

    ``" ".join(split_sentences(p)) == " ".join(p.split())`` always holds. Decisions:
    a closing quote or bracket stays with the sentence it closes and never starts one;
    dialogue attribution (``“Ini penting,” kata Larso.``) stays one sentence; a quotation
    holding several sentences is split inside (``“Kalah.`` | ``Menang,” ujarnya.``), because
    translation works best sentence by sentence; no split inside balanced ``(...)``/``[...]``.
    """
    tokens = paragraph.split()
    if not tokens:
        return []
    closer = _bare_closers(tokens)
    protected = _inside_brackets(tokens)
    sentences: list[str] = []
    start = 0
    for i in range(len(tokens) - 1):
        if not protected[i] and _ends_sentence(tokens, i, start, closer):
            sentences.append(" ".join(tokens[start : i + 1]))
            start = i + 1
    sentences.append(" ".join(tokens[start:]))
    return sentences


def _bare_closers(tokens: list[str]) -> list[bool]:
    """For each token, whether it is made only of closing quotes/brackets (``”`` in tokenised
    text). A bare straight quote closes only when a quotation of its kind is open (odd count
    so far); apostrophes inside words (``Jum'at``) are not counted as quotes."""
    result: list[bool] = []
    double = single = 0
    for tok in tokens:
        bare = bool(tok) and all(ch in _CLOSERS for ch in tok)
        if bare and not any(ch in _CURLY_CLOSERS for ch in tok):
            bare = ('"' in tok and double % 2 == 1) or ("'" in tok and single % 2 == 1)
        result.append(bare)
        double += tok.count('"')
        single += len(_EDGE_APOSTROPHE.findall(tok))
    return result


def _inside_brackets(tokens: list[str]) -> list[bool]:
    """For each token, whether a bracket opened at or before it closes after it.

    Only balanced pairs protect their content, so a stray "(" cannot glue a paragraph.
    """
    pairs = {")": "(", "]": "["}
    stack: list[tuple[str, int]] = []
    delta = [0] * (len(tokens) + 1)
    for i, tok in enumerate(tokens):
        for ch in tok:
            if ch in "([":
                stack.append((ch, i))
            elif ch in pairs and stack and stack[-1][0] == pairs[ch]:
                opened = stack.pop()[1]
                if opened < i:
                    delta[opened] += 1
                    delta[i] -= 1
    protected: list[bool] = []
    depth = 0
    for i in range(len(tokens)):
        depth += delta[i]
        protected.append(depth > 0)
    return protected


def _strip_openers(tok: str) -> str:
    return tok.lstrip(_OPENERS)


def _next_start(tokens: list[str], j: int, closer: list[bool]) -> tuple[bool, bool, bool]:
    """How token j begins: (capitalised, digit, opening quote). All False for a continuation."""
    tok = tokens[j]
    if closer[j]:
        return False, False, False
    word = _strip_openers(tok)
    quoted = tok[:1] in "\"'“‘«„" and len(word) < len(tok)
    if not word:  # a bare opening quote/bracket: look at the word after it
        if j + 1 < len(tokens):
            cap, digit, _ = _next_start(tokens, j + 1, closer)
            return cap, digit, quoted
        return False, False, quoted
    first = word[0]
    cap = first.isupper() or bool(_CAMEL.match(word)) or _is_lower_title(word)
    return cap, first.isdigit(), quoted


def _is_lower_title(word: str) -> bool:
    """``dr.``/``drg.`` may start a sentence although lowercase."""
    return word.endswith(".") and word[:-1] in {"dr", "drg", "drh"}


def _is_abbreviation(tok: str) -> bool:
    """Whether a token is an abbreviation or initial (used to see "S.H. M.Si." chains)."""
    word = _strip_openers(tok).rstrip(",;:")
    if not word.endswith("."):
        return False
    core = word[:-1]
    lower = core.lower()
    return (
        lower in _NEVER_END
        or lower in _MAY_END
        or (len(core) == 1 and core.isupper())
        or bool(_DOTTED_LOWER.fullmatch(core) or _DOTTED_UPPER.fullmatch(core))
    )


def _ends_sentence(tokens: list[str], i: int, start: int, closer: list[bool]) -> bool:
    """Whether a sentence ends after token i (the current sentence began at ``start``)."""
    tok = tokens[i]
    nxt = i + 1
    if i > start and closer[i]:
        tok = tokens[i - 1] + tok  # "senang ." + "”" is judged as "senang.”"
    m = _END.fullmatch(tok)
    if m is None:
        return False
    cap, digit, quoted = _next_start(tokens, nxt, closer)
    punct = m["punct"]
    word = _strip_openers(m["core"])
    if "?" in punct or "!" in punct:
        return cap or digit or quoted
    if len(punct) > 1 or "…" in punct:  # ellipsis: "tunggu... nanti" is one sentence
        if not word and ("[" in m["core"] or "(" in m["core"]):  # "[…]": an omission
            return False
        return cap or quoted
    if not (cap or digit or quoted):  # lowercase, dash or closing quote next: no boundary
        return False
    if not word:
        return True
    lower = word.lower()
    if lower in _NEVER_END:
        return False
    if lower in _MONTHS and digit:
        return False
    if _LIST_MARKER.fullmatch(word) and (i == start or tokens[i - 1].endswith(":")):
        return False  # a list marker: "1. Pertama", "Syaratnya: a. Membawa KTP"
    if len(word) == 1 and word.isupper():
        previous = tokens[i - 1].lower().strip(_OPENERS + _CLOSERS + ",") if i > 0 else ""
        return previous in _LABEL_WORDS  # "Grup A. Dua" ends; "Soesilo B. Yudhoyono" not
    if _DOTTED_LOWER.fullmatch(word):
        return False
    if lower in _MAY_END or _DOTTED_UPPER.fullmatch(word):
        return not _is_abbreviation(tokens[nxt])
    return True


# ------------------------------------------------------------------------- long sentences


def split_long(sentence: str, count_tokens: Callable[[str], int], max_tokens: int) -> list[str]:
    """Split a sentence over ``max_tokens`` into consecutive pieces that each fit; never cut.

    Split points, best first: ``;``/``:``, then ``,``, a closing quote/bracket, ``?``/``!``
    or a spaced ``–``/``—`` dash (not ``-``: often a range), each taken near the point that
    makes balanced pieces (``ceil(tokens / max_tokens)`` equal shares); then any clause point;
    then plain whitespace; a character split only for a single whitespace-free run that
    alone does not fit. The sentence is bisected recursively, so ``count_tokens`` is called
    once per piece examined (at most twice the number of pieces returned), never per
    character.

    Returns ``[" ".join(sentence.split())]`` when it fits and ``[]`` for a blank sentence.
    Glue: pieces join with one space, except after a character split where they join with
    none; ``piece_glue`` recovers it, and ``join_pieces(pieces, piece_glue(sentence, pieces))``
    gives back the normalised sentence. Without character splits ``" ".join(pieces)`` does.
    Raises ValueError if ``max_tokens < 1`` or a single character does not fit.
    """
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be at least 1, got {max_tokens}")
    text = " ".join(sentence.split())
    if not text:
        return []
    total = count_tokens(text)
    if total <= max_tokens:
        return [text]
    strong: list[int] = []
    weak: list[int] = []
    spaces: list[int] = []
    for i, ch in enumerate(text):
        if ch != " ":
            continue
        spaces.append(i)
        before = text[i - 1]
        if before in ";:":
            strong.append(i)
        elif before in ",?!" + _CLOSERS or (before in "–—" and (i < 2 or text[i - 2] == " ")):
            weak.append(i)
    clause = sorted(strong + weak)
    pieces: list[str] = []

    def split(a: int, b: int, n: int) -> None:
        shares = math.ceil(n / max_tokens)
        target = a + (b - a) * (shares // 2) // shares
        window = (b - a) // 4
        cut: int | None = None
        for points in (strong, weak):
            p = _nearest(points, a, b, target)
            if p is not None and abs(p - target) <= window:
                cut = p
                break
        if cut is None:
            cut = _nearest(clause, a, b, target)
        if cut is None:
            cut = _nearest(spaces, a, b, target)
        if cut is not None:
            parts = ((a, cut), (cut + 1, b))
        elif b - a >= 2:
            mid = min(max(target, a + 1), b - 1)
            parts = ((a, mid), (mid, b))
        else:
            raise ValueError(
                f"max_tokens={max_tokens} is too small: {text[a:b]!r} alone counts {n} tokens"
            )
        for x, y in parts:
            m = count_tokens(text[x:y])
            if m <= max_tokens:
                pieces.append(text[x:y])
            else:
                split(x, y, m)

    split(0, len(text), total)
    return pieces


def _nearest(points: list[int], a: int, b: int, target: int) -> int | None:
    """The sorted position strictly inside (a, b) closest to target, or None."""
    lo = bisect.bisect_right(points, a)
    hi = bisect.bisect_left(points, b)
    if lo >= hi:
        return None
    k = min(max(bisect.bisect_left(points, target, lo, hi), lo), hi - 1)
    best = points[k]
    if k > lo and abs(points[k - 1] - target) <= abs(best - target):
        best = points[k - 1]
    return best


def piece_glue(sentence: str, pieces: Sequence[str]) -> list[str]:
    """What joins each piece to the next: ``" "``, or ``""`` after a character split.

    The last piece's glue is ``""``. Raises ValueError if pieces do not spell the sentence.
    """
    text = " ".join(sentence.split())
    glue: list[str] = []
    pos = 0
    for k, piece in enumerate(pieces):
        if not piece or not text.startswith(piece, pos):
            raise ValueError(f"piece {k} ({piece[:40]!r}) does not continue the sentence")
        pos += len(piece)
        if k < len(pieces) - 1 and text.startswith(" ", pos):
            glue.append(" ")
            pos += 1
        else:
            glue.append("")
    if pos != len(text):
        raise ValueError("the pieces do not cover the whole sentence")
    return glue


def join_pieces(pieces: Sequence[str], glue: Sequence[str]) -> str:
    """Reassemble pieces (or their translations) with the glue from ``piece_glue``."""
    if len(pieces) != len(glue):
        raise ValueError(f"{len(pieces)} pieces but {len(glue)} glue strings")
    return "".join(p + g for p, g in zip(pieces, glue, strict=True))
