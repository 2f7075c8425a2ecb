"""Tokenizers without torch or transformers, for the CTranslate2 engine.

Importing transformers (and, through it, torch) costs about 2 s of start-up, which a one-sentence
``summarizer translate`` on CTranslate2 would otherwise pay for 0.04 s of translation. The two
tokenizer kinds our default models use are read here with their own libraries:

- Marian (opus-mt): ``source.spm`` / ``target.spm`` (``sentencepiece``) and ``vocab.json``, as
  transformers' ``MarianTokenizer`` does (pieces mapped through the vocabulary, ``</s>`` appended,
  decoding through the source model unless the vocabularies are separate);
- BART/RoBERTa byte-level BPE with a ``tokenizer.json`` (``tokenizers``).

Any other tokenizer (NLLB, M2M100, mBART, T5, separate Marian vocabularies, a Marian model whose
text needs language codes) falls back to transformers behind the same interface.
``tests/test_tokenizer.py`` checks that token ids, tokens and decoded texts are identical to
transformers' on the fixture models.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ..models import ModelSource

log = logging.getLogger(__name__)

# transformers' "no limit" default for model_max_length
_UNLIMITED = int(1e30)

_MARIAN = frozenset({"MarianTokenizer"})
_BYTE_BPE = frozenset(
    {"BartTokenizer", "BartTokenizerFast", "RobertaTokenizer", "RobertaTokenizerFast"}
)


class Tokenizer(Protocol):
    """What an engine needs from a tokenizer (the special tokens of the model included)."""

    model_max_length: int

    def get_vocab(self) -> dict[str, int]: ...

    def encode(self, texts: Sequence[str]) -> list[list[int]]:
        """Input ids of each text, with the special tokens the model expects."""
        ...

    def ids_to_tokens(self, ids: Sequence[int]) -> list[str]: ...

    def tokens_to_ids(self, tokens: Sequence[str]) -> list[int]: ...

    def decode(self, ids: Sequence[int]) -> str:
        """Text of ``ids``, special tokens skipped."""
        ...


def _clean_up_tokenization(text: str) -> str:
    """transformers' ``clean_up_tokenization`` (used when a tokenizer config asks for it)."""
    return (
        text.replace(" .", ".")
        .replace(" ?", "?")
        .replace(" !", "!")
        .replace(" ,", ",")
        .replace(" ' ", "'")
        .replace(" n't", "n't")
        .replace(" 'm", "'m")
        .replace(" 's", "'s")
        .replace(" 've", "'ve")
        .replace(" 're", "'re")
    )


def _special(config: dict[str, Any], key: str, default: str | None) -> str | None:
    value = config.get(key, default)
    if isinstance(value, dict):  # a serialised AddedToken
        value = value.get("content")
    return value if isinstance(value, str) else default


class MarianSentencePiece:
    """transformers' ``MarianTokenizer`` (shared vocabulary) on ``sentencepiece`` alone."""

    def __init__(self, folder: Path, config: dict[str, Any]) -> None:
        import sentencepiece

        self.vocab: dict[str, int] = json.loads((folder / "vocab.json").read_text("utf-8"))
        self.decoder = {i: t for t, i in self.vocab.items()}
        self.spm = sentencepiece.SentencePieceProcessor()
        self.spm.Load(str(folder / "source.spm"))
        self.unk = _special(config, "unk_token", "<unk>") or "<unk>"
        self.eos = _special(config, "eos_token", "</s>") or "</s>"
        self.pad = _special(config, "pad_token", "<pad>") or "<pad>"
        self.unk_id = self.vocab[self.unk]
        self.eos_id = self.vocab[self.eos]
        specials = [t for t in (self.eos, self.unk, self.pad) if t in self.vocab]
        self.special_ids = frozenset(self.vocab[t] for t in specials)
        # transformers splits the text at its added (special) tokens before SentencePiece.
        self._split = re.compile("(" + "|".join(map(re.escape, specials)) + ")")
        self._specials = frozenset(specials)
        self.model_max_length = int(config.get("model_max_length") or _UNLIMITED)
        self.clean_up = bool(config.get("clean_up_tokenization_spaces", False))

    def get_vocab(self) -> dict[str, int]:
        return dict(self.vocab)

    def _pieces(self, text: str) -> list[str]:
        out: list[str] = []
        for part in self._split.split(text):
            if not part:
                continue
            if part in self._specials:
                out.append(part)
                continue
            if part.startswith(">>") and (end := part.find("<<")) != -1:  # a language code
                out.append(part[: end + 2])
                part = part[end + 2 :]
            out.extend(self.spm.encode(part, out_type=str))
        return out

    def encode(self, texts: Sequence[str]) -> list[list[int]]:
        vocab, unk = self.vocab, self.unk_id
        return [[vocab.get(p, unk) for p in self._pieces(t)] + [self.eos_id] for t in texts]

    def ids_to_tokens(self, ids: Sequence[int]) -> list[str]:
        out = []
        for i in ids:
            token = self.decoder.get(int(i))
            if token is None:
                token = self.spm.IdToPiece(int(i)) or self.unk
            out.append(token)
        return out

    def tokens_to_ids(self, tokens: Sequence[str]) -> list[int]:
        return [self.vocab.get(t, self.unk_id) for t in tokens]

    def decode(self, ids: Sequence[int]) -> str:
        kept = [i for i in ids if int(i) not in self.special_ids]
        text = self.spm.decode_pieces(self.ids_to_tokens(kept)).replace("\u2581", " ").strip()
        return _clean_up_tokenization(text) if self.clean_up else text


