"""Indonesian → English reading service: faithful translations and bullet summaries.

Public API: ``Settings``, ``read_document``/``read_path``, ``load_pipeline(settings)``,
``Pipeline.run(document) -> Result`` (translation and bullets; ``run_many`` for several) and
``Pipeline.translate(document) -> Result``; errors derive from ``SummarizerError``.
"""

__version__ = "0.1.0"

from .documents import Document, read_document, read_path  # noqa: E402
from .errors import (  # noqa: E402
    BatchError,
    InputError,
    ModelLoadError,
    OptionError,
    SummarizerError,
    TranslationError,
)
from .pipeline import Pipeline, load_pipeline  # noqa: E402
from .result import Bullet, ParagraphResult, Result  # noqa: E402
from .settings import Settings  # noqa: E402

__all__ = [
    "__version__",
    "BatchError",
    "Bullet",
    "Document",
    "InputError",
    "ModelLoadError",
    "OptionError",
    "ParagraphResult",
    "Pipeline",
    "Result",
    "Settings",
    "SummarizerError",
    "TranslationError",
    "load_pipeline",
    "read_document",
    "read_path",
]
