"""Where models come from: hub ids or local folders, offline use, download and listing.

``model_source(name, role)`` resolves a model once into a ``ModelSource`` (folder, revision,
config and conventions) that every engine loads from. We look in the local cache first and only
then at the hub, and only if its host answers, so an offline machine fails in milliseconds with
an actionable message instead of sitting through the hub client's retries; we never enable
``trust_remote_code``. Errors carry the model's role; entry points name their own options.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from .errors import ModelLoadError, option

log = logging.getLogger(__name__)

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.\-]*(/[\w.\-]+)?$")
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


ROLES = ("translation", "summary")


@dataclass(frozen=True)
class ModelSource:
    """A model resolved once: where its files are, what it is, and what it needs.

    Made by ``model_source`` (the only place that resolves a name and reads a config); every
    engine loads from it and nothing reads the config again. Hashable on its identity
    (name, role, folder, revision, conventions), so ``engines.load_engine`` caches on it.
    """

    name: str  # as the user gave it: a hub id or a folder
    role: str  # "translation" or "summary"
    folder: Path  # the files: the named folder, the cached hub snapshot or a first download
    revision: str  # hub commit, or "local-<hash>" of a folder's config and weights
    model_type: str  # the architecture (config.model_type)
    prefix: str = ""  # text the model expects before every input (T5's "summarize: ")
    config: Any = field(default=None, compare=False, repr=False)
    # Decoding the model states for its job (summaries: beams, length penalty, n-gram blocking).
    decoding: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


HOW_TO_FIX = (
    "download it once while online with `summarizer models download` "
    f"(add {option('to')} DIR to choose the folder), or pass a local model folder "
    f"{ModelLoadError.OPTION}"
)


def is_hub_id(name: str) -> bool:
    """Whether ``name`` names a hub model (``org/name``) rather than a local folder."""
    return (
        not Path(name).expanduser().exists()
        and not name.startswith((".", "/", "~"))
        and bool(_HUB_ID.match(name))
    )


def _classify(name: str, role: str) -> Path | None:
    """The folder a name points to, or None for a hub id; a path that does not exist is an
    error, not a hub lookup."""
    path = Path(name).expanduser()
    if path.is_dir():
        return path.resolve()
    looks_like_path = name.startswith((".", "/", "~")) or not _HUB_ID.match(name)
    if path.exists():
        raise ModelLoadError(
            f"Cannot load the model '{name}': it is a file, not a model folder; {HOW_TO_FIX}.",
            role,
        )
    if looks_like_path:
        raise ModelLoadError(f"Cannot load the model '{name}': no such folder; {HOW_TO_FIX}.", role)
    return None


def model_source(name: str, role: str = "translation") -> ModelSource:
    """Resolve ``name`` once: find its files (a folder, the cache, or a first download when the
    hub may be asked), read its config, check it is a seq2seq model, and take its conventions.

    Raises ModelLoadError (with ``role``) in one sentence naming the model and the ways out.
    """
    from .conventions import summary_decoding, summary_prefix

    if role not in ROLES:
        raise ValueError(f"unknown model role {role!r}")
    named = _classify(name, role)
    folder = named or _cached_snapshot(name)
    if folder is None:
        if not hub_allowed():
            raise ModelLoadError(
                f"Cannot load the model '{name}': it is not in the local cache and the hub "
                f"cannot be reached; {HOW_TO_FIX}.",
                role,
            )
        folder = Path(download([name], role=role)[0])
    try:
        config = read_config(folder)
    except Exception as exc:  # noqa: BLE001 - any failure here means "not a model folder"
        log.debug("config of %s not read: %r", name, exc)
        raise ModelLoadError(
            f"Cannot load the model '{name}': it is not a model folder; {HOW_TO_FIX}.", role
        ) from exc
    if not getattr(config, "is_encoder_decoder", False):
        raise ModelLoadError(
            f"Cannot load the model '{name}': it is a {config.model_type} model, not a "
            f"sequence-to-sequence (encoder-decoder) model; {HOW_TO_FIX}.",
            role,
        )
    summary = role == "summary"
    return ModelSource(
        name=name,
        role=role,
        folder=folder,
        revision=fingerprint(folder) if named is not None else folder.name,
        model_type=str(config.model_type),
        prefix=summary_prefix(config) if summary else "",
        config=config,
        decoding=summary_decoding(folder, config) if summary else {},
    )


def read_config(folder: Path) -> Any:
    """A model's ``config.json`` as attributes (``config.model_type``, ``config.raw``).

    Read as JSON, not through transformers, so that the CTranslate2 path never imports torch
    (a one-sentence ``summarizer translate`` paid ~1.5 s for it). A config that does not say
    whether it is an encoder-decoder (older T5 files) is asked of transformers, which knows
    each architecture's default.
    """
    with (folder / "config.json").open(encoding="utf-8") as fh:
        raw = json.load(fh)
    if not isinstance(raw, dict) or not isinstance(raw.get("model_type"), str):
        raise ValueError(f"{folder / 'config.json'} names no model_type")
    if "is_encoder_decoder" not in raw:
        raw["is_encoder_decoder"] = bool(transformers_config(raw).is_encoder_decoder)
    return SimpleNamespace(**raw, raw=raw)


def transformers_config(raw: Mapping[str, Any]) -> Any:
    """The transformers config object of a ``config.json`` already read (no second read)."""
    from transformers import AutoConfig

    return AutoConfig.for_model(**raw)


def _offline() -> bool:
    """The hub library's own offline switch (HF_HUB_OFFLINE), as it read it at import."""
    from huggingface_hub import constants

    return bool(constants.HF_HUB_OFFLINE)