class TokenizersJson:
    """A byte-level BPE ``tokenizer.json`` (BART, RoBERTa) on ``tokenizers`` alone."""

    def __init__(self, folder: Path, config: dict[str, Any]) -> None:
        from tokenizers import Tokenizer as Backend

        self.backend = Backend.from_file(str(folder / "tokenizer.json"))
        self.backend.no_truncation()
        self.backend.no_padding()
        self.model_max_length = int(config.get("model_max_length") or _UNLIMITED)
        self.clean_up = bool(config.get("clean_up_tokenization_spaces", False))
        unk = self.backend.token_to_id(_special(config, "unk_token", "<unk>") or "<unk>")
        self.unk_id: int = 0 if unk is None else unk

    def get_vocab(self) -> dict[str, int]:
        return dict(self.backend.get_vocab(with_added_tokens=True))

    def encode(self, texts: Sequence[str]) -> list[list[int]]:
        return [e.ids for e in self.backend.encode_batch(list(texts), add_special_tokens=True)]

    def ids_to_tokens(self, ids: Sequence[int]) -> list[str]:
        return [self.backend.id_to_token(int(i)) or "" for i in ids]

    def tokens_to_ids(self, tokens: Sequence[str]) -> list[int]:
        out = []
        for t in tokens:
            i = self.backend.token_to_id(t)
            out.append(self.unk_id if i is None else i)
        return out

    def decode(self, ids: Sequence[int]) -> str:
        text = self.backend.decode([int(i) for i in ids], skip_special_tokens=True)
        return _clean_up_tokenization(text) if self.clean_up else text


class TransformersTokenizer:
    """Any transformers tokenizer behind the same interface (the fallback)."""

    def __init__(self, hf: Any) -> None:
        self.hf = hf
        self.model_max_length = int(getattr(hf, "model_max_length", 0) or _UNLIMITED)

    def get_vocab(self) -> dict[str, int]:
        return dict(self.hf.get_vocab())

    def encode(self, texts: Sequence[str]) -> list[list[int]]:
        return [list(ids) for ids in self.hf(list(texts), add_special_tokens=True)["input_ids"]]

    def ids_to_tokens(self, ids: Sequence[int]) -> list[str]:
        return list(self.hf.convert_ids_to_tokens(list(ids)))

    def tokens_to_ids(self, tokens: Sequence[str]) -> list[int]:
        return list(self.hf.convert_tokens_to_ids(list(tokens)))

    def decode(self, ids: Sequence[int]) -> str:
        return str(self.hf.decode(list(ids), skip_special_tokens=True))


def _direct(folder: Path) -> Tokenizer | None:
    """The torch-free tokenizer for this folder, or None when transformers is needed."""
    try:
        config = json.loads((folder / "tokenizer_config.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    kind = config.get("tokenizer_class")
    if (
        kind in _MARIAN
        and not config.get("separate_vocabs")
        and all((folder / f).is_file() for f in ("source.spm", "target.spm", "vocab.json"))
    ):
        vocab = json.loads((folder / "vocab.json").read_text("utf-8"))
        if any(t.startswith(">>") and t.endswith("<<") for t in vocab):
            return None  # multilingual target codes: transformers knows their handling
        return MarianSentencePiece(folder, config)
    if kind in _BYTE_BPE and (folder / "tokenizer.json").is_file():
        return TokenizersJson(folder, config)
    return None


def load_tokenizer(source: ModelSource, *, direct: bool = True) -> Tokenizer:
    """The tokenizer of a resolved model: read directly when it is a Marian SentencePiece or a
    byte-level BPE ``tokenizer.json`` (no torch, no transformers), else transformers'."""
    if direct:
        try:
            found = _direct(source.folder)
        except (OSError, ValueError, KeyError, RuntimeError) as exc:
            log.debug("%s: direct tokenizer not loaded (%r); using transformers", source.name, exc)
            found = None
        if found is not None:
            return found
    from ..models import load_tokenizer as load_hf

    return TransformersTokenizer(load_hf(source))
