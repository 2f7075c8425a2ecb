"""What loads and what one run asks for: two frozen dataclasses with explicit defaults.

``Settings`` is what loads (models, engine, device, batching and input limits): it keys the
shared pipeline (``load_pipeline``). ``RunOptions`` is what one run asks for (beams, bullets,
mode, glossary): it is passed to ``Pipeline.run`` and recorded in the result's signature, so
changing it never loads anything. Every default and range is defined here once and read by the
CLI, the page and eval.

``Settings.from_env`` is the only place that reads the environment, and only entry points
(CLI, app, eval) call it, so library behaviour never changes behind a caller's back.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import OptionError, option
from .glossary import Glossary

DEFAULT_MT_MODEL = "Helsinki-NLP/opus-mt-id-en"
DEFAULT_SUM_MODEL = "sshleifer/distilbart-cnn-12-6"
DEFAULT_MAX_INPUT_BYTES = 1_000_000
MODES = ("abstractive", "extractive", "lead")
DEFAULT_MODE = "abstractive"
DEFAULT_BEAMS = 4
BEAMS_RANGE = (1, 16)
DEFAULT_BULLETS = 4
BULLETS_RANGE = (1, 10)
DEFAULT_BATCH_SIZE = 32
ENGINES = ("auto", "transformers", "ctranslate2")
DEVICES = ("auto", "cpu", "cuda")

ENV_VARS = {
    "mt_model": "SUMMARIZER_MT_MODEL",
    "sum_model": "SUMMARIZER_SUM_MODEL",
    "engine": "SUMMARIZER_ENGINE",
    "device": "SUMMARIZER_DEVICE",
    "max_input_bytes": "SUMMARIZER_MAX_INPUT_BYTES",
}


@dataclass(frozen=True)
class Settings:
    """What loads: the models, how they run and the input limits. Keys ``load_pipeline``."""

    mt_model: str = DEFAULT_MT_MODEL
    sum_model: str = DEFAULT_SUM_MODEL
    engine: str = "auto"
    device: str = "auto"
    # Sentences per generate() call; batches are also capped by total padded tokens.
    batch_size: int = DEFAULT_BATCH_SIZE
    batch_tokens: int = 6000
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise OptionError for values a user could mistype (a usage error, exit 2)."""
        if self.engine not in ENGINES:
            raise OptionError(
                f"Unknown engine {self.engine!r}; choose one of {', '.join(ENGINES)}."
            )
        if self.device not in DEVICES:
            raise OptionError(
                f"Unknown device {self.device!r}; choose one of {', '.join(DEVICES)}."
            )
        if self.batch_size < 1 or self.batch_tokens < 1:
            raise OptionError("Batch size and batch tokens must be positive.")
        if self.max_input_bytes < 1:
            raise OptionError("The input size cap must be a positive number of bytes.")
        if not self.mt_model.strip():
            raise OptionError("The translation model name is empty.")
        if not self.sum_model.strip():
            raise OptionError("The summary model name is empty.")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then ``SUMMARIZER_*`` variables, then explicit overrides (None = unset)."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for field, var in ENV_VARS.items():
            raw = env.get(var, "").strip()
            if not raw:
                continue
            if field == "max_input_bytes":
                try:
                    values[field] = int(raw)
                except ValueError as exc:
                    raise OptionError(f"{var} must be a number of bytes, got {raw!r}.") from exc
            else:
                values[field] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class RunOptions:
    """What one run asks for. Recorded in the result's signature; never loads a model."""

    beams: int = DEFAULT_BEAMS
    bullets: int = DEFAULT_BULLETS
    mode: str = DEFAULT_MODE
    glossary: Glossary | None = None

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise OptionError for values a user could mistype (a usage error, exit 2)."""
        low, high = BEAMS_RANGE
        if not low <= self.beams <= high:
            raise OptionError(f"{option('beams')} must be between {low} and {high}, got {self.beams}.")
        low, high = BULLETS_RANGE
        if not low <= self.bullets <= high:
            raise OptionError(
                f"{option('bullets')} must be between {low} and {high}, got {self.bullets}."
            )
        if self.mode not in MODES:
            raise OptionError(f"Unknown mode {self.mode!r}; choose one of {', '.join(MODES)}.")

    @classmethod
    def given(cls, **values: Any) -> RunOptions:
        """Defaults, then the values given (None = unset), as the entry points pass them."""
        return cls(**{k: v for k, v in values.items() if v is not None})

    def replace(self, **changes: Any) -> RunOptions:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Plain values for manifests and reports (the glossary as its signature)."""
        return {
            "beams": self.beams,
            "bullets": self.bullets,
            "mode": self.mode,
            "glossary": self.glossary.signature() if self.glossary is not None else None,
        }
