"""CTranslate2 engine: the same model, converted once to int8, several times faster on CPU.

Conversion happens on first use into a cache folder keyed by model id, revision and
quantization. It is written to a temporary folder and renamed into place, so two processes
never see a half-converted model. Marian and BART tokenizers are read with ``sentencepiece`` /
``tokenizers`` directly (``engines.tokenizer``), so a converted model translates without
importing torch or transformers; converting needs them, once.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..conventions import setup_languages
from ..errors import ModelLoadError, OptionError, TranslationError, option
from ..models import HOW_TO_FIX, ModelSource
from .base import Generation, GenerationOptions
from .tokenizer import Tokenizer, load_tokenizer

log = logging.getLogger(__name__)

# transformers config classes the CTranslate2 converter handles (encoder-decoder ones).
SUPPORTED_TYPES = frozenset({"marian", "bart", "m2m_100", "mbart", "pegasus", "t5", "mt5", "umt5"})


def available() -> bool:
    try:
        import ctranslate2  # noqa: F401
    except ImportError:
        return False
    return True


def physical_cores() -> int:
    """Physical cores (hyper-threads share a core's vector units, which int8 GEMMs saturate)."""
    try:
        cores = set()
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            phys = core = None
            for line in fh:
                if line.startswith("physical id"):
                    phys = line.split(":")[1].strip()
                elif line.startswith("core id"):
                    core = line.split(":")[1].strip()
                    cores.add((phys, core))
        if cores:
            return len(cores)
    except OSError:
        pass
    return os.cpu_count() or 1


def pick_device(device: str) -> str:
    """'auto' means CUDA when CTranslate2 sees a GPU, else CPU."""
    if device != "auto":
        return device
    import ctranslate2

    return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"


# Overrides the default compute type (for example float32: exact but slower). int8 kernels
# differ between CPUs (AVX2 and AVX-512), so int8 outputs can differ slightly between machines.
COMPUTE_TYPE_ENV = "SUMMARIZER_CT2_COMPUTE_TYPE"
COMPUTE_TYPES = ("int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16", "float16",
                 "bfloat16", "float32")  # fmt: skip


def default_compute_type(device: str) -> str:
    """int8 on CPU, int8_float16 on CUDA, unless ``$SUMMARIZER_CT2_COMPUTE_TYPE`` says otherwise."""
    chosen = os.environ.get(COMPUTE_TYPE_ENV, "").strip()
    if chosen:
        if chosen not in COMPUTE_TYPES:
            raise OptionError(
                f"{COMPUTE_TYPE_ENV}={chosen!r} is not a CTranslate2 compute type; "
                f"use one of {', '.join(COMPUTE_TYPES)}."
            )
        return chosen
    return "int8_float16" if device == "cuda" else "int8"


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "summarizer" / "ct2"


def _converter_compat() -> None:
    """transformers 5 dropped ``BartConfig.normalize_before``, which CTranslate2's BART loader
    still reads (its Marian and Pegasus loaders set it themselves). BART is post-norm."""
    from transformers import BartConfig

    if not hasattr(BartConfig, "normalize_before"):
        BartConfig.normalize_before = False  # type: ignore[attr-defined]


def converted_dir(source: ModelSource, compute_type: str, root: Path | None = None) -> Path:
    """Convert a resolved model once; return the CTranslate2 model folder (keyed by name,
    revision and quantization)."""
    local = source.revision.startswith("local-")
    safe = re.sub(r"[^\w.\-]+", "--", source.folder.name if local else source.name)
    quant = "int8" if compute_type.startswith("int8") else compute_type
    target = (root or cache_root()) / f"{safe}-{source.revision[:16]}-{quant}"
    if (target / "model.bin").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        from ctranslate2.converters import TransformersConverter

        _converter_compat()
        converter = TransformersConverter(
            str(source.folder), low_cpu_mem_usage=True, trust_remote_code=False
        )
        converter.convert(str(tmp), quantization=quant, force=True)
        try:
            os.rename(tmp, target)
        except OSError:  # another process finished first: use its copy
            shutil.rmtree(tmp, ignore_errors=True)
    except Exception as exc:  # noqa: BLE001
        shutil.rmtree(tmp, ignore_errors=True)
        raise ModelLoadError(
            f"Cannot convert the model '{source.name}' for CTranslate2 "
            f"({type(exc).__name__}: {str(exc).splitlines()[0][:160] if str(exc) else ''}); "
            f"use {option('engine')} transformers, or {HOW_TO_FIX}.",
            source.role,
        ) from exc
    return target


class CT2Engine:
    """A CTranslate2 Translator behind the Engine protocol."""

    name = "ctranslate2"

    def __init__(
        self,
        source: ModelSource,
        tokenizer: Tokenizer,
        model_dir: Path,
        *,
        device: str = "cpu",
        compute_type: str | None = None,
        threads: int | None = None,
        max_positions: int = 512,
    ) -> None:
        import ctranslate2

        self.source = source
        self.model_id = source.name
        self.tokenizer = tokenizer
        self.device = device
        self.compute_type = compute_type or default_compute_type(device)
        self.revision = source.revision
        self.model_type = source.model_type
        # language codes are set on the transformers tokenizer when one is needed
        langs = setup_languages(
            getattr(tokenizer, "hf", tokenizer), source.model_type, source.name, source.role
        )
        self.prefix = source.prefix or langs.prefix
        translate = source.role == "translation"
        self.target_prefix = [langs.target_token] if langs.target_token else None
        self.threads = threads or physical_cores()
        # A translation batch holds many sentences: on CPU its rows are split across the cores
        # (one thread per part), which measured faster than splitting every matrix product;
        # a summary batch is one or two long inputs, so it splits the products instead.
        self.split_rows = translate and device == "cpu" and self.threads > 1
        self.translator = ctranslate2.Translator(
            str(model_dir),
            device=device,
            compute_type=self.compute_type,
            inter_threads=self.threads if self.split_rows else 1,
            intra_threads=1 if self.split_rows else self.threads,
        )
        limit = int(tokenizer.model_max_length or 0)
        self.max_input_tokens = min(max_positions, limit) if 0 < limit < 100_000 else max_positions
        self.max_output_tokens = max_positions - 2

    def _tokens(self, texts: Sequence[str]) -> list[list[str]]:
        ids = self.tokenizer.encode([self.prefix + t for t in texts])
        return [self.tokenizer.ids_to_tokens(row) for row in ids]

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        return [len(ids) for ids in self.tokenizer.encode([self.prefix + t for t in texts])]

    def generate(self, texts: Sequence[str], options: GenerationOptions) -> list[Generation]:
        if not texts:
            return []
        source = self._tokens(texts)
        max_length = min(options.max_new_tokens, self.max_output_tokens)
        try:
            results = self.translator.translate_batch(
                source,
                target_prefix=[self.target_prefix] * len(texts) if self.target_prefix else None,
                beam_size=options.beams,
                max_decoding_length=max_length,
                min_decoding_length=max(options.min_new_tokens, 1),
                repetition_penalty=options.repetition_penalty,
                no_repeat_ngram_size=options.no_repeat_ngram_size,
                length_penalty=options.length_penalty,
                return_scores=True,
                max_input_length=0,
                max_batch_size=-(-len(texts) // self.threads) if self.split_rows else 0,
            )
        except (RuntimeError, MemoryError, ValueError) as exc:
            raise TranslationError(
                f"The model '{self.model_id}' failed while generating in CTranslate2 "
                f"({type(exc).__name__}); try {option('engine')} transformers or a smaller "
                f"{option('batch_size')}."
            ) from exc
        outputs = []
        for res in results:
            tokens = res.hypotheses[0]
            if self.target_prefix and tokens[:1] == self.target_prefix:
                tokens = tokens[1:]
            text = self.tokenizer.decode(self.tokenizer.tokens_to_ids(tokens))
            # With length_penalty=1 CTranslate2 already reports the log-prob divided by length
            # (summaries use 2.0; their scores are not shown).
            score = float(res.scores[0])
            # Count the end token, which CTranslate2 does not return, as transformers does;
            # a hypothesis cut at the length limit has none.
            count = min(len(tokens) + 1, max_length)
            outputs.append(Generation(text=text.strip(), score=score, tokens=count))
        return outputs

    def describe(self) -> dict[str, Any]:
        return {
            "model": self.model_id,
            "revision": self.revision,
            "engine": self.name,
            "device": self.device,
            "dtype": self.compute_type,
            "architecture": self.model_type,
            "threads": self.threads,
            "parallel": "rows" if self.split_rows else "operations",
        }


def open_engine(
    source: ModelSource,
    device: str = "cpu",
    compute_type: str | None = None,
    threads: int | None = None,
) -> CT2Engine:
    """Convert (once, cached on disk) and load a resolved model. Uncached: use
    ``engines.load_engine``, which shares engines within the process."""
    if source.model_type not in SUPPORTED_TYPES:
        raise ModelLoadError(
            f"The model '{source.name}' ({source.model_type}) is not supported by CTranslate2; "
            f"use {option('engine')} transformers.",
            source.role,
        )
    tokenizer = load_tokenizer(source)
    compute = compute_type or default_compute_type(device)
    model_dir = converted_dir(source, compute)
    config = source.config
    positions = int(
        getattr(config, "max_position_embeddings", 0) or getattr(config, "n_positions", 0) or 512
    )
    return CT2Engine(
        source,
        tokenizer,
        model_dir,
        device=device,
        compute_type=compute,
        threads=threads,
        max_positions=positions,
    )
