"""Reading and cleaning: encodings, binary and size checks, boilerplate removal."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.documents import read_document, read_path
from summarizer.errors import InputError

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_d98608ce5aebf04f.txt"


def test_seed_article_keeps_dateline_and_drops_two_related_links() -> None:
    doc = read_path(SEED)
    assert doc.paragraphs[0].startswith("VOICEIndonesia.co, Kupang – Badan Pelindungan")
    assert len(doc.dropped) == 2
    assert all(d.startswith("Baca Juga:") for d in doc.dropped)
    assert not any("Baca Juga" in p for p in doc.paragraphs)
    assert len(doc.paragraphs) == 16
    assert doc.warnings == ()


@pytest.mark.parametrize(
    "line",
    [
        "Baca Juga: Organisasi Pelaut Ajukan Permohonan",
        "Baca juga: Setya Novanto: Jangan Sampai Kisruh",
        "BACA JUGA : Berita lain",
        "Baca juga Berita lain",
        "ADVERTISEMENT",
        "SCROLL TO CONTINUE WITH CONTENT",
        "Editor: Rina Agustina",
        "Penulis : Budi",
        "Reporter: Andi Saputra",
        "Simak Video 'Pekerja Migran Dipulangkan'",
        "[Gambas:Video 20detik]",
    ],
)
def test_boilerplate_lines_are_removed_and_reported(line: str) -> None:
    doc = read_document(f"Kalimat satu.\n{line}\nKalimat dua.\n")
    assert doc.paragraphs == ("Kalimat satu.", "Kalimat dua.")
    assert doc.dropped == (line,)


@pytest.mark.parametrize(
    "line",
    [
        "VOICEIndonesia.co, Kupang – Badan Pelindungan Pekerja Migran Indonesia.",
        "Editor senior itu mengatakan bahwa anggaran naik.",
        "Ia membaca juga laporan itu.",
        "Reporter itu ditangkap polisi: ia dituduh menyebarkan hoaks dan dipenjara selama lima tahun "
        "karena laporannya tentang korupsi di kantor gubernur yang dianggap mencemarkan nama baik",
    ],
)
def test_content_lines_are_kept(line: str) -> None:
    doc = read_document(f"Kalimat satu.\n{line}\nKalimat dua.\n")
    assert doc.paragraphs == ("Kalimat satu.", line, "Kalimat dua.")
    assert doc.dropped == ()


def test_every_dropped_line_is_reported() -> None:
    text = "Judul\nKalimat satu.\nADVERTISEMENT\nKalimat dua.\nEditor: Budi\n"
    doc = read_document(text)
    assert doc.dropped == ("ADVERTISEMENT", "Editor: Budi")
    assert doc.paragraphs == ("Judul", "Kalimat satu.", "Kalimat dua.")
    assert doc.title == "Judul"


@pytest.mark.parametrize(
    "data",
    [
        b"Berita hari ini.\r\nParagraf dua.\r\n",
        "\ufeffBerita hari ini.\nParagraf dua.\n".encode(),
        "Berita hari ini.\n\nParagraf dua.".encode("utf-16"),
    ],
    ids=["crlf", "bom", "utf16"],
)
def test_encodings_and_line_endings(data: bytes) -> None:
    assert read_document(data).paragraphs == ("Berita hari ini.", "Paragraf dua.")


def test_unicode_is_nfc_normalised() -> None:
    decomposed = "Cafe\u0301 di Jakarta."
    assert read_document(decomposed).paragraphs == ("Café di Jakarta.",)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the text is empty"),
        (b"  \n\t\n  ", "the text is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (bytes(range(128, 256)) * 10, "binary file"),
        (
            "Berita dalam Latin-1: caf\xe9 dan ".encode("latin-1") + b"teks panjang " * 20,
            "not valid UTF-8",
        ),
        (b"Baca Juga: Link lain\nADVERTISEMENT\n", "nothing is left"),
    ],
    ids=["empty", "whitespace", "png", "high-bytes", "latin1", "only-boilerplate"],
)
def test_bad_input_is_one_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_document(data, name="x.txt")


def test_size_cap_is_configurable() -> None:
    text = "Kalimat. " * 200
    with pytest.raises(InputError, match="over the 1,000 bytes limit"):
        read_document(text, max_bytes=1000)
    assert read_document(text, max_bytes=10_000).paragraphs == (text.strip(),)


def test_english_input_is_flagged_not_refused() -> None:
    text = "The minister said that the workers were sent home by the agency on Monday."
    doc = read_document(text)
    assert doc.paragraphs == (text,)
    (warning,) = doc.warnings
    assert "English" in warning


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_path(tmp_path)
