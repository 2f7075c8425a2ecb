"""Pipeline settings: one frozen dataclass with explicit defaults.

``Settings.from_env`` is the only place that reads the environment, and only entry points
(CLI, app, eval) call it, so library behaviour never changes behind a caller's back.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import OptionError

DEFAULT_MT_MODEL = "Helsinki-NLP/opus-mt-id-en"
DEFAULT_SUM_MODEL = "sshleifer/distilbart-cnn-12-6"
DEFAULT_MAX_INPUT_BYTES = 1_000_000
MODES = ("abstractive", "extractive", "lead")
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
    """Everything that changes an output. Part of every result's signature."""

    mt_model: str = DEFAULT_MT_MODEL
    sum_model: str = DEFAULT_SUM_MODEL
    engine: str = "auto"
    device: str = "auto"
    beams: int = 4
    # Sentences per generate() call; batches are also capped by total padded tokens.
    batch_size: int = 32
    batch_tokens: int = 6000
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES
    mode: str = "abstractive"
    bullets: int = 4

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise OptionError for values a user could mistype (a usage error, exit 2)."""
        if not 1 <= self.beams <= 16:
            raise OptionError(f"--beams must be between 1 and 16, got {self.beams}.")
        if not 1 <= self.bullets <= 10:
            raise OptionError(f"--bullets must be between 1 and 10, got {self.bullets}.")
        if self.mode not in MODES:
            raise OptionError(f"Unknown mode {self.mode!r}; choose one of {', '.join(MODES)}.")
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
