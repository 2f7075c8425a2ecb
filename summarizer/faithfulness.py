"""Faithfulness checks: are the numbers, dates and names in English output really in the source?

Pure functions over text. A machine translation or an abstractive summary can change a figure
("1.500" → "15,000"), a date, or invent a name; readers who cannot read the Indonesian source
cannot catch that, so we compare the *facts* of the two texts instead of hoping.

Facts are extracted by rule, in Indonesian and English alike:

* **numbers and amounts**: ``1.500`` / ``1,500`` / ``1500``; ``3,5`` / ``3.5``; scale words
  (``ribu``/``thousand``, ``juta``/``million``, ``miliar``/``billion``, ``triliun``/``trillion``);
  currencies (``Rp``, ``IDR``, ``rupiah``, ``US$``, ``USD``, ``dollar``); number words up to the
  thousands (``lima`` = ``five`` = 5). A number written ambiguously (``1.500`` is 1500 in
  Indonesian and 1.5 in English) stands for every reading, so a correct rewrite is never flagged;
* **dates and weekdays**: ``20 November 2023`` = ``November 20, 2023`` = ``20/11/2023``,
  Indonesian and English month and day names; partial dates match when the fields both give
  agree (``November 2023`` is supported by ``20 November 2023``);
* **times**: ``20.30 WIB`` = ``20:30`` = ``8:30 p.m.``;
* **names**: acronyms (``BP2MI``, ``NTT``, ``TPPO``) and capitalised words that are not at the
  start of a sentence (``Lasro Simbolon``). A name is supported when the source has the word
  (case and accents ignored), a close spelling (``Amerika``/``America``), or a known
  Indonesian equivalent (``PBB``/``UN``, ``Jepang``/``Japan``). Capitalised English words that
  translate Indonesian institution names (``Agency``, ``Protection``) are not treated as names.

Limits, by design: the checker sees facts, not meaning — a bullet that negates the source or
attributes a quote to the wrong person passes; a number compared with the whole article may be
right in one place and wrong in another; a translated institution name of unusual words may
be flagged; currencies are compared only when both sides state one.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from .glossary import Glossary

__all__ = [
    "FAITHFULNESS",
    "KIND_GROUPS",
    "Fact",
    "Finding",
    "bullet_flags",
    "check_claim",
    "check_sentence",
    "describe",
    "sentence_warnings",
    "SourceIndex",
    "extract_facts",
    "index_source",
    "lowercase_words",
    "missing_facts",
    "unsupported_facts",
]

Date = tuple[int | None, int | None, int | None]  # (year, month, day)


@dataclass(frozen=True)
class Fact:
    """A checkable statement in a text: a number, amount, date, weekday, time or name.

    ``values`` are the readings the text commits to; ``loose`` adds readings it could
    support without committing to them (``5 juta`` supports a bare ``5``).
    """

    kind: str
    span: str
    values: frozenset[object]
    loose: frozenset[object] = frozenset()
    currency: str | None = None
    start: int = 0

    def __str__(self) -> str:
        return f'{self.kind} "{self.span}"'


# ---------------------------------------------------------------------------- vocabularies

MONTHS: dict[str, int] = {
    # Indonesian
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6,
    "juli": 7, "agustus": 8, "september": 9, "oktober": 10, "november": 11, "nopember": 11,
    "desember": 12,
    # English
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10, "december": 12,
    # abbreviations (Indonesian and English)
    "jan": 1, "feb": 2, "peb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "agu": 8, "agt": 8,
    "ags": 8, "aug": 8, "sep": 9, "sept": 9, "okt": 10, "oct": 10, "nov": 11, "nop": 11,
    "des": 12, "dec": 12,
}  # fmt: skip
_FULL_MONTHS = frozenset(
    k for k in MONTHS if len(k) > 4 or k in {"mei", "may", "juni", "juli", "june", "july"}
)

WEEKDAYS: dict[str, int] = {
    "senin": 1, "selasa": 2, "rabu": 3, "kamis": 4, "jumat": 5, "jum'at": 5, "jum’at": 5,
    "sabtu": 6, "minggu": 7, "ahad": 7,
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    "sunday": 7,
}  # fmt: skip

SCALES: dict[str, int] = {
    "ribu": 10**3, "rb": 10**3, "thousand": 10**3,
    "juta": 10**6, "jt": 10**6, "million": 10**6, "millions": 10**6, "mln": 10**6, "mn": 10**6,
    "miliar": 10**9, "milyar": 10**9, "billion": 10**9, "billions": 10**9, "bn": 10**9,
    "triliun": 10**12, "trillion": 10**12, "trillions": 10**12,
}  # fmt: skip

# Currency words and symbols → ISO-like code.
CURRENCIES: dict[str, str] = {
    "rp": "IDR", "rp.": "IDR", "idr": "IDR", "rupiah": "IDR", "rupiahs": "IDR",
    "us$": "USD", "usd": "USD", "$": "USD", "dolar": "USD", "dollar": "USD", "dollars": "USD",
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "rm": "MYR", "ringgit": "MYR", "sgd": "SGD", "s$": "SGD", "yen": "JPY", "¥": "JPY",
    "riyal": "SAR", "riyals": "SAR", "sar": "SAR",
}  # fmt: skip

_ID_UNITS = {
    "nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000,
}  # fmt: skip
_ID_MULT = {"belas": None, "puluh": 10, "ratus": 100, "ribu": 1000}
_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_MULT = {"hundred": 100, "thousand": 1000}

# Acronyms and names that translation legitimately changes: English form → Indonesian forms.
EQUIVALENTS: dict[str, frozenset[str]] = {
    k: frozenset(v.split())
    for k, v in {
        "un": "pbb", "us": "as amerika", "usa": "as amerika", "u.s": "as amerika",
        "america": "as amerika", "states": "as amerika serikat", "united": "serikat", "american": "as amerika", "americans": "as amerika",
        "eu": "ue eropa", "law": "uu undang-undang", "indonesia": "ri", "indonesian": "ri wni",
        "ngo": "lsm", "ngos": "lsm", "tip": "tppo", "id": "ktp", "house": "dpr",
        "kpk": "kpk", "police": "polri polisi kepolisian", "embassy": "kbri",
        "consulate": "kjri", "japan": "jepang", "japanese": "jepang", "netherlands": "belanda",
        "dutch": "belanda", "england": "inggris", "britain": "inggris", "british": "inggris",
        "english": "inggris", "uk": "inggris", "germany": "jerman", "german": "jerman",
        "france": "perancis prancis", "french": "perancis prancis", "china": "tiongkok cina china",
        "chinese": "tiongkok cina china", "korea": "korea", "korean": "korea",
        "saudi": "saudi", "arabia": "arab", "egypt": "mesir", "zealand": "selandia",
        "singapore": "singapura", "timor": "timor", "philippines": "filipina",
        "filipino": "filipina", "cambodia": "kamboja", "russia": "rusia", "turkey": "turki",
        "greece": "yunani", "spain": "spanyol", "spanish": "spanyol", "italy": "italia",
        "switzerland": "swiss", "java": "jawa", "javanese": "jawa", "sumatra": "sumatera",
        "borneo": "kalimantan", "celebes": "sulawesi", "hong": "hongkong", "kong": "hongkong",
        "malaysian": "malaysia", "taiwanese": "taiwan", "middle": "tengah", "east": "timur",
        "west": "barat", "north": "utara", "south": "selatan", "southeast": "tenggara",
        "central": "tengah pusat", "eid": "idul lebaran", "christmas": "natal",
        "god": "tuhan allah", "jakarta": "dki", "mp": "dpr anggota", "mps": "dpr anggota",
        "toilet": "wc", "parliament": "dpr mpr", "legislative": "dpr dprd",
    }.items()
}  # fmt: skip

# Capitalised English words that translate common Indonesian words (institution names,
# titles, places): not names, so never flagged on their own.
COMMON_EN = frozenset(
    """a an the this that these those it its he she his her they their we our i you your
    and or but if when while as at by for from in into of on to with without after before
    during since until about over under between among against per via not no yes all any
    some many more most other such only also however meanwhile therefore moreover according
    agency agencies ministry minister ministers ministerial department office offices board
    council commission committee court courts service services center centre institute
    authority bureau directorate secretariat secretary general deputy head chief chairman
    chairwoman chair director directors coordinator coordinating acting vice president
    governor regent mayor speaker member members representative representatives people
    people's consultative assembly regional provincial province provinces regency city
    district subdistrict sub-district village municipality state national central public
    republic government administration police prosecutor prosecutor's prosecutors attorney
    high supreme constitutional law laws act acts regulation regulations decree bill article
    chapter protection placement migrant migrants worker workers worker's labor labour
    manpower employment foreign affairs home social health education finance trade industry
    transportation communication communications information justice human rights women
    women's empowerment child children crime crimes criminal trafficking persons person
    task force forces unit team division corps army navy air military command brigadier
    colonel commissioner inspector major lieutenant captain officer officers mr mrs ms dr
    prof professor sir islam islamic muslim muslims christian catholic hindu buddhist
    prophet ramadan day days week year years month new independence
    asia asian pacific europe european africa african americas eastern western northern
    southern greater island islands sea strait river lake mount mountain bay street road
    building hall palace airport port harbour harbor station hospital university school
    college faculty company corporation group bank fund foundation association union
    federation organization organisation alliance network coalition movement party forum
    society civil community working program programme project plan strategy policy index
    report census statistics international global world united nations internet online
    excellency honorable honourable his her majesty royal prime cabinet parliament
    legislative executive judicial commander special operations security defense defence
    affairs welfare development planning agrarian spatial energy mineral resources
    environment forestry marine fisheries agriculture tourism creative economy economic
    cooperatives small medium enterprises religious religion village villages disadvantaged
    youth sports culture research technology higher sciences science state-owned
    coordinating maritime investment political legal digital cyber crisis disaster
    management emergency response relief immigration customs excise tax taxes revenue
    audit auditor supervisory ombudsman election elections supervisory general's
    secretary-general director-general deputy-chairman vice-president chief-of-staff
    staff presidential palace's official officials spokesperson spokesman spokeswoman
    region regions regional-level level first second third fourth fifth sixth seventh eighth
    ninth tenth part section paragraph number no volume page
    monday tuesday wednesday thursday friday saturday sunday
    wib wita wit rp idr usd us$ am pm a.m p.m
    east west north south king queen prince princess sultan cup league championship games
    olympic olympics food drug drugs works housing park market urban rural sub red cross
    earth sun moon love framework ethics code conduct servant servants civil servant
    mosque church temple cathedral museum library stadium square tower bridge terminal
    hotel mall plaza avenue lane highway toll port river lake forest beach coast gulf ocean
    valley hill hills peninsula archipelago regency's province's city's country's nation's
    day's year's week's news press media radio television tv magazine journal daily times
    post channel agency's ministry's court's council's committee's commission's
    honorary employees employee staff workers' doctors doctor nurses nurse midwife midwives
    patients patient students student teachers teacher farmers farmer fishermen fisherman
    traders trader residents resident citizens citizen villagers victims victim suspects
    suspect prisoners prisoner refugees refugee police's rate rates price prices tax budget
    plan plans status medical municipal sector flats association""".split()
)

# Capitalised Indonesian words that a translation rightly renders as English words: they are
# not expected to survive translation (``Badan`` → ``Agency``).
COMMON_ID = frozenset(
    """badan balai pelindungan perlindungan pekerja migran kantor deputi penempatan kawasan
    sekretaris utama kepala pelayanan kejaksaan tinggi negeri agung pengadilan mahkamah
    konstitusi tindak pidana perdagangan orang kementerian menteri dinas pemerintah
    pemerintahan provinsi kabupaten kota kecamatan desa kelurahan presiden wakil dewan rakyat
    perwakilan daerah majelis permusyawaratan nasional republik negara timur barat utara
    selatan tengah tenggara laut pulau kepulauan gunung sungai jalan gedung istana bandara
    bandar udara pelabuhan rumah sakit umum universitas sekolah kepolisian polisi komisi
    komite direktorat jenderal direktur ketua anggota gubernur bupati walikota wali camat
    lurah bapak ibu saudara saudari tuan nyonya haji hajjah kyai kiai ustaz ustadz brigjen
    pol plt plh kombes jaksa hakim undang-undang undang peraturan keputusan pasal ayat tahun
    nomor hari bulan tuhan idul fitri adha lebaran natal imlek ramadan ramadhan islam kristen
    katolik hindu buddha masjid gereja pura baca juga penulis editor reporter foto sumber
    simak video satuan tugas pusat kesehatan pendidikan sosial tenaga kerja ketenagakerjaan
    luar dalam hukum hak asasi manusia anak perempuan pemberdayaan organisasi pelaut
    masyarakat sipil lembaga swadaya yayasan perusahaan persatuan serikat partai sama
    internasional dunia asia eropa afrika pasifik permohonan ajukan kepala staf panglima
    tentara angkatan darat udara jenderal kolonel letnan kapten mayor inspektur komisaris
    besar ajun muda pertama madya komisaris perdana rapat kerja sidang paripurna fraksi
    koordinator koordinasi bidang politik keamanan perekonomian kemaritiman investasi
    keuangan luar negeri dalam negeri agama sosial kesehatan pertahanan perhubungan
    perindustrian pertanian kehutanan lingkungan hidup kelautan perikanan pariwisata
    ekonomi kreatif koperasi usaha kecil menengah pemuda olahraga kebudayaan riset teknologi
    pendidikan tinggi energi sumber daya mineral pekerjaan perumahan rakyat agraria tata
    ruang perencanaan pembangunan aparatur reformasi birokrasi sekretariat kabinet badan
    pengawas pemilihan pemilu keuangan pemeriksa audit imigrasi bea cukai pajak
    kantor cabang wilayah regional sentral layanan terpadu satu pintu
    kali setu situ danau bumi ratu raja putri pangeran piala liga uni leste medis palang
    merah jl jln rw rt pemkot pemprov pemkab pemda suster dokter bidan perawat pasar taman
    terminal antar baru lama raya besar kecil selatan jembatan menara lapangan stadion
    kampung dusun pantai teluk selat hutan lembah bukit tanjung asosiasi kedokteran tol
    polsek polres polda rusun juru bicara""".split()
)

_WORD = re.compile(r"[^\W_][\w'’.\-]*[^\W_]|[^\W_]", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_OPEN_QUOTES = "\"'“‘«„(["

# numbers: 1.500 | 1,500 | 3,5 | 1.234.567,89 | 20th
_NUMBER = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)*)(?:(st|nd|rd|th)\b)?(?![\w])(?![.,]\d)")
_CURRENCY_BEFORE = re.compile(r"(?i)(us\$|s\$|rp\.?|idr|usd|eur|sgd|sar|rm|\$|€|¥)\s*$")
_SCALE_AFTER = re.compile(
    r"(?i)^\s*(ribu|rb|juta|jt|miliar|milyar|triliun|thousand|millions?|mln|mn|billions?|bn|"
    r"trillions?)\b"
)
_CURRENCY_AFTER = re.compile(
    r"(?i)^\s*(rupiahs?|dolar|dollars?|euros?|ringgit|yen|riyals?)(?:\s+(as|amerika|us))?\b"
)
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"((?:1[89]|20|21)\d{2})"
_DATE_PATTERNS = [
    # 20 November 2023 / 20 Nov. 2023 / 20th of November, 2023
    re.compile(rf"(?i)\b{_DAY}\s+(?:of\s+)?({_MONTH_ALT})\b\.?(?:,?\s+{_YEAR}\b)?"),
    # November 20, 2023 / November 20
    re.compile(rf"(?i)\b({_MONTH_ALT})\b\.?\s+{_DAY}\b(?!\s*[.,]\d)(?:,?\s+{_YEAR}\b)?"),
    # November 2023 / bulan November
    re.compile(rf"(?i)\b({_MONTH_ALT})\b\.?,?\s+{_YEAR}\b"),
    # 20/11/2023, 27/3
    re.compile(r"(?<![\w/])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\w/])"),
]
_TIME = re.compile(
    r"(?i)(?<![\w.,:])(\d{1,2})[.:](\d{2})(?:\s*(wib|wita|wit|a\.?m\.?|p\.?m\.?)(?![a-z]))?"
    r"(?![\w]|[.,:]\d)"
)
_WORD_NUMBER = re.compile(
    r"(?i)\b(?:"
    + "|".join([*_ID_UNITS, *_ID_MULT, *_EN_UNITS, *_EN_MULT, "a"])
    + r")(?:[\s-]+(?:"
    + "|".join([*_ID_UNITS, *_ID_MULT, *_EN_UNITS, *_EN_MULT, "and"])
    + r"))*\b"
)


# ---------------------------------------------------------------------------- helpers


def fold(word: str) -> str:
    """Lowercase, accents removed, possessive and edge punctuation stripped."""
    text = unicodedata.normalize("NFKD", word)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"['’]s$", "", text)
    return text.strip(".-'’")


def _sound(word: str) -> str:
    """A rough spelling key across Indonesian and English (c/k, ph/f, z/s, doubled letters)."""
    w = word.replace("ph", "f").replace("c", "k").replace("q", "k").replace("x", "ks")
    w = w.replace("y", "i").replace("oe", "u").replace("dj", "j").replace("tj", "c")
    w = w.replace("z", "s")
    return re.sub(r"(.)\1+", r"\1", w)


_DEMONYM = re.compile(r"(?:ians?|ese|ish|ans?|is)$")


def _similar(a: str, b: str) -> bool:
    """Whether two words are spellings of one name (Amerika/America, Brasil/Brazilian)."""
    if len(a) < 4 or len(b) < 4:
        return False
    sa, sb = _sound(a), _sound(b)
    if sa[0] != sb[0]:
        return False
    for x in {sa, _DEMONYM.sub("", sa) or sa}:
        for y in {sb, _DEMONYM.sub("", sb) or sb}:
            if x == y or (len(x) >= 4 and len(y) >= 4 and (x.startswith(y) or y.startswith(x))):
                return True
            if 0.7 <= len(x) / len(y) <= 1.43:
                matcher = difflib.SequenceMatcher(None, x, y)
                if matcher.quick_ratio() >= 0.75 and matcher.ratio() >= 0.75:
                    return True
    return False


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def number_readings(raw: str) -> frozenset[Decimal]:
    """Every value a written number can have in Indonesian or English notation.

    ``1.500`` → {1500, 1.5}; ``1,500`` → {1500, 1.5}; ``3,5`` → {3.5};
    ``1.234.567`` → {1234567}; ``1.234,5`` → {1234.5}; ``1,234.5`` → {1234.5}.
    """
    parts = re.split(r"([.,])", raw)
    digits = parts[0::2]
    seps = parts[1::2]
    if not seps:
        value = _decimal(raw)
        return frozenset([value]) if value is not None else frozenset()
    readings: set[Decimal] = set()

    def grouped(groups: list[str]) -> bool:
        return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])

    # every separator groups thousands
    if len(set(seps)) == 1 and grouped(digits):
        value = _decimal("".join(digits))
        if value is not None:
            readings.add(value)
    # one decimal separator last, the other kind groups thousands before it
    last = seps[-1]
    if seps.count(last) == 1 and (len(seps) == 1 or grouped(digits[:-1])):
        if all(s != last for s in seps[:-1]):
            value = _decimal("".join(digits[:-1]) + "." + digits[-1])
            if value is not None:
                readings.add(value)
    return frozenset(readings)


def _word_number(words: list[str]) -> int | None:
    """Value of a run of Indonesian or English number words (``dua puluh lima``, ``twenty-five``)."""
    total = 0
    current = 0
    seen = False
    for word in words:
        w = word.lower()
        if w in ("and", "a"):
            continue
        if w in _ID_UNITS:
            value = _ID_UNITS[w]
            if value >= 100 and current:
                return None
            current += value
        elif w in _EN_UNITS:
            current += _EN_UNITS[w]
        elif w == "belas":
            current += 10
        elif w in ("puluh",):
            current = max(current, 1) * 10
        elif w in ("ratus", "hundred"):
            current = max(current, 1) * 100
        elif w in ("ribu", "thousand"):
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _sentence_starts(text: str, words: list[re.Match[str]]) -> set[int]:
    """Offsets of words that begin a text, sentence, quotation, line or list item.

    Such words are capitalised by grammar, so their capital says nothing about a name.
    """
    starts: set[int] = set()
    previous_end = 0
    for k, m in enumerate(words):
        gap = text[previous_end : m.start()]
        prefix = text[: m.start()].rstrip().rstrip(_OPEN_QUOTES + "–—-").rstrip()
        if (
            k == 0
            or "\n" in gap
            or any(q in gap for q in _OPEN_QUOTES)
            or prefix.endswith(":")
            or (_SENTENCE_END.search(prefix) and not _is_abbreviation(words[k - 1].group()))
        ):
            starts.add(m.start())
        previous_end = m.end()
    return starts


_ABBREVIATIONS = frozenset(
    "dr drs ir prof pol h hj st mr mrs ms jl no kab kec jend brigjen kombes akbp sdr".split()
)


def _is_abbreviation(word: str) -> bool:
    """Title or rank before a name (``Brigjen Pol. Dayan``): its period ends no sentence."""
    return word.lower() in _ABBREVIATIONS


# ---------------------------------------------------------------------------- extraction


def extract_facts(text: str) -> list[Fact]:
    """Numbers, amounts, dates, weekdays, times and names of a text, in order."""
    taken: list[tuple[int, int]] = []
    facts: list[Fact] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    # dates first: their numbers are not separate facts
    for pattern_no, pattern in enumerate(_DATE_PATTERNS):
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            date = _date_values(pattern_no, m)
            if date is None:
                continue
            values, loose = date
            if pattern_no < 3 and not _month_is_capitalised(m):
                continue
            taken.append((m.start(), m.end()))
            facts.append(Fact("date", m.group().strip(" ,"), values, loose, start=m.start()))
    for m in _TIME.finditer(text):
        if not free(m.start(), m.end()):
            continue
        hour, minute, zone = int(m.group(1)), int(m.group(2)), (m.group(3) or "").lower()
        is_time = bool(zone) or ":" in m.group()
        if not is_time or hour > 24 or minute > 59:
            continue
        if zone.startswith("p") and hour < 12:
            hour += 12
        taken.append((m.start(), m.end()))
        facts.append(Fact("time", m.group(), frozenset([(hour, minute)]), start=m.start()))
    for m in _NUMBER.finditer(text):
        if not free(m.start(), m.end()):
            continue
        readings = number_readings(m.group(1))
        if not readings:
            continue
        end = m.end()
        scale = 1
        scale_m = _SCALE_AFTER.match(text[end:])
        if scale_m:
            scale = SCALES[scale_m.group(1).lower()]
            end += scale_m.end()
        currency = None
        start = m.start()
        before = _CURRENCY_BEFORE.search(text[max(0, start - 6) : start])
        if before:
            currency = CURRENCIES[before.group(1).lower()]
            start = start - (len(text[max(0, start - 6) : start]) - before.start())
        after = _CURRENCY_AFTER.match(text[end:])
        if after:
            currency = currency or CURRENCIES[after.group(1).lower()]
            end += after.end()
        values = frozenset(r * scale for r in readings)
        loose = values | readings
        kind = "amount" if currency else "number"
        taken.append((start, end))
        facts.append(Fact(kind, text[start:end].strip(), values, loose, currency, start))
    for m in _WORD_NUMBER.finditer(text):
        if not free(m.start(), m.end()):
            continue
        words = re.split(r"[\s-]+", m.group())
        while words and words[-1].lower() in ("and", "a"):
            words.pop()
        while (
            words
            and words[0].lower() in ("and", "a")
            and len(words) > 1
            and words[1].lower() not in _EN_MULT
        ):
            words.pop(0)
        value = _word_number(words)
        if value is None or value <= 1:  # "one of", "salah satu": idiom, not a figure
            continue
        end = m.start() + len(m.group().rstrip())
        scale_m = _SCALE_AFTER.match(text[end:])
        scale = SCALES[scale_m.group(1).lower()] if scale_m else 1
        span_end = end + (scale_m.end() if scale_m else 0)
        taken.append((m.start(), span_end))
        facts.append(
            Fact(
                "number",
                text[m.start() : span_end].strip(),
                frozenset([Decimal(value * scale)]),
                frozenset([Decimal(value * scale), Decimal(value)]),
                start=m.start(),
            )
        )
    facts.extend(_weekdays_and_names(text, taken))
    return sorted(facts, key=lambda f: f.start)


def _month_is_capitalised(m: re.Match[str]) -> bool:
    for group in m.groups():
        if group and group.lower() in MONTHS:
            return group[0].isupper()
    return True


def _date_values(
    pattern_no: int, m: re.Match[str]
) -> tuple[frozenset[object], frozenset[object]] | None:
    g = m.groups()
    if pattern_no == 0:
        day, month, year = int(g[0]), MONTHS[g[1].lower()], g[2]
        dates: set[Date] = {(int(year) if year else None, month, day)}
    elif pattern_no == 1:
        month, day, year = MONTHS[g[0].lower()], int(g[1]), g[2]
        dates = {(int(year) if year else None, month, day)}
    elif pattern_no == 2:
        dates = {(int(g[1]), MONTHS[g[0].lower()], None)}
    else:
        a, b = int(g[0]), int(g[1])
        year_text = g[2]
        year = None
        if year_text:
            year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        dates = set()
        if 1 <= b <= 12 and 1 <= a <= 31:
            dates.add((year, b, a))  # Indonesian day/month
        if 1 <= a <= 12 and 1 <= b <= 31:
            dates.add((year, a, b))  # US month/day
    dates = {d for d in dates if d[2] is None or 1 <= d[2] <= 31}
    if not dates:
        return None
    return frozenset(dates), frozenset(dates)


def _title_case(text: str, words: list[re.Match[str]]) -> bool:
    """A headline in Title Case (no final period, most words capitalised): its capitals say
    nothing about names."""
    if _SENTENCE_END.search(text.rstrip()):
        return False
    alpha = [m.group() for m in words if m.group()[0].isalpha() and len(m.group()) > 3]
    return len(alpha) >= 3 and sum(w[0].isupper() for w in alpha) >= 0.8 * len(alpha)


def _weekdays_and_names(text: str, taken: list[tuple[int, int]]) -> list[Fact]:
    words = list(_WORD.finditer(text))
    starts = _sentence_starts(text, words)
    headline = _title_case(text, words)
    facts: list[Fact] = []
    run: list[re.Match[str]] = []

    def inside_taken(m: re.Match[str]) -> bool:
        return any(x <= m.start() < y for x, y in taken)

    def flush() -> None:
        if run:
            span = text[run[0].start() : run[-1].end()]
            tokens = frozenset(fold(w.group()) for w in run)
            facts.append(Fact("name", span, tokens, start=run[0].start()))
            run.clear()

    for m in words:
        word = m.group()
        low = fold(word)
        if inside_taken(m) or not word[0].isupper():
            flush()
            continue
        if low in WEEKDAYS:
            flush()
            facts.append(Fact("weekday", word, frozenset([WEEKDAYS[low]]), start=m.start()))
            continue
        if low in MONTHS and low in _FULL_MONTHS and not (low == "may" and m.start() in starts):
            flush()
            month: Date = (None, MONTHS[low], None)
            facts.append(
                Fact("date", word, frozenset([month]), frozenset([month]), start=m.start())
            )
            continue
        is_acronym = _is_acronym(word)
        if (m.start() in starts or headline) and not is_acronym:
            flush()
            continue
        if any(ch.isdigit() for ch in word) and not is_acronym:
            flush()
            continue
        if run and text[run[-1].end() : m.start()] not in (" ", "-"):
            flush()
        run.append(m)
    flush()
    return facts


def _is_acronym(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return (
        len(letters) >= 2
        and sum(ch.isupper() for ch in letters) >= 2
        and not any(ch.islower() for ch in word.rstrip("s"))
    )


# ---------------------------------------------------------------------------- comparison


@dataclass
class SourceIndex:
    """What a source text can support: its fact values and its words."""

    numbers: dict[object, set[str | None]] = field(default_factory=dict)
    dates: set[Date] = field(default_factory=set)
    weekdays: set[object] = field(default_factory=set)
    times: set[object] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    lower_words: set[str] = field(default_factory=set)


def index_source(text: str, facts: Iterable[Fact] | None = None) -> SourceIndex:
    """Index a source text (or several joined) once, to check many claims against it."""
    index = SourceIndex()
    for fact in extract_facts(text) if facts is None else facts:
        if fact.kind in ("number", "amount"):
            for value in fact.loose or fact.values:
                index.numbers.setdefault(value, set()).add(fact.currency)
        elif fact.kind == "date":
            for d in fact.loose or fact.values:
                assert isinstance(d, tuple)
                index.dates.add(d)
                year, _, day = d
                for part in (year, day):
                    if part is not None:
                        index.numbers.setdefault(Decimal(part), set()).add(None)
        elif fact.kind == "weekday":
            index.weekdays |= fact.values
        elif fact.kind == "time":
            index.times |= fact.values
    for m in _WORD.finditer(text):
        word = m.group()
        index.words.add(fold(word))
        index.words.update(fold(p) for p in re.split(r"[-.]", word) if p)
        if word[0].islower():
            index.lower_words.add(fold(word))
    return index


def lowercase_words(text: str) -> frozenset[str]:
    """Words a text writes in lowercase: ordinary vocabulary, so never names elsewhere."""
    return frozenset(fold(m.group()) for m in _WORD.finditer(text) if m.group()[0].islower())


def _dates_agree(a: Date, b: Date) -> bool:
    return all(x is None or y is None or x == y for x, y in zip(a, b, strict=True))


def _name_word_supported(word: str, source: SourceIndex, common: frozenset[str]) -> bool:
    if word in source.words or word in COMMON_EN or word in common:
        return True
    if "-" in word:  # "UN-sponsored": every part supported
        return all(_name_word_supported(p, source, common) for p in word.split("-") if p)
    if any(alt in source.words for alt in EQUIVALENTS.get(word, ())):
        return True
    return any(_similar(word, w) for w in source.words if len(w) >= 4)


def supported(fact: Fact, source: SourceIndex, common: frozenset[str] = frozenset()) -> bool:
    """Whether the source supports a fact stated in a claim (bullet or translation)."""
    if fact.kind in ("number", "amount"):
        for value in fact.values:
            currencies = source.numbers.get(value)
            if currencies is None:
                continue
            if fact.currency is None or None in currencies or fact.currency in currencies:
                return True
        return False
    if fact.kind == "date":
        return any(
            isinstance(d, tuple) and _dates_agree(d, s) for d in fact.values for s in source.dates
        )
    if fact.kind == "weekday":
        return bool(fact.values & source.weekdays)
    if fact.kind == "time":
        return bool(fact.values & source.times)
    if fact.kind == "name":
        return all(_name_word_supported(str(w), source, common) for w in fact.values if str(w))
    return True


def unsupported_facts(
    claim: str,
    source: SourceIndex,
    common: Iterable[str] = (),
    names: SourceIndex | None = None,
) -> list[Fact]:
    """Facts of ``claim`` that the source does not support (what a reader must check).

    ``common`` adds words known to be ordinary vocabulary (e.g. words the translation uses in
    lowercase), which are never names. ``names`` is a wider source for names (the whole
    article when ``source`` is one sentence). A name is reported by its unsupported words only.
    """
    common_set = frozenset(common)
    name_source = source if names is None else names
    found: list[Fact] = []
    for fact in extract_facts(claim):
        if fact.kind != "name":
            if not supported(fact, source, common_set):
                found.append(fact)
            continue
        bad = {
            str(w) for w in fact.values if not _name_word_supported(str(w), name_source, common_set)
        }
        if bad:
            words = [w for w in _WORD.findall(fact.span) if fold(w) in bad]
            found.append(replace(fact, span=" ".join(words), values=frozenset(bad)))
    return found


def missing_facts(source: str, translation: str) -> list[Fact]:
    """Facts of the Indonesian ``source`` that its ``translation`` lost.

    Names count only when they should survive translation: acronyms and capitalised words that
    are not common Indonesian vocabulary (``Badan`` becomes ``Agency``; ``Lasro`` stays).
    """
    target = index_source(translation)
    source_index = index_source(source)
    lost: list[Fact] = []
    for fact in extract_facts(source):
        if fact.kind in ("number", "amount"):
            if not any(v in target.numbers for v in fact.values):
                lost.append(fact)
        elif fact.kind == "date":
            if not any(
                isinstance(d, tuple) and _date_kept(d, t) for d in fact.values for t in target.dates
            ):
                lost.append(fact)
        elif fact.kind in ("weekday", "time"):
            pool = target.weekdays if fact.kind == "weekday" else target.times
            if not fact.values & pool:
                lost.append(fact)
        elif fact.kind == "name":
            gone = {
                str(w)
                for w in fact.values
                if str(w) not in COMMON_ID
                and str(w) not in source_index.lower_words
                and not _survives(str(w), target)
            }
            if gone:
                words = [w for w in _WORD.findall(fact.span) if fold(w) in gone]
                lost.append(replace(fact, span=" ".join(words), values=frozenset(gone)))
    return lost


def _date_kept(source: Date, target: Date) -> bool:
    """Whether a translated date states every field the source date gives, unchanged."""
    return all(s is None or s == t for s, t in zip(source, target, strict=True))


def _survives(word: str, target: SourceIndex) -> bool:
    if word in target.words:
        return True
    if any(word in alts and english in target.words for english, alts in EQUIVALENTS.items()):
        return True
    return any(_similar(word, w) for w in target.words if len(w) >= 4)


# ---------------------------------------------------------------------------- public checks

FAITHFULNESS = "faithfulness/1 numbers dates times names"

# Kinds of facts, grouped as users read them (and as the eval harness reports them).
KIND_GROUPS: dict[str, str] = {
    "number": "number",
    "ordinal": "number",
    "multiple": "number",
    "vague": "number",
    "amount": "amount",
    "date": "date/time",
    "weekday": "date/time",
    "time": "date/time",
    "name": "name",
}


@dataclass(frozen=True)
class Finding:
    """One problem with a translated sentence: a fact it ``drops``, one it ``adds``, or a
    ``glossary`` term rendered otherwise (``fact.span`` is the Indonesian term, ``expected``
    the glossary's English)."""

    direction: str
    fact: Fact
    expected: str = ""

    @property
    def group(self) -> str:
        return "glossary" if self.direction == "glossary" else KIND_GROUPS.get(self.fact.kind, self.fact.kind)


def check_sentence(
    source: str,
    translation: str,
    article: str | None = None,
    glossary: Glossary | None = None,
) -> list[Finding]:
    """What a sentence's translation drops or adds (numbers, dates, times, names).

    ``article`` is the whole source text the sentence comes from (names are "added" only if
    the whole article lacks them); default: the sentence itself.
    """
    if not translation.strip():
        return []
    common = lowercase_words(translation)
    names = index_source(article) if article else None
    lost = missing_facts(source, translation)
    added = unsupported_facts(translation, index_source(source), common, names=names)
    return [Finding("drops", f) for f in lost] + [Finding("adds", f) for f in added]


def check_claim(claim: str, source: str, glossary: Glossary | None = None) -> list[Fact]:
    """Facts of ``claim`` (a summary bullet in English) that ``source`` (the article) lacks."""
    return unsupported_facts(claim, index_source(source))


def describe(findings: Sequence[Finding]) -> str:
    """"drops number "5" and adds name "Budi"; glossary: expected …" (one clause a direction)."""
    parts = []
    for direction in ("drops", "adds"):
        facts = [str(f.fact) for f in findings if f.direction == direction]
        if facts:
            parts.append(f"{direction} " + ", ".join(facts))
    text = " and ".join(parts)
    glossary = [f'glossary: expected "{f.expected}" for "{f.fact.span}"' for f in findings if f.direction == "glossary"]
    return "; ".join([p for p in [text] if p] + glossary)


def sentence_warnings(pairs: Sequence[tuple[str, str]], glossary: Glossary | None = None) -> list[str]:
    """One warning line per sentence whose translation lost or added numbers, dates or names."""
    article = "\n".join(s for s, _ in pairs)
    warnings: list[str] = []
    for number, (source, translation) in enumerate(pairs, 1):
        findings = check_sentence(source, translation, article, glossary)
        if not findings:
            continue
        excerpt = source if len(source) <= 50 else source[:47].rstrip() + "…"
        warnings.append(
            f"Sentence {number} (“{excerpt}”): the translation {describe(findings)}; check it."
        )
    return warnings


def bullet_flags(
    sources: Sequence[str],
    translation: str,
    bullets: Sequence[str],
    glossary: Glossary | None = None,
) -> list[list[str]]:
    """For each bullet, the facts it states that the source sentences do not support."""
    source = "\n".join(sources)
    return [
        [f"{fact} not in the source" for fact in check_claim(bullet, source, glossary)]
        for bullet in bullets
    ]
