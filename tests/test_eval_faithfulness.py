"""``python -m eval faithfulness``: human-pair rates, seeded perturbations, audit, reports, errors."""

from __future__ import annotations

import csv
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eval import faithfulness as fh
from eval import faithfulness_scores as fs
from eval import perturb as pb
from eval.cli import main
from eval.data import TranslationExample
from summarizer.faithfulness import extract_facts

main.add_command(fh.faithfulness)  # as eval/__main__.py does

CLEAN = {
    "c1": (
        "Polisi menangkap 5 orang di Kupang pada 20 November 2023.",
        "Police arrested 5 people in Kupang on November 20, 2023.",
    ),
    "c2": (
        "Gubernur Viktor Laiskodat meresmikan jembatan senilai Rp 4,5 miliar.",
        "Governor Viktor Laiskodat inaugurated a bridge worth Rp 4.5 billion.",
    ),
    "c3": (
        "Pada Senin (8/1), Retno Marsudi tiba di Jakarta.",
        "On Monday (1/8), Retno Marsudi arrived in Jakarta.",
    ),
    "c4": (
        "Kata Lasro Simbolon, 1.500 warga telah dievakuasi ke Kupang.",
        "Lasro Simbolon said 1,500 residents had been evacuated to Kupang.",
    ),
}
WARNED = {
    # a number dropped
    "w1": (
        "Sebanyak 40 pekerja migran dipulangkan dari Malaysia.",
        "Migrant workers were sent home from Malaysia.",
    ),
    # a name added mid-sentence
    "w2": ("Dia mengatakan harga beras naik.", "The price of rice rose, said Budi Santoso."),
    # a date changed
    "w3": ("Banjir terjadi pada 3 Maret 2021 di Kupang.", "The flood hit Kupang on March 4, 2021."),
}
PAIRS = {**CLEAN, **WARNED}


def write_pairs(path: Path, pairs: dict[str, tuple[str, str]]) -> Path:
    rows = [{"id": k, "source": s, "reference": r} for k, (s, r) in pairs.items()]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def example(id_: str) -> TranslationExample:
    source, reference = PAIRS[id_]
    return TranslationExample(id_, source, reference, 1)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_pairs(tmp_path / "pairs.jsonl", PAIRS)


