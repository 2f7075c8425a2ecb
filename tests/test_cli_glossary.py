"""``--glossary FILE.tsv`` on translate, run, summarize and batch: the glossary reaches the
faithfulness checks and the signature, and a bad file is one ``error:`` line (exit 1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from summarizer import parse_glossary
from summarizer.cli import main

GLOSSARY = (
    "# Indonesian\tEnglish\n"
    "BP2MI\tIndonesian Migrant Workers Protection Agency\n"
    "Kejati NTT\tEast Nusa Tenggara High Prosecutor's Office\n"
)
ARTICLE = "BP2MI memulangkan 27 pekerja migran ke Kupang. Mereka tiba pada Senin.\n"
SIGNATURE = parse_glossary(GLOSSARY.encode("utf-8")).signature()


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    path = tmp_path / "istilah.tsv"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


def invoke(*args: str | Path, input: str | None = None) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


@pytest.mark.parametrize(
    ("command", "extra"),
    [("translate", []), ("run", ["--mode", "lead"]), ("summarize", ["--mode", "extractive"])],
)
def test_glossary_is_in_the_signature(
    command: str, extra: list[str], copy_model: str, glossary: Path
) -> None:
    args = [command, "-", "--mt-model", copy_model, "--beams", "1", "--format", "json", *extra]
    res = invoke(*args, "--glossary", glossary, input=ARTICLE)
    assert res.exit_code == 0, res.output
    signature = json.loads(res.stdout)["signature"]
    assert signature["glossary"] == SIGNATURE
    plain = json.loads(invoke(*args, input=ARTICLE).stdout)["signature"]
    assert "glossary" not in plain


def test_batch_records_the_glossary_and_refuses_another_on_resume(
    copy_model: str, glossary: Path, tmp_path: Path
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["batch", src, "--out", out, "--mt-model", copy_model, "--beams", "1"]
    res = invoke(*args, "--glossary", glossary)
    assert res.exit_code == 0, res.output
    (record,) = [json.loads(line) for line in (out / "results.jsonl").open(encoding="utf-8")]
    assert record["signature"]["glossary"] == SIGNATURE
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["signature"]["glossary"] == SIGNATURE
    assert manifest["settings"]["glossary"] == SIGNATURE

    other = tmp_path / "lain.tsv"
    other.write_text("BP2MI\tBP2MI agency\n", encoding="utf-8")
    for changed in (["--glossary", other], []):
        res = invoke(*args, *changed, "--resume")
        assert res.exit_code == 2
        assert "cannot resume: the outputs there were made differently" in res.stderr
        assert "signature.glossary:" in res.stderr
    res = invoke(*args, "--glossary", glossary, "--resume")
    assert res.exit_code == 0, res.output


BAD = {
    "no tab": (b"BP2MI Indonesian agency\n", "line 1, has no tab between the two terms"),
    "three columns": (b"# c\nBP2MI\tagency\tthird\n", "line 2, has 3 columns"),
    "empty column": (b"BP2MI\t\n", "line 1, has an empty column"),
    "only comments": (b"# nothing here\n\n", "has no pairs"),
    "empty file": (b"", "has no pairs"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00", "is a binary file"),
    "latin-1": ("Kejaksaan\tProsecutor's caf\xe9\n".encode("latin-1"), "is not UTF-8 text"),
    "too large": (b"a\tb\n" * 250_001, "is 1,000,004 bytes, over the 1,000,000-byte limit"),
}


@pytest.mark.parametrize("command", ["translate", "run", "summarize", "batch"])
@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_glossary_is_one_error_line(command: str, case: str, tmp_path: Path) -> None:
    data, message = BAD[case]
    path = tmp_path / "bad.tsv"
    path.write_bytes(data)
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n", encoding="utf-8")
    # No model is needed: the glossary is read before anything loads.
    target = [src, "--out", tmp_path / "out"] if command == "batch" else ["-"]
    res = invoke(command, *target, "--mt-model", tmp_path / "no-model", "--glossary", path,
                 input=ARTICLE)  # fmt: skip
    assert res.exit_code == 1, res.output
    assert res.stderr.count("\n") == 1 and res.stderr.startswith("error: The glossary ")
    assert f"{path}" in res.stderr and message in res.stderr
    assert res.stdout == ""
    assert not (tmp_path / "out").exists()


def test_missing_glossary_is_one_error_line(tmp_path: Path) -> None:
    missing = tmp_path / "nope.tsv"
    res = invoke("translate", "-", "--glossary", missing, input=ARTICLE)
    assert res.exit_code == 1
    assert res.stderr == f"error: The glossary {missing} does not exist or is not a file.\n"
