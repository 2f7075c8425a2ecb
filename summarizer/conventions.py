"""Model conventions: what a model needs beyond its weights to do our two jobs.

Translation (Indonesian → English): Marian opus-mt models are single-pair and need nothing.
NLLB-200, M2M100 and mBART-50 need a source code on the tokenizer and a forced first target
token; MADLAD-400 (T5) a ``<2en>`` prefix. Summaries: T5-style models want a ``summarize: ``
prefix, and news summarisers state their own decoding (beams, length penalty, trigram
blocking) in their generation config. ``models.model_source`` reads these from the config once;
the engines apply them, so every runtime translates and summarises the same way.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ModelLoadError

log = logging.getLogger(__name__)

# (token that identifies the convention, source code, target code)
_LANG_CODES = (
    ("eng_Latn", "ind_Latn", "eng_Latn"),  # NLLB-200
    ("__en__", "id", "en"),  # M2M100
    ("en_XX", "id_ID", "en_XX"),  # mBART-50
)
_MULTILINGUAL = ("m2m_100", "nllb", "nllb_moe", "mbart")
_T5_TYPES = ("t5", "mt5", "umt5", "longt5")


@dataclass(frozen=True)
class LanguageSetup:
    """What a model needs to translate Indonesian into English."""

    target_token: str | None = None  # forced first decoder token (a language code)
    prefix: str = ""  # text prepended to every input


def setup_languages(tokenizer: Any, model_type: str, name: str, role: str) -> LanguageSetup:
    """Configure ``tokenizer`` for id→en and say what generation must force.

    Summary models keep their own conventions (their prefix comes from ``summary_prefix``).
    """
    if role != "translation":
        return LanguageSetup()
    vocab = tokenizer.get_vocab()
    for marker, src, tgt in _LANG_CODES:
        if marker in vocab:
            if hasattr(tokenizer, "src_lang"):
                tokenizer.src_lang = src
            log.info("%s: source %s, target %s", name, src, tgt)
            return LanguageSetup(target_token=tgt)
    if "<2en>" in vocab:
        return LanguageSetup(prefix="<2en> ")
    if model_type in _MULTILINGUAL:
        raise ModelLoadError(
            f"Cannot load the model '{name}': it is a multilingual {model_type} model but its "
            f"tokenizer has no English language code; pass a Marian, NLLB-200, M2M100 or "
            f"mBART-50 model {ModelLoadError.OPTION}.",
            role,
        )
    return LanguageSetup()


def summary_prefix(config: Any) -> str:
    """Input prefix a summariser expects: its config's, or T5's ``summarize: ``."""
    params = getattr(config, "task_specific_params", None) or {}
    prefix = (params.get("summarization") or {}).get("prefix")
    if isinstance(prefix, str):
        return prefix
    if getattr(config, "model_type", "") in _T5_TYPES:
        return "summarize: "
    return ""


# What ``SummaryDecoding`` reads, with transformers' ``GenerationConfig`` defaults: a value
# equal to its default says nothing, as in ``GenerationConfig.to_diff_dict``.
_GENERATION_DEFAULTS: dict[str, Any] = {
    "max_length": 20,
    "min_length": 0,
    "no_repeat_ngram_size": 0,
    "length_penalty": 1.0,
    "num_beams": 1,
    "early_stopping": False,
}


def summary_decoding(folder: Path, config: Any) -> dict[str, Any]:
    """Generation settings a summariser states: its ``generation_config.json``'s, then its
    summarisation parameters (transformers 5 ignores generation values at the top level of
    ``config.json``, and so does this).

    Read as JSON, not through transformers' ``GenerationConfig``, so that loading a summary
    model on CTranslate2 imports neither transformers nor torch (a test compares the values
    with transformers' own reading)."""
    values: dict[str, Any] = {}
    path = folder / "generation_config.json"
    if path.is_file():
        try:
            values.update(_stated(json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError) as exc:  # a malformed file: the model config's values
            log.debug("%s: generation config not read: %r", folder, exc)
    params = getattr(config, "task_specific_params", None) or {}
    values.update(params.get("summarization") or {})
    return values


def _stated(values: Any) -> dict[str, Any]:
    if not isinstance(values, dict):
        return {}
    return {
        key: values[key]
        for key, default in _GENERATION_DEFAULTS.items()
        if key in values and values[key] is not None and values[key] != default
    }
