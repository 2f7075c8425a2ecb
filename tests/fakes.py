"""A scripted engine for testing orchestration (batching, order, retries) without a model.

It asserts nothing about language: text behaviour is tested with the trained copy model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from summarizer.engines.base import Generation, GenerationOptions


class ScriptedEngine:
    name = "scripted"
    model_id = "scripted"
    source = None

    def __init__(
        self,
        respond: Callable[[str, GenerationOptions], str] = lambda s, o: s.upper(),
        max_input_tokens: int = 64,
    ) -> None:
        self.respond = respond
        self.max_input_tokens = max_input_tokens
        self.max_output_tokens = 256
        self.calls: list[tuple[list[str], GenerationOptions]] = []

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(t.split()) + 1 for t in texts]

    def generate(self, texts: Sequence[str], options: GenerationOptions) -> list[Generation]:
        self.calls.append((list(texts), options))
        return [Generation(self.respond(t, options), -0.1, len(t.split())) for t in texts]

    def describe(self) -> dict[str, Any]:
        return {"model": self.model_id, "engine": self.name}
