"""Pipeline: Document → segment → translate → summarise → Result, with a signature on every output.

The CLI, the page, batch runs and eval all go through ``load_pipeline(settings)``; none of them
touches a tokenizer or an engine directly. Every translation and every bullet is checked for
numbers, dates and names that the source does not support (``faithfulness``).
"""

from __future__ import annotations

import dataclasses
import functools
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from .documents import Document
from .engines.base import Engine
from .errors import OptionError, option
from .faithfulness import FAITHFULNESS, bullet_flags, sentence_warnings
from .glossary import Glossary
from .result import BULLET_WARNING, Bullet, FewerBullets, ParagraphResult, Result, SummaryStages
from .segment import split_sentences
from .settings import RunOptions, Settings
from .summarize import (
    SummaryDecoding,
    abstractive_bullets,
    body_sentences,
    fewer_bullets_reason,
    select_bullets,
    summarize_documents,
)
from .translate import Progress, translate_sentences
from .version import __version__


class Pipeline:
    """A translation model (and, for abstractive bullets, a summary model) loaded with fixed
    ``Settings``; each run says what it asks for with ``RunOptions``."""

    def __init__(
        self,
        settings: Settings,
        translator: Engine,
        summary_engine: Engine | None = None,
        *,
        load_summary_engine: Callable[[], Engine] | None = None,
    ) -> None:
        """``summary_engine`` is a loaded engine; ``load_summary_engine`` loads one on first use
        (so that translation-only callers never pay for, or fail on, a summary model)."""
        self.settings = settings
        self.translator = translator
        self._summary_engine = summary_engine
        self._load_summary_engine = load_summary_engine
        self._decoding: SummaryDecoding | None = None
        self._lock = threading.Lock()

    @property
    def summary_engine(self) -> Engine | None:
        """The summary engine (loaded now if it was deferred); None when there is none."""
        if self._summary_engine is None and self._load_summary_engine is not None:
            with self._lock:
                if self._summary_engine is None:
                    self._summary_engine = self._load_summary_engine()
        return self._summary_engine

    @property
    def summary_decoding(self) -> SummaryDecoding:
        """The summary model's own decoding settings (plain beam search if it states none)."""
        if self._decoding is None:
            engine = self.summary_engine
            source = engine.source if engine is not None else None
            self._decoding = SummaryDecoding.from_config(source.decoding if source else {})
        return self._decoding

    def signature(self, options: RunOptions | None = None, summary: bool = True) -> dict[str, Any]:
        """Everything that determines the output, as sacrebleu signs its scores.

        ``summary=False`` leaves out the bullet settings, for translation-only outputs.
        """
        options = options or RunOptions()
        signature: dict[str, Any] = {
            "package": f"summarizer {__version__}",
            "translation": self.translator.describe(),
            "beams": options.beams,
            "segmentation": f"segment/1 max_input_tokens={self.translator.max_input_tokens}",
            "faithfulness": FAITHFULNESS,
        }
        if options.glossary is not None:
            signature["glossary"] = options.glossary.signature()
        if summary:
            signature.update(self.summary_signature(options))
        return signature

    def summary_signature(self, options: RunOptions | None = None) -> dict[str, Any]:
        options = options or RunOptions()
        summary: dict[str, Any] = {"mode": options.mode, "bullets": options.bullets}
        engine = self.summary_engine if options.mode == "abstractive" else None
        if engine is not None:
            summary["model"] = engine.describe()
            summary["chunking"] = f"map-reduce/1 max_input_tokens={engine.max_input_tokens}"
            summary["decoding"] = {
                "beams": options.beams,
                **dataclasses.asdict(self.summary_decoding),
            }
        return {"summary": summary}

    def run(
        self,
        document: Document,
        options: RunOptions | None = None,
        *,
        progress: Progress | None = None,
    ) -> Result:
        """Translation plus bullets (the library's main job)."""
        return self.run_many([document], options, progress=progress)[0]

    def run_many(
        self,
        documents: Sequence[Document],
        options: RunOptions | None = None,
        *,
        progress: Progress | None = None,
    ) -> list[Result]:
        """Translate documents together, then add ``options.bullets`` bullets to each.

        Abstractive summaries of all documents are generated together too (chunks of many
        documents share ``generate`` calls), so batch runs stay fast.
        """
        options = options or RunOptions()
        results = self.translate_many(documents, options, progress=progress)
        start = time.perf_counter()
        stages: list[SummaryStages | None] = [None] * len(results)
        if options.mode == "abstractive":
            stages = list(self._abstracts(results, options))
        signature = self.signature(options)
        for result, stage in zip(results, stages, strict=True):
            skipped: dict[str, int] = {}
            if stage is None:
                bullets = select_bullets(result, options.mode, options.bullets)
            else:
                result.summary = stage
                bullets = [
                    Bullet(text, "abstractive")
                    for text in abstractive_bullets(stage, options.bullets, skipped)
                ]
            if len(bullets) < options.bullets:
                why = fewer_bullets_reason(options.mode, len(body_sentences(result)), skipped)
                result.fewer_bullets = FewerBullets(options.bullets, len(bullets), why)
                result.warnings.append(result.fewer_bullets.message)
            checked = time.perf_counter()
            result.bullets, warnings = check_bullets(result, bullets, options.glossary)
            result.timings["faithfulness_s"] += time.perf_counter() - checked
            result.warnings.extend(warnings)
            result.signature = signature
        elapsed = time.perf_counter() - start
        for result in results:
            result.timings["summarize_s"] = elapsed
        return results

    def _abstracts(self, results: list[Result], options: RunOptions) -> list[SummaryStages]:
        engine = self.summary_engine
        if engine is None:
            raise OptionError(
                "Abstractive summaries need a summary model; load the pipeline with "
                f"load_pipeline(settings), or use {option('mode')} extractive or {option('mode')} lead."
            )
        return summarize_documents(
            engine,
            [[s.translation for s in body_sentences(r)] for r in results],
            beams=options.beams,
            decoding=self.summary_decoding,
            batch_size=max(1, self.settings.batch_size // 4),
            batch_tokens=self.settings.batch_tokens,
        )

    def translate(
        self,
        document: Document,
        options: RunOptions | None = None,
        *,
        progress: Progress | None = None,
    ) -> Result:
        return self.translate_many([document], options, progress=progress)[0]

    def translate_many(
        self,
        documents: Sequence[Document],
        options: RunOptions | None = None,
        *,
        progress: Progress | None = None,
    ) -> list[Result]:
        """Translate several documents with their sentences batched together (full batches).

        Only ``options.beams`` and ``options.glossary`` matter here (bullets need ``run``).
        """
        options = options or RunOptions()
        start = time.perf_counter()
        layout: list[list[list[str]]] = [
            [split_sentences(p) for p in doc.paragraphs] for doc in documents
        ]
        flat = [s for doc in layout for para in doc for s in para]
        segmented = time.perf_counter()
        translated = translate_sentences(
            self.translator,
            flat,
            beams=options.beams,
            batch_size=self.settings.batch_size,
            batch_tokens=self.settings.batch_tokens,
            progress=progress,
        )
        end = time.perf_counter()
        signature = self.signature(options, summary=False)
        results: list[Result] = []
        pos = 0
        for doc, paras in zip(documents, layout, strict=True):
            paragraph_results = []
            for source, sentences in zip(doc.paragraphs, paras, strict=True):
                paragraph_results.append(
                    ParagraphResult(source, tuple(translated[pos : pos + len(sentences)]))
                )
                pos += len(sentences)
            checked = time.perf_counter()
            flags = translation_warnings(paragraph_results, options.glossary)
            faithfulness_s = time.perf_counter() - checked
            results.append(
                Result(
                    paragraphs=paragraph_results,
                    dropped=list(doc.dropped),
                    warnings=list(doc.warnings)
                    + _sentence_warnings(paragraph_results)
                    + flags,
                    signature=signature,
                    timings={
                        "segment_s": segmented - start,
                        "translate_s": end - segmented,
                        "faithfulness_s": faithfulness_s,
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


def check_bullets(
    result: Result, bullets: list[Bullet], glossary: Glossary | None = None
) -> tuple[list[Bullet], list[str]]:
    """Flag bullet facts (numbers, dates, names) that the source article does not support.

    Returns the bullets with their flags and one warning per flagged bullet (the caller adds
    them to ``result.warnings``).
    """
    flags = bullet_flags(
        [s.source for s in result.sentences],
        result.translation,
        [b.text for b in bullets],
        glossary,
    )
    checked: list[Bullet] = []
    warnings: list[str] = []
    for number, (bullet, issues) in enumerate(zip(bullets, flags, strict=True), 1):
        if issues:
            warnings.append(
                f"{BULLET_WARNING}{number}: {'; '.join(issues)}; check it before quoting."
            )
        flagged = tuple(dict.fromkeys([*bullet.flags, *issues]))
        checked.append(Bullet(bullet.text, bullet.mode, flagged))
    return checked, warnings


def translation_warnings(
    paragraphs: list[ParagraphResult], glossary: Glossary | None = None
) -> list[str]:
    """Sentences whose translation lost or added numbers, dates or names (one line each)."""
    return sentence_warnings(
        [(s.source, s.translation) for p in paragraphs for s in p.sentences], glossary
    )


_LOAD_LOCK = threading.Lock()


def load_pipeline(settings: Settings) -> Pipeline:
    """Load the models named by ``settings`` once per process and share them.

    Only what loads keys the cache: every ``RunOptions`` (beams, bullets, mode, glossary) runs
    on the same pipeline. The summary model is needed only for abstractive bullets, and is
    loaded when they are first asked for: extractive and lead bullets, and plain translation,
    need nothing but the translation model. Two first callers never load the same model twice.
    """
    with _LOAD_LOCK:
        return _load_pipeline(settings)


@functools.lru_cache(maxsize=4)
def _load_pipeline(settings: Settings) -> Pipeline:
    from .engines import load_engine
    from .models import model_source

    def load(name: str, role: str) -> Engine:
        return load_engine(model_source(name, role), settings.engine, settings.device)

    translator = load(settings.mt_model, "translation")
    return Pipeline(
        settings, translator, load_summary_engine=lambda: load(settings.sum_model, "summary")
    )
