"""`summarizer run` and `summarizer summarize`: formats, modes and usage errors, pinned."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from summarizer.cli import main
from tests.conftest import SEED

HEADLINE = (
    "Pekerja Migran Dipulangkan\n"
    "Sebanyak 1.500 pekerja migran asal NTT dipulangkan ke Kupang pada Senin, 20 November 2023.\n"
    "Kepala BP2MI mengatakan para pekerja dalam kondisi sehat.\n"
    "Mereka akan dijemput keluarga masing-masing.\n"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def models(copy_model: str, lead_model: str) -> list[str]:
    return [
        "--mt-model", copy_model, "--sum-model", lead_model, "--engine", "transformers",
        "--beams", "1",
    ]  # fmt: skip


def test_run_text_prints_bullets_then_translation(runner: CliRunner, models: list[str]) -> None:
    res = runner.invoke(main, ["run", str(SEED), *models])
    assert res.exit_code == 0, res.output
    bullets, translation = res.stdout.split("\n\n", 1)
    lines = bullets.splitlines()
    assert 1 <= len(lines) <= 4 and all(line.startswith("- ") for line in lines)
    assert (
        "- Tapi ihktiar harus jalankan, saya percaya BP3MI NTT adalah tim yang besar, kuat dan solid."
        in lines
    )
    assert translation.startswith("VOICEIndonesia.co, Kupang –")
    assert translation.rstrip().endswith("(TPPO),” pungkasnya.")
    assert "removed 2 boilerplate line(s)" in res.stderr


def test_run_markdown_has_title_bullets_and_translation(
    runner: CliRunner, models: list[str]
) -> None:
    res = runner.invoke(main, ["run", "-", *models, "--format", "markdown"], input=HEADLINE)
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert out.startswith("# Pekerja Migran Dipulangkan\n\n## Summary\n\n- Sebanyak 1.500")
    assert out.index("## Summary") < out.index("## Translation")
    assert "Kepala BP2MI mengatakan" in out.split("## Translation")[1]


def test_run_json_has_bullets_and_summary_signature(
    runner: CliRunner, models: list[str], lead_model: str
) -> None:
    res = runner.invoke(main, ["run", str(SEED), *models, "--format", "json", "--bullets", "2"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert 1 <= len(data["bullets"]) <= 2
    assert set(data["bullets"][0]) == {"text", "mode", "flags"}
    assert data["bullets"][0]["mode"] == "abstractive"
    summary = data["signature"]["summary"]
    assert summary["model"]["model"] == lead_model and summary["bullets"] == 2
    assert data["summary"]["chunks"] >= 3 and len(data["summary"]["partials"]) >= 3
    assert data["translation"].startswith("VOICEIndonesia.co")


def test_extractive_works_with_only_the_translation_model(
    runner: CliRunner, copy_model: str
) -> None:
    res = runner.invoke(
        main,
        ["run", str(SEED), "--mt-model", copy_model, "--mode", "extractive",
         "--sum-model", "./no/such/summary-model", "--format", "json"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert len(data["bullets"]) == 4 and {b["mode"] for b in data["bullets"]} == {"extractive"}
    body = [s["source"] for p in data["paragraphs"] for s in p["sentences"]]
    positions = [body.index(b["text"]) for b in data["bullets"]]
    assert positions == sorted(positions)
    assert "model" not in data["signature"]["summary"]
    # a sentence split to fit the model is not a reason to distrust its bullet
    assert not any(f.startswith("split into") for b in data["bullets"] for f in b["flags"])


def test_summarize_prints_only_bullets(runner: CliRunner, copy_model: str) -> None:
    res = runner.invoke(
        main,
        ["summarize", "-", "--mt-model", copy_model, "--mode", "lead", "--bullets", "2"],
        input=HEADLINE,
    )
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == [
        "- Sebanyak 1.500 pekerja migran asal NTT dipulangkan ke Kupang pada Senin, "
        "20 November 2023.",
        "- Kepala BP2MI mengatakan para pekerja dalam kondisi sehat.",
    ]


def test_summarize_json_is_bullets_only(runner: CliRunner, copy_model: str) -> None:
    res = runner.invoke(
        main,
        ["summarize", "-", "--mt-model", copy_model, "--mode", "lead", "--format", "json"],
        input=HEADLINE,
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert "translation" not in data and "paragraphs" not in data
    assert [b["mode"] for b in data["bullets"]] == ["lead"] * 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bullets", "0"], "error: --bullets must be between 1 and 10, got 0."),
        (["--bullets", "11"], "error: --bullets must be between 1 and 10, got 11."),
        (
            ["--mode", "fancy"],
            "error: Unknown mode 'fancy'; choose one of abstractive, extractive, lead.",
        ),
        (["--bullets", "x"], "error: Invalid value for '--bullets': 'x' is not a valid integer."),
        (["--no-such-option"], "error: No such option"),
    ],
)
@pytest.mark.parametrize("command", ["run", "summarize"])
def test_bad_options_are_one_line_usage_errors(
    runner: CliRunner, copy_model: str, command: str, args: list[str], message: str
) -> None:
    res = runner.invoke(main, [command, str(SEED), "--mt-model", copy_model, *args])
    assert res.exit_code == 2
    assert res.stderr.startswith(message) and res.stderr.count("\n") == 1


def test_missing_summary_model_names_the_flag(
    runner: CliRunner, copy_model: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    res = runner.invoke(main, ["run", str(SEED), "--mt-model", copy_model, "--sum-model", "./nope"])
    assert res.exit_code == 1
    assert res.stderr.count("\n") == 1
    assert "Cannot load the model './nope'" in res.stderr and "--sum-model DIR" in res.stderr


def test_env_selects_the_summary_model(
    runner: CliRunner, copy_model: str, lead_model: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_SUM_MODEL", lead_model)
    res = runner.invoke(
        main,
        ["summarize", "-", "--mt-model", copy_model, "--engine", "transformers"],
        input=HEADLINE,
    )
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("- Sebanyak 1.500 pekerja migran")


def test_translate_never_loads_the_summary_model(
    runner: CliRunner, copy_model: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_SUM_MODEL", "./no/such/summary-model")
    res = runner.invoke(main, ["translate", "-", "--mt-model", copy_model], input=HEADLINE)
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("Pekerja Migran Dipulangkan")


def test_readme_documents_every_run_option() -> None:
    """The README's option tables stay in step with `--help`."""
    from pathlib import Path

    from summarizer.cli import run

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for param in run.params:
        for flag in getattr(param, "opts", []):
            if flag.startswith("--") and flag != "--help":
                assert f"`{flag}" in readme, flag
