"""Shared fixtures: the trained tiny copy model and the shared evaluation data."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_d98608ce5aebf04f.txt"
COPY_MODEL = ROOT / "tests" / "fixtures" / "copy-marian"
LEAD_MODEL = ROOT / "tests" / "fixtures" / "lead-bart"


def shared_data_dir() -> Path | None:
    """../shared/data beside the checkout (or $SUMMARIZER_SHARED_DATA), if present."""
    candidates = [
        os.environ.get("SUMMARIZER_SHARED_DATA", ""),
        ROOT.parent / "shared" / "data",
        Path("/work/shared/data"),
    ]
    for c in candidates:
        if c and (Path(c) / "indosum-id-id" / "valid.jsonl").is_file():
            return Path(c)
    return None


def indosum_articles(limit: int = 750) -> list[dict[str, Any]]:
    base = shared_data_dir()
    if base is None:
        pytest.skip("../shared/data (IndoSum valid) is not available on this machine")
    rows = []
    with (base / "indosum-id-id" / "valid.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if len(rows) >= limit:
                break
    return rows


@pytest.fixture(scope="session")
def copy_model() -> str:
    assert (COPY_MODEL / "config.json").is_file(), "the committed copy model fixture is missing"
    return str(COPY_MODEL)


@pytest.fixture(scope="session")
def lead_model() -> str:
    """The trained tiny BART whose summary is the first sentence of its input."""
    assert (LEAD_MODEL / "config.json").is_file(), "the committed lead-1 BART fixture is missing"
    return str(LEAD_MODEL)


@pytest.fixture(scope="session", autouse=True)
def _one_torch_thread() -> None:
    """One intra-op thread: on a shared 2-core machine two threads that compete with other
    processes make the tiny models 20-50x slower (see DESIGN.md); one thread is unaffected."""
    import torch

    torch.set_num_threads(1)


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """CTranslate2 conversions of test models go to a per-run cache, not ~/.cache."""
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if old is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = old


# CTranslate2 computes in float32 in tests, on every CPU: the tiny copy model copies exactly
# in float32, while int8 kernels differ between CPUs (on an AVX2-only AMD EPYC they change a few
# of its tokens, on AVX-512 Intel they did not). tests/test_ct2.py checks int8 on its own.
CT2_COMPUTE = {"SUMMARIZER_CT2_COMPUTE_TYPE": "float32"}


@pytest.fixture(scope="session", autouse=True)
def _exact_ct2() -> Iterator[None]:
    """Set before any module-scoped pipeline is built, and inherited by subprocesses."""
    old = {k: os.environ.get(k) for k in CT2_COMPUTE}
    os.environ.update(CT2_COMPUTE)
    yield
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(autouse=True)
def _no_env_leak(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests never pick up a developer's SUMMARIZER_* settings (only the suite's own)."""
    for var in list(os.environ):
        if var.startswith("SUMMARIZER_") and var != "SUMMARIZER_SHARED_DATA":
            monkeypatch.delenv(var)
    for var, value in CT2_COMPUTE.items():
        monkeypatch.setenv(var, value)
    yield
