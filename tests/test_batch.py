"""Batch runs: every document exactly once in results or errors, resumable after a kill.

Text behaviour uses the trained copy model (a translation must equal the cleaned source);
orchestration failures (a model that breaks on one document) use the scripted engine.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from summarizer import RunOptions, Settings, SummarizerError, read_document
from summarizer.batch import ERRORS, MANIFEST, RESULTS, run_batch
from summarizer.cli import main
from summarizer.engines.base import GenerationOptions
from summarizer.errors import BatchError
from summarizer.pipeline import Pipeline
from tests.conftest import ROOT, SEED
from tests.fakes import ScriptedEngine

SENTENCES = [
    line.strip()
    for line in SEED.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("Baca Juga")
]


def article(i: int, n: int = 3) -> str:
    """A small article of ``n`` paragraphs taken from the seed, different for each ``i``."""
    return "\n\n".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(n)) + "\n"


def norm(text: str) -> str:
    return " ".join(text.split())


def records(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def ids(path: Path) -> list[str]:
    return [r["id"] for r in records(path)]


def cli(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["batch", *map(str, args)])


def assert_translated(results: list[dict[str, Any]], sources: dict[str, str]) -> None:
    """Copy model: each translation is the cleaned source text, whole and in order."""
    for r in results:
        doc = read_document(sources[r["id"]], name=r["id"])
        assert norm(r["translation"]) == norm(doc.text), r["id"]
        assert [p["source"] for p in r["paragraphs"]] == list(doc.paragraphs)


def tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


# ----------------------------------------------------------------------------------------------
# Inputs with good and bad documents.

BAD_FOLDER = {
    "empty.txt": b"",
    "blank.md": b"  \n\n ",
    "binary.txt": b"GIF89a\x00\x01\x00\x00binary data",
    "big.txt": ("Kalimat yang panjang sekali. " * 200).encode(),
    "latin1.txt": "Teks Latin-1: caf\xe9 ".encode("latin-1") + b"dan seterusnya " * 10,
}
BAD_REASONS = {
    "empty.txt": "the text is empty",
    "blank.md": "the text is empty",
    "binary.txt": "binary",
    "big.txt": "the file is 5,800 bytes, over the 3,000 bytes limit",
    "latin1.txt": "not valid UTF-8",
}


def mixed_folder(root: Path) -> dict[str, str]:
    """Good articles (nested, .txt and .md) plus bad files; returns the good ones by id."""
    good = {
        "a.txt": article(0),
        "b.md": article(5, 2),
        "sub/c.txt": article(9),
        "sub/deeper/d.txt": article(13, 1),
        "z.txt": "Judul Berita\n" + article(20),
    }
    for rel, text in good.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    for rel, data in BAD_FOLDER.items():
        (root / rel).write_bytes(data)
    (root / "notes.odt").write_bytes(b"PK\x03\x04 not a type the reader takes")
    (root / ".hidden.txt").write_text("tersembunyi", encoding="utf-8")
    return good


def test_folder_of_mixed_documents(copy_model: str, tmp_path: Path) -> None:
    src = tmp_path / "articles"
    good = mixed_folder(src)
    out = tmp_path / "out"
    res = cli(src, "--out", out, "--mt-model", copy_model, "--beams", "1", "--max-bytes", "3000")
    assert res.exit_code == 1, res.output
    assert res.stdout.splitlines()[-1].startswith("5 ok, 5 failed, ")
    assert res.stdout.rstrip().endswith("docs/s")
    assert "5 document(s) failed; see" in res.stderr

    results = records(out / RESULTS)
    assert [r["id"] for r in results] == sorted(good)  # input (sorted path) order, once each
    assert_translated(results, good)
    assert results[-1]["title"] == "Judul Berita"
    assert results[0]["signature"]["translation"]["model"] == copy_model
    errors = {r["id"]: r for r in records(out / ERRORS)}
    assert sorted(errors) == sorted(BAD_FOLDER)
    for rel, reason in BAD_REASONS.items():
        assert reason in errors[rel]["error"], errors[rel]
        assert errors[rel]["error"].startswith(f"{rel}: ")
        assert errors[rel]["kind"] == "input"

    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["counts"] == {"documents": 10, "ok": 5, "failed": 5, "pending": 0}
    assert manifest["input"]["kind"] == "folder" and len(manifest["input"]["sha256"]) == 64
    assert manifest["signature"] == results[0]["signature"]
    assert manifest["finished"] and manifest["runs"][0]["status"] == "finished"
    assert manifest["settings"]["max_input_bytes"] == 3000
    # A finished run leaves its outputs only (no .lock), all with the same permissions.
    assert sorted(os.listdir(out)) == [ERRORS, MANIFEST, RESULTS]
    umask = os.umask(0)
    os.umask(umask)
    assert {stat.S_IMODE((out / n).stat().st_mode) for n in os.listdir(out)} == {0o666 & ~umask}


def mixed_jsonl(path: Path) -> dict[str, str]:
    good = {f"doc-{i}": article(i * 3, 1 + i % 3) for i in range(6)}
    lines: list[bytes] = []
    for i, (doc_id, text) in enumerate(good.items()):
        record = {"id": doc_id, "text": text, "url": f"https://example.id/{i}", "title": "T"}
        lines.append(json.dumps(record, ensure_ascii=False).encode())
        if i == 1:
            lines += [
                json.dumps({"id": "empty", "text": ""}).encode(),
                json.dumps({"id": "nul", "text": "abc\x00def"}).encode(),
                json.dumps({"id": "big", "text": "Kalimat panjang. " * 300}).encode(),
                b'{"id": "latin1", "text": "caf\xe9 dan seterusnya"}',
                b"",  # blank lines are not records
                b'{"id": "broken", "text": ',
                json.dumps({"text": "tanpa id"}).encode(),
                json.dumps({"id": "no-text", "url": "x"}).encode(),
                json.dumps({"id": 7, "text": 42}).encode(),
                b"[1, 2, 3]",
            ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return good


def test_jsonl_of_mixed_records(copy_model: str, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    good = mixed_jsonl(src)
    out = tmp_path / "out"
    res = cli(src, "--out", out, "--mt-model", copy_model, "--beams", "1", "--max-bytes", "3000")
    assert res.exit_code == 1, res.output
    assert res.stdout.splitlines()[-1].startswith("6 ok, 9 failed, ")
    results = records(out / RESULTS)
    assert [r["id"] for r in results] == list(good)
    assert_translated(results, good)
    assert results[0]["fields"] == {"url": "https://example.id/0", "title": "T"}
    errors = {r["id"]: r["error"] for r in records(out / ERRORS)}
    assert list(errors) == [
        "empty", "nul", "big", "latin1", "line:8", "line:9", "no-text", "7", "line:12"
    ]  # fmt: skip
    assert "the text is empty" in errors["empty"]
    assert "binary" in errors["nul"]
    assert "over the" in errors["big"] and "--max-bytes" in errors["big"]
    assert "not valid UTF-8" in errors["latin1"]
    assert errors["line:8"].startswith("line 8: not valid JSON")
    assert "no usable 'id'" in errors["line:9"]
    assert "has no 'text'" in errors["no-text"]
    assert "not a string" in errors["7"]
    assert "not an object" in errors["line:12"]


def test_csv_input_with_extra_columns(copy_model: str, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    good = {"r1": article(1), "r2": 'Satu baris,\ndengan koma dan "kutip".\n', "r3": article(4, 1)}
    with src.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "source", "text"])
        writer.writerow(["r1", "kompas", good["r1"]])
        writer.writerow(["r2", "detik", good["r2"]])
        writer.writerow(["", "tempo", "tanpa id"])
        writer.writerow(["kosong", "tempo", ""])
        writer.writerow(["r3", "antara", good["r3"]])
    out = tmp_path / "out"
    res = cli(src, "--out", out, "--mt-model", copy_model, "--beams", "1")
    assert res.exit_code == 1, res.output
    results = records(out / RESULTS)
    assert [r["id"] for r in results] == ["r1", "r2", "r3"]
    assert_translated(results, good)
    assert [r["fields"] for r in results] == [
        {"source": "kompas"}, {"source": "detik"}, {"source": "antara"}
    ]  # fmt: skip
    errors = records(out / ERRORS)
    assert [e["id"] for e in errors] == ["line:11", "kosong"]  # r1 is lines 2-7, r2 8-10
    assert errors[1]["fields"] == {"source": "tempo"}


def test_csv_without_text_column_is_a_usage_error(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,body\n1,teks\n", encoding="utf-8")
    res = cli(src, "--out", tmp_path / "out", "--mt-model", "unused")
    assert res.exit_code == 2
    assert "the CSV header has no 'text' column" in res.stderr
    assert not (tmp_path / "out").exists()


# ----------------------------------------------------------------------------------------------
# Resuming: after a kill, after a torn line, and refusing to mix outputs.


def write_jsonl(path: Path, docs: dict[str, str]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for doc_id, text in docs.items():
            fh.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")


def assert_exactly_once(out: Path, expected: Sequence[str]) -> None:
    written = ids(out / RESULTS) + ids(out / ERRORS)
    assert sorted(written) == sorted(expected)
    assert len(set(written)) == len(written)


def line_count(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def test_killed_run_resumes_with_every_document_once(copy_model: str, tmp_path: Path) -> None:
    docs = {f"n{i:03d}": article(i, 1 + i % 2) for i in range(120)}
    docs["n050"] = ""  # one failure among them
    src = tmp_path / "in.jsonl"
    write_jsonl(src, docs)
    out = tmp_path / "out"
    args = [src, "--out", out, "--mt-model", copy_model, "--beams", "1", "--group-size", "1"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "summarizer", "batch", *map(str, args)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while line_count(out / RESULTS) < 5:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the batch wrote nothing in 120 s"
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    written_before = line_count(out / RESULTS) + line_count(out / ERRORS)
    assert 5 <= written_before < len(docs), "the run finished before it could be killed"
    assert json.loads((out / MANIFEST).read_text(encoding="utf-8"))["finished"] is None

    res = cli(*args)  # without --resume: refused, nothing touched
    assert res.exit_code == 2 and "pass --resume" in res.stderr
    assert line_count(out / RESULTS) + line_count(out / ERRORS) == written_before

    res = cli(*args, "--resume")
    assert res.exit_code == 1, res.output  # n050 is empty
    assert_exactly_once(out, list(docs))
    assert ids(out / ERRORS) == ["n050"]
    good = {k: v for k, v in docs.items() if v}
    assert_translated(records(out / RESULTS), good)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["counts"] == {"documents": 120, "ok": 119, "failed": 1, "pending": 0}
    assert [r["resumed"] for r in manifest["runs"]] == [False, True]
    assert manifest["runs"][1]["skipped"] >= 5


def test_torn_last_line_is_truncated_and_redone(copy_model: str, tmp_path: Path) -> None:
    docs = {f"d{i}": article(i) for i in range(5)}
    src = tmp_path / "in.jsonl"
    write_jsonl(src, docs)
    out = tmp_path / "out"
    args = [src, "--out", out, "--mt-model", copy_model, "--beams", "1"]
    assert cli(*args).exit_code == 0
    lines = (out / RESULTS).read_bytes().splitlines(keepends=True)
    # Simulate a crash while d3's record was being written: d4 never started.
    torn = lines[3][: len(lines[3]) // 2]
    (out / RESULTS).write_bytes(b"".join(lines[:3]) + torn)

    res = cli(*args, "--resume")
    assert res.exit_code == 0, res.output
    assert "removed a torn last record" in res.stderr
    assert "resumed: 3 document(s) already done were skipped." in res.stderr
    assert res.stdout.splitlines()[-1].startswith("2 ok, 0 failed, ")
    assert ids(out / RESULTS) == list(docs)
    assert_translated(records(out / RESULTS), docs)


def test_resume_with_other_settings_or_input_is_refused(copy_model: str, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    write_jsonl(src, {"a": article(1), "b": article(2)})
    out = tmp_path / "out"
    assert cli(src, "--out", out, "--mt-model", copy_model, "--beams", "1").exit_code == 0
    before = (out / RESULTS).read_bytes()

    res = cli(src, "--out", out, "--mt-model", copy_model, "--beams", "2", "--resume")
    assert res.exit_code == 2
    assert "cannot resume: the outputs there were made differently" in res.stderr
    assert "beams: 1 → 2" in res.stderr

    res = cli(src, "--out", out, "--mt-model", copy_model, "--beams", "1", "--task", "run",
              "--mode", "lead", "--resume")  # fmt: skip
    assert res.exit_code == 2 and "task: 'translate' → 'run'" in res.stderr

    write_jsonl(src, {"a": article(1), "b": article(3)})
    res = cli(src, "--out", out, "--mt-model", copy_model, "--beams", "1", "--resume")
    assert res.exit_code == 2 and "the input has changed" in res.stderr
    assert (out / RESULTS).read_bytes() == before

    # Throughput settings may change on resume; a finished run has nothing left to do.
    write_jsonl(src, {"a": article(1), "b": article(2)})
    res = cli(src, "--out", out, "--mt-model", copy_model, "--beams", "1", "--resume",
              "--batch-size", "4", "--max-bytes", "50000")  # fmt: skip
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[-1].startswith("0 ok, 0 failed, ")
    assert (out / RESULTS).read_bytes() == before


def test_resume_into_a_fresh_folder_starts_a_run(copy_model: str, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    write_jsonl(src, {"a": article(1)})
    res = cli(src, "--out", tmp_path / "out", "--mt-model", copy_model, "--beams", "1", "--resume")
    assert res.exit_code == 0, res.output
    assert ids(tmp_path / "out" / RESULTS) == ["a"]


def test_out_folder_with_other_files_is_refused(copy_model: str, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    write_jsonl(src, {"a": article(1)})
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    for extra in ([], ["--resume"]):
        res = cli(src, "--out", out, "--mt-model", copy_model, *extra)
        assert res.exit_code == 2, res.output
        assert "notes.txt" in res.stderr
    assert os.listdir(out) == ["notes.txt"]


# ----------------------------------------------------------------------------------------------
# Ids: duplicates refused, hostile ids contained.


def test_duplicate_ids_are_refused_up_front(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(json.dumps({"id": i, "text": "Teks."}) for i in ["a", "b", "a", "c", "b", "a"]),
        encoding="utf-8",
    )
    res = cli(src, "--out", tmp_path / "out", "--mt-model", "not-loaded")
    assert res.exit_code == 2
    assert "2 id(s) occur more than once: 'a' (line 1, line 3, line 6); 'b' (line 2, line 5)" in (
        res.stderr
    )
    assert not (tmp_path / "out").exists()


def test_path_traversal_ids_stay_data(copy_model: str, tmp_path: Path) -> None:
    hostile = ["../../etc/passwd", "/tmp/evil", "a/../../../b", "..", "x\\..\\..\\y", "\u202e.txt"]
    work = tmp_path / "work"
    work.mkdir()
    src = work / "in.jsonl"
    write_jsonl(src, {h: article(i) for i, h in enumerate(hostile)})
    before = tree(tmp_path)
    out = work / "out"
    res = cli(src, "--out", out, "--mt-model", copy_model, "--beams", "1")
    assert res.exit_code == 0, res.output
    assert ids(out / RESULTS) == hostile
    created = tree(tmp_path) - before
    assert created == {"work/out", *(f"work/out/{n}" for n in (ERRORS, MANIFEST, RESULTS))}


# ----------------------------------------------------------------------------------------------
# Exit codes and usage errors.


def test_exit_codes(copy_model: str, tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    write_jsonl(good, {"a": article(1), "b": article(2)})
    res = cli(good, "--out", tmp_path / "o0", "--mt-model", copy_model, "--beams", "1")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[-1].startswith("2 ok, 0 failed, ")
    assert (tmp_path / "o0" / ERRORS).read_bytes() == b""

    some_bad = tmp_path / "bad.jsonl"
    write_jsonl(some_bad, {"a": article(1), "b": ""})
    res = cli(some_bad, "--out", tmp_path / "o1", "--mt-model", copy_model, "--beams", "1")
    assert res.exit_code == 1
    assert res.stdout.splitlines()[-1].startswith("1 ok, 1 failed, ")

    usage = {
        "bad task": [good, "--out", tmp_path / "o2", "--task", "sum"],
        "missing input": [tmp_path / "nope.jsonl", "--out", tmp_path / "o2"],
        "no --out": [good],
        "bad beams": [good, "--out", tmp_path / "o2", "--beams", "0"],
        "mode without run": [good, "--out", tmp_path / "o2", "--mode", "lead"],
    }
    for why, args in usage.items():
        res = cli(*args)
        assert res.exit_code == 2, (why, res.output)
    (tmp_path / "in.docx").write_bytes(b"PK")
    res = cli(tmp_path / "in.docx", "--out", tmp_path / "o2")
    assert res.exit_code == 2
    assert "give a folder of .txt/.md files, a .jsonl file or a .csv file" in res.stderr
    res = cli(good, "--out", tmp_path / "o2", "--mode", "lead", "--bullets", "2")
    assert "error: --mode, --bullets only apply to --task run." in res.stderr
    assert not (tmp_path / "o2").exists()


def test_missing_model_is_exit_1_before_any_output(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    write_jsonl(src, {"a": article(1)})
    res = cli(src, "--out", tmp_path / "out", "--mt-model", str(tmp_path / "no-model"))
    assert res.exit_code == 1
    assert res.stderr.startswith("error: Cannot load the model")
    assert not (tmp_path / "out").exists()


def test_task_run_adds_bullets(copy_model: str, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    docs = {"a": article(1, 5), "b": article(7, 4)}
    write_jsonl(src, docs)
    out = tmp_path / "out"
    args = [src, "--out", out, "--mt-model", copy_model, "--beams", "1", "--task", "run"]
    res = cli(*args, "--mode", "lead", "--bullets", "2")
    assert res.exit_code == 0, res.output
    results = records(out / RESULTS)
    assert_translated(results, docs)
    for r in results:
        assert [b["text"] for b in r["bullets"]] == [
            s["translation"] for p in r["paragraphs"] for s in p["sentences"]
        ][:2]
        assert r["signature"]["summary"] == {"mode": "lead", "bullets": 2}
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["signature"] == results[0]["signature"]
    # Another bullet mode cannot be mixed into the same output folder.
    res = cli(*args, "--mode", "extractive", "--bullets", "2", "--resume")
    assert res.exit_code == 2 and "settings.mode: 'lead' → 'extractive'" in res.stderr


def test_task_run_abstractive(copy_model: str, lead_model: str, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    docs = {"a": article(1, 4), "b": article(7, 3), "c": ""}
    write_jsonl(src, docs)
    out = tmp_path / "out"
    res = cli(src, "--out", out, "--mt-model", copy_model, "--sum-model", lead_model,
              "--engine", "transformers", "--beams", "1", "--task", "run", "--mode", "abstractive",
              "--bullets", "1")  # fmt: skip
    assert res.exit_code == 1, res.output
    results = records(out / RESULTS)
    assert [r["id"] for r in results] == ["a", "b"] and ids(out / ERRORS) == ["c"]
    assert_translated(results, docs)
    for r in results:
        assert len(r["bullets"]) == 1 and r["bullets"][0]["mode"] == "abstractive"
        assert r["signature"]["summary"]["model"]["model"] == lead_model


def test_a_second_run_on_the_same_folder_is_refused(copy_model: str, tmp_path: Path) -> None:
    fcntl = pytest.importorskip("fcntl")
    src = tmp_path / "in.jsonl"
    write_jsonl(src, {"a": article(1)})
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out / ".lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        res = cli(src, "--out", out, "--mt-model", copy_model, "--resume")
        assert res.exit_code == 2
        assert "another batch run is writing to this folder" in res.stderr
    finally:
        os.close(fd)


def test_python_dash_m_summarizer_works() -> None:
    res = subprocess.run(
        [sys.executable, "-m", "summarizer", "batch", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("Usage: summarizer batch [OPTIONS] INPUT")


# ----------------------------------------------------------------------------------------------
# Model failures (scripted engine): one bad document cannot take down its group.


def breaking_on(word: str) -> ScriptedEngine:
    def respond(text: str, options: GenerationOptions) -> str:
        if word in text:
            raise RuntimeError(f"CUDA out of memory on {word}")
        return text

    return ScriptedEngine(respond)


ONE_BEAM = RunOptions(beams=1)


def scripted(engine: ScriptedEngine) -> Any:
    return lambda settings: Pipeline(settings, engine)


def test_a_failing_document_is_retried_alone_and_recorded(tmp_path: Path) -> None:
    docs = {f"d{i}": f"Kalimat nomor {i}. Kalimat kedua {i}." for i in range(10)}
    docs["d4"] = "Dokumen ini MELEDAK di model."
    src = tmp_path / "in.jsonl"
    write_jsonl(src, docs)
    out = tmp_path / "out"
    engine = breaking_on("MELEDAK")
    summary = run_batch(src, out, Settings(), options=ONE_BEAM, group_size=4, load=scripted(engine))
    assert (summary.ok, summary.failed, summary.total_failed) == (9, 1, 1)
    assert ids(out / RESULTS) == [k for k in docs if k != "d4"]
    (error,) = records(out / ERRORS)
    assert error["id"] == "d4" and error["kind"] == "model"
    assert error["error"] == "model failure (RuntimeError: CUDA out of memory on MELEDAK)"
    # The group d4-d7 was tried together once, then one document at a time.
    sizes = [len({"".join(filter(str.isdigit, t)) for t in texts}) for texts, _ in engine.calls]
    assert sizes[:2] == [4, 4] and sizes[2:6] == [1, 1, 1, 1] and sizes[6:] == [2]

    # --keep-errors leaves the failure alone; the default retries it (the model works now).
    summary = run_batch(src, out, Settings(), options=ONE_BEAM, resume=True, retry_errors=False,
                        load=scripted(ScriptedEngine(lambda s, o: s)))  # fmt: skip
    assert (summary.ok, summary.failed, summary.skipped, summary.total_failed) == (0, 0, 10, 1)
    assert ids(out / ERRORS) == ["d4"]
    summary = run_batch(
        src, out, Settings(), options=ONE_BEAM, resume=True,
        load=scripted(ScriptedEngine(lambda s, o: s)),
    )  # fmt: skip
    assert (summary.ok, summary.retried_errors, summary.total_failed) == (1, 1, 0)
    assert ids(out / ERRORS) == []
    assert sorted(ids(out / RESULTS)) == sorted(docs)


def test_a_broken_model_stops_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("summarizer.batch.MAX_CONSECUTIVE_MODEL_FAILURES", 5)
    src = tmp_path / "in.jsonl"
    write_jsonl(src, {f"d{i}": f"Kalimat {i}." for i in range(20)})
    out = tmp_path / "out"
    with pytest.raises(SummarizerError, match="failed on 5 documents in a row") as info:
        run_batch(src, out, Settings(), options=ONE_BEAM, group_size=5,
                  load=scripted(breaking_on("Kalimat")))  # fmt: skip
    assert info.value.exit_code == 1  # the CLI says "error: …" and exits 1, not a traceback
    assert len(ids(out / ERRORS)) == 5
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["runs"][0]["status"] == "stopped"
    assert manifest["counts"]["pending"] == 15


def test_library_raises_batch_error_rather_than_exiting(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', encoding="utf-8")
    with pytest.raises(BatchError, match="occur more than once") as info:
        run_batch(src, tmp_path / "out", Settings(), load=scripted(ScriptedEngine()))
    assert info.value.exit_code == 2


def test_torn_tail_longer_than_a_read_block_is_removed(tmp_path: Path) -> None:
    from summarizer.batch_records import repair_torn_tail

    path = tmp_path / "r.jsonl"
    whole = b'{"id": "a"}\n{"id": "b"}\n'
    path.write_bytes(whole + b'{"id": "c", "text": "' + b"x" * 200_000)
    assert repair_torn_tail(path) == 21 + 200_000
    assert path.read_bytes() == whole
    assert repair_torn_tail(path) == 0
    path.write_bytes(b'{"id": "only, torn')
    assert repair_torn_tail(path) == 18 and path.read_bytes() == b""


@pytest.mark.skipif(sys.platform != "linux", reason="needs byte file names")
def test_file_names_that_are_not_utf8_round_trip_on_resume(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / os.fsdecode(b"caf\xe9.txt")).write_text("Kalimat pertama.", encoding="utf-8")
    (src / "b.txt").write_text("Kalimat kedua.", encoding="utf-8")
    out = tmp_path / "out"
    load = scripted(ScriptedEngine(lambda s, o: s))
    summary = run_batch(src, out, Settings(), options=ONE_BEAM, load=load)
    assert (summary.ok, summary.failed) == (2, 0)
    assert ids(out / RESULTS) == ["b.txt", os.fsdecode(b"caf\xe9.txt")]
    summary = run_batch(src, out, Settings(), options=ONE_BEAM, resume=True, load=load)
    assert (summary.ok, summary.skipped) == (0, 2)
