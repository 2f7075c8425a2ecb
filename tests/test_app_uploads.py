"""Uploads the page accepts: text, Markdown, HTML (main text only), .docx and PDF, with the same
size, binary and empty checks as pasted text (``summarizer.documents.read_upload``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.documents import html_paragraphs, read_upload
from summarizer.errors import InputError
from tests.conftest import SEED

ARTICLE_HTML = """<!doctype html>
<html><head><meta charset="utf-8"><title>Pekerja Migran Dipulangkan - Berita</title>
<style>p { color: red }</style><script>var p = "<p>not text</p>";</script></head>
<body>
<header><nav><ul><li>Beranda</li><li>Nasional</li></ul></nav><p>Langganan</p></header>
<aside><h3>Terpopuler</h3><ul><li>Berita lain yang populer</li></ul></aside>
<article>
<h1>Pekerja Migran Dipulangkan ke Kupang</h1>
<p>VOICEIndonesia.co, Kupang – Sebanyak <b>27 pekerja migran</b> dipulangkan dari Malaysia.</p>
<p>Baca Juga: Berita lain tentang BP2MI</p>
<ul><li><p>Mereka tiba di Bandara El Tari pada Senin.</p></li></ul>
<div class="ad">ADVERTISEMENT</div>
<p>Kepala BP3MI NTT mengatakan   mereka\u00a0akan dipulangkan ke daerah asal.</p>
</article>
<footer><p>Hak cipta 2023</p></footer>
</body></html>
"""


def test_html_keeps_article_blocks_and_drops_page_furniture(tmp_path: Path) -> None:
    page = tmp_path / "berita.html"
    page.write_text(ARTICLE_HTML, encoding="utf-8")
    doc = read_upload(page)
    assert doc.paragraphs == (
        "Pekerja Migran Dipulangkan ke Kupang",
        "VOICEIndonesia.co, Kupang – Sebanyak 27 pekerja migran dipulangkan dari Malaysia.",
        "Mereka tiba di Bandara El Tari pada Senin.",
        "Kepala BP3MI NTT mengatakan mereka akan dipulangkan ke daerah asal.",
    )
    # trafilatura keeps the article's own lines; the boilerplate filter removes and lists them.
    assert doc.dropped == ("Baca Juga: Berita lain tentang BP2MI", "ADVERTISEMENT")
    assert doc.title == "Pekerja Migran Dipulangkan ke Kupang"
    assert doc.name == "berita.html"


def test_html_without_blocks_falls_back_to_body_lines() -> None:
    page = "<html><body><div>Satu kalimat.<br>Dua kalimat.</div><script>x()</script></body></html>"
    assert html_paragraphs(page) == ["Satu kalimat.", "Dua kalimat."]


def test_html_declared_latin1_is_decoded(tmp_path: Path) -> None:
    page = tmp_path / "lama.htm"
    page.write_bytes(
        '<html><head><meta charset="iso-8859-1"></head><body><p>Caf\u00e9 di Kupang.</p>'
        "</body></html>".encode("latin-1")
    )
    assert read_upload(page).paragraphs == ("Café di Kupang.",)


def test_docx_paragraphs(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Pekerja Migran Dipulangkan", level=1)
    document.add_paragraph("Sebanyak 27 pekerja migran dipulangkan dari Malaysia.")
    document.add_paragraph("")
    document.add_paragraph("Baca Juga: Berita lain")
    document.add_paragraph("Mereka tiba di Kupang pada Senin.")
    path = tmp_path / "Laporan Mingguan.docx"
    document.save(str(path))
    doc = read_upload(path)
    assert doc.paragraphs == (
        "Pekerja Migran Dipulangkan",
        "Sebanyak 27 pekerja migran dipulangkan dari Malaysia.",
        "Mereka tiba di Kupang pada Senin.",
    )
    assert doc.dropped == ("Baca Juga: Berita lain",)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".TXT"])
def test_text_uploads_match_read_document(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"seed{suffix}"
    path.write_bytes(SEED.read_bytes())
    doc = read_upload(path)
    assert len(doc.paragraphs) == 16 and len(doc.dropped) == 2
    assert doc.name == f"seed{suffix}"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("page.odt", b"PK", r"^page\.odt: \.odt files are not supported; give a \.txt"),
        ("broken.pdf", b"%PDF-1.4", r"^broken\.pdf: this is not a readable PDF file"),
        ("old.doc", b"\xd0\xcf\x11\xe0", r"\.doc files are not supported \(save it as \.docx\)"),
        ("README", b"teks", r"files without an extension are not supported"),
        ("fake.docx", b"not a zip", r"^fake\.docx: this is not a valid Word \.docx file"),
        ("blank.txt", b"  \n\n ", r"^blank\.txt: the text is empty"),
        ("bin.txt", b"\x00\x01\x02abc", r"binary file"),
        ("bin.html", b"<p>\x00\x00</p>", r"^bin\.html: this looks like a binary file"),
        ("nav.html", b"<nav><p>Beranda</p></nav><script>x</script>", r"no text found in the web"),
        ("big.txt", b"kata " * 30, r"^big\.txt: the file is 150 bytes, over the 100 bytes limit"),
        ("big.html", b"<p>kata</p>" * 20, r"over the 100 bytes limit"),
    ],
)
def test_upload_errors(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_upload(path, max_bytes=100)


def test_empty_docx_is_an_input_error(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "kosong.docx"
    docx.Document().save(str(path))
    with pytest.raises(InputError, match=r"^kosong\.docx: no text found in the Word document"):
        read_upload(path)


def test_missing_upload_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^gone\.txt: no such file\.$"):
        read_upload(tmp_path / "gone.txt")
