"""Generation engines: the seam "texts in, texts out" between the pipeline and a model runtime."""

from .base import Engine, Generation, GenerationOptions

__all__ = ["Engine", "Generation", "GenerationOptions"]
