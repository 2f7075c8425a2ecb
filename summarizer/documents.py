"""Read a user's article: size cap, binary and encoding checks, Unicode NFC, boilerplate removal.

The one reader of every entry point (the CLI's translate/run/summarize, batch folders, the page
and its URL box): plain text and Markdown, HTML (the page's main text), Word ``.docx``, PDF (its
text layer) and web links (``read_url``). ``SUFFIXES`` is the one list of accepted file types.
Everything a user can get wrong about a file or link is caught here, before a model is touched,
and reported as one ``InputError`` sentence. Lines removed as news-site boilerplate are kept in
``Document.dropped`` so that nothing disappears silently.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, option
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


def check_size(size: int, max_bytes: int, name: str, what: str = "file") -> None:
    """The one size cap and its one wording, for every entry point (files, batch items,
    standard input, pasted text): raises InputError when ``size`` is over ``max_bytes``."""
    if size > max_bytes:
        raise InputError(
            f"{name}: the {what} is {_human_size(size)}, over the {_human_size(max_bytes)} "
            f"limit; split it into smaller files or raise the limit with {option('max_input_bytes')}."
        )


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
    kind: str | None = None,
) -> Document:
    """Check, decode and clean one article. Raises InputError with a one-line reason.

    Text (``str``) is read as plain text. Bytes are a file's content: read as ``kind``
    ("text", "html", "docx" or "pdf") when given, else as the type of ``name``'s suffix (a batch
    folder's ``a/b.docx``), else by what the content starts with (``%PDF-``, a ZIP, an HTML
    document), else as text.
    """
    size = len(source) if isinstance(source, bytes) else len(source.encode("utf-8", "replace"))
    check_size(size, max_bytes, name, "input")
    if isinstance(source, bytes):
        kind = kind or kind_of(name) or sniff(source)
        if kind != "text":
            paragraphs = extract_paragraphs(source, kind, name)
            return read_document("\n\n".join(paragraphs), name=name, max_bytes=max_bytes)
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
        raise InputError(f"{name}: the text is empty.")

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
            raise InputError(f"{name}: is a folder; give a file (or use `summarizer batch`).")
        check_size(p.stat().st_size, max_bytes, name)
        return p.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"{name}: no such file.") from exc
    except PermissionError as exc:
        raise InputError(f"{name}: permission denied.") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{name}: is a folder, not a file.") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc}).") from exc


# --------------------------------------------------------------------------- file types

# The one list of file types every entry point reads (the CLI, batch folders, the page).
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm")
DOCX_SUFFIXES = (".docx",)
PDF_SUFFIXES = (".pdf",)
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + DOCX_SUFFIXES + PDF_SUFFIXES
UPLOAD_SUFFIXES = SUFFIXES  # the page's name for the same list
SUFFIXES_IN_WORDS = ".txt, .md, .html, .htm, .docx or .pdf"
_KINDS = (
    ("text", TEXT_SUFFIXES),
    ("html", HTML_SUFFIXES),
    ("docx", DOCX_SUFFIXES),
    ("pdf", PDF_SUFFIXES),
)
# How an HTML document starts (after a BOM and whitespace), as browsers sniff it.
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body")


def kind_of(name: str) -> str | None:
    """"text", "html", "docx" or "pdf" by a file name's suffix; None for other names."""
    suffix = Path(name).suffix.lower()
    for kind, suffixes in _KINDS:
        if suffix in suffixes:
            return kind
    return None


def sniff(data: bytes) -> str:
    """The type of a file's content by how it starts: PDF, a ZIP (.docx), HTML, else text."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return "html" if start.startswith(_HTML_STARTS) else "text"


def unsupported(label: str, suffix: str) -> InputError:
    kind = f"{suffix} files are" if suffix else "files without an extension are"
    hint = " (save it as .docx)" if suffix == ".doc" else ""
    return InputError(
        f"{label}: {kind} not supported{hint}; give a {SUFFIXES_IN_WORDS} file, a link, "
        "or paste the text."
    )


def extract_paragraphs(data: bytes, kind: str, name: str, url: str | None = None) -> list[str]:
    """The text paragraphs of an HTML, .docx or PDF file; InputError when there is none."""
    if kind == "html":
        if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError(
                f"{name}: this looks like a binary file (it contains NUL bytes), not a web page."
            )
        paragraphs = html_paragraphs(data, url=url)
        what = "in the web page (outside navigation, headers, footers and scripts)"
    elif kind == "docx":
        paragraphs = docx_paragraphs(data, name)
        what = "in the Word document"
    elif kind == "pdf":
        return pdf_paragraphs(data, name)
    else:
        raise ValueError(f"unknown document kind {kind!r}")
    if not paragraphs:
        raise InputError(f"{name}: no text found {what}; paste the article text instead.")
    return paragraphs


# --------------------------------------------------------------------------- HTML

# Page furniture that is never article text (the fallback reader).
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


_FURNITURE = (
    "//nav|//aside|//script|//style|//noscript|//form|//footer[not(ancestor::article)]"
    "|//header[not(ancestor::article) and not(ancestor::main)]"
)


def html_paragraphs(data: bytes | str, url: str | None = None) -> list[str]:
    """The main text of a web page, one paragraph per block, by ``trafilatura``.

    trafilatura finds the article and leaves out navigation, headers, footers, sidebars,
    comments and scripts; list items lose their ``- `` marker. A page it finds no article in
    (a short fragment) falls back to the text of its headings, paragraphs and list items.
    """
    import trafilatura

    # trafilatura logs its fallbacks' failures on odd pages; what matters reaches the user as
    # the text or as one InputError.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    from trafilatura.utils import load_html

    tree = load_html(data)  # decoded by its declared or detected charset
    main = None
    if tree is not None:
        # On short pages trafilatura's fallbacks keep navigation text; page furniture is
        # never the article (a header inside <article> or <main> may hold its headline).
        for element in tree.xpath(_FURNITURE):
            element.drop_tree()
        main = trafilatura.extract(tree, url=url, include_comments=False, include_tables=True)
    if main:
        lines = (" ".join(line.split()) for line in main.splitlines())
        return [line[2:] if line.startswith("- ") else line for line in lines if line]
    return html_blocks(data)


def html_blocks(data: bytes | str) -> list[str]:
    """The text of an HTML page's headings, paragraphs and list items (no trafilatura).

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


