"""Batch inputs and stops a user or the system causes: links out of the input folder, stdin
over the size cap, SIGTERM and Ctrl-C during a run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer import RunOptions, Settings
from summarizer.batch import ERRORS, MANIFEST, RESULTS, run_batch
from summarizer.cli import main
from summarizer.collection import open_source
from summarizer.errors import InputError
from summarizer.pipeline import Pipeline
from tests.conftest import ROOT
from tests.fakes import ScriptedEngine
from tests.test_batch import article, assert_exactly_once, ids, line_count, records, write_jsonl

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="POSIX links and signals")

SECRET = "Rahasia di luar folder masukan."
COPY = ScriptedEngine(lambda s, o: s)


def load(settings: Settings) -> Pipeline:
    return Pipeline(settings, COPY)


def folder_with_links(tmp_path: Path) -> Path:
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("Kalimat pertama.", encoding="utf-8")
    (src / "sub" / "b.txt").write_text("Kalimat kedua.", encoding="utf-8")
    (src / "out.txt").symlink_to(outside / "secret.txt")  # absolute, out
    (src / "sub" / "up.txt").symlink_to(Path("..", "..", "private", "secret.txt"))  # relative, out
    (src / "sub" / "same.md").symlink_to(Path("..", "a.txt"))  # a link inside: read
    (src / "dir").symlink_to(outside, target_is_directory=True)  # folder links: not followed
    return src


def test_links_out_of_the_input_folder_are_errors_never_read(tmp_path: Path) -> None:
    src = folder_with_links(tmp_path)
    out = tmp_path / "out"
    summary = run_batch(src, out, Settings(), options=RunOptions(beams=1), load=load)
    assert (summary.ok, summary.failed) == (3, 2)
    assert ids(out / RESULTS) == ["a.txt", "sub/b.txt", "sub/same.md"]
    assert records(out / RESULTS)[2]["translation"] == "Kalimat pertama."
    errors = {r["id"]: r for r in records(out / ERRORS)}
    assert sorted(errors) == ["out.txt", "sub/up.txt"]
    for rel, error in errors.items():
        assert error["kind"] == "input"
        assert error["error"] == (
            f"{rel}: a symbolic link to a file outside the input folder; not read (copy the "
            "file into the folder to include it)."
        )
    assert SECRET not in (out / RESULTS).read_text(encoding="utf-8")
    assert "Rahasia" not in (out / ERRORS).read_text(encoding="utf-8")

    # The input's hash names the links, not the outside file's content: editing it changes
    # nothing, while pointing a link elsewhere does.
    before = open_source(src, 10_000).sha256()
    (tmp_path / "private" / "secret.txt").write_text("Lain.", encoding="utf-8")
    assert open_source(src, 10_000).sha256() == before
    (src / "out.txt").unlink()
    (src / "out.txt").symlink_to(tmp_path / "private" / "other.txt")
    assert open_source(src, 10_000).sha256() != before


def test_a_link_changed_after_the_listing_is_not_followed(tmp_path: Path) -> None:
    src = folder_with_links(tmp_path)
    items = {item.id: item for item in open_source(src, 10_000).items()}
    assert items["a.txt"].load is not None and items["a.txt"].load() == b"Kalimat pertama."
    (src / "sub" / "b.txt").unlink()  # swapped for a link out between listing and reading
    (src / "sub" / "b.txt").symlink_to(tmp_path / "private" / "secret.txt")
    loader = items["sub/b.txt"].load
    assert loader is not None
    with pytest.raises(InputError, match="sub/b.txt: a symbolic link to a file outside"):
        loader()


def test_an_input_folder_reached_through_a_link_reads_its_files(tmp_path: Path) -> None:
    src = folder_with_links(tmp_path)
    alias = tmp_path / "alias"
    alias.symlink_to(src, target_is_directory=True)
    summary = run_batch(alias, tmp_path / "out", Settings(), options=RunOptions(beams=1), load=load)
    assert (summary.ok, summary.failed) == (3, 2)


@pytest.mark.parametrize(("size", "shown"), [(2_000_000, "2.0 MB"), (3_456_789, "3.5 MB")])
def test_stdin_over_the_cap_states_its_real_size(copy_model: str, size: int, shown: str) -> None:
    res = CliRunner().invoke(
        main,
        ["translate", "-", "--mt-model", copy_model, "--max-bytes", "1000000"],
        input=b"a" * size,
    )
    assert res.exit_code == 1
    assert res.stderr == (
        f"error: <stdin>: the input is {shown}, over the 1.0 MB limit; split it into smaller "
        "files or raise the limit with --max-bytes.\n"
    )


def _default_sigint() -> None:
    """A test run started in the background (``make test &``) inherits SIGINT ignored, as
    POSIX shells do for background jobs; the batch a user runs in a terminal does not."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def default_sigint() -> Iterator[None]:
    """This process's SIGINT as in a terminal (see ``_default_sigint``), restored after."""
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stopped_run_says_interrupted_and_resumes(
    copy_model: str, tmp_path: Path, sig: signal.Signals
) -> None:
    docs = {f"n{i:03d}": article(i, 1 + i % 2) for i in range(120)}
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
        text=True,
        preexec_fn=_default_sigint,
    )
    try:
        deadline = time.monotonic() + 120
        while line_count(out / RESULTS) < 3:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the batch wrote nothing in 120 s"
            time.sleep(0.01)
        proc.send_signal(sig)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, stderr
    assert stderr.endswith("interrupted\n") and "Traceback" not in stderr, stderr
    written = line_count(out / RESULTS)
    assert 3 <= written < len(docs), "the run finished before it could be stopped"
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["runs"][0]["status"] == "interrupted" and manifest["finished"] is None
    assert manifest["counts"]["ok"] == written
    assert manifest["counts"]["pending"] == len(docs) - written

    res = CliRunner().invoke(main, ["batch", *map(str, args), "--resume"])  # the lock is free
    assert res.exit_code == 0, res.output
    assert_exactly_once(out, list(docs))
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert [r["status"] for r in manifest["runs"]] == ["interrupted", "finished"]


def test_an_interrupt_during_a_group_write_waits_for_its_records_and_counts(
    default_sigint: None,
) -> None:
    """Ctrl-C or SIGTERM between a record and its count left the manifest one short."""
    import signal as signals

    from summarizer.batch import interrupts_deferred

    done: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        with interrupts_deferred():
            signals.raise_signal(signals.SIGINT)
            done.append("record")
            done.append("count")
    assert done == ["record", "count"]
    assert signals.getsignal(signals.SIGINT) is signals.default_int_handler
