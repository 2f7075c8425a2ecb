"""Generation engines: the seam "texts in, texts out" between the pipeline and a model runtime.

``load_engine(source, engine, device)`` is the one way to get an engine, and its cache the only
one: it picks the runtime (``auto`` prefers CTranslate2 when it is installed and supports the
architecture, read from the resolved ``ModelSource``) and shares loaded models in the process.
"""

from __future__ import annotations

import functools
import logging

from ..errors import OptionError, option
from ..models import ModelSource
from .base import Engine, Generation, GenerationOptions

log = logging.getLogger(__name__)

__all__ = ["Engine", "Generation", "GenerationOptions", "choose_engine", "load_engine"]


def choose_engine(engine: str, source: ModelSource) -> str:
    """Resolve ``auto``: CTranslate2 when installed and the model type is supported."""
    if engine != "auto":
        return engine
    from . import ct2

    if ct2.available() and source.model_type in ct2.SUPPORTED_TYPES:
        return "ctranslate2"
    return "transformers"


@functools.lru_cache(maxsize=8)
def load_engine(
    source: ModelSource,
    engine: str = "auto",
    device: str = "auto",
    *,
    compute_type: str | None = None,
    threads: int | None = None,
) -> Engine:
    """Load (once per process) the resolved model on the chosen runtime and device.

    ``compute_type`` and ``threads`` apply to CTranslate2 (default: int8, and the cores).
    """
    runtime = choose_engine(engine, source)
    if runtime == "ctranslate2":
        from . import ct2

        if not ct2.available():
            raise OptionError(
                f"{option('engine')} ctranslate2 needs the ctranslate2 package: "
                "pip install 'summarizer[ct2]'."
            )
        # CTranslate2 says whether it sees a GPU: asking torch would import it (2 s).
        device = ct2.pick_device(device)
        log.info("loading %s with %s on %s", source.name, runtime, device)
        return ct2.open_engine(source, device, compute_type=compute_type, threads=threads)
    from .hf import open_engine, pick_device

    device = pick_device(device)
    log.info("loading %s with %s on %s", source.name, runtime, device)
    return open_engine(source, device)
