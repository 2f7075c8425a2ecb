"""A user's first run on an online machine: the default models are not cached, the hub is
reachable (a mirror on loopback serving the fixture models under the default ids), and
`python app.py` (what `make run` starts) or `summarizer translate` downloads them with visible
size and progress, then translates; a failed download says why and how to try again; offline,
the banner shows at once."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from huggingface_hub import constants

from page.models import Models
from summarizer import ModelLoadError, RunOptions, Settings, models, read_path
from tests.conftest import CT2_COMPUTE, ROOT, SEED
from tests.hub_mirror import DEFAULT_REPOS, serve

MT, SUM = list(DEFAULT_REPOS)
EXPECTED = read_path(SEED).text  # the copy model returns its source
TIMEOUT_S = 240


def first_run_env(tmp_path: Path, endpoint: str) -> dict[str, str]:
    """A fresh machine: empty caches, the mirror as the hub, no offline switches."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_CACHE", "HF_HOME")
        and not k.startswith("SUMMARIZER_")
        and not k.lower().endswith("_proxy")
    }
    env.update(
        HF_ENDPOINT=endpoint,
        HF_HOME=str(tmp_path / "hf-home"),
        XDG_CACHE_HOME=str(tmp_path / "xdg"),
        PYTHONUNBUFFERED="1",
    )
    env.update(CT2_COMPUTE)  # exact copies on every CPU (see conftest)
    return env


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_make_run_downloads_the_default_models_then_translates(tmp_path: Path) -> None:
    """`python app.py` as `make run` starts it, on a machine with nothing cached."""
    import gradio_client

    port = free_port()
    log_path = tmp_path / "page.log"
    with serve(delay_s=0.3) as mirror, log_path.open("w") as log_file:
        page = subprocess.Popen(
            [sys.executable, "app.py", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=first_run_env(tmp_path, mirror.url),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + TIMEOUT_S
            while "the page is ready" not in log_path.read_text():
                assert page.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.5)
            log = log_path.read_text()
            # The log says what is downloaded, how big it is, and how far it got.
            assert re.search(
                rf"Downloading the translation model '{MT}' \(\d+\.\d MB\) from {mirror.url}", log
            ), log
            assert re.search(rf"downloading the translation model '{MT}': \d+% of \d+\.\d MB", log)
            assert "Fetching" not in log  # the hub client's own bars stay out of the log
            assert f"Downloaded the summary model '{SUM}'" in log
            client = gradio_client.Client(
                f"http://127.0.0.1:{port}/", verbose=False, analytics_enabled=False
            )
            out = client.predict(
                text=SEED.read_text(encoding="utf-8"),
                upload=None,
                bullets=2,
                mode="extractive",
                beams=1,
                glossary=None,
                api_name="/run",
            )
            assert out[1] == EXPECTED
        finally:
            page.terminate()
            page.wait(30)
    cached = {p.name for p in (tmp_path / "hf-home" / "hub").iterdir()}
    assert {
        "models--Helsinki-NLP--opus-mt-id-en",
        "models--sshleifer--distilbart-cnn-12-6",
    } <= cached


def test_cli_first_run_downloads_with_size_then_translates(tmp_path: Path) -> None:
    with serve() as mirror:
        res = subprocess.run(
            [sys.executable, "-m", "summarizer", "translate", str(SEED), "--format", "json"],
            cwd=ROOT,
            env=first_run_env(tmp_path, mirror.url),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["translation"] == EXPECTED
    assert re.search(rf"Downloading the translation model '{MT}' \(\d+\.\d MB\)", res.stderr)
    assert "Traceback" not in res.stderr


def test_models_download_reports_why_a_download_failed(tmp_path: Path) -> None:
    with serve(fail=frozenset({"model.safetensors"})) as mirror:
        res = subprocess.run(
            [sys.executable, "-m", "summarizer", "models", "download"],
            cwd=ROOT,
            env=first_run_env(tmp_path, mirror.url),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
    assert res.returncode == 1
    last = res.stderr.strip().splitlines()[-1]
    assert last.startswith(f"error: Cannot download the model '{MT}' (")
    assert "500" in last and "try again (`summarizer models download` continues" in last
    assert "Traceback" not in res.stderr


# --------------------------------------------------------------------------- the page's banner


@pytest.fixture
def mirror_hub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Any]:
    """This process's hub client pointed at a mirror, with an empty cache (slow files)."""

    def point(endpoint: str) -> None:
        monkeypatch.setattr(constants, "ENDPOINT", endpoint)
        monkeypatch.setattr(
            constants,
            "HUGGINGFACE_CO_URL_TEMPLATE",
            endpoint + "/{repo_id}/resolve/{revision}/{filename}",
        )

    cache = tmp_path / "hub"
    cache.mkdir()
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)  # `make test` runs offline
    models.hub_reachable.cache_clear()
    yield point
    models.hub_reachable.cache_clear()


def test_banner_shows_download_progress_then_goes(mirror_hub: Any) -> None:
    with serve(delay_s=1.0) as mirror:
        mirror_hub(mirror.url)
        page = Models(Settings(engine="transformers"))
        assert page.downloading
        banner = page.banner()
        assert f"Downloading the translation model</strong> '{MT}' from the hub" in banner
        assert "translates as soon as it is done" in banner
        handler_error = pytest.raises(ModelLoadError, page.pipeline, RunOptions())
        assert "is still downloading" in str(handler_error.value)
        deadline = time.monotonic() + 30
        while not re.search(r"\d+% of \d+\.\d MB", page.banner()):
            assert time.monotonic() < deadline, page.banner()
            time.sleep(0.2)
        page.wait(TIMEOUT_S)
    assert not page.downloading and page.error is None
    assert page.banner() == ""
    doc = read_path(SEED)
    result = page.pipeline(RunOptions(mode="lead")).run(doc, RunOptions(mode="lead"))
    assert result.translation == doc.text


def test_failed_download_says_why_and_how_to_retry(mirror_hub: Any) -> None:
    with serve(fail=frozenset({"model.safetensors"})) as mirror:
        mirror_hub(mirror.url)
        page = Models(Settings(engine="transformers"))
        page.wait(TIMEOUT_S)
    banner = page.banner()
    assert "The page cannot translate yet." in banner
    assert f"Cannot download the model '{MT}' (" in banner and "500" in banner
    assert "check the network connection and try again" in banner
    assert "--mt-model DIR" in banner
    with pytest.raises(ModelLoadError, match=f"Cannot download the model '{MT}'"):
        page.pipeline(RunOptions(mode="lead"))


def test_unreachable_hub_shows_the_banner_at_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cache = tmp_path / "hub"
    cache.mkdir()
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    monkeypatch.setattr(models, "_offline", lambda: False)
    monkeypatch.setattr(constants, "ENDPOINT", "https://hub.invalid")
    models.hub_reachable.cache_clear()
    try:
        start = time.monotonic()
        page = Models(Settings())
        assert time.monotonic() - start < 10
    finally:
        models.hub_reachable.cache_clear()
    assert not page.downloading and not page.downloads
    banner = page.banner()
    assert "The page cannot translate yet." in banner
    assert "the hub cannot be reached" in banner
    assert banner.count("cannot translate yet") == 1
