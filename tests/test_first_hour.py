"""What a new user trips over in the first hour (issue 14, items 4 and 5): the summary model
checked before translating, fewer bullets than asked said out loud, confidences without a
negative zero, batch outputs tidy, and the eval command's --out, logging and chart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import summarizer.pipeline as pipeline_module
from summarizer import Document, Pipeline, RunOptions, Settings
from summarizer.batch_records import LOCK, FolderLock
from summarizer.cli import main
from summarizer.errors import BatchError
from summarizer.result import ParagraphResult, Result
from summarizer.summarize import abstractive_bullets, fewer_bullets_reason
from summarizer.translate import SentenceTranslation
from tests.conftest import ROOT, SEED
from tests.fakes import ScriptedEngine

TWO_SENTENCES = "Sebanyak 27 pekerja migran dipulangkan ke Kupang. Mereka tiba pada hari Senin.\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


# ---------------------------------------------------------------------------- summary model


@pytest.mark.parametrize("command", ["run", "summarize"])
def test_a_missing_summary_model_stops_before_any_translation(
    runner: CliRunner,
    copy_model: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    translated: list[int] = []

    def translate_sentences(*args: Any, **kwargs: Any) -> Any:
        translated.append(1)
        raise AssertionError("translated before the summary model was checked")

    monkeypatch.setattr(pipeline_module, "translate_sentences", translate_sentences)
    missing = tmp_path / "no-summary-model"
    res = runner.invoke(
        main, [command, str(SEED), "--mt-model", copy_model, "--sum-model", str(missing)]
    )
    assert res.exit_code == 1
    assert not translated
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), res.stderr
    assert "--sum-model" in lines[0] and str(missing) in lines[0]
    assert "Traceback" not in res.output


def test_other_modes_never_need_the_summary_model(
    runner: CliRunner, copy_model: str, tmp_path: Path
) -> None:
    res = runner.invoke(
        main,
        ["summarize", "-", "--mt-model", copy_model, "--mode", "lead", "--bullets", "1",
         "--sum-model", str(tmp_path / "no-summary-model")],
        input=TWO_SENTENCES,
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("- Sebanyak 27 pekerja")


# ---------------------------------------------------------------------------- fewer bullets


def test_fewer_bullets_than_asked_are_explained_on_stderr_and_in_json(
    runner: CliRunner, copy_model: str
) -> None:
    args = ["run", "-", "--mt-model", copy_model, "--mode", "extractive", "--bullets", "4"]
    res = runner.invoke(main, [*args, "--format", "json"], input=TWO_SENTENCES)
    assert res.exit_code == 0, res.output
    why = "the article has only 2 sentences to choose from"
    message = f"Only 2 of the 4 bullets asked for: {why}."
    assert f"warning: {message}" in res.stderr.splitlines()
    data = json.loads(res.stdout)
    assert len(data["bullets"]) == 2
    assert data["bullets_note"] == {"asked": 4, "given": 2, "why": why}
    assert message in data["warnings"]

    res = runner.invoke(main, ["summarize", *args[1:], "--format", "json"], input=TWO_SENTENCES)
    assert json.loads(res.stdout)["bullets_note"]["given"] == 2
    res = runner.invoke(main, [*args, "--format", "markdown"], input=TWO_SENTENCES)
    assert f"- {message}" in res.stdout.split("## Notes")[1]

    # As many as asked: no note.
    res = runner.invoke(main, [*args[:-1], "2", "--format", "json"], input=TWO_SENTENCES)
    data = json.loads(res.stdout)
    assert data["bullets_note"] is None and not any("Only" in w for w in data["warnings"])


def test_abstractive_shortfall_names_fragments_and_repeats() -> None:
    # The summary model's sentences: one whole, one cut off, one repeating the first.
    summary = (
        "Sebanyak 27 pekerja migran dipulangkan ke Kupang. Sebanyak 27 pekerja migran "
        "dipulangkan ke Kupang. Mereka tiba pada hari"
    )
    engine = ScriptedEngine(respond=lambda text, options: summary, max_input_tokens=400)
    pipeline = Pipeline(Settings(), ScriptedEngine(lambda t, o: t), summary_engine=engine)
    document = Document(paragraphs=(TWO_SENTENCES.strip(),), name="two")
    result = pipeline.run(document, RunOptions(bullets=3, mode="abstractive", beams=1))
    assert len(result.bullets) == 1
    assert result.fewer_bullets is not None
    assert result.fewer_bullets.why == (
        "1 summary sentence was dropped as fragments (cut off, or not a whole sentence) "
        "and 1 repeated another bullet"
    )
    assert result.to_dict()["bullets_note"]["asked"] == 3


def test_shortfall_reasons_in_words() -> None:
    assert fewer_bullets_reason("lead", 1) == "the article has only 1 sentence to choose from"
    assert fewer_bullets_reason("extractive", 0).startswith("the article has no sentences")
    assert fewer_bullets_reason("abstractive", 5, {}) == (
        "the summary model wrote no more sentences (a short article)"
    )
    skipped: dict[str, int] = {}
    from summarizer.result import SummaryStages

    stages = SummaryStages(summary="Satu dua tiga empat. Satu dua tiga empat. Lima enam")
    assert abstractive_bullets(stages, 3, skipped) == ["Satu dua tiga empat."]
    assert skipped == {"fragment": 1, "duplicate": 1}


# ---------------------------------------------------------------------------- confidences


def test_a_certain_sentence_never_shows_negative_zero() -> None:
    sentence = SentenceTranslation("Sumber.", "Source.", -0.00001, flags=("suspect: length",))
    result = Result(paragraphs=[ParagraphResult("Sumber.", (sentence,))])
    assert json.dumps(result.to_dict()["paragraphs"][0]["sentences"][0]["score"]) == "0.0"
    assert "(confidence 0.00; suspect: length)" in result.to_markdown()
    assert "-0.0" not in result.to_markdown()


# ---------------------------------------------------------------------------- --help


def test_mode_shows_its_choices_in_help(runner: CliRunner) -> None:
    for command in ("run", "summarize", "batch"):
        res = runner.invoke(main, [command, "--help"])
        line = next(x for x in res.stdout.splitlines() if "--mode" in x)
        assert "[abstractive|extractive|lead]" in line and "TEXT" not in line, line


# ---------------------------------------------------------------------------- batch


def test_batch_outputs_for_an_empty_item_and_a_translate_only_manifest(
    runner: CliRunner, copy_model: str, tmp_path: Path
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TWO_SENTENCES, encoding="utf-8")
    (src / "empty.txt").write_text("  \n", encoding="utf-8")
    out = tmp_path / "out"
    res = runner.invoke(main, ["batch", str(src), "--out", str(out), "--mt-model", copy_model])
    assert res.exit_code == 1, res.output
    error = json.loads((out / "errors.jsonl").read_text(encoding="utf-8"))
    # The library's words, not the page's ("paste or upload an article").
    assert error["error"] == "empty.txt: the text is empty."
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for settings in (manifest["settings"], manifest["runs"][0]["settings"]):
        assert not {"mode", "bullets", "sum_model"} & set(settings), settings
        assert settings["mt_model"] == copy_model
    assert not (out / LOCK).exists()

    # --task run records them.
    out2 = tmp_path / "out2"
    res = runner.invoke(
        main,
        ["batch", str(src), "--out", str(out2), "--mt-model", copy_model, "--task", "run",
         "--mode", "lead"],
    )  # fmt: skip
    manifest = json.loads((out2 / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["settings"]["mode"] == "lead" and "sum_model" in manifest["settings"]


def test_the_lock_file_goes_with_its_run_and_stays_exclusive(tmp_path: Path) -> None:
    pytest.importorskip("fcntl")
    first = FolderLock(tmp_path)
    with pytest.raises(BatchError, match="another batch run is writing"):
        FolderLock(tmp_path)
    # A run that opened the lock file just before the first run removed it must not take a
    # lock on the removed file: it finds the path names another file and locks that one.
    stale = os.open(tmp_path / LOCK, os.O_RDWR)
    first.release()
    assert not (tmp_path / LOCK).exists()
    os.close(stale)
    second = FolderLock(tmp_path)
    assert (tmp_path / LOCK).exists()
    with pytest.raises(BatchError):
        FolderLock(tmp_path)
    second.release()
    assert list(tmp_path.iterdir()) == []


def test_a_lock_on_a_removed_file_is_taken_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fcntl = pytest.importorskip("fcntl")
    real_flock = fcntl.flock
    swapped: list[int] = []

    def flock(fd: int, op: int) -> None:
        real_flock(fd, op)
        if not swapped:  # another run removes and re-creates the file meanwhile
            swapped.append(fd)
            os.unlink(tmp_path / LOCK)
            os.close(os.open(tmp_path / LOCK, os.O_RDWR | os.O_CREAT))

    monkeypatch.setattr(fcntl, "flock", flock)
    lock = FolderLock(tmp_path)
    assert swapped  # the first file it locked was replaced; the lock is on the one there now
    assert os.fstat(lock.fd).st_ino == os.stat(tmp_path / LOCK).st_ino
    lock.release()


# ---------------------------------------------------------------------------- eval


def eval_cli(*args: str | Path, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    env.pop("TRANSFORMERS_VERBOSITY", None)
    return subprocess.run(
        [sys.executable, "-m", "eval", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


@pytest.fixture
def mt_data(tmp_path: Path) -> Path:
    rows = [
        {"id": "a", "source": TWO_SENTENCES.strip(), "reference": "27 workers came home."},
        {"id": "b", "source": "Pemerintah Kupang menerima mereka.", "reference": "Kupang did."},
    ]
    path = tmp_path / "mt.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_eval_prints_no_library_notes(mt_data: Path, copy_model: str, tmp_path: Path) -> None:
    res = eval_cli(
        "translations", "--data", mt_data, "--mt-model", copy_model, "--engine", "transformers",
        "--beams", "1", "--out", tmp_path / "out",
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    for note in ("sacremoses", "Token indices sequence length", "Loading weights"):
        assert note not in res.stderr + res.stdout
    assert res.stderr == ""


def test_eval_out_refuses_an_earlier_run_unless_overwrite(
    mt_data: Path, tmp_path: Path
) -> None:
    from eval.cli import main as eval_main

    runner = CliRunner()
    out = tmp_path / "out"

    def predictions(name: str) -> str:
        path = tmp_path / f"{name}.jsonl"
        path.write_text(
            "".join(json.dumps({"id": i, "prediction": "x"}) + "\n" for i in ("a", "b")),
            encoding="utf-8",
        )
        return f"{name}={path}"

    def run(*extra: str) -> Any:
        return runner.invoke(
            eval_main,
            ["translations", "--data", str(mt_data), "--out", str(out), *extra],
        )

    first = run("--predictions", predictions("old"))
    assert first.exit_code == 0, first.output
    (out / "predictions").mkdir(exist_ok=True)
    (out / "predictions" / "old.jsonl").write_text("{}\n", encoding="utf-8")
    before = (out / "scores.json").read_bytes()

    again = run("--predictions", predictions("new"))
    assert again.exit_code == 2
    assert again.stderr.strip().splitlines() == [
        f"error: --out {out} already holds files (per_example.csv, predictions/, report.md, "
        "scores.json, …); choose a new folder, or add --overwrite to replace the earlier run."
    ]
    assert (out / "scores.json").read_bytes() == before

    (out / "my-notes.txt").write_text("mine", encoding="utf-8")
    replaced = run("--predictions", predictions("new"), "--overwrite")
    assert replaced.exit_code == 0, replaced.output
    assert not (out / "predictions").exists()  # the earlier run's outputs are gone
    scores = json.loads((out / "scores.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in scores["systems"]] == ["new"]
    assert (out / "my-notes.txt").read_text(encoding="utf-8") == "mine"


def test_chart_labels_and_legend_cover_no_bar(mt_data: Path, tmp_path: Path) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from eval.report import chart_figure
    from eval.scoring import SystemOutput, evaluate

    ids = ["a", "b", "c", "d"]
    refs = ["one two three four", "five six seven", "eight nine ten", "eleven twelve"]
    outputs = [
        SystemOutput(name, texts, {})
        for name, texts in (
            ("perfect", refs),
            ("half", ["one two", "five six", "eight", "eleven twelve"]),
            ("poor", ["one", "x", "nine", "y"]),
        )
    ]
    evaluation = evaluate(ids, refs, outputs, ["rouge1", "rouge2", "rougeL"], "en", 200, 1)
    fig = chart_figure(evaluation, "title")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    legend = ax.get_legend().get_window_extent(renderer)
    labels = [t for t in ax.texts]
    bars = [p.get_window_extent(renderer) for p in ax.patches]
    assert len(labels) == len(bars) == 9
    # Each value label sits above its error bar's top (the interval's high end).
    highs = [s.scores[m.name].high for s in evaluation.systems for m in evaluation.metrics]
    to_data = ax.transData.inverted()
    for label, high in zip(labels, highs, strict=True):
        bottom = to_data.transform(label.get_window_extent(renderer))[0][1]
        assert bottom >= high, (label.get_text(), bottom, high)
        assert not any(label.get_window_extent(renderer).overlaps(b) for b in bars)
    # The legend covers no bar and no value label.
    for extent in [*bars, *(t.get_window_extent(renderer) for t in labels)]:
        assert not legend.overlaps(extent)
    import matplotlib.pyplot as plt

    plt.close(fig)
