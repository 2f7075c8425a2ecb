"""One reader for every entry point: the same .txt, .html, .docx, .pdf or link gives the same
translation through the CLI, a batch folder and the page; bad files and refused links give one
clear line each. Test files are built here (python-docx, pypdf), not committed; links are
served by a loopback HTTP server (read with --allow-private-urls)."""

from __future__ import annotations

import http.server
import io
import json
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
import pytest
from click.testing import CliRunner

from page.handler import make_handler
from page.inputs import read_input
from page.models import Models
from summarizer import UPLOAD_SUFFIXES, Settings, read_path
from summarizer.cli import main
from summarizer.documents import SUFFIXES, read_document, read_url
from summarizer.errors import InputError
from summarizer.fetch import public_address
from summarizer.segment import split_sentences
from tests.conftest import SEED

# The seed's headline-less first paragraphs, plus a headline: enough for every reader.
TITLE = "Pembinaan Pegawai BP3MI NTT"
PARAGRAPHS = (TITLE, *read_path(SEED).paragraphs[:5])


def make_html(paragraphs: tuple[str, ...]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs[1:])
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Berita</title>"
        "<script>var x = '<p>skrip</p>';</script></head><body>"
        "<nav><ul><li><a href='/'>Beranda</a></li><li><a href='/n'>Nasional</a></li></ul></nav>"
        f"<article><h1>{paragraphs[0]}</h1>{body}<p>Baca Juga: Berita lain</p></article>"
        "<footer><p>Hak cipta 2023 VOICEIndonesia</p></footer></body></html>"
    ).encode()


def make_docx(paragraphs: tuple[str, ...]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for p in paragraphs[1:]:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_pdf(paragraphs: tuple[str, ...], width: int = 80, lines_per_page: int = 40) -> bytes:
    """A text PDF (Helvetica, WinAnsi) with each paragraph wrapped at ``width`` characters and a
    blank line between paragraphs, as a word processor would print it."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    lines: list[str] = []
    for p in paragraphs:
        lines += [*textwrap.wrap(p, width), ""]
    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    for start in range(0, len(lines), lines_per_page):
        page = writer.add_blank_page(612, 792)
        ops = [b"BT /F1 10 Tf 14 TL 50 750 Td"]
        for line in lines[start : start + lines_per_page]:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(b"(" + escaped.encode("cp1252") + b") Tj T*")
        ops.append(b"ET")
        stream = DecodedStreamObject()
        stream.set_data(b"\n".join(ops))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def blank_pdf() -> bytes:
    """A PDF page with no text layer, as a scanner makes it (without its image)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


FILES = {
    "article.txt": "\n\n".join(PARAGRAPHS).encode(),
    "article.html": make_html(PARAGRAPHS),
    "article.docx": make_docx(PARAGRAPHS),
    "article.pdf": make_pdf(PARAGRAPHS),
}
BAD_FILES = {
    "scan.pdf": (
        blank_pdf(),
        "scan.pdf: the PDF has no text layer (it is probably a scan); OCR is not done here",
    ),
    "broken.pdf": (b"%PDF-1.4\n1 0 obj", "broken.pdf: this is not a readable PDF file"),
    "fake.docx": (b"PK\x03\x04 not really", "fake.docx: this is not a valid Word .docx file"),
    "nav.html": (b"<nav><p>Beranda</p></nav>", "nav.html: no text found in the web page"),
}


# --------------------------------------------------------------------------- a loopback site


class Site(http.server.BaseHTTPRequestHandler):
    """Serves FILES by name, plus redirects, a slow page and an endless page."""

    types = {
        ".txt": "text/plain; charset=utf-8",
        ".html": "text/html; charset=utf-8",
        ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".pdf": "application/pdf",
    }

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        name = self.path.lstrip("/")
        if name == "to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif name == "to-article":
            self.send_response(301)
            self.send_header("Location", "/article.html")
            self.end_headers()
        elif name == "slow":
            time.sleep(3)
            self.send_response(200)
            self.end_headers()
        elif name == "big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<p>kata</p>" * 10_000)
        elif name in FILES:
            data = FILES[name]
            self.send_response(200)
            self.send_header("Content-Type", self.types[Path(name).suffix])
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        else:
            self.send_error(404, "Not Found")


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# --------------------------------------------------------------------------- entry points

