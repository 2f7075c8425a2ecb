"""The faithfulness checker: facts in English output against the Indonesian source."""

from __future__ import annotations

from decimal import Decimal

import pytest

from summarizer.faithfulness import (
    extract_facts,
    index_source,
    missing_facts,
    number_readings,
    unsupported_facts,
)
from tests.conftest import SEED

SOURCE = (
    "Sebanyak 1.500 pekerja migran asal NTT dipulangkan pada Senin, 20 November 2023. "
    "Badan Pelindungan Pekerja Migran Indonesia (BP2MI) menyiapkan dana Rp 5 juta untuk "
    "setiap pekerja, kata Deputi Lasro Simbolon di Kupang. Angka pengangguran naik 3,5 persen. "
    "Upaya pencegahan TPPO dilakukan dalam lima tahun ke depan, mulai pukul 20.30 WIB."
)


def flagged(claim: str, source: str = SOURCE) -> list[str]:
    return [str(f) for f in unsupported_facts(claim, index_source(source))]


@pytest.mark.parametrize(
    ("raw", "values"),
    [
        ("1500", {"1500"}),
        ("1.500", {"1500", "1.5"}),
        ("1,500", {"1500", "1.5"}),
        ("3,5", {"3.5"}),
        ("3.5", {"3.5"}),
        ("1.234.567", {"1234567"}),
        ("1.234.567,89", {"1234567.89"}),
        ("1,234,567.89", {"1234567.89"}),
        ("20.30", {"20.30"}),
    ],
)
def test_number_readings(raw: str, values: set[str]) -> None:
    assert number_readings(raw) == {Decimal(v) for v in values}


@pytest.mark.parametrize(
    "claim",
    [
        "About 1,500 migrant workers from NTT were sent home.",
        "About 1.500 migrant workers were repatriated.",
        "1500 workers were repatriated on November 20, 2023.",
        "Workers returned on Monday, 20 November 2023.",
        "Workers returned in November 2023.",
        "Workers returned on 20/11/2023.",
        "BP2MI prepared Rp 5 million for each worker.",
        "BP2MI prepared IDR 5 million for each worker.",
        "BP2MI prepared Rp5,000,000 for each worker.",
        "BP2MI prepared 5 million rupiah for each worker.",
        "Unemployment rose 3.5 percent.",
        "Unemployment rose by 3.5%.",
        "Deputy Lasro Simbolon spoke in Kupang.",
        "The Indonesian Migrant Workers Protection Agency (BP2MI) acted.",
        "TPPO prevention will run for the next five years.",
        "TPPO prevention will run for the next 5 years.",
        "It starts at 20:30 WIB.",
        "It starts at 8:30 p.m.",
    ],
)
def test_faithful_claims_pass(claim: str) -> None:
    assert flagged(claim) == []


@pytest.mark.parametrize(
    ("claim", "span"),
    [
        ("About 15,000 migrant workers were sent home.", 'number "15,000"'),
        ("About 1,600 workers were sent home.", 'number "1,600"'),
        ("Workers returned on November 21, 2023.", 'date "November 21, 2023"'),
        ("Workers returned on 21 November 2023.", 'date "21 November 2023"'),
        ("Workers returned in December 2023.", 'date "December 2023"'),
        ("Workers returned on Tuesday.", 'weekday "Tuesday"'),
        ("BP2MI prepared Rp 5 billion.", 'amount "Rp 5 billion"'),
        ("BP2MI prepared $5 million.", 'amount "$5 million"'),
        ("Unemployment rose 4.5 percent.", 'number "4.5"'),
        ("President Joko Widodo visited Kupang.", 'name "Joko Widodo"'),
        ("The agency spoke to reporters in Jakarta.", 'name "Jakarta"'),
        ("The KPK investigated BP2MI.", 'name "KPK"'),
        ("Prevention will run for seven years.", 'number "seven"'),
        ("It starts at 21:30 WIB.", 'time "21:30 WIB"'),
    ],
)
def test_invented_facts_are_flagged_with_their_span(claim: str, span: str) -> None:
    assert flagged(claim) == [span]


