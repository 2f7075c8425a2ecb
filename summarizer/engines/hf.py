"""transformers engine: AutoTokenizer + AutoModelForSeq2SeqLM + generate().

Handles the per-architecture details (language codes for NLLB/M2M100/mBART, the MADLAD
target prefix) so that the pipeline can treat every seq2seq model alike.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from typing import Any

from ..conventions import setup_languages
from ..errors import OptionError, TranslationError, option
from ..models import ModelSource, load_pretrained
from .base import Generation, GenerationOptions

log = logging.getLogger(__name__)

_UNBOUNDED = 100_000


def pick_device(device: str) -> str:
    """'auto' means CUDA when torch sees a GPU, else CPU."""
    if device != "auto":
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def usable_cores() -> int:
    """CPU cores this process may run on (its affinity mask), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def use_threads(n: int | None = None) -> int:
    """Give the calling thread ``n`` torch intra-op threads (default: the usable cores).

    With torch's OpenMP backend the setting is per thread: a worker thread that has already run
    torch code keeps its own count whatever the main thread sets later, and a count set inside
    a worker applies to that worker only. Servers that generate in worker threads (Gradio,
    thread pools) call this at the start of every request; it is a no-op when already set.
    Returns the count now in effect for the calling thread.
    """
    import torch

    want = usable_cores() if n is None else n
    if want < 1:
        raise OptionError(f"{option('threads')} must be at least 1, got {want}.")
    if torch.get_num_threads() != want:
        torch.set_num_threads(want)
    return int(torch.get_num_threads())