_PROXY_VARS = ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")


@functools.lru_cache(maxsize=1)
def hub_reachable(timeout: float = 3.0) -> bool:
    """Whether the hub's host accepts a connection (checked once per process).

    Without this, a machine with no network waits for the hub client's five retries
    (25-45 s) before it can say "not available". Behind a proxy we cannot tell, so we try.
    """
    if any(os.environ.get(v) for v in _PROXY_VARS):
        return True
    from urllib.parse import urlsplit

    from huggingface_hub import constants

    url = urlsplit(constants.ENDPOINT)
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        with socket.create_connection((url.hostname or "", port), timeout=timeout):
            return True
    except OSError:
        return False


def hub_allowed() -> bool:
    """The hub may be asked: not switched off (HF_HUB_OFFLINE) and its host answers."""
    return not _offline() and hub_reachable()


def load_tokenizer(source: ModelSource) -> Any:
    """The tokenizer of a resolved model (given its config, so that it is not read again)."""
    from transformers import AutoTokenizer

    try:
        return AutoTokenizer.from_pretrained(
            str(source.folder),
            config=transformers_config(source.config.raw),
            local_files_only=True,
        )
    except Exception as exc:  # noqa: BLE001
        raise ModelLoadError(_cannot_load(source, exc), source.role) from exc


def load_pretrained(source: ModelSource) -> tuple[Any, Any]:
    """The transformers tokenizer and seq2seq model of a resolved model (no hub access)."""
    from transformers import AutoModelForSeq2SeqLM

    tokenizer = load_tokenizer(source)
    try:
        model = AutoModelForSeq2SeqLM.from_pretrained(
            str(source.folder),
            config=transformers_config(source.config.raw),
            local_files_only=True,
        )
    except Exception as exc:  # noqa: BLE001
        raise ModelLoadError(_cannot_load(source, exc), source.role) from exc
    return tokenizer, model


def _cannot_load(source: ModelSource, exc: Exception) -> str:
    text = str(exc).strip()
    reason = text.splitlines()[0][:200] if text else type(exc).__name__
    return f"Cannot load the model '{source.name}' ({reason}); {HOW_TO_FIX}."


def _cached_snapshot(name: str) -> Path | None:
    try:
        from huggingface_hub import try_to_load_from_cache

        hit = try_to_load_from_cache(name, "config.json")
    except Exception:  # noqa: BLE001 - a malformed id or cache: not cached
        return None
    return Path(hit).parent if isinstance(hit, str) else None


def fingerprint(folder: Path) -> str:
    """Content hash of a local model folder's config and weights (its "revision")."""
    digest = hashlib.sha256()
    for fname in ("config.json", *_WEIGHT_FILES):
        f = folder / fname
        if f.is_file():
            with f.open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
    return "local-" + digest.hexdigest()[:12]


# What a model download fetches: configs, tokenizers and weights (not other frameworks' copies).
DOWNLOAD_PATTERNS = ["*.json", "*.spm", "*.model", "*.txt", "*.safetensors", "*.bin"]


@dataclass
class DownloadState:
    """A model download in progress: bytes to fetch (None while unknown) and fetched so far."""

    name: str
    role: str
    total: int | None = None
    done: int = 0
    finished: bool = False

    def describe(self) -> str:
        """ "45% of 301.2 MB" (or what is known so far)."""
        if not self.total:
            return f"{human_bytes(self.done)} so far"
        percent = min(100, int(100 * self.done / self.total))
        return f"{percent}% of {human_bytes(self.total)}"


def human_bytes(n: int) -> str:
    return f"{n / 1e9:.2f} GB" if n >= 1e9 else f"{n / 1e6:.1f} MB"


ProgressFn = Callable[[DownloadState], None]


