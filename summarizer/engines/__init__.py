"""Generation engines: the seam "texts in, texts out" between the pipeline and a model runtime.

``load_engine`` is the one way to get an engine: it picks the runtime (``auto`` prefers
CTranslate2 when it is installed and supports the architecture) and caches loaded models.
"""

from __future__ import annotations

import logging

from .base import Engine, Generation, GenerationOptions

log = logging.getLogger(__name__)

__all__ = ["Engine", "Generation", "GenerationOptions", "choose_engine", "load_engine"]


def _model_type(model_id: str) -> str | None:
    """The architecture, from the folder, the cache or (online, first use) a download, so that
    ``auto`` picks the same runtime on the first run as on later ones."""
    from transformers import AutoConfig

    from ..models import local_source

    try:
        config = AutoConfig.from_pretrained(local_source(model_id), local_files_only=True)
    except Exception:  # noqa: BLE001 - the chosen engine reports the real error
        return None
    return str(config.model_type)


def choose_engine(engine: str, model_id: str) -> str:
    """Resolve ``auto``: CTranslate2 when installed and the model type is supported."""
    if engine != "auto":
        return engine
    from . import ct2

    if ct2.available() and _model_type(model_id) in ct2.SUPPORTED_TYPES:
        return "ctranslate2"
    return "transformers"


def load_engine(
    model_id: str,
    *,
    engine: str = "auto",
    device: str = "auto",
    flag: str = "--mt-model",
    prefix: str = "",
    translate: bool = True,
) -> Engine:
    """Load (once per process) the model ``model_id`` on the chosen runtime."""
    from .hf import load_engine as load_hf
    from .hf import pick_device

    runtime = choose_engine(engine, model_id)
    device = pick_device(device)
    log.info("loading %s with %s on %s", model_id, runtime, device)
    if runtime == "ctranslate2":
        from . import ct2

        if not ct2.available():
            from ..errors import OptionError

            raise OptionError(
                "--engine ctranslate2 needs the ctranslate2 package: pip install 'summarizer[ct2]'."
            )
        return ct2.load_engine(model_id, device, prefix=prefix, flag=flag, translate=translate)
    return load_hf(model_id, device, prefix, flag, translate)