SETTINGS_ARGS = ["--engine", "transformers", "--beams", "1"]


def via_cli(target: str, copy_model: str, *extra: str) -> str:
    res = CliRunner().invoke(
        main,
        ["translate", target, "--mt-model", copy_model, *SETTINGS_ARGS, "--format", "json", *extra],
    )
    assert res.exit_code == 0, res.output
    return str(json.loads(res.stdout)["translation"])


def via_batch(path: Path, copy_model: str, out: Path) -> str:
    folder = out.parent / f"{out.name}-in"
    folder.mkdir()
    (folder / path.name).write_bytes(path.read_bytes())
    res = CliRunner().invoke(
        main, ["batch", str(folder), "--out", str(out), "--mt-model", copy_model, *SETTINGS_ARGS]
    )
    assert res.exit_code == 0, res.output
    (record,) = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert record["id"] == path.name
    return str(record["translation"])


def no_progress(*args: Any, **kwargs: Any) -> None:
    pass


@pytest.fixture(scope="module")
def page(copy_model: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    settings = Settings(mt_model=copy_model, engine="transformers")
    workdir = tmp_path_factory.mktemp("page")
    return make_handler(Models(settings), settings, workdir, 1, allow_private_urls=True)


def via_page(page: Any, *, upload: str | None = None, url: str | None = None) -> str:
    outputs = page(None, upload, 2, "lead", 1, None, url, progress=no_progress)
    return str(outputs[1])


def sentences(text: str) -> list[str]:
    return [s for p in text.split("\n\n") for s in split_sentences(p)]


EXPECTED = read_document("\n\n".join(PARAGRAPHS)).text  # the copy model returns its source


def test_every_entry_point_accepts_the_same_file_types() -> None:
    from summarizer.collection import FOLDER_SUFFIXES

    assert FOLDER_SUFFIXES == SUFFIXES == UPLOAD_SUFFIXES
    assert {".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"} <= set(SUFFIXES)


@pytest.mark.parametrize("name", sorted(FILES))
def test_same_file_same_translation_in_cli_batch_and_page(
    name: str, copy_model: str, page: Any, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(FILES[name])
    cli = via_cli(str(path), copy_model)
    batch = via_batch(path, copy_model, tmp_path / "out")
    web = via_page(page, upload=str(path))
    assert cli == batch == web
    if name.endswith(".pdf"):
        # PDF text is lines: paragraphs are rebuilt by heuristics, the sentences exactly.
        assert sentences(cli) == sentences(EXPECTED)
    else:
        assert cli == EXPECTED


@pytest.mark.parametrize("name", ["article.html", "article.pdf", "article.docx", "to-article"])
def test_link_gives_the_file_translation_in_cli_and_page(
    name: str, site: str, copy_model: str, page: Any, tmp_path: Path
) -> None:
    url = f"{site}/{name}"
    cli = via_cli(url, copy_model, "--allow-private-urls")
    web = via_page(page, url=url)
    saved = tmp_path / (name if "." in name else "article.html")
    saved.write_bytes(FILES[saved.name])
    assert cli == web == via_cli(str(saved), copy_model)


def test_html_file_gives_main_text_not_markup(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(FILES["article.html"])
    doc = read_path(path)
    assert doc.paragraphs == PARAGRAPHS
    assert doc.title == TITLE
    assert doc.dropped == ("Baca Juga: Berita lain",)
    assert "<" not in doc.text and "Beranda" not in doc.text and "Hak cipta" not in doc.text


def test_markup_on_stdin_is_read_as_html(copy_model: str) -> None:
    res = CliRunner().invoke(
        main,
        ["translate", "-", "--mt-model", copy_model, *SETTINGS_ARGS],
        input=FILES["article.html"],
    )
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == EXPECTED


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_one_clear_line_everywhere(
    name: str, copy_model: str, page: Any, tmp_path: Path
) -> None:
    data, message = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    res = CliRunner().invoke(main, ["translate", str(path), "--mt-model", copy_model])
    assert res.exit_code == 1
    assert res.stderr.startswith(f"error: {tmp_path / name}: {message.split(': ', 1)[1]}")
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.output

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(data)
    out = tmp_path / "out"
    res = CliRunner().invoke(
        main, ["batch", str(folder), "--out", str(out), "--mt-model", copy_model]
    )
    assert res.exit_code == 1
    (record,) = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert record["error"].startswith(message) and record["kind"] == "input"

    with pytest.raises(gr.Error) as err:
        via_page(page, upload=str(path))
    assert str(err.value.message).startswith(message)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (
            "file:///etc/passwd",
            "file:///etc/passwd: file: links are not read; give an http:// or https:// link.",
        ),
        ("ftp://example.org/a.txt", "ftp: links are not read"),
        (
            "http://localhost:9/a.html",
            "refused: localhost is at 127.0.0.1, which is a private or local address",
        ),
        ("http://10.1.2.3/a.html", "refused: 10.1.2.3 is a private or local address"),
        ("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a private"),
        ("http://[::1]:9/", "refused: ::1 is a private or local address"),
    ],
)
def test_refused_links_are_one_line_without_network(
    target: str, message: str, copy_model: str
) -> None:
    res = CliRunner().invoke(main, ["run", target, "--mt-model", copy_model, "--mode", "lead"])
    assert res.exit_code == 1
    assert res.stderr.startswith("error: ") and message in res.stderr
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.output


def test_loopback_link_is_refused_unless_allowed(site: str, copy_model: str) -> None:
    url = f"{site}/article.html"
    res = CliRunner().invoke(main, ["translate", url, "--mt-model", copy_model])
    assert res.exit_code == 1
    assert "127.0.0.1 is a private or local address" in res.stderr
    assert "--allow-private-urls" in res.stderr
    settings = Settings(mt_model=copy_model)
    with pytest.raises(InputError, match="private or local address"):
        read_input(None, None, settings, url)  # the page's default
    assert read_input(None, None, settings, url, allow_private_urls=True).text == EXPECTED


@pytest.mark.parametrize(
    ("path", "kwargs", "message"),
    [
        ("to-file", {}, "the link redirects to a file: address (file:///etc/passwd)"),
        ("missing.html", {}, "the site answered 404 Not Found; check the link."),
        ("big", {"max_bytes": 1000}, "over the 1,000-byte limit"),
        ("article.pdf", {"max_bytes": 1000}, "is 1,"),
        ("slow", {"timeout": 0.5}, "the site did not answer in time"),
    ],
)
def test_link_failures_are_one_input_error(
    site: str, path: str, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(InputError) as err:
        read_url(f"{site}/{path}", allow_private=True, **kwargs)
    assert str(err.value).startswith(f"{site}/{path}: ")
    assert message in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:4700::6810:85e5", True),
        ("127.0.0.1", False),
        ("10.0.0.8", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("224.0.0.1", False),
    ],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert public_address(address) is public


def test_page_note_when_a_link_and_text_are_both_given(site: str, copy_model: str) -> None:
    settings = Settings(mt_model=copy_model)
    doc = read_input("Teks lain.", None, settings, f"{site}/article.html", allow_private_urls=True)
    assert doc.text == EXPECTED
    assert doc.warnings[-1] == (
        "The page at the link was translated; the text in the paste box was ignored."
    )
