"""Where models come from: hub ids or local folders, offline use, download and listing.

Loading goes through the normal ``from_pretrained`` path. We look in the local cache first and
only then at the hub, and only if its host answers, so an offline machine fails in milliseconds
with an actionable message instead of sitting through the hub client's retries; we never enable
``trust_remote_code``.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ModelLoadError
from .settings import DEFAULT_MT_MODEL, DEFAULT_SUM_MODEL

log = logging.getLogger(__name__)

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.\-]*(/[\w.\-]+)?$")
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


@dataclass(frozen=True)
class ModelRef:
    """A model the user named: a hub id, or a local folder that exists."""

    name: str
    local_dir: Path | None

    @property
    def is_local(self) -> bool:
        return self.local_dir is not None


def how_to_fix(name: str, flag: str = "--mt-model") -> str:
    return (
        "download it once while online with `summarizer models download` "
        f"(add --to DIR to choose the folder), or pass a local model folder with {flag} DIR"
    )


def resolve(name: str, flag: str = "--mt-model") -> ModelRef:
    """Classify a model name; a path that does not exist is an error, not a hub lookup."""
    path = Path(name).expanduser()
    if path.is_dir():
        return ModelRef(name=name, local_dir=path.resolve())
    looks_like_path = name.startswith((".", "/", "~")) or not _HUB_ID.match(name)
    if path.exists():
        raise ModelLoadError(
            f"Cannot load the model '{name}': it is a file, not a model folder; "
            f"{how_to_fix(name, flag)}."
        )
    if looks_like_path:
        raise ModelLoadError(
            f"Cannot load the model '{name}': no such folder; {how_to_fix(name, flag)}."
        )
    return ModelRef(name=name, local_dir=None)


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


def load_pretrained(name: str, flag: str = "--mt-model") -> tuple[Any, Any]:
    """Load tokenizer and seq2seq model, cache first, then (if allowed) the hub.

    Raises ModelLoadError with one sentence naming the model and the two ways out.
    """
    from transformers import AutoConfig, AutoModelForSeq2SeqLM, AutoTokenizer

    ref = resolve(name, flag)
    source = str(ref.local_dir) if ref.local_dir else name
    last: Exception | None = None
    for local_only in (True, False):
        if not local_only and (ref.is_local or not hub_allowed()):
            break
        try:
            config = AutoConfig.from_pretrained(source, local_files_only=local_only)
        except Exception as exc:  # noqa: BLE001 - any failure here means "not available"
            last = exc
            continue
        if not getattr(config, "is_encoder_decoder", False):
            raise ModelLoadError(
                f"Cannot load the model '{name}': it is a {config.model_type} model, not a "
                f"sequence-to-sequence (encoder-decoder) model; {how_to_fix(name, flag)}."
            )
        try:
            tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=local_only)
            model = AutoModelForSeq2SeqLM.from_pretrained(source, local_files_only=local_only)
        except Exception as exc:  # noqa: BLE001
            reason = (
                str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
            )
            raise ModelLoadError(
                f"Cannot load the model '{name}' ({reason}); {how_to_fix(name, flag)}."
            ) from exc
        return tokenizer, model
    where = (
        "is not a model folder"
        if ref.is_local
        else "is not in the local cache and the hub cannot be reached"
    )
    log.debug("model load failed for %s: %r", name, last)
    raise ModelLoadError(f"Cannot load the model '{name}': it {where}; {how_to_fix(name, flag)}.")


def local_source(name: str, flag: str = "--mt-model") -> Path:
    """A folder holding the model: the named folder, its cached hub snapshot, or (if the hub
    may be asked) a fresh download into the cache. For runtimes that read files themselves."""
    ref = resolve(name, flag)
    if ref.local_dir is not None:
        return ref.local_dir
    snapshot = _cached_snapshot(name)
    if snapshot is not None:
        return snapshot
    if not hub_allowed():
        raise ModelLoadError(
            f"Cannot load the model '{name}': it is not in the local cache and the hub cannot "
            f"be reached; {how_to_fix(name, flag)}."
        )
    return Path(download([name])[0])


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


def model_revision(name: str) -> str:
    """Hub commit of the cached snapshot, or the local folder's fingerprint; no model load."""
    ref = resolve(name)
    if ref.local_dir is not None:
        return fingerprint(ref.local_dir)
    snapshot = _cached_snapshot(name)  # <cache>/models--org--name/snapshots/<commit>/
    return snapshot.name if snapshot is not None else "unknown"


def download(names: list[str], to: Path | None = None) -> list[str]:
    """Fetch models for offline use: into the HF cache, or saved as plain folders under ``to``."""
    done = []
    for name in names:
        try:
            if to is None:
                from huggingface_hub import snapshot_download

                path = snapshot_download(
                    name,
                    allow_patterns=[
                        "*.json",
                        "*.spm",
                        "*.model",
                        "*.txt",
                        "*.safetensors",
                        "*.bin",
                    ],
                )
            else:
                from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

                target = to / name.replace("/", "--")
                AutoTokenizer.from_pretrained(name).save_pretrained(target)
                AutoModelForSeq2SeqLM.from_pretrained(name).save_pretrained(target)
                path = str(target)
        except Exception as exc:  # noqa: BLE001
            raise ModelLoadError(
                f"Cannot download the model '{name}' ({type(exc).__name__}); "
                "check the network connection or copy a model folder here and pass it with --mt-model DIR."
            ) from exc
        done.append(path)
    return done


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


DEFAULT_MODELS = (DEFAULT_MT_MODEL, DEFAULT_SUM_MODEL)
