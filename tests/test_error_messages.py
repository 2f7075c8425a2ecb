"""Library errors say what went wrong; entry points say which option (issue "One owner for
each concern"). A setting a message names is marked in the library and spelled by the
entry point: the library says ``beams``, the CLI, the page's API and eval say ``--beams``."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from summarizer import (
    BatchError,
    OptionError,
    RunOptions,
    Settings,
    cli_option,
    error_message,
)
from summarizer.batch import run_batch
from summarizer.batch_ray import _portable, _rebuild
from summarizer.errors import ModelLoadError, option
from tests.conftest import ROOT

# The entry points' own modules: they may name options.
ENTRY_POINTS = {"cli.py", "options.py", "__main__.py"}


def test_a_library_message_names_the_setting_and_the_entry_point_its_option() -> None:
    with pytest.raises(OptionError) as info:
        RunOptions(beams=0).validate()
    assert str(info.value) == "beams must be between 1 and 16, got 0."
    assert error_message(info.value) == "--beams must be between 1 and 16, got 0."
    err = BatchError(f"pass {option('resume')} or choose a new {option('out')} folder.")
    assert error_message(err) == "pass --resume or choose a new --out folder."
    assert cli_option("max_input_bytes") == "--max-bytes"
    assert cli_option("cpus_per_worker") == "--cpus-per-worker"


def test_model_errors_spell_both_the_model_option_and_other_settings() -> None:
    err = ModelLoadError(
        f"cannot load; use {option('engine')} transformers, or pass a folder {ModelLoadError.OPTION}.",
        "summary",
    )
    assert str(err) == "cannot load; use engine transformers, or pass a folder as the summary model."
    assert error_message(err) == (
        "cannot load; use --engine transformers, or pass a folder with --sum-model DIR."
    )


def test_errors_from_ray_workers_keep_their_marked_settings() -> None:
    err = OptionError(f"{option('workers')} must be at least 1, got 0.")
    rebuilt = _rebuild(*_portable(err))
    assert type(rebuilt) is OptionError
    assert error_message(rebuilt) == "--workers must be at least 1, got 0."


def test_batch_records_spell_settings_as_the_caller_asks(copy_model: str, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "big.txt").write_text("Kalimat panjang. " * 100, encoding="utf-8")
    (src / "ok.txt").write_text("Sebanyak 27 pekerja pulang.", encoding="utf-8")
    settings = Settings(mt_model=copy_model, max_input_bytes=1000)
    for spell, out, word in ((str, "lib", "with max_input_bytes."), (cli_option, "cli", "with --max-bytes.")):
        run_batch(src, tmp_path / out, settings, options=RunOptions(beams=1), spell=spell)
        (record,) = [json.loads(x) for x in (tmp_path / out / "errors.jsonl").read_text().splitlines()]
        assert record["id"] == "big.txt" and record["error"].endswith(word), record


def _strings(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_library_messages_hold_no_command_line_option() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in sorted((ROOT / "summarizer").rglob("*.py"))
        if path.name not in ENTRY_POINTS
        for line, text in _strings(path)
        if "--" in text and any(w.startswith("--") and w[2:3].isalpha() for w in text.split())
    ]
    assert found == []