def download(
    names: list[str],
    to: Path | None = None,
    role: str = "translation",
    progress: ProgressFn | None = None,
) -> list[str]:
    """Fetch models for offline use: into the HF cache, or saved as plain folders under ``to``.

    The one download path of the CLI (``models download``, a first run) and the page. It logs
    the size before it starts and its progress while it runs, and calls ``progress`` (about
    twice a second) with a ``DownloadState``. Failures are one ModelLoadError saying why and
    how to try again.
    """
    done = []
    for name in names:
        state = DownloadState(name, role)
        try:
            if to is None:
                path = _download_to_cache(state, progress)
            else:
                from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

                log.warning("Downloading the %s model '%s' into %s", role, name, to)
                target = to / name.replace("/", "--")
                AutoTokenizer.from_pretrained(name).save_pretrained(target)
                AutoModelForSeq2SeqLM.from_pretrained(name).save_pretrained(target)
                path = str(target)
        except Exception as exc:  # noqa: BLE001
            reason = _short_reason(exc)
            log.warning("download of the %s model '%s' failed: %s", role, name, reason)
            raise ModelLoadError(
                f"Cannot download the model '{name}' ({reason}); check the network connection "
                "and try again (`summarizer models download` continues where it stopped), or "
                f"copy a model folder here and pass it {ModelLoadError.OPTION}.",
                role,
            ) from exc
        done.append(path)
    return done


def _short_reason(exc: BaseException) -> str:
    """The root cause of a failed download, on one line ("HfHubHTTPError: 500 Server Error …")."""
    while exc.__cause__ is not None or (
        exc.__context__ is not None and not exc.__suppress_context__
    ):
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    lines = str(exc).strip().splitlines()
    text = " ".join(lines[0].split()) if lines else ""
    return f"{type(exc).__name__}: {text[:160]}" if text else type(exc).__name__


def _download_to_cache(state: DownloadState, progress: ProgressFn | None) -> str:
    """snapshot_download with the size learnt first (a dry run) and the cache folder watched."""
    import threading

    from huggingface_hub import constants, snapshot_download

    plan = snapshot_download(state.name, allow_patterns=DOWNLOAD_PATTERNS, dry_run=True)
    state.total = sum(f.file_size or 0 for f in plan if f.will_download)
    log.warning(
        "Downloading the %s model '%s' (%s) from %s into the cache",
        state.role,
        state.name,
        human_bytes(state.total),
        constants.ENDPOINT,
    )
    blobs = Path(constants.HF_HUB_CACHE) / f"models--{state.name.replace('/', '--')}" / "blobs"
    before = _folder_bytes(blobs)
    stop = threading.Event()

    def watch() -> None:
        # A first line at once (0%), then one every 10%: a download faster than the first
        # half-second tick (the hub client fetches files in parallel) still shows progress.
        logged = -1
        while True:
            state.done = max(0, _folder_bytes(blobs) - before)
            if progress is not None:
                progress(state)
            tenth = int(10 * state.done / state.total) if state.total else 0
            if tenth > logged:
                logged = tenth
                log.warning(
                    "downloading the %s model '%s': %s", state.role, state.name, state.describe()
                )
            if stop.wait(0.5):
                break

    watcher = threading.Thread(target=watch, name="download-progress", daemon=True)
    watcher.start()
    try:
        path = snapshot_download(state.name, allow_patterns=DOWNLOAD_PATTERNS)
    finally:
        stop.set()
        watcher.join()
    state.done, state.finished = state.total or state.done, True
    if progress is not None:
        progress(state)
    log.warning(
        "Downloaded the %s model '%s' (%s)", state.role, state.name, human_bytes(state.done)
    )
    return str(path)


def _folder_bytes(folder: Path) -> int:
    try:
        return sum(f.stat().st_size for f in folder.iterdir() if f.is_file())
    except OSError:
        return 0


@dataclass(frozen=True)
class LocalModel:
    name: str
    where: str
    size_mb: float


def list_local(extra_dirs: list[Path] | None = None) -> list[LocalModel]:
    """Models available without a network: the HF cache plus model folders under ``extra_dirs``."""
    found: list[LocalModel] = []
    try:
        from huggingface_hub import scan_cache_dir

        for repo in scan_cache_dir().repos:
            if repo.repo_type == "model":
                found.append(LocalModel(repo.repo_id, str(repo.repo_path), repo.size_on_disk / 1e6))
    except Exception as exc:  # noqa: BLE001 - an empty or missing cache is not an error
        log.debug("no hub cache: %r", exc)
    for base in extra_dirs or []:
        if not base.is_dir():
            continue
        for cfg in sorted(base.glob("*/config.json")):
            size = sum(f.stat().st_size for f in cfg.parent.iterdir() if f.is_file())
            found.append(LocalModel(cfg.parent.name, str(cfg.parent), size / 1e6))
    return found


def is_available(name: str) -> bool:
    """True when ``name`` loads without the network (a folder, or complete in the cache)."""
    path = Path(name).expanduser()
    if path.is_dir():
        return (path / "config.json").is_file()
    return _cached_snapshot(name) is not None