def test_seed_article_bullets() -> None:
    source = SEED.read_text(encoding="utf-8")
    faithful = [
        "BP2MI held staff guidance at the BP3MI NTT office in Kupang on Monday, November 20, 2023.",
        "Deputy for Placement and Protection of the Americas and Pacific Region, Lasro "
        "Simbolon, said integrity is the main factor.",
        "Brigadier General Police Dayan Victor Imanuel Blegur wants NTT free of TPPO "
        "syndicates within five years.",
        "An employee of BP3MI Banten was arrested by the High Prosecutor's Office.",
        "Main Secretary of BP2MI Rinardi asked for the best service for Indonesian "
        "Migrant Workers.",
    ]
    index = index_source(source)
    for claim in faithful:
        assert unsupported_facts(claim, index) == [], claim
    invented = "BP2MI Head Benny Rhamdani fired 12 employees in Surabaya on 21 November 2023."
    assert [str(f) for f in unsupported_facts(invented, index)] == [
        'name "Rhamdani"',  # "Benny" is in the source (a related-article line)
        'number "12"',
        'name "Surabaya"',
        'date "21 November 2023"',
    ]


@pytest.mark.parametrize(
    ("source", "translation", "lost"),
    [
        ("Sebanyak 1.500 pekerja pulang.", "As many as 1,500 workers returned.", []),
        ("Sebanyak 1.500 pekerja pulang.", "Many workers returned.", ['number "1.500"']),
        ("Dana Rp 5 juta disiapkan.", "IDR 5 million was prepared.", []),
        ("Dana Rp 5 juta disiapkan.", "Funds were prepared.", ['amount "Rp 5 juta"']),
        ("Acara pada 20 November 2023.", "The event on November 20, 2023.", []),
        (
            "Acara pada 20 November 2023.",
            "The event on November 2023.",
            ['date "20 November 2023"'],
        ),
        ("Kata Lasro Simbolon di Kupang.", "Lasro Simbolon said in Kupang.", []),
        (
            "Kata Lasro Simbolon di Kupang.",
            "He said in the city.",
            ['name "Lasro Simbolon"', 'name "Kupang"'],
        ),
        ("Kepala BP2MI hadir di NTT.", "The head of BP2MI attended in NTT.", []),
        (
            "Kepala BP2MI hadir di NTT.",
            "The head of the agency attended.",
            ['name "BP2MI"', 'name "NTT"'],
        ),
        (
            "Badan Pelindungan Pekerja Migran hadir.",
            "The Migrant Worker Protection Agency attended.",
            [],
        ),
        ("Sidang PBB di Amerika Serikat.", "A UN session in the United States.", []),
        ("Pencegahan dalam lima tahun.", "Prevention within five years.", []),
        ("Pencegahan dalam lima tahun.", "Prevention within 5 years.", []),
    ],
)
def test_missing_facts(source: str, translation: str, lost: list[str]) -> None:
    assert [str(f) for f in missing_facts(source, translation)] == lost


def test_facts_of_the_seed_article() -> None:
    facts = extract_facts(SEED.read_text(encoding="utf-8"))
    spans = {(f.kind, f.span) for f in facts}
    assert ("date", "20 November 2023") in spans
    assert ("weekday", "Senin") in spans
    assert ("number", "lima") in spans
    assert ("name", "Lasro Simbolon") in spans
    assert ("name", "TPPO") in spans
    # sentence-initial words and Indonesian function words are not names
    assert not any(f.span in ("Tapi", "Kalahkan", "Ini", "Saya") for f in facts)


def test_translation_of_the_seed_by_a_copy_is_faithful() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert missing_facts(text, text) == []
    assert unsupported_facts(text, index_source(text)) == []
