"""Read a user's article: size cap, binary and encoding checks, Unicode NFC, boilerplate removal.

Everything a user can get wrong about a file is caught here, before a model is touched, and
reported as one ``InputError`` sentence. Lines removed as news-site boilerplate are kept in
``Document.dropped`` so that nothing disappears silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .segment import split_paragraphs
from .settings import DEFAULT_MAX_INPUT_BYTES

# Whole lines that Indonesian news sites insert between paragraphs. Matched case-insensitively
# against the stripped line; only whole lines are dropped, never text inside a paragraph.
BOILERPLATE = (
    re.compile(r"^(baca|lihat|simak) (juga|pula)\b\s*[:：\-–]?", re.I),
    re.compile(r"^baca selengkapnya\b", re.I),
    re.compile(r"^(advertisement|iklan|advertorial)$", re.I),
    re.compile(r"^scroll to continue with content$", re.I),
    re.compile(r"^simak video\b", re.I),
    re.compile(r"^\[gambas:video[^\]]*\]$", re.I),
    re.compile(
        r"^(editor|penulis|reporter|pewarta|redaktur|penyunting|editor foto|fotografer)"
        r"\s*:\s*\S.{0,100}$",
        re.I,
    ),
    re.compile(
        r"^(dapatkan|ikuti) (update|berita|informasi)\b.{0,120}(google news|whatsapp|telegram)",
        re.I,
    ),
)

# Frequent function words, used only to warn when the input is probably not Indonesian.
_ID_WORDS = frozenset(
    "yang dan di ke dari ini itu dengan untuk pada adalah dalam tidak akan juga oleh karena "
    "sebagai bahwa ada atau mereka kita saya telah sudah bisa dapat para tersebut".split()
)
_EN_WORDS = frozenset(
    "the and of to in is that for with was on are as by it this be from have has were "
    "which an not but they their will would".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Document:
    """A cleaned article: paragraphs in order, plus what was removed and why it is suspicious."""

    paragraphs: tuple[str, ...]
    dropped: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    name: str = "<text>"
    title: str | None = field(default=None)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def body(self) -> tuple[str, ...]:
        """The paragraphs bullets are chosen from: all but a detected headline."""
        return self.paragraphs[1:] if self.title is not None else self.paragraphs


def _human_size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def decode_bytes(data: bytes, name: str = "<input>") -> str:
    """Decode UTF-8 (BOM optional) or BOM-marked UTF-16; refuse binary and undecodable input."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: the file starts like UTF-16 but cannot be decoded.") from exc
    if b"\x00" in data:
        raise InputError(
            f"{name}: this looks like a binary file (it contains NUL bytes), not text."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        replaced = data.decode("utf-8", errors="replace")
        bad = replaced.count("\ufffd")
        if bad > 0.1 * max(len(replaced), 1):
            raise InputError(
                f"{name}: this looks like a binary file ({bad} of {len(replaced)} characters "
                "are not valid UTF-8), not text."
            ) from exc
        raise InputError(
            f"{name}: the text is not valid UTF-8 (first bad byte at offset {exc.start}); "
            "save it as UTF-8 and try again."
        ) from exc


def looks_english(text: str) -> bool:
    """True when English function words clearly outnumber Indonesian ones."""
    words = [w.lower() for w in _WORD.findall(text[:20_000])]
    en = sum(w in _EN_WORDS for w in words)
    id_ = sum(w in _ID_WORDS for w in words)
    return en >= 5 and en > 2 * id_


def is_boilerplate(line: str) -> bool:
    """Whether a whole line is news-site boilerplate (a related link, an ad, a credit line)."""
    stripped = line.strip()
    return any(pattern.search(stripped) for pattern in BOILERPLATE)


def _guess_title(paragraphs: list[str]) -> str | None:
    """A short first line without sentence-final punctuation is the headline."""
    if len(paragraphs) < 2:
        return None
    first = paragraphs[0]
    if len(first) <= 200 and not first.rstrip('"”’)').endswith((".", "!", "?", ":")):
        return first
    return None


def read_document(
    source: bytes | str,
    *,
    name: str = "<text>",
    max_bytes: int = DEFAULT_MAX_INPUT_BYTES,
) -> Document:
    """Check, decode and clean one article. Raises InputError with a one-line reason."""
    size = len(source) if isinstance(source, bytes) else len(source.encode("utf-8", "replace"))
    if size > max_bytes:
        raise InputError(
            f"{name}: the input is {_human_size(size)}, over the {_human_size(max_bytes)} limit; "
            "split it into smaller files or raise the limit with --max-bytes."
        )
    text = decode_bytes(source, name) if isinstance(source, bytes) else source
    if "\x00" in text:
        raise InputError(
            f"{name}: this looks like binary data (it contains NUL characters), not text."
        )
    controls = len(_BAD_CONTROL.findall(text))
    if controls > 0.05 * max(len(text), 1):
        raise InputError(
            f"{name}: this looks like binary data (many control characters), not text."
        )
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _BAD_CONTROL.sub(" ", text).replace("\u00a0", " ").replace("\ufeff", "")
    if not text.strip():
        raise InputError(f"{name}: the text is empty; paste or upload an article.")

    kept: list[str] = []
    dropped: list[str] = []
    for line in text.split("\n"):
        if line.strip() and is_boilerplate(line):
            dropped.append(line.strip())
            # A dropped line must not glue its neighbours into one paragraph.
            kept.append("")
        else:
            kept.append(line)
    paragraphs = split_paragraphs("\n".join(kept))
    if not paragraphs:
        raise InputError(
            f"{name}: nothing is left to translate after removing {len(dropped)} boilerplate "
            "line(s) such as 'Baca Juga' links."
        )
    warnings: list[str] = []
    if looks_english(text):
        warnings.append(
            "The text looks like English rather than Indonesian; it was translated anyway, "
            "so check the output."
        )
    return Document(
        paragraphs=tuple(paragraphs),
        dropped=tuple(dropped),
        warnings=tuple(warnings),
        name=name,
        title=_guess_title(paragraphs),
    )


def _read_file(p: Path, max_bytes: int, name: str) -> bytes:
    """The bytes of a file on disk, with the size cap checked before reading."""
    try:
        if p.is_dir():
            raise InputError(f"{name}: is a folder; give a text file (or use `summarizer batch`).")
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{name}: the file is {_human_size(size)}, over the {_human_size(max_bytes)} "
                "limit; split it into smaller files or raise the limit with --max-bytes."
            )
        return p.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"{name}: no such file.") from exc
    except PermissionError as exc:
        raise InputError(f"{name}: permission denied.") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{name}: is a folder, not a text file.") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc}).") from exc


