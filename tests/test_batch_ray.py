"""Batch runs on Ray (``summarizer batch --ray``): the local runner's records and guarantees.

Everything runs on real Ray: one head started once for these tests with
``ray start --head --node-ip-address 127.0.0.1`` (loopback only, 2 CPUs, its own temp folder)
and stopped at the end by killing its process group, plus one local instance that ``--ray``
starts and stops itself. Text behaviour uses the trained copy model; the model failure uses the
scripted engine, loaded by the Ray workers through a module-level loader.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from summarizer import Settings
from summarizer.batch import ERRORS, MANIFEST, RESULTS, BatchProgress, run_batch
from summarizer.cli import main
from summarizer.pipeline import Pipeline
from tests.conftest import ROOT
from tests.test_batch import (
    ONE_BEAM,
    article,
    assert_exactly_once,
    assert_translated,
    breaking_on,
    ids,
    line_count,
    records,
    write_jsonl,
)

# Not imported here: Ray reads its settings (RAY_AUTH_MODE) when first imported, which must
# happen after the fixtures below set them.
if importlib.util.find_spec("ray") is None:
    pytest.skip("Ray is not installed (make setup installs the .[ray] extra)", allow_module_level=True)

RAY = Path(sys.executable).with_name("ray")
# The head and every driver: loopback only, token authentication on both sides (Ray's default).
RAY_ENV = {"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0", "RAY_AUTH_MODE": "token"}
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def ray_head() -> Iterator[str]:
    """A one-node Ray cluster on 127.0.0.1, started once for the tests of this module (the only
    ones that use it) and stopped after them, so a full run does not keep it idle; its address."""
    port = free_port()
    temp = tempfile.mkdtemp(prefix="rayt", dir="/tmp")  # Ray's socket paths must stay short
    log = Path(temp) / "head.log"
    env = {**os.environ, **RAY_ENV, **OFFLINE}
    with log.open("wb") as out:
        head = subprocess.Popen(
            [str(RAY), "start", "--head", "--block", "--node-ip-address", "127.0.0.1",
             "--port", str(port), "--num-cpus", "2", "--num-gpus", "0",
             "--include-dashboard", "false", "--disable-usage-stats", "--temp-dir", temp],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while b"Ray runtime started" not in log.read_bytes():
            assert head.poll() is None, log.read_text(errors="replace")[-2000:]
            assert time.monotonic() < deadline, "the Ray head did not start in 120 s"
            time.sleep(0.2)
        yield f"127.0.0.1:{port}"
    finally:
        # Every process of the head (GCS, raylet, workers) is in its session's process group.
        os.killpg(head.pid, signal.SIGTERM)
        try:
            head.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(head.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        head.wait()
        shutil.rmtree(temp, ignore_errors=True)


@pytest.fixture
def ray_env(monkeypatch: pytest.MonkeyPatch, ray_head: str) -> str:
    """This process as a driver of the session's head (``--ray auto`` finds it)."""
    for name, value in RAY_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("RAY_ADDRESS", ray_head)
    return ray_head


def cli(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["batch", *map(str, args)])


def by_id(path: Path) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in records(path)}


def comparable(record: dict[str, Any]) -> dict[str, Any]:
    """A record without its timings (the only field that differs between two runs)."""
    return {k: v for k, v in record.items() if k != "timings"}


# ----------------------------------------------------------------------------------------------
# Same records as the local runner.

HOSTILE = ["../../etc/passwd", "/abs/path.txt", "a\nb\tc", "<script>alert(1)</script>",
           "berita-ü-日本語", "x" * 300, "NUL\u0000id"]  # fmt: skip


def mixed_jsonl(path: Path) -> dict[str, str]:
    """Good documents (some under hostile ids), empty and missing texts, a broken line."""
    docs = {f"n{i:02d}": article(i, 1 + i % 3) for i in range(10)}
    docs.update({hid: article(20 + k) for k, hid in enumerate(HOSTILE)})
    with path.open("w", encoding="utf-8") as fh:
        for doc_id, text in docs.items():
            fh.write(json.dumps({"id": doc_id, "text": text, "source": "test"}) + "\n")
        fh.write(json.dumps({"id": "empty", "text": "  "}) + "\n")
        fh.write(json.dumps({"id": "no-text", "title": "Judul saja"}) + "\n")
        fh.write('{"id": "broken", "text": \n')
    return docs


