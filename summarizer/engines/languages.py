"""Source/target language conventions of multilingual seq2seq models, found from the tokenizer.

Marian opus-mt models are single-pair and need nothing. NLLB-200, M2M100 and mBART-50 need a
source code on the tokenizer and a forced first target token; MADLAD-400 (T5) a ``<2en>`` prefix.
Shared by every engine so they all translate the same way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from ..errors import ModelLoadError

log = logging.getLogger(__name__)

# (token that identifies the convention, source code, target code)
_LANG_CODES = (
    ("eng_Latn", "ind_Latn", "eng_Latn"),  # NLLB-200
    ("__en__", "id", "en"),  # M2M100
    ("en_XX", "id_ID", "en_XX"),  # mBART-50
)
_MULTILINGUAL = ("m2m_100", "nllb", "nllb_moe", "mbart")


@dataclass(frozen=True)
class LanguageSetup:
    """What a model needs to translate Indonesian into English."""

    target_token: str | None = None  # forced first decoder token (a language code)
    prefix: str = ""  # text prepended to every input


def setup_languages(
    tokenizer: Any, model_type: str, model_id: str, flag: str, translate: bool
) -> LanguageSetup:
    """Configure ``tokenizer`` for id→en and say what generation must force.

    ``translate`` is False for summary models, which keep their own conventions.
    """
    if not translate:
        return LanguageSetup()
    vocab = tokenizer.get_vocab()
    for marker, src, tgt in _LANG_CODES:
        if marker in vocab:
            if hasattr(tokenizer, "src_lang"):
                tokenizer.src_lang = src
            log.info("%s: source %s, target %s", model_id, src, tgt)
            return LanguageSetup(target_token=tgt)
    if "<2en>" in vocab:
        return LanguageSetup(prefix="<2en> ")
    if model_type in _MULTILINGUAL:
        raise ModelLoadError(
            f"Cannot load the model '{model_id}': it is a multilingual {model_type} model but its "
            f"tokenizer has no English language code; pass a Marian, NLLB-200, M2M100 or "
            f"mBART-50 model with {flag}."
        )
    return LanguageSetup()