def read_path(path: str | Path, *, max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> Document:
    """Read a file from disk with the same checks; missing or unreadable files are InputErrors."""
    p = Path(path)
    data = _read_file(p, max_bytes, str(p))
    return read_document(data, name=str(p), max_bytes=max_bytes)


# Uploads the page accepts, by extension. Plain text goes through read_document unchanged;
# HTML and Word files are reduced to their paragraphs first.
TEXT_SUFFIXES = (".txt", ".md", ".text", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
DOCX_SUFFIXES = (".docx",)
UPLOAD_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + DOCX_SUFFIXES

# Page furniture that is never article text.
_HTML_DROP = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "form",
    "nav",
    "header",
    "footer",
    "aside",
)
_HTML_BLOCKS = ("h1", "h2", "h3", "p", "li")


def html_paragraphs(data: bytes | str) -> list[str]:
    """Article text of an HTML page: the text of its headings, paragraphs and list items.

    Scripts, styles, navigation, headers, footers and sidebars are removed first. Nested blocks
    (a ``<p>`` inside an ``<li>``) count once, as the outermost block. A page without such
    blocks falls back to the lines of its body text.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for tag in soup.find_all(_HTML_DROP):
        tag.decompose()
    paragraphs: list[str] = []
    for tag in soup.find_all(_HTML_BLOCKS):
        if tag.find_parent(_HTML_BLOCKS) is not None:
            continue
        text = " ".join(tag.get_text(" ", strip=True).split())
        if text:
            paragraphs.append(text)
    if not paragraphs:
        root = soup.body or soup
        paragraphs = [" ".join(line.split()) for line in root.get_text("\n").splitlines()]
    return [p for p in paragraphs if p]


def docx_paragraphs(data: bytes, name: str = "<upload>") -> list[str]:
    """The non-empty paragraphs of a Word (.docx) file, in order."""
    import io
    import zipfile

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(
            f"{name}: this is not a valid Word .docx file; save it again as .docx or paste the text."
        ) from exc
    return [" ".join(p.text.split()) for p in document.paragraphs if p.text.strip()]


def read_upload(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_INPUT_BYTES,
    name: str | None = None,
) -> Document:
    """Read an uploaded file by its extension: text/Markdown, HTML (article text) or .docx.

    The size cap applies to the file as uploaded; the extracted text then gets every check of
    ``read_document`` (binary, encoding, empty, boilerplate). ``name`` is what messages call the
    file (default: its file name, not the server-side path).
    """
    p = Path(path)
    label = name or p.name
    suffix = p.suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        kind = f"{suffix} files are" if suffix else "files without an extension are"
        hint = " (save it as .docx)" if suffix == ".doc" else ""
        raise InputError(
            f"{label}: {kind} not supported{hint}; upload a .txt, .md, .html, .htm or .docx "
            "file, or paste the text."
        )
    data = _read_file(p, max_bytes, label)
    if suffix in TEXT_SUFFIXES:
        return read_document(data, name=label, max_bytes=max_bytes)
    if suffix in HTML_SUFFIXES:
        if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError(
                f"{label}: this looks like a binary file (it contains NUL bytes), not a web page."
            )
        paragraphs = html_paragraphs(data)
        what = "in the web page (outside navigation, headers, footers and scripts)"
    else:
        paragraphs = docx_paragraphs(data, label)
        what = "in the Word document"
    if not paragraphs:
        raise InputError(f"{label}: no text found {what}; paste the article text instead.")
    return read_document("\n\n".join(paragraphs), name=label, max_bytes=max_bytes)
