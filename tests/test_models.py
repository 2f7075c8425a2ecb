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
    calls: list[Path] = []
    real = models.read_config

    def spy(folder: Path) -> Any:
        calls.append(folder)
        return real(folder)

    monkeypatch.setattr(models, "read_config", spy)
    assert models.hub_reachable() is False
    with pytest.raises(ModelLoadError, match="the hub cannot be reached") as err:
        models.model_source("Helsinki-NLP/opus-mt-id-en", "summary")
    assert calls == []  # not in the cache, and the hub (with its retries) was not asked
    assert err.value.role == "summary"
    assert "summarizer models download" in str(err.value)
    assert str(err.value).endswith("or pass a local model folder as the summary model.")
    assert err.value.for_option("--sum-model").endswith(
        "or pass a local model folder with --sum-model DIR."
    )


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
    source = models.model_source(HUB_ID)
    assert source.folder == snapshot and source.revision == COMMIT
    assert choose_engine("auto", source) == "ctranslate2"
    engine = ct2.open_engine(source, "cpu")
    assert engine.describe()["revision"] == COMMIT
    assert COMMIT[:16] in ct2.converted_dir(source, "int8").name
    sentence = "Kantor BP3MI NTT menerima 25 pekerja migran."
    out = engine.generate([sentence], GenerationOptions(beams=1, max_new_tokens=40))
    assert out[0].text == sentence


def test_first_use_online_downloads_once(
    empty_cache: Path, copy_model: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fetched: list[list[str]] = []

    def fake_download(
        names: list[str], to: Path | None = None, role: str = "translation"
    ) -> list[str]:
        fetched.append(names)
        return [str(fake_hub_cache(empty_cache, copy_model))]

    monkeypatch.setattr(models, "hub_allowed", lambda: True)
    monkeypatch.setattr(models, "download", fake_download)
    first = models.model_source(HUB_ID)
    second = models.model_source(HUB_ID)
    assert first == second and (first.folder / "config.json").is_file()
    assert fetched == [[HUB_ID]]


@pytest.mark.parametrize("engine", ["transformers", "ctranslate2", "auto"])
def test_a_load_resolves_each_model_once_and_reads_its_config_once(
    engine: str, copy_model: str, lead_model: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One ModelSource per model: the name is resolved and config.json read once per load,
    whatever the engine (``auto`` included) and however many parts need the config."""
    if engine != "transformers":
        pytest.importorskip("ctranslate2")
    from summarizer import RunOptions, Settings, load_pipeline, read_document
    from summarizer.engines import load_engine

    resolved: list[str] = []
    configs: list[str] = []
    classify, read_config = models._classify, models.read_config

    def counting_classify(name: str, role: str) -> Any:
        resolved.append(name)
        return classify(name, role)

    def counting_config(folder: Path) -> Any:
        configs.append(Path(str(folder)).name)
        return read_config(folder)

    def load(batch_size: int) -> Any:
        load_engine.cache_clear()  # a real load, not the engines of earlier tests
        settings = Settings(mt_model=copy_model, sum_model=lead_model, engine=engine)
        pipeline = load_pipeline(settings.replace(batch_size=batch_size))
        _ = pipeline.summary_engine
        return pipeline

    # CTranslate2 converts a model once (cached on disk) with its own loader: done beforehand.
    load(batch_size=6)
    monkeypatch.setattr(models, "_classify", counting_classify)
    monkeypatch.setattr(models, "read_config", counting_config)
    pipeline = load(batch_size=7)
    result = pipeline.run(read_document("Satu kalimat. Dua kalimat."), RunOptions(beams=1))
    assert result.signature["summary"]["model"]["model"] == lead_model
    pipeline.run(read_document("Tiga kalimat."), RunOptions(beams=2, mode="lead"))
    assert resolved == [copy_model, lead_model]
    assert configs == [Path(copy_model).name, Path(lead_model).name]


def _transformers_reading(folder: Path, config: Any) -> dict[str, Any]:
    """How transformers' GenerationConfig reads a summariser's settings (the reference)."""
    from transformers import GenerationConfig

    values: dict[str, Any] = {}
    values.update(GenerationConfig.from_model_config(models.transformers_config(config.raw)).to_diff_dict())
    if (folder / "generation_config.json").is_file():
        values.update(GenerationConfig.from_pretrained(folder, local_files_only=True).to_diff_dict())
    values.update((getattr(config, "task_specific_params", None) or {}).get("summarization") or {})
    return values


CNN = {  # sshleifer/distilbart-cnn-12-6's generation values
    "max_length": 142, "min_length": 56, "no_repeat_ngram_size": 3, "length_penalty": 2.0,
    "num_beams": 4, "early_stopping": True,
}


@pytest.mark.parametrize(
    ("config", "generation"),
    [
        ({**CNN, "task_specific_params": {"summarization": dict(CNN)}}, None),
        ({}, {"max_length": 100, "num_beams": 3, "length_penalty": 1.0, "no_repeat_ngram_size": 4}),
        ({"max_length": 130, "min_length": 30, "no_repeat_ngram_size": 3}, {"max_length": 90}),
        ({}, None),
    ],
)
def test_summary_decoding_is_read_as_transformers_reads_it_without_importing_it(
    tmp_path: Path, config: dict[str, Any], generation: dict[str, Any] | None
) -> None:
    """The CTranslate2 path reads a summariser's decoding settings from JSON (no torch): the
    values must be transformers' own."""
    import json

    from summarizer.conventions import summary_decoding
    from summarizer.summarize import SummaryDecoding

    (tmp_path / "config.json").write_text(
        json.dumps({"model_type": "bart", "is_encoder_decoder": True, **config}), "utf-8"
    )
    if generation is not None:
        (tmp_path / "generation_config.json").write_text(json.dumps(generation), "utf-8")
    read = models.read_config(tmp_path)
    ours = summary_decoding(tmp_path, read)
    assert SummaryDecoding.from_config(ours) == SummaryDecoding.from_config(
        _transformers_reading(tmp_path, read)
    )


def test_summary_decoding_of_the_fixture_summariser_matches_transformers() -> None:
    from summarizer.conventions import summary_decoding
    from summarizer.summarize import SummaryDecoding
    from tests.conftest import ROOT

    folder = ROOT / "tests" / "fixtures" / "lead-bart"
    read = models.read_config(folder)
    assert SummaryDecoding.from_config(summary_decoding(folder, read)) == SummaryDecoding.from_config(
        _transformers_reading(folder, read)
    )
