"""Where models come from: an offline machine fails at once, hub ids load from the cache (or a
first download) on every engine, and loading stays quiet."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from huggingface_hub import constants

from summarizer import models
from summarizer.engines.base import GenerationOptions
from summarizer.errors import ModelLoadError

COMMIT = "0123456789abcdef0123456789abcdef01234567"
HUB_ID = "test-org/copy-marian"


def fake_hub_cache(root: Path, source: str) -> Path:
    """The hub client's cache layout holding ``source`` as HUB_ID at COMMIT."""
    repo = root / "models--test-org--copy-marian"
    snapshot = repo / "snapshots" / COMMIT
    shutil.copytree(source, snapshot)
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(COMMIT)
    return snapshot


@pytest.fixture
def empty_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    cache = tmp_path / "hub"
    cache.mkdir()
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    return cache


@pytest.fixture
def unreachable_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hub switched on (no HF_HUB_OFFLINE) but its host does not resolve."""
    monkeypatch.setattr(models, "_offline", lambda: False)
    monkeypatch.setattr(constants, "ENDPOINT", "https://hub.invalid")
    for var in models._PROXY_VARS:
        monkeypatch.delenv(var, raising=False)
    models.hub_reachable.cache_clear()
    yield
    models.hub_reachable.cache_clear()


def test_unreachable_hub_is_never_asked(
    unreachable_hub: None, empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transformers import AutoConfig

    calls: list[bool] = []
    real = AutoConfig.from_pretrained

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs.get("local_files_only", False))
        return real(*args, **kwargs)

    monkeypatch.setattr(AutoConfig, "from_pretrained", spy)
    assert models.hub_reachable() is False
    with pytest.raises(ModelLoadError, match="the hub cannot be reached"):
        models.load_pretrained("Helsinki-NLP/opus-mt-id-en")
    assert calls == [True]  # the cache was asked, the hub (with its retries) was not
    with pytest.raises(ModelLoadError, match="summarizer models download"):
        models.local_source("Helsinki-NLP/opus-mt-id-en")


def test_proxy_means_try_the_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(constants, "ENDPOINT", "https://hub.invalid")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    models.hub_reachable.cache_clear()
    try:
        assert models.hub_reachable() is True
    finally:
        models.hub_reachable.cache_clear()


def test_ctranslate2_loads_a_hub_id_from_the_cache(empty_cache: Path, copy_model: str) -> None:
    pytest.importorskip("ctranslate2")
    from summarizer.engines import choose_engine, ct2

    snapshot = fake_hub_cache(empty_cache, copy_model)
    assert models.local_source(HUB_ID) == snapshot
    assert models.model_revision(HUB_ID) == COMMIT
    assert choose_engine("auto", HUB_ID) == "ctranslate2"
    engine = ct2.load_engine(HUB_ID, "cpu")
    assert engine.describe()["revision"] == COMMIT
    assert COMMIT[:16] in ct2.converted_dir(HUB_ID, "int8").name
    sentence = "Kantor BP3MI NTT menerima 25 pekerja migran."
    out = engine.generate([sentence], GenerationOptions(beams=1, max_new_tokens=40))
    assert out[0].text == sentence


def test_first_use_online_downloads_once(
    empty_cache: Path, copy_model: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fetched: list[list[str]] = []

    def fake_download(names: list[str], to: Path | None = None) -> list[str]:
        fetched.append(names)
        return [str(fake_hub_cache(empty_cache, copy_model))]

    monkeypatch.setattr(models, "hub_allowed", lambda: True)
    monkeypatch.setattr(models, "download", fake_download)
    first = models.local_source(HUB_ID)
    second = models.local_source(HUB_ID)
    assert first == second and (first / "config.json").is_file()
    assert fetched == [[HUB_ID]]
