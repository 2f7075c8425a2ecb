"""Indonesian → English reading service: faithful translations and bullet summaries.

Public API: ``Settings`` (what loads) and ``RunOptions`` (what one run asks for),
``read_document``/``read_path``/``read_upload``/``read_url``, ``load_pipeline(settings)``,
``Pipeline.run(document, options) -> Result`` (translation and bullets; ``run_many`` for
several) and ``Pipeline.translate(document, options) -> Result``; ``read_glossary``/
``parse_glossary`` for ``RunOptions.glossary``; errors derive from ``SummarizerError``.
The command-line options (``runtime_options``, ``input_options``, ``summary_options``, and
``settings_from``/``run_options_from`` to read them) are declared once, for the ``summarizer``
CLI and ``python -m eval``. Clients (the CLI, the page, eval) use nothing else.
"""

from .documents import (
    SUFFIXES,
    SUFFIXES_IN_WORDS,
    UPLOAD_SUFFIXES,
    Document,
    looks_english,
    looks_like_url,
    read_document,
    read_path,
    read_upload,
    read_url,
)
from .engines.hf import usable_cores, use_threads
from .errors import (
    BatchError,
    InputError,
    ModelLoadError,
    OptionError,
    SummarizerError,
    TranslationError,
)
from .extractive import lead, textrank
from .glossary import MAX_GLOSSARY_BYTES, Glossary, parse_glossary, read_glossary
from .models import ModelSource, is_available, model_source
from .options import (
    ENGINE_HELP,
    MODEL_OPTIONS,
    MT_MODEL_HELP,
    SUM_MODEL_HELP,
    ErrorGroup,
    bullets_option,
    cli_option,
    error_message,
    input_options,
    quiet_libraries,
    run_options_from,
    runtime_options,
    settings_from,
    sum_model_option,
    summary_options,
)
from .pipeline import Pipeline, load_pipeline
from .result import Bullet, ParagraphResult, Result
from .segment import split_sentences
from .settings import (
    BEAMS_RANGE,
    BULLETS_RANGE,
    DEFAULT_BEAMS,
    DEFAULT_BULLETS,
    DEFAULT_MAX_INPUT_BYTES,
    DEFAULT_MODE,
    DEVICES,
    ENGINES,
    MODES,
    RunOptions,
    Settings,
)
from .translate import LOW_CONFIDENCE
from .version import __version__

__all__ = [
    "__version__",
    "BEAMS_RANGE",
    "BULLETS_RANGE",
    "BatchError",
    "Bullet",
    "DEFAULT_BEAMS",
    "DEFAULT_MAX_INPUT_BYTES",
    "DEFAULT_BULLETS",
    "DEFAULT_MODE",
    "DEVICES",
    "Document",
    "ErrorGroup",
    "ENGINES",
    "ENGINE_HELP",
    "Glossary",
    "InputError",
    "LOW_CONFIDENCE",
    "MODEL_OPTIONS",
    "MT_MODEL_HELP",
    "MAX_GLOSSARY_BYTES",
    "MODES",
    "ModelLoadError",
    "ModelSource",
    "OptionError",
    "ParagraphResult",
    "Pipeline",
    "Result",
    "RunOptions",
    "SUFFIXES",
    "SUFFIXES_IN_WORDS",
    "SUM_MODEL_HELP",
    "Settings",
    "SummarizerError",
    "TranslationError",
    "UPLOAD_SUFFIXES",
    "bullets_option",
    "cli_option",
    "error_message",
    "input_options",
    "quiet_libraries",
    "is_available",
    "lead",
    "load_pipeline",
    "looks_english",
    "looks_like_url",
    "model_source",
    "parse_glossary",
    "read_document",
    "read_glossary",
    "read_path",
    "read_upload",
    "read_url",
    "run_options_from",
    "runtime_options",
    "settings_from",
    "split_sentences",
    "sum_model_option",
    "summary_options",
    "textrank",
    "usable_cores",
    "use_threads",
]
