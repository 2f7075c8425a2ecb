"""``python -m eval``: predictions mode end to end, reports, and every data/option error."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import sacrebleu
from click.testing import CliRunner
from rouge_score import rouge_scorer

from eval.cli import main
from summarizer import Pipeline, Settings, read_document, split_sentences
from tests.conftest import COPY_MODEL, indosum_articles, shared_data_dir
from tests.fakes import ScriptedEngine

SUMMARIES = [
    {
        "id": "a1",
        "text": "BP2MI memulangkan 40 pekerja migran dari Malaysia. Mereka tiba di Kupang pada "
        "Senin.\n\nGubernur NTT menyambut para pekerja.",
        "summary": "BP2MI memulangkan 40 pekerja migran.\nPara pekerja tiba di Kupang.",
        "lang_text": "id",
        "lang_summary": "id",
    },
    {
        "id": "a2",
        "text": "Polisi menangkap dua perekrut ilegal di Kupang. Keduanya mengirim pekerja tanpa "
        "dokumen.",
        "summary": "Dua perekrut ilegal ditangkap polisi.",
        "lang_text": "id",
        "lang_summary": "id",
    },
    {
        "id": "a3",
        "text": "Harga beras naik di pasar Oebobo. Pedagang mengeluh.",
        "summary": ["Harga beras naik.", "Pedagang di Oebobo mengeluh."],
        "lang_text": "id",
        "lang_summary": "id",
    },
]
PREDICTIONS = {
    "a1": "BP2MI memulangkan 40 pekerja migran dari Malaysia.\nMereka tiba di Kupang pada Senin.",
    "a2": ["Polisi menangkap dua perekrut ilegal di Kupang."],
    "a3": "",
}


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "sum.jsonl", SUMMARIES)


def test_predictions_mode_end_to_end(runner: CliRunner, data: Path, tmp_path: Path) -> None:
    preds = write_jsonl(
        tmp_path / "mine.jsonl", [{"id": k, "prediction": v} for k, v in PREDICTIONS.items()]
    )
    out = tmp_path / "out"
    res = runner.invoke(
        main,
        ["summaries", "--data", str(data), "--predictions", f"mine={preds}", "--out", str(out)],
    )
    assert res.exit_code == 0, res.output
    assert "| mine |" in res.stdout
    scores = json.loads((out / "scores.json").read_text("utf-8"))
    assert scores["eval_mode"] == "selection"
    assert scores["data"]["examples"] == 3 and len(scores["data"]["sha256"]) == 64
    assert scores["reference"]["kind"] == "human"
    assert set(scores["versions"]) >= {"summarizer", "rouge-score", "sacrebleu"}
    assert "stem:none" in scores["metrics"]["rougeLsum"]["signature"]
    [system] = scores["systems"]
    assert system["origin"]["kind"] == "predictions file"
    scorer = rouge_scorer.RougeScorer(["rouge1", "rougeLsum"])
    refs = [
        s["summary"] if isinstance(s["summary"], str) else "\n".join(s["summary"])
        for s in SUMMARIES
    ]
    hyps = [v if isinstance(v, str) else "\n".join(v) for v in PREDICTIONS.values()]
    for metric in ("rouge1", "rougeLsum"):
        direct = [
            scorer.score(r, h)[metric].fmeasure * 100 for h, r in zip(hyps, refs, strict=True)
        ]
        est = system["scores"][metric]
        assert est["score"] == pytest.approx(sum(direct) / 3, abs=1e-4)
        assert est["low"] <= est["score"] <= est["high"]
    with (out / "per_example.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == ["a1", "a2", "a3"]
    assert float(rows[2]["rouge1"]) == 0.0  # the empty prediction
    report = (out / "report.md").read_text("utf-8")
    assert "| mine |" in report and "95% paired bootstrap" in report
    assert (out / "scores.png").read_bytes().startswith(b"\x89PNG")


def test_scores_are_reproducible(runner: CliRunner, data: Path, tmp_path: Path) -> None:
    preds = write_jsonl(
        tmp_path / "p.jsonl", [{"id": k, "prediction": v} for k, v in PREDICTIONS.items()]
    )
    outs = []
    for name in ("one", "two"):
        res = runner.invoke(
            main,
            [
                "summaries",
                "--data",
                str(data),
                "--predictions",
                str(preds),
                "--out",
                str(tmp_path / name),
            ],
        )
        assert res.exit_code == 0, res.output
        outs.append(
            (tmp_path / name / "scores.json")
            .read_text("utf-8")
            .replace(str(tmp_path / name), "OUT")
        )
    assert outs[0] == outs[1]


def test_selection_systems_need_no_model(runner: CliRunner, data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = runner.invoke(
        main,
        ["summaries", "--data", str(data), "--system", "lead", "--system", "extractive",
         "--bullets", "1", "--out", str(out)],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    lead = [json.loads(line) for line in (out / "predictions" / "lead.jsonl").open()]
    assert [r["prediction"] for r in lead] == [
        "BP2MI memulangkan 40 pekerja migran dari Malaysia.",
        "Polisi menangkap dua perekrut ilegal di Kupang.",
        "Harga beras naik di pasar Oebobo.",
    ]
    assert lead[0]["signature"]["models"] is None
    scores = json.loads((out / "scores.json").read_text("utf-8"))
    assert [s["name"] for s in scores["systems"]] == ["lead", "extractive"]
    assert set(scores["systems"][1]["delta_vs_baseline"]) == {
        "rouge1",
        "rouge2",
        "rougeL",
        "rougeLsum",
    }
    # The saved outputs score the same when read back with --predictions.
    again = runner.invoke(
        main,
        [
            "summaries",
            "--data",
            str(data),
            "--predictions",
            str(out / "predictions" / "lead.jsonl"),
        ],
    )
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[-1].split("|")[2:] == res.stdout.splitlines()[3].split("|")[2:]


def test_translations_predictions_bleu(runner: CliRunner, tmp_path: Path) -> None:
    rows = [
        {"id": "t1", "source": "Polisi menangkap dua perekrut.", "reference": "Police arrested two recruiters."},
        {"id": "t2", "source": "Harga beras naik.", "reference": "The price of rice went up."},
    ]  # fmt: skip
    data = write_jsonl(tmp_path / "mt.jsonl", rows)
    perfect = write_jsonl(
        tmp_path / "perfect.jsonl", [{"id": r["id"], "translation": r["reference"]} for r in rows]
    )
    rough = write_jsonl(
        tmp_path / "rough.jsonl",
        [{"id": "t1", "prediction": "The police caught two recruiters."},
         {"id": "t2", "prediction": "Rice price rose."}],
    )  # fmt: skip
    out = tmp_path / "out"
    res = runner.invoke(
        main,
        ["translations", "--data", str(data), "--predictions", str(perfect),
         "--predictions", str(rough), "--out", str(out)],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    scores = json.loads((out / "scores.json").read_text("utf-8"))
    perfect_s, rough_s = scores["systems"]
    assert perfect_s["scores"]["bleu"]["score"] == 100.0
    assert perfect_s["scores"]["chrf++"]["score"] == 100.0
    hyps = ["The police caught two recruiters.", "Rice price rose."]
    refs = [[r["reference"] for r in rows]]
    assert rough_s["scores"]["bleu"]["score"] == pytest.approx(
        sacrebleu.corpus_bleu(hyps, refs).score, abs=1e-4
    )
    assert rough_s["scores"]["chrf++"]["score"] == pytest.approx(
        sacrebleu.corpus_chrf(hyps, refs, word_order=2).score, abs=1e-4
    )
    assert scores["metrics"]["bleu"]["signature"].startswith("nrefs:1|case:mixed")
    assert rough_s["delta_vs_baseline"]["bleu"]["score"] < 0


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    good = json.dumps(SUMMARIES[0])
    cases = {
        "missing": (tmp_path / "nope.jsonl", "nope.jsonl: no such file."),
        "empty": (tmp_path / "empty.jsonl", "empty.jsonl: the file is empty (no JSON lines)."),
        "blank": (tmp_path / "blank.jsonl", "blank.jsonl: the file is empty (no JSON lines)."),
        "json": (tmp_path / "json.jsonl", "json.jsonl line 2: invalid JSON (Expecting"),
        "field": (tmp_path / "field.jsonl", "field.jsonl line 3: missing field 'summary'"),
        "type": (
            tmp_path / "type.jsonl",
            "type.jsonl line 1: field 'text' must be a string, got int.",
        ),
        "array": (
            tmp_path / "array.jsonl",
            "array.jsonl line 1: expected a JSON object, got list.",
        ),
        "dup": (tmp_path / "dup.jsonl", "dup.jsonl line 2: duplicate id 'a1' (first on line 1)."),
        "utf8": (tmp_path / "utf8.jsonl", "utf8.jsonl line 2: not valid UTF-8"),
        "emptytext": (
            tmp_path / "emptytext.jsonl",
            "emptytext.jsonl line 1: field 'text' is empty.",
        ),
    }
    cases["empty"][0].write_text("")
    cases["blank"][0].write_text("\n\n")
    cases["json"][0].write_text(good + '\n{"id": "b", \n')
    missing = {k: v for k, v in SUMMARIES[1].items() if k != "summary"}
    cases["field"][0].write_text(
        good + "\n" + json.dumps(SUMMARIES[1]) + "\n" + json.dumps(missing) + "\n"
    )
    cases["type"][0].write_text(json.dumps({**SUMMARIES[0], "text": 5}) + "\n")
    cases["array"][0].write_text("[1, 2]\n")
    cases["dup"][0].write_text(good + "\n" + good + "\n")
    cases["utf8"][0].write_bytes(good.encode() + b"\n\xff\xfe{}\n")
    cases["emptytext"][0].write_text(json.dumps({**SUMMARIES[0], "text": "  "}) + "\n")
    return cases


@pytest.mark.parametrize(
    "case",
    ["missing", "empty", "blank", "json", "field", "type", "array", "dup", "utf8", "emptytext"],
)
def test_bad_data_files_give_one_line(runner: CliRunner, tmp_path: Path, case: str) -> None:
    path, message = _bad_files(tmp_path)[case]
    res = runner.invoke(main, ["summaries", "--data", str(path), "--system", "lead"])
    assert res.exit_code == 1
    assert res.stdout == ""
    assert res.stderr.startswith(f"error: {tmp_path}/{message}"), res.stderr
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr


def test_bad_translation_file_names_the_line(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "mt.jsonl"
    data.write_text(
        '{"id": "t1", "source": "Halo.", "reference": "Hello."}\n{"id": "t2", "source": "x"}\n'
    )
    res = runner.invoke(main, ["translations", "--data", str(data)])
    assert res.exit_code == 1
    assert res.stderr == (
        f"error: {data} line 2: missing field 'reference' (each line needs id, source, reference).\n"
    )


def test_bad_predictions_file(runner: CliRunner, data: Path, tmp_path: Path) -> None:
    preds = write_jsonl(
        tmp_path / "p.jsonl", [{"id": "a1", "prediction": "x"}, {"id": "a2", "text": "y"}]
    )
    res = runner.invoke(main, ["summaries", "--data", str(data), "--predictions", str(preds)])
    assert res.exit_code == 1
    assert res.stderr.startswith(f"error: {preds} line 2: missing field 'prediction'")
    short = write_jsonl(tmp_path / "short.jsonl", [{"id": "a1", "prediction": "x"}])
    res = runner.invoke(main, ["summaries", "--data", str(data), "--predictions", str(short)])
    assert res.exit_code == 1
    assert res.stderr == f"error: {short}: no line for id 'a2' and 1 more of the data file.\n"


@pytest.mark.parametrize(
    "args,message",
    [
        (["--system", "lead", "--limit", "0"], "Invalid value for '--limit'"),
        (["--system", "lead", "--bullets", "11"], "error: --bullets must be between 1 and 10"),
        (["--system", "abstractive"], "error: abstractive bullets are English"),
        (["--system", "summarise"], "Invalid value for '--system'"),
        ([], "error: give at least one --system or --predictions FILE."),
        (["--system", "lead", "--metric", "meteor"], "Invalid value for '--metric'"),
        (["--system", "lead", "--beams", "0"], "error: --beams must be between 1 and 16"),
        (["--system", "lead", "--system", "lead"], "error: two systems are named 'lead'"),
    ],
)
def test_bad_options_exit_2(runner: CliRunner, data: Path, args: list[str], message: str) -> None:
    res = runner.invoke(main, ["summaries", "--data", str(data), *args])
    assert res.exit_code == 2, res.output
    assert message in res.stderr
    assert "Traceback" not in res.output


def test_reference_language_is_guessed_without_lang_fields(
    runner: CliRunner, tmp_path: Path
) -> None:
    rows = [{k: v for k, v in r.items() if not k.startswith("lang_")} for r in SUMMARIES]
    data = write_jsonl(tmp_path / "plain.jsonl", rows)
    res = runner.invoke(main, ["summaries", "--data", str(data), "--system", "lead"])
    assert res.exit_code == 0, res.output
    assert "Summaries, selection" in res.stdout and "(Indonesian)" in res.stdout


def test_crosslingual_predictions_need_english_references(
    runner: CliRunner, data: Path, tmp_path: Path
) -> None:
    preds = write_jsonl(tmp_path / "p.jsonl", [{"id": k, "prediction": "x"} for k in PREDICTIONS])
    res = runner.invoke(
        main,
        [
            "summaries",
            "--data",
            str(data),
            "--eval-mode",
            "crosslingual",
            "--predictions",
            str(preds),
        ],
    )
    assert res.exit_code == 2
    assert res.stderr.startswith("error: crosslingual scoring against Indonesian references needs")


def test_indosum_lead3_selection(runner: CliRunner, tmp_path: Path) -> None:
    """Content selection on real IndoSum articles (skips where ../shared/data is absent)."""
    indosum_articles(1)
    base = shared_data_dir()
    assert base is not None
    data = base / "indosum-id-id" / "valid.jsonl"
    out = tmp_path / "out"
    res = runner.invoke(
        main,
        ["summaries", "--data", str(data), "--limit", "20", "--system", "lead", "--out", str(out)],
    )
    assert res.exit_code == 0, res.output
    scores = json.loads((out / "scores.json").read_text("utf-8"))
    assert scores["data"]["examples"] == 20
    assert "not directly comparable" in " ".join(scores["notes"])
    # The predictions are the first three body sentences of each cleaned article, and R-1 is
    # their mean ROUGE-1 F1 against the gold summaries (Unicode words, no stemming).
    articles = indosum_articles(20)
    saved = [json.loads(line) for line in (out / "predictions" / "lead.jsonl").open()]
    assert [r["id"] for r in saved] == [a["id"] for a in articles]
    direct = []
    for article, row in zip(articles, saved, strict=True):
        doc = read_document(article["text"], name=article["id"])
        body = [s for p in doc.body for s in split_sentences(p) if s.strip()]
        assert row["prediction"].splitlines() == body[:3]
        words = re.compile(r"[^\W_]+").findall
        hyp = Counter(words(row["prediction"].lower()))
        ref = Counter(words(article["summary"].lower() if isinstance(article["summary"], str)
                            else "\n".join(article["summary"]).lower()))  # fmt: skip
        overlap = sum((hyp & ref).values())
        p, r = overlap / max(1, sum(hyp.values())), overlap / max(1, sum(ref.values()))
        direct.append(0.0 if overlap == 0 else 200 * p * r / (p + r))
    r1 = scores["systems"][0]["scores"]["rouge1"]["score"]
    assert r1 == pytest.approx(sum(direct) / len(direct), abs=1e-3)


def copy_model_or_skip() -> str:
    """The committed copy model (a missing fixture is a failure, not a skip)."""
    assert (COPY_MODEL / "config.json").is_file(), "the committed copy model fixture is missing"
    return str(COPY_MODEL)


def test_translations_with_the_copy_model(runner: CliRunner, tmp_path: Path) -> None:
    """A model that copies its input scores BLEU 100 against references equal to the sources."""
    model = copy_model_or_skip()
    sources = [
        "BP2MI memulangkan 40 pekerja migran dari Malaysia.",
        "Polisi menangkap dua perekrut ilegal di Kupang, Senin (27/3). Keduanya ditahan.",
        "Harga beras naik Rp 1.500 per kilogram.",
    ]
    data = write_jsonl(
        tmp_path / "copy.jsonl",
        [{"id": f"c{i}", "source": s, "reference": s} for i, s in enumerate(sources)],
    )
    out = tmp_path / "out"
    res = runner.invoke(
        main,
        [
            "translations",
            "--data",
            str(data),
            "--mt-model",
            model,
            "--beams",
            "1",
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    scores = json.loads((out / "scores.json").read_text("utf-8"))
    [system] = scores["systems"]
    assert system["scores"]["bleu"]["score"] == 100.0
    assert system["scores"]["chrf++"]["score"] == 100.0
    assert system["origin"]["signature"]["translation"]["model"]
    assert scores["settings"]["beams"] == 1
    rows = [json.loads(line) for line in next((out / "predictions").iterdir()).open()]
    assert [r["prediction"] for r in rows] == sources
    assert rows[0]["result"]["translation"] == sources[0]


def test_crosslingual_with_the_copy_model(runner: CliRunner, data: Path, tmp_path: Path) -> None:
    """With a real model that copies, bullets and references come back as the Indonesian text."""
    model = copy_model_or_skip()
    out = tmp_path / "out"
    res = runner.invoke(
        main,
        ["summaries", "--data", str(data), "--eval-mode", "crosslingual", "--system", "lead",
         "--mt-model", model, "--beams", "1", "--bullets", "2", "--out", str(out)],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    refs = [json.loads(line) for line in (out / "mt_references.jsonl").open()]
    assert refs[0]["reference"] == SUMMARIES[0]["summary"]
    lead = [json.loads(line) for line in (out / "predictions" / "lead.jsonl").open()]
    assert lead[0]["prediction"].splitlines() == [
        "BP2MI memulangkan 40 pekerja migran dari Malaysia.",
        "Mereka tiba di Kupang pada Senin.",
    ]
    scores = json.loads((out / "scores.json").read_text("utf-8"))
    assert scores["reference"]["kind"] == "machine-translated"
    assert scores["systems"][0]["origin"]["signature"]["translation"]["model"]


@pytest.fixture
def scripted_pipeline(monkeypatch: pytest.MonkeyPatch) -> list[Settings]:
    """The real Pipeline over a scripted engine that upper-cases: runners tested without a model."""
    loaded: list[Settings] = []
    engine = ScriptedEngine(lambda s, o: s.upper(), max_input_tokens=512)

    def load(settings: Settings) -> Pipeline:
        loaded.append(settings)
        return Pipeline(settings, engine)

    monkeypatch.setattr("eval.systems.load_pipeline", load)
    monkeypatch.setattr("tests.test_eval_cli.SCRIPTED", engine)
    return loaded


SCRIPTED: ScriptedEngine | None = None


def test_translations_runner_goes_through_the_pipeline(
    runner: CliRunner, tmp_path: Path, scripted_pipeline: list[Settings]
) -> None:
    rows = [
        {"id": "t1", "source": "Polisi menangkap dua perekrut.", "reference": "POLISI MENANGKAP DUA PEREKRUT."},
        {"id": "t2", "source": "Harga naik. Pedagang mengeluh.", "reference": "Prices rose."},
    ]  # fmt: skip
    data = write_jsonl(tmp_path / "mt.jsonl", rows)
    out = tmp_path / "out"
    res = runner.invoke(
        main, ["translations", "--data", str(data), "--beams", "2", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert len(scripted_pipeline) == 1
    assert SCRIPTED is not None and {o.beams for _, o in SCRIPTED.calls} == {2}
    scores = json.loads((out / "scores.json").read_text("utf-8"))
    [system] = scores["systems"]
    assert system["name"] == "scripted"
    hyps = ["POLISI MENANGKAP DUA PEREKRUT.", "HARGA NAIK. PEDAGANG MENGELUH."]
    refs = [[r["reference"] for r in rows]]
    assert system["scores"]["bleu"]["score"] == pytest.approx(
        sacrebleu.corpus_bleu(hyps, refs).score, abs=1e-4
    )
    saved = [json.loads(line) for line in (out / "predictions" / "scripted.jsonl").open()]
    assert [r["prediction"] for r in saved] == hyps
    assert saved[0]["signature"]["signature"]["translation"]["model"] == "scripted"
    assert saved[1]["result"]["translation"] == hyps[1]


def test_crosslingual_runner_translates_references_line_by_line(
    runner: CliRunner, data: Path, tmp_path: Path, scripted_pipeline: list[Settings]
) -> None:
    out = tmp_path / "out"
    res = runner.invoke(
        main,
        ["summaries", "--data", str(data), "--eval-mode", "crosslingual", "--system", "lead",
         "--system", "extractive", "--bullets", "2", "--out", str(out)],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert scripted_pipeline  # every system and the references ran on the scripted pipeline
    refs = [json.loads(line) for line in (out / "mt_references.jsonl").open()]
    assert refs[0]["reference"] == SUMMARIES[0]["summary"].upper()  # type: ignore[union-attr]
    assert refs[2]["reference"] == "HARGA BERAS NAIK.\nPEDAGANG DI OEBOBO MENGELUH."
    lead = [json.loads(line) for line in (out / "predictions" / "lead.jsonl").open()]
    assert lead[0]["prediction"] == (
        "BP2MI MEMULANGKAN 40 PEKERJA MIGRAN DARI MALAYSIA.\nMEREKA TIBA DI KUPANG PADA SENIN."
    )
    assert [b["text"] for b in lead[0]["result"]["bullets"]] == lead[0]["prediction"].splitlines()
    for system in ("lead", "extractive"):
        first = json.loads((out / "predictions" / f"{system}.jsonl").open().readline())
        assert first["signature"]["signature"]["summary"] == {"mode": system, "bullets": 2}
    scores = json.loads((out / "scores.json").read_text("utf-8"))
    assert scores["reference"]["kind"] == "machine-translated"
    assert "MACHINE-TRANSLATED" in scores["reference"]["label"]
    assert "MACHINE TRANSLATION" in (out / "report.md").read_text("utf-8")
    assert scores["settings"]["bullets"] == 2
    assert "stem:porter" in scores["metrics"]["rouge1"]["signature"]
    first = scores["systems"][0]["scores"]
    # Scored again from the saved files: no model is loaded, the numbers are the same.
    scripted_pipeline.clear()
    again = tmp_path / "again"
    res = runner.invoke(
        main,
        ["summaries", "--data", str(data), "--eval-mode", "crosslingual",
         "--predictions", str(out / "predictions" / "lead.jsonl"),
         "--mt-references", str(out / "mt_references.jsonl"), "--out", str(again)],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert scripted_pipeline == []
    rescored = json.loads((again / "scores.json").read_text("utf-8"))
    assert rescored["systems"][0]["name"] == "lead"
    assert rescored["systems"][0]["scores"] == first
    assert rescored["reference"]["kind"] == "machine-translated"
    assert rescored["settings"] is None
