"""Pipeline: Document → segment → translate → Result, with a signature on every output.

The CLI, the page, batch runs and eval all go through ``load_pipeline(settings)``; none of them
touches a tokenizer or an engine directly.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Sequence
from typing import Any

from . import __version__
from .documents import Document
from .engines.base import Engine
from .errors import OptionError
from .result import Bullet, ParagraphResult, Result
from .segment import split_sentences
from .settings import Settings
from .summarize import select_bullets
from .translate import Progress, translate_sentences


class Pipeline:
    """A translation model (and, for bullets, a summary model) with fixed settings."""

    def __init__(self, settings: Settings, translator: Engine) -> None:
        self.settings = settings
        self.translator = translator

    def signature(self) -> dict[str, Any]:
        """Everything that determines the output, as sacrebleu signs its scores."""
        return {
            "package": f"summarizer {__version__}",
            "translation": self.translator.describe(),
            "beams": self.settings.beams,
            "segmentation": f"segment/1 max_input_tokens={self.translator.max_input_tokens}",
        }

    def run(self, document: Document, progress: Progress | None = None) -> Result:
        """Translation plus bullets (the library's main job)."""
        return self.run_many([document], progress)[0]

    def run_many(
        self, documents: Sequence[Document], progress: Progress | None = None
    ) -> list[Result]:
        """Translate documents together, then add ``settings.bullets`` bullets to each."""
        results = self.translate_many(documents, progress)
        for result in results:
            start = time.perf_counter()
            result.bullets = self.summarize(result)
            result.timings["summarize_s"] = time.perf_counter() - start
            result.signature = {**result.signature, **self.summary_signature()}
        return results

    def summary_signature(self) -> dict[str, Any]:
        return {"summary": {"mode": self.settings.mode, "bullets": self.settings.bullets}}

    def summarize(self, result: Result) -> list[Bullet]:
        """Bullets for a translated document, by ``settings.mode``."""
        if self.settings.mode in ("lead", "extractive"):
            return select_bullets(result, self.settings.mode, self.settings.bullets)
        raise OptionError(
            "Abstractive summaries are not available yet; use --mode extractive or --mode lead."
        )

    def translate(self, document: Document, progress: Progress | None = None) -> Result:
        return self.translate_many([document], progress)[0]

    def translate_many(
        self, documents: Sequence[Document], progress: Progress | None = None
    ) -> list[Result]:
        """Translate several documents with their sentences batched together (full batches)."""
        start = time.perf_counter()
        layout: list[list[list[str]]] = [
            [split_sentences(p) for p in doc.paragraphs] for doc in documents
        ]
        flat = [s for doc in layout for para in doc for s in para]
        segmented = time.perf_counter()
        translated = translate_sentences(
            self.translator,
            flat,
            beams=self.settings.beams,
            batch_size=self.settings.batch_size,
            batch_tokens=self.settings.batch_tokens,
            progress=progress,
        )
        end = time.perf_counter()
        signature = self.signature()
        results: list[Result] = []
        pos = 0
        for doc, paras in zip(documents, layout, strict=True):
            paragraph_results = []
            for source, sentences in zip(doc.paragraphs, paras, strict=True):
                paragraph_results.append(
                    ParagraphResult(source, tuple(translated[pos : pos + len(sentences)]))
                )
                pos += len(sentences)
            results.append(
                Result(
                    paragraphs=paragraph_results,
                    dropped=list(doc.dropped),
                    warnings=list(doc.warnings) + _sentence_warnings(paragraph_results),
                    signature=signature,
                    timings={
                        "segment_s": segmented - start,
                        "translate_s": end - segmented,
                        "documents_in_batch": float(len(documents)),
                    },
                    title=doc.title,
                    name=doc.name,
                )
            )
        assert pos == len(translated)
        return results


def _sentence_warnings(paragraphs: list[ParagraphResult]) -> list[str]:
    suspects = [
        s for p in paragraphs for s in p.sentences if any(f.startswith("suspect") for f in s.flags)
    ]
    if not suspects:
        return []
    return [f"{len(suspects)} sentence(s) may be mistranslated (repetition or length); check them."]


@functools.lru_cache(maxsize=4)
def load_pipeline(settings: Settings) -> Pipeline:
    """Load the models named by ``settings`` once per process and share them."""
    from .engines import load_engine

    translator = load_engine(settings.mt_model, engine=settings.engine, device=settings.device)
    return Pipeline(settings, translator)
