"""Paragraph, sentence and long-sentence splitting for Indonesian news text."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import pytest

from summarizer.segment import (
    join_pieces,
    piece_glue,
    split_long,
    split_paragraphs,
    split_sentences,
)
from tests.conftest import SEED, indosum_articles


def _normal(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------------------ paragraphs


def test_seed_article_has_18_paragraphs_one_per_line() -> None:
    paragraphs = split_paragraphs(SEED.read_text(encoding="utf-8"))
    assert len(paragraphs) == 18
    assert paragraphs[0].startswith("VOICEIndonesia.co, Kupang – Badan")
    assert paragraphs[-1].endswith("(TPPO),” pungkasnya.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one paragraph per line (the seed format): a capitalised next line starts a paragraph
        ("Satu kalimat.\nDua kalimat.\n“Tiga.", ["Satu kalimat.", "Dua kalimat.", "“Tiga."]),
        # blank-line separated (IndoSum format), extra blank lines and spaces ignored
        ("Satu.\n\nDua  tiga.\n\n\n  \nEmpat.\n", ["Satu.", "Dua tiga.", "Empat."]),
        # hard wrap: no final punctuation and a lowercase continuation → joined
        (
            "Presiden Joko Widodo meresmikan\njalan tol baru di Jawa Barat.\nIa senang.",
            ["Presiden Joko Widodo meresmikan jalan tol baru di Jawa Barat.", "Ia senang."],
        ),
        # hard wrap before a number after a lowercase word or a comma
        (
            "Acara digelar pada tanggal\n20 November 2023.",
            ["Acara digelar pada tanggal 20 November 2023."],
        ),
        ("Hadir 3 orang,\n20 lainnya absen.", ["Hadir 3 orang, 20 lainnya absen."]),
        # a heading without punctuation followed by a capitalised line is its own paragraph
        (
            "Baca Juga: Berita Lain\nPresiden datang.",
            ["Baca Juga: Berita Lain", "Presiden datang."],
        ),
        # sentence-final punctuation or a closing quote ends the line even before lowercase
        ("Ia pergi.\nkemudian pulang.", ["Ia pergi.", "kemudian pulang."]),
        ("“Ayo,”\nkata dia.", ["“Ayo,”", "kata dia."]),
        ("Syaratnya:\nmembawa KTP", ["Syaratnya:", "membawa KTP"]),
        # a colon-introduced schedule line starting with a digit is not a wrap
        ("Jadwal:\n20.30 WIB Persib vs Persija", ["Jadwal:", "20.30 WIB Persib vs Persija"]),
        # whitespace inside a paragraph is collapsed, tabs included
        ("  Satu\t dua   tiga.  ", ["Satu dua tiga."]),
        ("", []),
        ("\n\n \n", []),
    ],
)
def test_split_paragraphs(text: str, expected: list[str]) -> None:
    assert split_paragraphs(text) == expected


# ------------------------------------------------------------------------------- sentences

SENTENCE_CASES: list[tuple[str, list[str]]] = [
    # titles and honorifics never end a sentence
    ("Pasien ditangani dr. Hengky di RSUD.", ["Pasien ditangani dr. Hengky di RSUD."]),
    ("Menurut Dr. Damar, hasilnya baik.", ["Menurut Dr. Damar, hasilnya baik."]),
    ("Hadir Prof. Dr. Fathur Rokhman di sana.", ["Hadir Prof. Dr. Fathur Rokhman di sana."]),
    ("Ketua H. Ahmad dan Hj. Siti hadir.", ["Ketua H. Ahmad dan Hj. Siti hadir."]),
    ("Jalan Ir. H. Juanda macet.", ["Jalan Ir. H. Juanda macet."]),
    ("Bupati Drs. Ahmad membuka acara.", ["Bupati Drs. Ahmad membuka acara."]),
    ("Surat untuk Bpk. Budi dan Sdr. Ani.", ["Surat untuk Bpk. Budi dan Sdr. Ani."]),
    ("Ustaz Moh. Ali dan Muh. Yusuf datang.", ["Ustaz Moh. Ali dan Muh. Yusuf datang."]),
    ("Turnamen di St. Louis dimulai.", ["Turnamen di St. Louis dimulai."]),
    ("Kata Brigjen Pol. Dayan Victor.", ["Kata Brigjen Pol. Dayan Victor."]),
    ("Kapolres AKBP Budi Santoso hadir.", ["Kapolres AKBP Budi Santoso hadir."]),
    ("Dokter dr. Damar. Ia ahli.", ["Dokter dr. Damar.", "Ia ahli."]),
    ("Ia pindah ke Kota. Kota itu ramai.", ["Ia pindah ke Kota.", "Kota itu ramai."]),
    # addresses, places, companies, numbers and money
    ("Rumahnya di Jl. Kecapi II No. 64 Jakarta.", ["Rumahnya di Jl. Kecapi II No. 64 Jakarta."]),
    (
        "Warga Kab. Tabalong, Kec. Murung dan Kel. Baru.",
        ["Warga Kab. Tabalong, Kec. Murung dan Kel. Baru."],
    ),
    ("Produk PT. Charoen Pokphand diekspor.", ["Produk PT. Charoen Pokphand diekspor."]),
    ("Harganya Rp. 5 juta per unit.", ["Harganya Rp. 5 juta per unit."]),
    ("Harganya Rp5.000 dan Rp 1.500.000 saja.", ["Harganya Rp5.000 dan Rp 1.500.000 saja."]),
    ("Lihat tgl. 17 dan hlm. 20 di buku.", ["Lihat tgl. 17 dan hlm. 20 di buku."]),
    ("Surat a.n. Budi dikirim u.p. Ani.", ["Surat a.n. Budi dikirim u.p. Ani."]),
    ("Kota besar a.l. Jakarta dan Medan.", ["Kota besar a.l. Jakarta dan Medan."]),
    ("Berlaku 1 s.d. 5 Mei.", ["Berlaku 1 s.d. 5 Mei."]),
    ("Rapat pada Jan. 2017 dan Des. 2023 lalu.", ["Rapat pada Jan. 2017 dan Des. 2023 lalu."]),
    # degrees and company suffixes sit inside a sentence, also in chains
    ("Drs. H. Ahmad S.H. M.Si. hadir.", ["Drs. H. Ahmad S.H. M.Si. hadir."]),
    ("Guru Ani, S.Pd. mengajar di sana.", ["Guru Ani, S.Pd. mengajar di sana."]),
    ("Saham PT Telkom Tbk. naik tajam.", ["Saham PT Telkom Tbk. naik tajam."]),
    # ... but may close one before a clear new start (documented decision)
    (
        "Direktur PT Maju Tbk. Perusahaan itu untung.",
        ["Direktur PT Maju Tbk.", "Perusahaan itu untung."],
    ),
    # initials
    ("Presiden Soesilo B. Yudhoyono datang.", ["Presiden Soesilo B. Yudhoyono datang."]),
    ("Menurut A. Hamid, harga naik.", ["Menurut A. Hamid, harga naik."]),
    ("Ia bermain di Grup A. Dua laga tersisa.", ["Ia bermain di Grup A.", "Dua laga tersisa."]),
    # dll./dsb./dst. end a sentence before a capitalised word, not before a lowercase one
    (
        "Ada buku, pensil, dll. Selain itu ada tas.",
        ["Ada buku, pensil, dll.", "Selain itu ada tas."],
    ),
    ("Ada buku, pensil, dsb. yang dibawa.", ["Ada buku, pensil, dsb. yang dibawa."]),
    ("Angka 1, 2, 3, dst. Semua dihitung.", ["Angka 1, 2, 3, dst.", "Semua dihitung."]),
    ("Barang dibawa, dll.", ["Barang dibawa, dll."]),
    # numbers never split; a final period after a number or time does
    ("Sebanyak 1.500 orang dan 3,5 ton beras.", ["Sebanyak 1.500 orang dan 3,5 ton beras."]),
    ("Versi v1.2 dan 2.5 dirilis.", ["Versi v1.2 dan 2.5 dirilis."]),
    (
        "Acara dimulai pukul 10.00 WIB. Semua hadir.",
        ["Acara dimulai pukul 10.00 WIB.", "Semua hadir."],
    ),
    ("Dimulai 20.30 WIB. Lalu selesai.", ["Dimulai 20.30 WIB.", "Lalu selesai."]),
    ("Ia tiba pukul 10.00. Lalu pergi.", ["Ia tiba pukul 10.00.", "Lalu pergi."]),
    ("Korban naik tahun lalu. 20 orang tewas.", ["Korban naik tahun lalu.", "20 orang tewas."]),
    ("Syaratnya: 1. Membawa KTP. 2. Membawa KK.", ["Syaratnya: 1. Membawa KTP.", "2. Membawa KK."]),
    # ellipses
    ("Tunggu... nanti dulu.", ["Tunggu... nanti dulu."]),
    ("Saya bingung... Lalu dia datang.", ["Saya bingung...", "Lalu dia datang."]),
    ("Saya bingung… “Ayo pergi,” katanya.", ["Saya bingung…", "“Ayo pergi,” katanya."]),
    ("Mereka menunggu… lama sekali.", ["Mereka menunggu… lama sekali."]),
    # question and exclamation marks
    ("Kenapa? Karena hujan.", ["Kenapa?", "Karena hujan."]),
    ("Apa?! Tidak mungkin!! Pergi!", ["Apa?!", "Tidak mungkin!!", "Pergi!"]),
    ("“Apa kabar?” tanya dia.", ["“Apa kabar?” tanya dia."]),
    ("Siapa menang? 20 orang memilih Budi.", ["Siapa menang?", "20 orang memilih Budi."]),
    # quotations: closing quote stays with its sentence, attribution stays attached
    ("“Saya senang.” Dia pergi.", ["“Saya senang.”", "Dia pergi."]),
    ('"Saya senang." Dia pergi.', ['"Saya senang."', "Dia pergi."]),
    ("“Ini penting,” kata Larso.", ["“Ini penting,” kata Larso."]),
    ('"Ini penting," kata Larso. Ia pergi.', ['"Ini penting," kata Larso.', "Ia pergi."]),
    # a quotation holding several sentences is split inside (documented decision)
    ("“Kalah. Menang,” ujarnya.", ["“Kalah.", "Menang,” ujarnya."]),
    # tokenised text: a bare closing quote is never the start of a sentence
    ("“Saya senang . ” Dia pergi .", ["“Saya senang . ”", "Dia pergi ."]),
    ('" Saya senang . " Dia pergi .', ['" Saya senang . "', "Dia pergi ."]),
    ('Ia bilang . " Ayo pergi . " Lalu diam .', ["Ia bilang .", '" Ayo pergi . "', "Lalu diam ."]),
    # unbalanced opening quote (seed article): splits as usual, nothing lost
    (
        "“Menerapkan integritas memang sulit. Tapi harus.",
        ["“Menerapkan integritas memang sulit.", "Tapi harus."],
    ),
    # parentheses
    ("Ia hadir, Senin (27/3). Ia senang.", ["Ia hadir, Senin (27/3).", "Ia senang."]),
    ("Badan (BP2MI) hadir.", ["Badan (BP2MI) hadir."]),
    ("Ia hadir (lihat foto.) Lalu pulang.", ["Ia hadir (lihat foto.)", "Lalu pulang."]),
    ("Data (Sumber: BPS. Diolah) naik.", ["Data (Sumber: BPS. Diolah) naik."]),
    ("Katanya “[…] GrabPay aman.”", ["Katanya “[…] GrabPay aman.”"]),
    # URLs, e-mails, domains and the dateline
    (
        "Dikutip dari www.kompas.com dan detik.com hari ini.",
        ["Dikutip dari www.kompas.com dan detik.com hari ini."],
    ),
    ("Kirim ke a@b.co.id segera.", ["Kirim ke a@b.co.id segera."]),
    ("Sumber: detik.com. Berita lain menyusul.", ["Sumber: detik.com.", "Berita lain menyusul."]),
    (
        "VOICEIndonesia.co, Kupang – Badan Pelindungan (BP2MI) hadir. Deputi bicara.",
        ["VOICEIndonesia.co, Kupang – Badan Pelindungan (BP2MI) hadir.", "Deputi bicara."],
    ),
    # lowercase after a period is no boundary; camel-case brand names start a sentence
    ("Ia tinggal di Jl. merdeka no. 5.", ["Ia tinggal di Jl. merdeka no. 5."]),
    ("Harga turun. iPhone 8 dirilis.", ["Harga turun.", "iPhone 8 dirilis."]),
    # a dash or other punctuation after a period is no boundary
    ("Jakarta. – Presiden datang.", ["Jakarta. – Presiden datang."]),
    # degenerate inputs
    ("", []),
    ("   ", []),
    ("Tanpa titik", ["Tanpa titik"]),
    (". . .", [". . ."]),
]


@pytest.mark.parametrize(("paragraph", "expected"), SENTENCE_CASES)
def test_split_sentences(paragraph: str, expected: list[str]) -> None:
    got = split_sentences(paragraph)
    assert got == expected
    assert " ".join(got) == _normal(paragraph)


def test_seed_sentences_keep_quotes_and_titles() -> None:
    sentences = [
        s for p in split_paragraphs(SEED.read_text(encoding="utf-8")) for s in split_sentences(p)
    ]
    assert len(sentences) == 30
    assert "“Menerapkan integritas memang sulit." in sentences
    assert any(s.startswith("Plt Deputi") and "Brigjen Pol. Dayan" in s for s in sentences)
    assert not any(s[0] in "”’)" for s in sentences)


def test_whitespace_is_collapsed_not_lost() -> None:
    assert split_sentences("  Satu.\n\tDua  tiga.  ") == ["Satu.", "Dua tiga."]


def test_invariant_on_random_token_soup() -> None:
    """Nothing lost, nothing added, order kept, even on nonsense made of tricky tokens."""
    vocab = [
        "Dr.", "dr.", "dll.", "S.H.", "A.", "1.", "10.00", "WIB.", "“", "”", '"', "'", "(", ")",
        "(27/3).", "...", "…", "?", "!", "?!", "Budi", "pergi.", "kata", "“Ayo.", "senang.”",
        "[…]", "detik.com.", "Rp.", "5", "a.n.", "Jan.", "2017", "–", "-", "iPhone", "ya,”",
    ]  # fmt: skip
    rng = random.Random(7)
    for _ in range(2000):
        words = [rng.choice(vocab) for _ in range(rng.randint(1, 25))]
        paragraph = rng.choice([" ", "  ", "\t"]).join(words)
        sentences = split_sentences(paragraph)
        assert " ".join(sentences) == _normal(paragraph)
        assert all(s and s == s.strip() for s in sentences)


def test_indosum_valid_invariant_and_clean_starts() -> None:
    """Every paragraph of IndoSum valid: invariant holds; bad sentence starts are rare."""
    total = bad = 0
    for article in indosum_articles():
        for paragraph in split_paragraphs(article["text"]):
            sentences = split_sentences(paragraph)
            assert " ".join(sentences) == _normal(paragraph)
            for s in sentences:
                total += 1
                if s[0].islower() or s[0] in "”’»)]":
                    bad += 1
    assert total > 10_000
    assert bad / total < 0.01


# -------------------------------------------------------------------------- long sentences


def _words(s: str) -> int:
    return len(s.split())


def _chars(s: str) -> int:
    return len(s)


class Counter:
    """A token counter that records how often it is called."""

    def __init__(self, fn: Callable[[str], int]) -> None:
        self.fn = fn
        self.calls = 0

    def __call__(self, s: str) -> int:
        self.calls += 1
        return self.fn(s)


def _check(sentence: str, pieces: list[str], count: Callable[[str], int], limit: int) -> None:
    assert pieces, "a non-empty sentence yields pieces"
    assert all(count(p) <= limit for p in pieces)
    assert all(p and p == p.strip() for p in pieces)
    assert join_pieces(pieces, piece_glue(sentence, pieces)) == _normal(sentence)


def test_split_long_returns_sentence_when_it_fits() -> None:
    assert split_long("Ini  kalimat pendek.", _words, 10) == ["Ini kalimat pendek."]
    assert split_long("   ", _words, 10) == []


def test_split_long_prefers_clause_punctuation_over_whitespace() -> None:
    sentence = "satu dua tiga empat lima enam, tujuh delapan sembilan sepuluh"
    assert split_long(sentence, _words, 7) == [
        "satu dua tiga empat lima enam,",
        "tujuh delapan sembilan sepuluh",
    ]
    # a semicolon near the middle beats a comma that is nearer
    sentence = "a b c d; e f, g h i j k"
    assert split_long(sentence, _words, 8)[0] == "a b c d;"
    # a comma far from the middle still beats a plain space in the middle
    sentence = "Namun, " + " ".join(f"kata{i}" for i in range(12))
    assert split_long(sentence, _words, 12)[0] == "Namun,"


@pytest.mark.parametrize("mark", [";", ":", ",", "”", ")", "?"])
def test_split_long_clause_marks(mark: str) -> None:
    sentence = f"aa bb cc dd{mark} ee ff gg hh"
    assert split_long(sentence, _words, 5) == [f"aa bb cc dd{mark}", "ee ff gg hh"]


def test_split_long_dash_token() -> None:
    sentence = "Kupang kota besar – Badan Pelindungan hadir"
    assert split_long(sentence, _words, 4) == ["Kupang kota besar –", "Badan Pelindungan hadir"]


def test_split_long_falls_back_to_whitespace_balanced() -> None:
    sentence = " ".join(f"w{i}" for i in range(10))
    pieces = split_long(sentence, _words, 5)
    assert pieces == ["w0 w1 w2 w3 w4", "w5 w6 w7 w8 w9"]
    assert " ".join(pieces) == sentence


@pytest.mark.parametrize("counter", [_words, _chars])
@pytest.mark.parametrize("limit", [1, 7, 50, 333])
def test_split_long_2000_words_fits_with_few_calls(
    counter: Callable[[str], int], limit: int
) -> None:
    rng = random.Random(limit)
    words = [
        rng.choice(["kata", "panjang", "sekali", "di", "Jakarta,", "itu;", "(BP2MI)", "x"])
        for _ in range(2000)
    ]
    sentence = " ".join(words)
    if counter is _chars:
        limit = max(limit, 10)  # every single word must fit for a whitespace-only split
    counting = Counter(counter)
    pieces = split_long(sentence, counting, limit)
    _check(sentence, pieces, counter, limit)
    assert " ".join(pieces) == sentence  # no character split was needed
    # one call for the whole sentence, then one per examined half: a binary tree of pieces
    assert counting.calls <= 2 * len(pieces)
    minimum = math.ceil(counter(sentence) / limit)
    assert len(pieces) <= 2 * minimum + 1


def test_split_long_huge_word_split_by_characters_without_loss() -> None:
    word = "".join(chr(ord("a") + i % 26) for i in range(1000))
    sentence = f"Tautan {word} rusak."
    counting = Counter(_chars)
    pieces = split_long(sentence, counting, 64)
    _check(sentence, pieces, _chars, 64)
    glue = piece_glue(sentence, pieces)
    assert "" in glue[:-1]  # at least one character split, marked by empty glue
    assert glue[-1] == ""
    assert "".join(p for p in pieces if p in word) != ""
    assert counting.calls <= 2 * len(pieces)
    assert len(pieces) <= 2 * math.ceil(len(sentence) / 64) + 1


def test_split_long_huge_word_with_token_counter() -> None:
    # a tokenizer-like counter: about one token per 4 characters
    def count(s: str) -> int:
        return sum(math.ceil(len(w) / 4) for w in s.split())

    sentence = "x" * 4000
    pieces = split_long(sentence, count, 100)
    _check(sentence, pieces, count, 100)
    assert "".join(pieces) == sentence
    assert piece_glue(sentence, pieces) == [""] * len(pieces)


def test_split_long_rejects_impossible_limits() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        split_long("a b", _words, 0)
    with pytest.raises(ValueError, match="too small"):
        split_long("ab cd", lambda s: len(s) + 5, 5)


def test_split_long_random_invariant() -> None:
    rng = random.Random(3)
    vocab = ["a", "bb,", "ccc;", "dddd", "“e”", "(f)", "–", "ggggggggggggggggggggggg", "h:"]
    for _ in range(300):
        sentence = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 60)))
        counter = rng.choice([_words, _chars])
        limit = rng.randint(1, 30) if counter is _words else rng.randint(1, 80)
        pieces = split_long(sentence, counter, limit)
        _check(sentence, pieces, counter, limit)


def test_piece_glue_and_join_pieces() -> None:
    assert piece_glue("ab cd", ["ab", "cd"]) == [" ", ""]
    assert piece_glue("abcd", ["ab", "cd"]) == ["", ""]
    assert join_pieces(["AB", "CD"], ["", ""]) == "ABCD"
    with pytest.raises(ValueError, match="does not continue"):
        piece_glue("ab cd", ["ab", "xx"])
    with pytest.raises(ValueError, match="whole sentence"):
        piece_glue("ab cd", ["ab"])
    with pytest.raises(ValueError, match="glue"):
        join_pieces(["a"], [])
