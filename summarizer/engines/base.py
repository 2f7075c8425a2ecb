"""The engine interface shared by the transformers and CTranslate2 back ends.

The pipeline only ever sees this protocol, so segmentation, batching, ordering and scoring
are written once and every runtime is held to the same invariants.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ..models import ModelSource


@dataclass(frozen=True)
class GenerationOptions:
    """Decoding settings for one ``generate`` call (one length-homogeneous batch)."""

    beams: int = 4
    max_new_tokens: int = 256
    min_new_tokens: int = 0
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0
    # Beam score = log-probability / length**length_penalty; news summarisers use 2.0.
    length_penalty: float = 1.0
    # Whether Generation.score is wanted (summaries do not show it; computing it can cost
    # an extra forward pass). Without it an engine may report 0.0.
    scores: bool = True


@dataclass(frozen=True)
class Generation:
    """One output text with its confidence: the mean log-probability of its tokens."""

    text: str
    score: float
    tokens: int


class Engine(Protocol):
    """A loaded seq2seq model. Implementations must return exactly one Generation per input."""

    name: str
    model_id: str
    max_input_tokens: int
    max_output_tokens: int

    @property
    def source(self) -> ModelSource | None:
        """The resolved model it was loaded from (its conventions and decoding defaults);
        None for engines not loaded from one, such as test doubles."""
        ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Input length of each text in model tokens, special tokens included."""
        ...

    def generate(self, texts: Sequence[str], options: GenerationOptions) -> list[Generation]:
        """Generate one output per input text, in input order."""
        ...

    def describe(self) -> dict[str, Any]:
        """Model id, revision, engine, device and dtype: part of every output's signature."""
        ...