def test_ray_run_gives_the_local_runners_records(copy_model: str, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    good = mixed_jsonl(src)
    common = ["--mt-model", copy_model, "--beams", "1", "--group-size", "4"]
    local = cli(src, "--out", tmp_path / "local", *common)
    ray = cli(src, "--out", tmp_path / "ray", *common, "--ray", "--workers", "2")
    assert local.exit_code == ray.exit_code == 1, ray.output  # the three bad records
    assert ray.stdout.splitlines()[-1].startswith(f"{len(good)} ok, 3 failed, ")
    assert ray.stdout.rstrip().endswith("docs/s on 2 Ray worker(s)")
    assert "error:" not in ray.stderr and "Traceback" not in ray.output

    want, got = by_id(tmp_path / "local" / RESULTS), by_id(tmp_path / "ray" / RESULTS)
    assert sorted(got) == sorted(want) == sorted(good)
    assert {k: comparable(v) for k, v in got.items()} == {k: comparable(v) for k, v in want.items()}
    assert_translated(list(got.values()), good)
    assert by_id(tmp_path / "ray" / ERRORS) == by_id(tmp_path / "local" / ERRORS)
    assert sorted(by_id(tmp_path / "ray" / ERRORS)) == ["empty", "line:20", "no-text"]
    written = {p.name for p in (tmp_path / "ray").iterdir()}
    assert written == {p.name for p in (tmp_path / "local").iterdir()}
    assert {ERRORS, MANIFEST, RESULTS} <= written <= {".lock", ERRORS, MANIFEST, RESULTS}
    # ids are data: nothing is written outside these files

    local_m = json.loads((tmp_path / "local" / MANIFEST).read_text(encoding="utf-8"))
    ray_m = json.loads((tmp_path / "ray" / MANIFEST).read_text(encoding="utf-8"))
    assert ray_m["signature"] == local_m["signature"]
    assert ray_m["counts"] == local_m["counts"]
    run = ray_m["runs"][0]
    assert run["workers"]["runner"] == "ray" and run["workers"]["address"] == "local"
    assert run["workers"]["workers"] == 2 and run["status"] == "finished"


def breaking_pipeline(settings: Settings) -> Pipeline:
    """Loaded by each Ray worker (module-level, so the workers import it by name)."""
    return Pipeline(settings, breaking_on("MELEDAK"))


def test_a_failing_document_is_retried_alone_on_ray(ray_env: str, tmp_path: Path) -> None:
    from summarizer.batch_ray import RayOptions, run_batch_ray

    docs = {f"d{i}": f"Kalimat nomor {i}. Kalimat kedua {i}." for i in range(10)}
    docs["d4"] = "Dokumen ini MELEDAK di model."
    src = tmp_path / "in.jsonl"
    write_jsonl(src, docs)
    kwargs: dict[str, Any] = {"options": ONE_BEAM, "group_size": 4, "load": breaking_pipeline}
    local = run_batch(src, tmp_path / "local", Settings(), **kwargs)
    ray = run_batch_ray(
        src, tmp_path / "ray", Settings(), ray=RayOptions(ray_env, workers=2), **kwargs
    )
    assert (ray.ok, ray.failed, ray.workers) == (local.ok, local.failed, 2) == (9, 1, 2)
    (error,) = records(tmp_path / "ray" / ERRORS)
    assert error == records(tmp_path / "local" / ERRORS)[0]
    assert error["kind"] == "model" and "MELEDAK" in error["error"]
    want = {k: comparable(v) for k, v in by_id(tmp_path / "local" / RESULTS).items()}
    assert {k: comparable(v) for k, v in by_id(tmp_path / "ray" / RESULTS).items()} == want


# ----------------------------------------------------------------------------------------------
# Failures: a worker killed, the driver killed.


def worker_pids() -> list[int]:
    """Process ids of this job's live batch workers (asked from Ray's actor table)."""
    import ray
    from ray._private import state

    job = ray.JobID.from_hex(ray.get_runtime_context().get_job_id())
    actors = state.actors(job_id=job, actor_state_name="ALIVE")
    return [a["Pid"] for a in actors.values() if "GroupWorker" in a["ActorClassName"]]


def test_a_worker_killed_mid_run_loses_and_repeats_nothing(
    copy_model: str, ray_env: str, tmp_path: Path
) -> None:
    from summarizer.batch_ray import RayOptions, run_batch_ray

    docs = {f"k{i:02d}": article(i, 1 + i % 2) for i in range(40)}
    src = tmp_path / "in.jsonl"
    write_jsonl(src, docs)
    out = tmp_path / "out"
    killed: list[int] = []

    def kill_one_worker(event: BatchProgress) -> None:
        if killed or event.docs_done < 2:
            return
        pids = worker_pids()
        assert pids, "no live worker to kill"
        os.kill(pids[0], signal.SIGKILL)
        killed.append(pids[0])
        killed.append(event.docs_done)

    summary = run_batch_ray(
        src, out, Settings(mt_model=copy_model), ray=RayOptions(ray_env, workers=2),
        options=ONE_BEAM, group_size=1, progress=kill_one_worker,
    )  # fmt: skip
    assert killed and killed[1] < len(docs), "the worker was not killed mid-run"
    with pytest.raises(ProcessLookupError):
        os.kill(killed[0], 0)
    assert (summary.ok, summary.failed) == (len(docs), 0)
    assert_exactly_once(out, list(docs))
    assert_translated(records(out / RESULTS), docs)


def start_batch(args: list[str | Path]) -> subprocess.Popen[bytes]:
    env = {**os.environ, **OFFLINE, **RAY_ENV}
    return subprocess.Popen(
        [sys.executable, "-m", "summarizer", "batch", *map(str, args)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def kill_after(proc: subprocess.Popen[bytes], out: Path, lines: int, total: int) -> int:
    """SIGKILL ``proc`` once ``lines`` records are written; the records written by then."""
    try:
        deadline = time.monotonic() + 180
        while line_count(out / RESULTS) < lines:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the batch wrote nothing in 180 s"
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    written = line_count(out / RESULTS) + line_count(out / ERRORS)
    assert lines <= written < total, "the run finished before it could be killed"
    return written


def test_a_killed_ray_driver_resumes_locally_and_a_killed_local_run_on_ray(
    copy_model: str, ray_env: str, tmp_path: Path
) -> None:
    docs = {f"r{i:03d}": article(i, 1 + i % 2) for i in range(80)}
    docs["r040"] = ""  # one failure among them
    src = tmp_path / "in.jsonl"
    write_jsonl(src, docs)
    common = [src, "--mt-model", copy_model, "--beams", "1", "--group-size", "1"]
    good = {k: v for k, v in docs.items() if v}

    # 1. The Ray driver is killed; a local run resumes it.
    out = tmp_path / "from-ray"
    proc = start_batch([*common, "--out", out, "--ray", ray_env, "--workers", "2"])
    before = kill_after(proc, out, 3, len(docs))
    res = cli(*common, "--out", out, "--resume")
    assert res.exit_code == 1, res.output  # r040 is empty
    assert "resumed: " in res.stderr and before >= 3
    assert_exactly_once(out, list(docs))
    assert ids(out / ERRORS) == ["r040"]
    assert_translated(records(out / RESULTS), good)
    runs = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["runs"]
    assert [r["resumed"] for r in runs] == [False, True]
    assert runs[0]["workers"]["runner"] == "ray" and "workers" not in runs[1]

    # 2. A local run is killed; a Ray run resumes it, joining the cluster with --ray auto, and
    # refuses first when the outputs would be made differently.
    out = tmp_path / "from-local"
    before = kill_after(start_batch([*common, "--out", out]), out, 3, len(docs))
    res = cli(*common, "--out", out, "--resume", "--beams", "2", "--ray", "auto")
    assert res.exit_code == 2 and "cannot resume" in res.stderr and "beams" in res.stderr
    assert line_count(out / RESULTS) + line_count(out / ERRORS) == before
    res = cli(*common, "--out", out, "--resume", "--ray", "auto", "--workers", "2")
    assert res.exit_code == 1, res.output
    assert res.stdout.rstrip().endswith("on 2 Ray worker(s)")
    assert_exactly_once(out, list(docs))
    assert_translated(records(out / RESULTS), good)
    runs = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["runs"]
    assert runs[-1]["workers"]["address"] == "auto" and runs[-1]["status"] == "finished"


# ----------------------------------------------------------------------------------------------
# Usage errors: one line each.


def test_ray_usage_errors_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in.jsonl"
    write_jsonl(src, {"a": "Kalimat."})
    out = tmp_path / "out"
    cases = {
        ("--workers", "2"): "--workers only applies to --ray.",
        ("--ray", "in.jsonl"): "--ray in.jsonl: not a Ray address",
        ("--ray", "--cpus-per-worker", "0"): "--cpus-per-worker",
        ("--ray", "--gpus-per-worker", "-1"): "--gpus-per-worker",
    }
    for extra, message in cases.items():
        res = cli(src, "--out", out, *extra)
        assert res.exit_code == 2, (extra, res.output)
        assert res.stderr.startswith("error: ") and message in res.stderr, res.stderr
        assert len(res.stderr.splitlines()) == 1
    res = cli(src, "--out", out, "--ray", "--workers", "5000")  # a local instance: refused
    assert res.exit_code == 2 and res.stderr.startswith("error: 5000 worker(s) need 5000 CPUs")
    assert len(res.stderr.splitlines()) == 1 and "--workers" in res.stderr
    monkeypatch.setitem(sys.modules, "ray", None)  # as if Ray were not installed
    res = cli(src, "--out", out, "--ray")
    assert res.exit_code == 2
    assert res.stderr == (
        "error: --ray needs Ray, which is not installed here: pip install -e '.[ray]' "
        "(or pip install 'ray[data]').\n"
    )
    assert not out.exists()
