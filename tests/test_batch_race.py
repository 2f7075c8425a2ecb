"""Two batch runs on one output folder: one of them writes, the other is refused with one line,
and no record that a run wrote is ever removed by another.

The interleavings are forced in one process (run B starts inside run A's model load or
progress callback), and raced for real with two processes released together, repeatedly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from summarizer import RunOptions, Settings
from summarizer.batch import ERRORS, MANIFEST, RESULTS, BatchProgress, run_batch
from summarizer.errors import BatchError
from summarizer.pipeline import Pipeline
from tests.conftest import ROOT
from tests.fakes import ScriptedEngine

pytest.importorskip("fcntl")

ONE_BEAM = RunOptions(beams=1)
DOCS = {f"d{i}": f"Kalimat nomor {i}. Kalimat kedua {i}." for i in range(6)}


def write_jsonl(path: Path, docs: dict[str, str]) -> None:
    path.write_text(
        "".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in docs.items()), encoding="utf-8"
    )


def ids(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


def engine(respond: Any) -> Any:
    return lambda settings: Pipeline(settings, ScriptedEngine(respond))


UPPER = engine(lambda s, o: s.upper())
LOWER = engine(lambda s, o: s.lower())


def test_a_run_that_starts_and_finishes_while_another_loads_is_kept(tmp_path: Path) -> None:
    """Run A has looked at the (empty) folder and is loading its model when run B starts, runs
    and finishes. A must then refuse the folder, not delete B's records and write its own."""
    src = tmp_path / "in.jsonl"
    write_jsonl(src, DOCS)
    out = tmp_path / "out"
    written: dict[str, bytes] = {}

    def load_a(settings: Settings) -> Pipeline:
        summary = run_batch(src, out, settings, options=ONE_BEAM, load=UPPER)  # run B
        assert summary.ok == len(DOCS)
        written["results"] = (out / RESULTS).read_bytes()
        return LOWER(settings)  # type: ignore[no-any-return]

    with pytest.raises(BatchError, match="already holds results.jsonl; pass resume"):
        run_batch(src, out, Settings(), options=ONE_BEAM, load=load_a)
    assert (out / RESULTS).read_bytes() == written["results"]  # B's records, untouched
    assert ids(out / RESULTS) == list(DOCS)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["counts"]["ok"] == len(DOCS) and len(manifest["runs"]) == 1


def test_a_resume_that_starts_while_another_run_loads_resumes_its_work(tmp_path: Path) -> None:
    """Run A (--resume) found an empty folder; run B finishes meanwhile. Under the lock A sees
    B's work and resumes it: nothing is redone, nothing removed."""
    src = tmp_path / "in.jsonl"
    write_jsonl(src, DOCS)
    out = tmp_path / "out"

    def load_a(settings: Settings) -> Pipeline:
        run_batch(src, out, settings, options=ONE_BEAM, load=UPPER)
        return UPPER(settings)  # type: ignore[no-any-return]

    summary = run_batch(src, out, Settings(), options=ONE_BEAM, resume=True, load=load_a)
    assert summary.resumed and (summary.ok, summary.skipped) == (0, len(DOCS))
    assert ids(out / RESULTS) == list(DOCS)


@pytest.mark.parametrize("resume", [False, True])
def test_a_run_started_during_another_is_refused_at_every_group(
    tmp_path: Path, resume: bool
) -> None:
    """Run B starts at each progress point of run A (before its first record, between groups):
    it is refused every time, and A's records are all there, once each."""
    src = tmp_path / "in.jsonl"
    write_jsonl(src, DOCS)
    out = tmp_path / "out"
    refusals: list[str] = []

    def start_b(event: BatchProgress) -> None:
        before = (out / RESULTS).read_bytes()
        with pytest.raises(BatchError) as info:
            run_batch(src, out, Settings(), options=ONE_BEAM, resume=resume, load=LOWER)
        refusals.append(str(info.value))
        assert (out / RESULTS).read_bytes() == before

    summary = run_batch(
        src, out, Settings(), options=ONE_BEAM, group_size=2, load=UPPER, progress=start_b
    )
    assert summary.ok == len(DOCS)
    assert ids(out / RESULTS) == list(DOCS) and ids(out / ERRORS) == []
    assert len(refusals) >= 4  # before the first group, after each of the three groups
    for message in refusals:
        assert "\n" not in message
        assert (
            "another batch run is writing to this folder" in message
            or "already holds results.jsonl" in message
        ), message
    # While A holds the lock, even a B that finds nothing to refuse is stopped by it.
    assert "another batch run is writing to this folder" in refusals[0]