# --------------------------------------------------------------------------- Word, PDF


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


# A line that ends a sentence: final punctuation, then perhaps closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def pdf_paragraphs(data: bytes, name: str = "<upload>") -> list[str]:
    """The paragraphs of a PDF's text layer (``pypdf``), page by page.

    PDF text is lines, not paragraphs: a line is joined to the next unless it ends a sentence
    or stops well short of the page's longest line (a headline, a paragraph's last line). A
    PDF without a text layer (a scan) is an InputError saying that OCR is not done.
    """
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs what it repairs in damaged files ("EOF marker not found"); the user gets one
    # InputError line or the text, not a log line beside it.
    logging.getLogger("pypdf").setLevel(logging.ERROR)

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(
                f"{name}: the PDF is password-protected; save an unprotected copy or paste "
                "the text."
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(
            f"{name}: this is not a readable PDF file ({type(exc).__name__}); save it again "
            "as PDF or paste the text."
        ) from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on damaged files
        raise InputError(
            f"{name}: this PDF cannot be read ({type(exc).__name__}); save it again as PDF or "
            "paste the text."
        ) from exc
    paragraphs: list[str] = []
    for text in pages:
        paragraphs.extend(_pdf_page_paragraphs(text))
    if not paragraphs:
        raise InputError(
            f"{name}: the PDF has no text layer (it is probably a scan); OCR is not done here, "
            "so copy the text from the original or run the PDF through OCR first."
        )
    return paragraphs


def _pdf_page_paragraphs(text: str) -> list[str]:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    longest = max((len(line) for line in lines), default=0)
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if not current:
            current = line
        elif current.endswith("-") and line[:1].islower():
            current += line  # a hyphenated word (or "tiba-tiba") broken across lines
        else:
            current += " " + line
        if _SENTENCE_END.search(line) and len(line) < 0.9 * longest or len(line) < 0.6 * longest:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


# --------------------------------------------------------------------------- files


def read_path(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_INPUT_BYTES,
    name: str | None = None,
) -> Document:
    """Read a file by its type (``SUFFIXES``): text/Markdown, HTML (main text), .docx or PDF.

    The size cap applies to the file as it is on disk; the extracted text then gets every check
    of ``read_document`` (binary, encoding, empty, boilerplate). ``name`` is what messages call
    the file (default: the path as given). Missing, unreadable and unsupported files are
    InputErrors.
    """
    p = Path(path)
    label = name or str(p)
    kind = kind_of(p.name)
    if kind is None and not p.is_dir():
        raise unsupported(label, p.suffix.lower())
    data = _read_file(p, max_bytes, label)
    return read_document(data, name=label, max_bytes=max_bytes, kind=kind)


def read_upload(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_INPUT_BYTES,
    name: str | None = None,
) -> Document:
    """An uploaded file, as ``read_path`` reads it; messages call it by its file name (not the
    server-side path) unless ``name`` is given."""
    return read_path(path, max_bytes=max_bytes, name=name or Path(path).name)


# --------------------------------------------------------------------------- links

URL_SCHEMES = ("http", "https")
URL_TIMEOUT_S = 20.0
_MAX_REDIRECTS = 5


def looks_like_url(text: str) -> bool:
    """Whether a command-line argument is a link rather than a file name."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*://", text.strip()))


def read_url(
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_INPUT_BYTES,
    timeout: float = URL_TIMEOUT_S,
    allow_private: bool = False,
) -> Document:
    """Fetch a web page (or a PDF, .docx or text file) and read its main text.

    Only http(s) links; hosts that resolve to private, loopback, link-local or other
    non-public addresses are refused unless ``allow_private`` (every redirect is checked, and
    the address actually connected to). The download stops at ``max_bytes`` and ``timeout``
    seconds. Every failure is one InputError naming the link.
    """
    from .fetch import fetch

    url = url.strip()
    page = fetch(url, max_bytes=max_bytes, timeout=timeout, allow_private=allow_private)
    kind = page.kind or sniff(page.data)
    if kind == "text":
        if page.charset:
            text = page.data.decode(page.charset, errors="replace")
            return read_document(text, name=url, max_bytes=max_bytes)
        return read_document(page.data, name=url, max_bytes=max_bytes, kind="text")
    paragraphs = extract_paragraphs(page.data, kind, url, url=page.url)
    return read_document("\n\n".join(paragraphs), name=url, max_bytes=max_bytes)
