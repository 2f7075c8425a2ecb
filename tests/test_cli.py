"""The CLI: outputs, formats, and every user error pinned by message and exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli import main
from tests.conftest import SEED


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_translate_seed_text(runner: CliRunner, copy_model: str) -> None:
    res = runner.invoke(main, ["translate", str(SEED), "--mt-model", copy_model, "--beams", "1"])
    assert res.exit_code == 0, res.output
    assert "Baca Juga" not in res.stdout
    assert res.stdout.startswith("VOICEIndonesia.co, Kupang –")
    assert "removed 2 boilerplate line(s)" in res.stderr
    assert res.stdout.count("\n\n") == 15


def test_translate_json_fields(runner: CliRunner, copy_model: str, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    res = runner.invoke(
        main, ["translate", str(SEED), "--mt-model", copy_model, "--format", "json", "-o", str(out)]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) >= {"translation", "paragraphs", "dropped", "warnings", "signature", "timings"}
    assert len(data["paragraphs"]) == 16
    first = data["paragraphs"][0]
    assert set(first) >= {"source", "translation", "sentences"}
    assert set(first["sentences"][0]) >= {"source", "translation", "score"}
    assert data["dropped"][0].startswith("Baca Juga:")
    sig = data["signature"]
    assert sig["beams"] == 4 and sig["translation"]["model"] == copy_model
    assert sig["package"].startswith("summarizer ")


def test_translate_markdown_and_stdin(runner: CliRunner, copy_model: str) -> None:
    text = "Pekerja Migran Dipulangkan\nSebanyak 27 pekerja migran dipulangkan ke Kupang.\n"
    res = runner.invoke(
        main, ["translate", "-", "--mt-model", copy_model, "--format", "markdown"], input=text
    )
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("# Pekerja Migran Dipulangkan\n")
    assert "Sebanyak 27 pekerja migran dipulangkan ke Kupang." in res.stdout


def test_env_selects_model(
    runner: CliRunner, copy_model: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_MT_MODEL", copy_model)
    res = runner.invoke(main, ["translate", "-", "--beams", "1"], input="Satu kalimat saja.")
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == "Satu kalimat saja."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the text is empty"),
        (b"   \n\n  ", "the text is empty"),
        (b"GIF89a\x00\x01\x00\x00binary", "binary file"),
        ("Teks Latin-1: caf\xe9 ".encode("latin-1") + b"dan seterusnya " * 10, "not valid UTF-8"),
    ],
    ids=["empty", "whitespace", "binary", "latin1"],
)
def test_bad_input_files(
    runner: CliRunner, copy_model: str, tmp_path: Path, content: bytes, message: str
) -> None:
    f = tmp_path / "article.txt"
    f.write_bytes(content)
    res = runner.invoke(main, ["translate", str(f), "--mt-model", copy_model])
    assert res.exit_code == 1
    assert res.stderr.startswith("error: ") and message in res.stderr
    assert res.stderr.count("\n") == 1
    assert "Traceback" not in res.output


def test_huge_file(runner: CliRunner, copy_model: str, tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_text("Kalimat panjang sekali. " * 60_000, encoding="utf-8")
    res = runner.invoke(main, ["translate", str(f), "--mt-model", copy_model])
    assert res.exit_code == 1
    assert "over the 1.0 MB limit" in res.stderr
    small = runner.invoke(
        main, ["translate", str(f), "--mt-model", copy_model, "--max-bytes", "100"]
    )
    assert small.exit_code == 1 and "over the 100 bytes limit" in small.stderr


def test_missing_file(runner: CliRunner, copy_model: str) -> None:
    res = runner.invoke(main, ["translate", "nope.txt", "--mt-model", copy_model])
    assert res.exit_code == 1
    assert res.stderr == "error: nope.txt: no such file.\n"


@pytest.mark.parametrize(
    ("model", "message"),
    [
        ("./no/such/model-dir", "no such folder"),
        ("Helsinki-NLP/opus-mt-id-en", "is not in the local cache"),
    ],
)
def test_missing_model_is_one_actionable_line(
    runner: CliRunner, model: str, message: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "empty-hf-home"))
    res = runner.invoke(main, ["translate", str(SEED), "--mt-model", model])
    assert res.exit_code == 1
    assert res.stderr.count("\n") == 1
    assert f"Cannot load the model '{model}'" in res.stderr and message in res.stderr
    assert "summarizer models download" in res.stderr and "--mt-model DIR" in res.stderr


def test_not_a_seq2seq_model(runner: CliRunner, tmp_path: Path) -> None:
    from transformers import GPT2Config

    d = tmp_path / "gpt2ish"
    GPT2Config(n_layer=1, n_embd=8, n_head=2, vocab_size=10).save_pretrained(d)
    res = runner.invoke(main, ["translate", str(SEED), "--mt-model", str(d)])
    assert res.exit_code == 1
    assert "not a sequence-to-sequence" in res.stderr


def test_folder_without_model(runner: CliRunner, tmp_path: Path) -> None:
    res = runner.invoke(main, ["translate", str(SEED), "--mt-model", str(tmp_path)])
    assert res.exit_code == 1
    assert "is not a model folder" in res.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--beams", "0"], "--beams must be between 1 and 16"),
        (["--beams", "x"], "Invalid value for '--beams'"),
        (["--format", "pdf"], "Invalid value for '--format'"),
        (["--device", "tpu"], "Invalid value for '--device'"),
    ],
)
def test_bad_options_are_usage_errors(
    runner: CliRunner, copy_model: str, args: list[str], message: str
) -> None:
    res = runner.invoke(main, ["translate", str(SEED), "--mt-model", copy_model, *args])
    assert res.exit_code == 2
    assert message in res.stderr


def test_models_list_reports_missing_defaults(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, copy_model: str
) -> None:
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    res = runner.invoke(main, ["models", "list", "--dir", str(Path(copy_model).parent)])
    assert res.exit_code == 0, res.output
    assert "Helsinki-NLP/opus-mt-id-en: MISSING" in res.stdout
    assert "copy-marian" in res.stdout


def test_models_download_offline_fails_cleanly(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    res = runner.invoke(main, ["models", "download", "--to", str(tmp_path / "m")])
    assert res.exit_code == 1
    assert res.stderr.startswith("error: Cannot download the model 'Helsinki-NLP/opus-mt-id-en'")