CHILD = textwrap.dedent(
    """
    import fcntl, json, os, sys, time
    from pathlib import Path
    import summarizer.pipeline as pipeline
    from summarizer.cli import main
    from tests.fakes import ScriptedEngine

    wait, args = sys.argv[1], sys.argv[2:]
    out = Path(args[args.index("--out") + 1])

    def other_run_reached():
        if wait == "finished":  # the manifest says so and the lock is free
            try:
                if json.loads((out / "manifest.json").read_text())["finished"] is None:
                    return False
            except (OSError, ValueError, KeyError):
                return False
            try:
                fd = os.open(out / ".lock", os.O_RDONLY)
            except FileNotFoundError:  # the finished run removed it
                return True
            except OSError:
                return False
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                return True
            except OSError:
                return False
            finally:
                os.close(fd)
        try:
            return (out / "results.jsonl").read_bytes().count(b"\\n") >= int(wait)
        except OSError:
            return False

    def load(settings):  # this run's model load ends when the other run has reached `wait`
        deadline = time.monotonic() + 60
        while wait != "0" and not other_run_reached() and time.monotonic() < deadline:
            time.sleep(0.002)
        return pipeline.Pipeline(settings, ScriptedEngine(lambda text, options: text.upper()))

    pipeline.load_pipeline = load
    print("ready", flush=True)
    sys.stdin.readline()  # released together with the other run
    main(["batch", *args], prog_name="summarizer")
    """
)

ROUNDS = [
    # (when the second run's model load ends, --resume): before, during and after the first run
    ("0", False),
    ("1", False),
    ("6", False),
    ("finished", False),
    ("6", True),
    ("finished", True),
]


def test_two_processes_released_together_never_lose_a_record(tmp_path: Path) -> None:
    """Both runs look at the empty folder at once; the second one's model load then ends at a
    chosen point of the first run (before its first record, after 1 or 6 of 12, after it
    finished). One run writes every record once; the other is refused with one line, or, with
    --resume after the first finished, finds nothing left to do."""
    src = tmp_path / "in.jsonl"
    docs = {f"n{i:02d}": f"Kalimat nomor {i}. Kalimat kedua {i}." for i in range(12)}
    write_jsonl(src, docs)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    for round_, (wait, resume) in enumerate(ROUNDS):
        out = tmp_path / f"out{round_}"
        args = [str(src), "--out", str(out), "--beams", "1", "--group-size", "1"]
        if resume:
            args.append("--resume")
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", CHILD, when, *args],
                cwd=ROOT,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for when in ("0", wait)
        ]
        for proc in procs:
            assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
        for proc in procs:  # release both
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = [proc.communicate(timeout=120) for proc in procs]
        codes = [proc.returncode for proc in procs]
        why = (wait, resume, codes, results)
        assert ids(out / RESULTS) == list(docs), why
        assert ids(out / ERRORS) == [], why
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        assert manifest["counts"] == {"documents": 12, "ok": 12, "failed": 0, "pending": 0}, why
        if codes == [0, 0]:
            # Only a --resume may also succeed: after the first run finished, with nothing to do.
            assert resume and "resumed: 12 document(s)" in results[1][1], why
            assert results[1][0].startswith("0 ok, 0 failed"), why
            continue
        assert sorted(codes) == [0, 2], why
        _, err = results[codes.index(2)]
        assert err.count("\n") == 1 and err.startswith("error: "), why
        assert "another batch run is writing" in err or "already holds" in err, why
        if wait == "finished":
            assert codes == [0, 2] and "already holds results.jsonl" in err, why