def run(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(main, ["faithfulness", *args])


def test_end_to_end_counts_and_files(runner: CliRunner, data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "nested"
    res = run(runner, "--data", str(data), "--out", str(out))
    assert res.exit_code == 0, res.output
    for name in ("scores.json", "report.md", "per_example.csv", "audit.tsv", "missed.csv"):
        assert (out / name).is_file(), name
    scores = json.loads((out / "scores.json").read_text("utf-8"))
    human = scores["human_pairs"]
    assert human["n"] == 7
    assert human["any_warning"]["count"] == 3
    assert human["number_date_amount_warning"]["count"] == 2  # w1 and w3
    assert human["by_group"]["number"]["drops"]["count"] == 1  # w1
    assert human["by_group"]["name"]["adds"]["count"] == 1  # w2
    assert human["by_group"]["date/time"]["adds"]["count"] == 1  # w3
    sig = scores["signature"]
    assert sig["n"] == 7 and sig["seed"] == 12345 and len(sig["data_sha256"]) == 64
    assert sig["faithfulness"] and sig["summarizer"]
    assert scores["detection"]["base"]["sentences"] == 4
    sentences = scores["detection"]["sentences"]["perturbations"]
    assert sentences["change_number"]["n"] == 2  # c1 and c4 (c2's figure is an amount)
    assert sentences["change_amount"]["n"] == 1  # c2
    assert sentences["insert_year"]["n"] == 4 and sentences["insert_amount"]["n"] == 4
    assert "delete_number" not in scores["detection"]["bullets"]["perturbations"]
    with (out / "per_example.csv").open(encoding="utf-8") as fh_:
        rows = {r["id"]: r for r in csv.DictReader(fh_)}
    assert {k for k, r in rows.items() if r["warned"] == "1"} == set(WARNED)
    assert 'drops number "40"' in rows["w1"]["findings"]
    audit = (out / "audit.tsv").read_text("utf-8").splitlines()
    assert audit[0] == "id\tfinding\tsource\treference\tverdict\treason"
    assert {line.split("\t")[0] for line in audit[1:]} == set(WARNED)
    report = (out / "report.md").read_text("utf-8")
    assert "≤ 18%" in report and "≥ 97%" in report and "≥ 95%" in report
    assert "any warning" in res.stdout and "swap a name at the start" in res.stdout


def test_same_seed_same_report(runner: CliRunner, data: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert run(runner, "--data", str(data), "--out", str(a)).exit_code == 0
    assert run(runner, "--data", str(data), "--out", str(b)).exit_code == 0
    ja = json.loads((a / "scores.json").read_text("utf-8"))
    jb = json.loads((b / "scores.json").read_text("utf-8"))
    for scores in (ja, jb):
        scores.pop("timing"), scores.pop("command")
    assert ja == jb
    assert (a / "missed.csv").read_bytes() == (b / "missed.csv").read_bytes()


def test_bad_data_file_is_one_error_line(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "source": "Halo."}\n', "utf-8")
    res = run(runner, "--data", str(bad))
    assert res.exit_code == 1
    assert res.stdout == ""
    assert res.stderr == (
        f"error: {bad} line 1: missing field 'reference' (each line needs id, source, reference).\n"
    )
    res = run(runner, "--data", str(tmp_path / "missing.jsonl"))
    assert res.exit_code == 1 and res.stderr.count("\n") == 1 and res.stderr.startswith("error:")


def _fill(path: Path, verdicts: dict[str, tuple[str, str]]) -> Path:
    lines = path.read_text("utf-8").splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split("\t")
        cells[4], cells[5] = verdicts[cells[0]]
        out.append("\t".join(cells))
    filled = path.with_name("filled.tsv")
    filled.write_text("\n".join(out) + "\n", "utf-8")
    return filled


def test_audit_precision(runner: CliRunner, data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(runner, "--data", str(data), "--out", str(out)).exit_code == 0
    filled = _fill(
        out / "audit.tsv",
        {
            "w1": ("genuine", "40 is missing"),
            "w2": ("Genuine", "no name in the source"),
            "w3": ("false", "pretend the date was fine"),
        },
    )
    res = run(runner, "--data", str(data), "--out", str(out), "--audit", str(filled))
    assert res.exit_code == 0, res.output
    audit = json.loads((out / "scores.json").read_text("utf-8"))["audit"]
    assert (audit["marked"], audit["genuine"], audit["precision"]) == (3, 2, 66.6667)
    assert audit["met"] is False
    assert [r["id"] for r in audit["false_rows"]] == ["w3"]
    assert "pretend the date was fine" in (out / "report.md").read_text("utf-8")
    assert "66.7%" in res.stdout

    # a filled audit.tsv in --out is never overwritten; same sample: no audit-new.tsv
    (out / "audit.tsv").write_bytes(filled.read_bytes())
    assert run(runner, "--data", str(data), "--out", str(out)).exit_code == 0
    assert (out / "audit.tsv").read_bytes() == filled.read_bytes()
    assert not (out / "audit-new.tsv").exists()
    # another sample: the fresh one goes to audit-new.tsv, verdicts carried over
    res = run(runner, "--data", str(data), "--out", str(out), "--audit-sample", "2")
    assert res.exit_code == 0, res.output
    assert (out / "audit.tsv").read_bytes() == filled.read_bytes()
    new = (out / "audit-new.tsv").read_text("utf-8").splitlines()
    assert len(new) == 3 and all(line.split("\t")[4] for line in new[1:])


def test_bad_audit_file(runner: CliRunner, data: Path, tmp_path: Path) -> None:
    bad = tmp_path / "audit.tsv"
    bad.write_text(
        "id\tfinding\tsource\treference\tverdict\treason\nw1\tx\ty\tz\tmaybe\t\n", "utf-8"
    )
    res = run(runner, "--data", str(data), "--audit", str(bad))
    assert res.exit_code == 1
    assert res.stderr == (
        f"error: {bad} line 2: verdict 'maybe' is neither 'genuine' nor 'false' (or empty).\n"
    )
    bad.write_text("name\tverdict\n", "utf-8")
    res = run(runner, "--data", str(data), "--audit", str(bad))
    assert res.exit_code == 1 and res.stderr.startswith(f"error: {bad} line 1: no id column")


# ---------------------------------------------------------------------------- perturbations


@pytest.mark.parametrize(
    "token,pattern",
    [
        ("1,500", r"\d{1,3}(,\d{3})+"),
        ("2.216.243", r"\d{1,3}(\.\d{3})+"),
        ("3.5", r"\d+\.5"),
        ("4,5", r"\d+,5"),
        ("08", r"\d\d+"),
        ("2012", r"\d{4,5}"),
        ("0", r"\d+"),
    ],
)
def test_shift_number_changes_value_keeps_format(token: str, pattern: str) -> None:
    for seed in range(40):
        new = pb.shift_number(token, random.Random(seed))
        assert new != token
        assert re.fullmatch(pattern, new), (token, new)


def test_change_number_differs_and_is_absent_from_source() -> None:
    ex = example("c4")
    facts = extract_facts(ex.reference)
    for seed in range(20):
        p = pb.change_number(ex.reference, ex.source, facts, random.Random(seed))
        assert p is not None and p.text != ex.reference
        new = re.search(r"\d[\d,]*", p.text)
        assert new is not None and new.group() != "1,500"
        assert re.fullmatch(r"\d{1,3}(,\d{3})*", new.group()), new.group()
        assert new.group().replace(",", "") not in ("1500",)
        assert p.text.replace(new.group(), "1,500") == ex.reference


def test_change_amount_and_date() -> None:
    ex = example("c2")
    p = pb.change_amount(ex.reference, ex.source, extract_facts(ex.reference), random.Random(1))
    assert p is not None and "Rp 4.5 billion" not in p.text
    assert re.search(r"Rp \d+\.5 billion", p.text)
    ex = example("c1")
    for seed in range(10):
        p = pb.change_date(
            ex.reference, ex.source, extract_facts(ex.reference), random.Random(seed)
        )
        assert p is not None and "November 20, 2023" not in p.text, p


def test_delete_number_removes_it() -> None:
    ex = example("c1")
    p = pb.delete_number(ex.reference, ex.source, extract_facts(ex.reference), random.Random(0))
    assert p is not None
    assert p.text == "Police arrested people in Kupang on November 20, 2023."
    assert pb._tidy("said Suryadi (50), Monday") == "said Suryadi (50), Monday"
    assert pb._tidy("said Suryadi (), Monday") == "said Suryadi, Monday"


CORPUS = pb.Corpus(("Kupang", "Larso", "Simbolon", "Wahyudi"), frozenset({"police", "the"}))


def test_swap_name_mid_replaces_the_name() -> None:
    ex = example("c3")
    facts = extract_facts(ex.reference)
    p = pb.swap_name_mid(ex.reference, ex.source, facts, random.Random(3), CORPUS)
    assert p is not None
    new = p.text
    assert new != ex.reference
    # a pool name that is no word of the pair replaces "Retno (Marsudi)" or "Jakarta"
    assert "Larso" in new or "Wahyudi" in new
    assert "Kupang" not in new and "Simbolon" not in new
    assert new.count("Retno") + new.count("Jakarta") == 1


def test_swap_name_at_start() -> None:
    ex = example("c4")
    facts = extract_facts(ex.reference)
    found = pb.start_name(ex.reference, ex.source, facts, CORPUS)
    assert found is not None and found[0] == 0
    assert found[1] in ("Lasro", "Lasro Simbolon")  # as the checker spans the name
    # without the checker's help (no name fact there), from the source's capitalised words
    assert pb.start_name(ex.reference, ex.source, [], CORPUS) == (0, "Lasro Simbolon")
    p = pb.swap_name_start(ex.reference, ex.source, facts, random.Random(0), CORPUS)
    assert p is not None and not p.text.startswith("Lasro")
    assert p.text.startswith(("Larso ", "Wahyudi "))
    assert p.text.endswith(" said 1,500 residents had been evacuated to Kupang.")
    # a reference starting with an ordinary word has no start name
    ex = example("c1")
    assert pb.start_name(ex.reference, ex.source, extract_facts(ex.reference), CORPUS) is None


def test_insertions() -> None:
    ex = example("c1")
    facts = extract_facts(ex.reference)
    seen = set()
    for seed in range(30):
        p = pb.insert_name(ex.reference, ex.source, facts, random.Random(seed), CORPUS)
        assert p is not None
        seen.add(p.text)
    assert {
        "According to Larso, police arrested 5 people in Kupang on November 20, 2023.",
        "Police arrested 5 people in Kupang on November 20, 2023, Wahyudi said.",
    } <= seen
    p = pb.insert_year(ex.reference, ex.source, facts, random.Random(0), CORPUS)
    assert p is not None and re.fullmatch(r"In (\d{4}), police arrested .*", p.text)
    year = int(p.text[3:7])
    assert 1990 <= year <= 2030 and year != 2023
    forms = set()
    for seed in range(60):
        p = pb.insert_amount(ex.reference, ex.source, facts, random.Random(seed))
        assert p is not None and p.text.startswith("Police arrested 5 people")
        assert re.search(r", worth \S.*\d.*\.$", p.text), p.text
        forms.add(p.form)
    assert forms == {name for name, _ in pb.AMOUNT_FORMS}


def test_perturbations_are_seeded_per_pair() -> None:
    ex = example("c4")
    facts = extract_facts(ex.reference)
    for key, _, _ in pb.PERTURBATIONS:
        a = pb.perturb(key, ex, facts, 7, CORPUS)
        b = pb.perturb(key, ex, facts, 7, CORPUS)
        assert a == b, key
    texts = {p.text for s in range(10) if (p := pb.perturb("change_number", ex, facts, s, CORPUS))}
    assert len(texts) > 1


def test_name_pool_takes_untranslated_names_of_other_pairs() -> None:
    examples = [example(k) for k in PAIRS]
    corpus = pb.build_corpus(examples, [extract_facts(e.reference) for e in examples])
    assert {"Kupang", "Malaysia"} <= set(corpus.names)
    assert "Police" not in corpus.names and "Governor" not in corpus.names
    # capitalised in both texts and never lowercase, but dictionary words, not names
    extra = TranslationExample(
        "x", "Peneliti Royal Society dari Cairns meneliti Great Barrier Reef.",
        "Royal Society researchers from Cairns studied the Great Barrier Reef.", 1,
    )
    pool = pb.build_corpus([extra], [extract_facts(extra.reference)]).names
    assert "Cairns" in pool and not {"Reef", "Society"} & set(pool)
    sources = " ".join(s for s, _ in PAIRS.values())
    assert all(re.search(rf"\b{n}\b", sources) and len(n) >= 4 for n in corpus.names)
    exclude = pb.folded_words(*PAIRS["c1"])
    rng = random.Random(0)
    assert all(pb.pick_name(corpus, exclude, rng) != "Kupang" for _ in range(50))


def test_detection_counts_what_the_checker_reports(
    runner: CliRunner, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a stand-in checker that flags any text other than the human reference, no human
    pair warns and every perturbation is detected; with one that flags nothing, none is."""
    from summarizer.faithfulness import Fact, Finding

    references = {r for _, r in PAIRS.values()}
    fact = Fact("name", "X", frozenset({"x"}))

    def strict_sentence(source: str, translation: str, *args: Any, **kw: Any) -> list[Finding]:
        return [] if translation in references else [Finding("adds", fact)]

    def strict_claim(claim: str, source: str, *args: Any, **kw: Any) -> list[Fact]:
        return [] if claim in references else [fact]

    for module in (fh, fs):  # human pairs are checked in one, perturbations in the other
        monkeypatch.setattr(module, "check_sentence", strict_sentence)
        monkeypatch.setattr(module, "check_claim", strict_claim)
    out = tmp_path / "strict"
    assert run(runner, "--data", str(data), "--out", str(out)).exit_code == 0
    scores = json.loads((out / "scores.json").read_text("utf-8"))
    assert scores["human_pairs"]["any_warning"]["count"] == 0
    assert scores["detection"]["base"] == {"sentences": 7, "bullets": 7}
    for mode in fh.MODES:
        for cat in ("numeric", "name"):
            total = scores["detection"][mode]["totals"][cat]
            assert total["n"] > 0 and total["detected"] == total["n"], (mode, cat)
    assert scores["met"]["detection_names_bullets"] is True
    assert (out / "missed.csv").read_text("utf-8").count("\n") == 1  # the header only

    for module in (fh, fs):
        monkeypatch.setattr(module, "check_sentence", lambda *a, **k: [])
        monkeypatch.setattr(module, "check_claim", lambda *a, **k: [])
    res = run(runner, "--data", str(data), "--out", str(out))
    scores = json.loads((out / "scores.json").read_text("utf-8"))
    assert scores["detection"]["sentences"]["totals"]["numeric"]["detected"] == 0
    assert scores["met"]["detection_numeric_sentences"] is False
    assert "missed" in res.stdout


def test_targets_are_judged_on_the_exact_rate_not_on_its_rounded_display() -> None:
    """352 of 1,953 pairs is 18.02%: shown as 18.0%, but over a 18% target."""
    from eval.faithfulness_scores import TARGETS, fmt_pct, rate

    r = rate(352, 1953)
    assert fmt_pct(r["pct"]) == "18.0%"
    assert r["pct"] > TARGETS["any_warning_max"]
    assert rate(351, 1953)["pct"] <= TARGETS["any_warning_max"]