class HFEngine:
    """A loaded transformers seq2seq model behind the Engine protocol."""

    name = "transformers"

    def __init__(
        self, source: ModelSource, tokenizer: Any, model: Any, *, device: str = "cpu"
    ) -> None:
        self.source = source
        self.model_id = source.name
        self.tokenizer = tokenizer
        self.model = model.to(device).eval()
        # Every call passes explicit new-token limits; a model's own total-length limits
        # (opus-mt states max_length=512) would only clash with them and warn on each batch.
        model.generation_config.max_length = None
        model.generation_config.min_length = None
        self.device = device
        self.revision = source.revision
        self._lock = threading.Lock()
        langs = setup_languages(tokenizer, source.model_type, source.name, source.role)
        self.prefix = source.prefix or langs.prefix
        self.forced_bos_token_id: int | None = (
            int(tokenizer.convert_tokens_to_ids(langs.target_token)) if langs.target_token else None
        )
        config = model.config
        limits = [
            int(tokenizer.model_max_length)
            if 0
            < int(getattr(tokenizer, "model_max_length", _UNBOUNDED) or _UNBOUNDED)
            < _UNBOUNDED
            else _UNBOUNDED,
            int(getattr(config, "max_position_embeddings", 0) or _UNBOUNDED),
        ]
        self.max_input_tokens = min(limits) if min(limits) < _UNBOUNDED else 512
        dec_pos = getattr(config, "max_target_positions", None) or getattr(
            config, "max_position_embeddings", None
        )
        self.max_output_tokens = int(dec_pos) - 2 if dec_pos else 512

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        enc = self.tokenizer([self.prefix + t for t in texts], add_special_tokens=True)
        return [len(ids) for ids in enc["input_ids"]]

    def generate(self, texts: Sequence[str], options: GenerationOptions) -> list[Generation]:
        if not texts:
            return []
        import torch

        enc = self.tokenizer(
            [self.prefix + t for t in texts], return_tensors="pt", padding=True
        ).to(self.device)
        # Scores are NOT taken from generate(output_scores=True): that keeps a full-vocabulary
        # copy of every step (batch x beams x steps x 55k floats, ~5 GB for one opus-mt batch).
        # Greedy records the chosen token's log-probability as it goes; beam search rescores
        # the finished outputs in one teacher-forced pass.
        recorder = _ChosenLogProbs() if options.beams == 1 and options.scores else None
        kwargs: dict[str, Any] = {
            "num_beams": options.beams,
            "max_new_tokens": min(options.max_new_tokens, self.max_output_tokens),
            "min_new_tokens": options.min_new_tokens,
            "do_sample": False,
            "return_dict_in_generate": False,
        }
        if recorder is not None:
            from transformers import LogitsProcessorList

            kwargs["logits_processor"] = LogitsProcessorList([recorder])
        if options.beams > 1:
            kwargs["early_stopping"] = True
            kwargs["length_penalty"] = options.length_penalty
        if options.no_repeat_ngram_size:
            kwargs["no_repeat_ngram_size"] = options.no_repeat_ngram_size
        if options.repetition_penalty != 1.0:
            kwargs["repetition_penalty"] = options.repetition_penalty
        if self.forced_bos_token_id is not None:
            kwargs["forced_bos_token_id"] = self.forced_bos_token_id
        try:
            with self._lock, torch.inference_mode():
                sequences = self.model.generate(**enc, **kwargs)
                pad = self.tokenizer.pad_token_id
                # Tokens actually generated (not the decoder start, not padding after EOS).
                gen = sequences[:, 1:]
                mask = gen != pad if pad is not None else torch.ones_like(gen, dtype=torch.bool)
                lengths = mask.sum(dim=1).clamp(min=1)
                if recorder is not None:
                    logps = torch.stack(recorder.steps, dim=1)[:, : gen.shape[1]]
                elif options.scores:
                    logps = self._teacher_forced_logps(enc, sequences)
                else:
                    logps = torch.zeros(gen.shape)
        except (RuntimeError, MemoryError) as exc:
            raise TranslationError(
                f"The model '{self.model_id}' failed while generating ({type(exc).__name__}: "
                f"{str(exc).splitlines()[0][:160] if str(exc) else ''}); try a smaller {option('batch_size')}."
            ) from exc
        m = mask[:, : logps.shape[1]].clone()
        if self.forced_bos_token_id is not None:
            m[:, 0] = False  # the forced language token is not the model's choice
        # Steps after EOS hold padding (possibly -inf): mask, do not multiply.
        logps = torch.where(m, logps.float(), torch.zeros_like(logps, dtype=torch.float))
        scores = logps.sum(dim=1) / m.sum(dim=1).clamp(min=1)
        texts_out = self.tokenizer.batch_decode(sequences, skip_special_tokens=True)
        return [
            Generation(text=t.strip(), score=float(s), tokens=int(n))
            for t, s, n in zip(texts_out, scores.tolist(), lengths.tolist(), strict=True)
        ]

    def _teacher_forced_logps(self, enc: Any, sequences: Any) -> Any:
        """Log-probability of each generated token, from one forward pass per group of rows
        (groups sized so that their logits stay near 256 MB)."""
        import torch

        rows, width = sequences.shape
        vocab = int(self.model.get_output_embeddings().weight.shape[0])
        group = max(1, (64 << 20) // max(1, (width - 1) * vocab))
        parts = []
        for i in range(0, rows, group):
            logits = self.model(
                input_ids=enc["input_ids"][i : i + group],
                attention_mask=enc["attention_mask"][i : i + group],
                decoder_input_ids=sequences[i : i + group, :-1],
            ).logits
            logps = torch.log_softmax(logits.float(), dim=-1)
            parts.append(logps.gather(-1, sequences[i : i + group, 1:, None]).squeeze(-1))
        return torch.cat(parts)

    def describe(self) -> dict[str, Any]:
        return {
            "model": self.model_id,
            "revision": self.revision,
            "engine": self.name,
            "device": self.device,
            "dtype": str(next(self.model.parameters()).dtype).replace("torch.", ""),
            "architecture": self.model.config.model_type,
        }


class _ChosenLogProbs:
    """Logits processor (run last) that records, per step, the log-probability of the token
    greedy search is about to pick: the maximum of the normalised final scores."""

    def __init__(self) -> None:
        self.steps: list[Any] = []

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        import torch

        self.steps.append(torch.log_softmax(scores.float(), dim=-1).max(dim=-1).values)
        return scores


def open_engine(source: ModelSource, device: str = "auto") -> HFEngine:
    """Load a resolved model. Uncached: use ``engines.load_engine``, which shares engines."""
    tokenizer, model = load_pretrained(source)
    return HFEngine(source, tokenizer, model, device=pick_device(device))
