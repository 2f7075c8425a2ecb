"""A user's glossary: Indonesian term → English term, one tab-separated pair a line.

NGO staff know how their partners' names and their own programmes are rendered in English
("Kejati NTT" → "East Nusa Tenggara High Prosecutor's Office"). A glossary makes those pairs
count as equivalences for the faithfulness flags, and a translation that renders a glossary
term some other way gets a "glossary: expected …" note on that sentence. The glossary is part
of every output's signature: a different glossary can change the flags.

File rules (one clear ``InputError`` each): UTF-8 text, at most ``MAX_GLOSSARY_BYTES``;
``#`` starts a comment line; blank lines are skipped; every other line is exactly two
non-empty tab-separated columns; at least one pair.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

__all__ = ["MAX_GLOSSARY_BYTES", "Glossary", "parse_glossary", "read_glossary"]

MAX_GLOSSARY_BYTES = 1_000_000


@dataclass(frozen=True)
class Glossary:
    """Pairs of (Indonesian term, English term), in file order."""

    pairs: tuple[tuple[str, str], ...]
    name: str = "<glossary>"

    def digest(self) -> str:
        """A short hash of the pairs (not of comments or spacing): what the signature records."""
        text = "\n".join(f"{s}\t{t}" for s, t in self.pairs)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]

    def signature(self) -> str:
        return f"glossary/1 pairs={len(self.pairs)} sha256={self.digest()}"


def parse_glossary(data: bytes, name: str = "<glossary>") -> Glossary:
    """Parse the bytes of a glossary file; ``name`` is used in error messages."""
    if len(data) > MAX_GLOSSARY_BYTES:
        raise InputError(
            f"The glossary {name} is {len(data):,} bytes, over the "
            f"{MAX_GLOSSARY_BYTES:,}-byte limit for glossaries."
        )
    if b"\x00" in data:
        raise InputError(
            f"The glossary {name} is a binary file; give a UTF-8 text file with one "
            "'Indonesian<TAB>English' pair a line."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"The glossary {name} is not UTF-8 text (byte {exc.start}); save it as UTF-8."
        ) from exc
    pairs: list[tuple[str, str]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        columns = [c.strip() for c in raw.rstrip("\r\n").split("\t")]
        if len(columns) != 2 or not all(columns):
            raise InputError(
                f"The glossary {name}, line {number}, has {_columns(columns)}; each line "
                "must be 'Indonesian term<TAB>English term'."
            )
        pairs.append((columns[0], columns[1]))
    if not pairs:
        raise InputError(
            f"The glossary {name} has no pairs; write one 'Indonesian<TAB>English' pair a line."
        )
    return Glossary(tuple(pairs), name)


def _columns(columns: list[str]) -> str:
    filled = [c for c in columns if c]
    if len(columns) == 1:
        return "no tab between the two terms"
    if len(filled) < len(columns):
        return "an empty column"
    return f"{len(columns)} columns"


def read_glossary(path: str | Path) -> Glossary:
    """Read and parse a glossary file (errors name the file)."""
    p = Path(path)
    try:
        if not p.is_file():
            raise InputError(f"The glossary {p} does not exist or is not a file.")
        size = p.stat().st_size
        if size > MAX_GLOSSARY_BYTES:
            raise InputError(
                f"The glossary {p} is {size:,} bytes, over the "
                f"{MAX_GLOSSARY_BYTES:,}-byte limit for glossaries."
            )
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"The glossary {p} cannot be read: {exc.strerror or exc}.") from exc
    return parse_glossary(data, str(p))
