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

from . import __version__
from .documents import Document
from .engines.base import Engine
from .errors import OptionError
from .faithfulness import (
    SourceIndex,
    index_source,
    lowercase_words,
    missing_facts,
    unsupported_facts,
)
from .result import BULLET_WARNING, Bullet, ParagraphResult, Result, SummaryStages
from .segment import split_sentences
from .settings import Settings
from .summarize import (
    SummaryDecoding,
    abstractive_bullets,
    body_sentences,
    select_bullets,
    summarize_documents,
)
from .translate import Progress, translate_sentences

FAITHFULNESS = "faithfulness/1 numbers dates times names"


class Pipeline:
    """A translation model (and, for abstractive bullets, a summary model) with fixed settings."""

    def __init__(
        self,
        settings: Settings,
        translator: Engine,
        summarizer: Engine | Callable[[], Engine] | None = None,
    ) -> None:
        """``summarizer`` is an engine, or a function that loads one on first use (so that
        translation-only callers never pay for, or fail on, a summary model)."""
        self.settings = settings
        self.translator = translator
        self._summarizer = summarizer
        self._decoding: SummaryDecoding | None = None
        self._lock = threading.Lock()

    @property
    def summarizer(self) -> Engine | None:
        """The summary engine (loaded now if it was deferred); None for extractive/lead."""
        if callable(self._summarizer) and not hasattr(self._summarizer, "generate"):
            with self._lock:
                if callable(self._summarizer) and not hasattr(self._summarizer, "generate"):
                    self._summarizer = self._summarizer()
        return self._summarizer  # type: ignore[return-value]

    @property
    def summary_decoding(self) -> SummaryDecoding:
        """The summary model's own decoding settings (plain beam search if it states none)."""
        if self._decoding is None:
            engine = self.summarizer
            self._decoding = (
                SummaryDecoding()
                if engine is None
                else SummaryDecoding.from_config(decoding_config(engine.model_id))
            )
        return self._decoding

    def signature(self, summary: bool = True) -> dict[str, Any]:
        """Everything that determines the output, as sacrebleu signs its scores.

        ``summary=False`` leaves out the bullet settings, for translation-only outputs.
        """
        signature: dict[str, Any] = {
            "package": f"summarizer {__version__}",
            "translation": self.translator.describe(),
            "beams": self.settings.beams,
            "segmentation": f"segment/1 max_input_tokens={self.translator.max_input_tokens}",
            "faithfulness": FAITHFULNESS,
        }
        if summary:
            signature.update(self.summary_signature())
        return signature

    def summary_signature(self) -> dict[str, Any]:
        summary: dict[str, Any] = {"mode": self.settings.mode, "bullets": self.settings.bullets}
        engine = self.summarizer if self.settings.mode == "abstractive" else None
        if engine is not None:
            summary["model"] = engine.describe()
            summary["chunking"] = f"map-reduce/1 max_input_tokens={engine.max_input_tokens}"
            summary["decoding"] = {
                "beams": self.settings.beams,
                **dataclasses.asdict(self.summary_decoding),
            }
        return {"summary": summary}

    def run(self, document: Document, progress: Progress | None = None) -> Result:
        """Translation plus bullets (the library's main job)."""
        return self.run_many([document], progress)[0]

    def run_many(
        self, documents: Sequence[Document], progress: Progress | None = None
    ) -> list[Result]:
        """Translate documents together, then add ``settings.bullets`` bullets to each.

        Abstractive summaries of all documents are generated together too (chunks of many
        documents share ``generate`` calls), so batch runs stay fast.
        """
        results = self.translate_many(documents, progress)
        start = time.perf_counter()
        stages: list[SummaryStages | None] = [None] * len(results)
        if self.settings.mode == "abstractive":
            stages = list(self._abstracts(results))
        signature = self.signature()
        for result, stage in zip(results, stages, strict=True):
            if stage is None:
                bullets = select_bullets(result, self.settings.mode, self.settings.bullets)
            else:
                result.summary = stage
                bullets = [
                    Bullet(text, "abstractive")
                    for text in abstractive_bullets(stage, self.settings.bullets)
                ]
            result.bullets = check_bullets(result, bullets)
            result.signature = signature
        elapsed = time.perf_counter() - start
        for result in results:
            result.timings["summarize_s"] = elapsed
        return results

    def _abstracts(self, results: list[Result]) -> list[SummaryStages]:
        engine = self.summarizer
        if engine is None:
            raise OptionError(
                "Abstractive summaries need a summary model; load the pipeline with "
                "load_pipeline(settings), or use --mode extractive or --mode lead."
            )
        return summarize_documents(
            engine,
            [[s.translation for s in body_sentences(r)] for r in results],
            beams=self.settings.beams,
            decoding=self.summary_decoding,
            batch_size=max(1, self.settings.batch_size // 4),
            batch_tokens=self.settings.batch_tokens,
        )

    def summarize(self, result: Result) -> list[Bullet]:
        """Bullets for one translated document, by ``settings.mode`` (flags checked)."""
        if self.settings.mode in ("lead", "extractive"):
            bullets = select_bullets(result, self.settings.mode, self.settings.bullets)
        else:
            stage = self._abstracts([result])[0]
            result.summary = stage
            bullets = [
                Bullet(text, "abstractive")
                for text in abstractive_bullets(stage, self.settings.bullets)
            ]
        return check_bullets(result, bullets)

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
        signature = self.signature(summary=False)
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
                    warnings=list(doc.warnings)
                    + _sentence_warnings(paragraph_results)
                    + translation_warnings(paragraph_results),
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


def _source_index(result: Result) -> SourceIndex:
    return index_source("\n".join(s.source for s in result.sentences))


def check_bullets(result: Result, bullets: list[Bullet]) -> list[Bullet]:
    """Flag bullet facts (numbers, dates, names) that the source article does not support.

    Each flag names the offending span; a warning per flagged bullet goes to ``result.warnings``.
    """
    source = _source_index(result)
    common = lowercase_words(result.translation)
    checked: list[Bullet] = []
    for number, bullet in enumerate(bullets, 1):
        issues = [
            f"{fact} not in the source" for fact in unsupported_facts(bullet.text, source, common)
        ]
        if issues:
            result.warnings.append(
                f"{BULLET_WARNING}{number}: {'; '.join(issues)}; check it before quoting."
            )
        flags = tuple(dict.fromkeys([*bullet.flags, *issues]))
        checked.append(Bullet(bullet.text, bullet.mode, flags))
    return checked


def translation_warnings(paragraphs: list[ParagraphResult]) -> list[str]:
    """Sentences whose translation lost or added numbers, dates or names (one line each).

    Numbers, dates and times are compared sentence by sentence (the translation of a sentence
    must carry its figures); a name is "added" only if the whole article lacks it.
    """
    sentences = [s for p in paragraphs for s in p.sentences]
    common = lowercase_words(" ".join(s.translation for s in sentences))
    article = index_source("\n".join(s.source for s in sentences))
    warnings: list[str] = []
    for number, s in enumerate(sentences, 1):
        if not s.translation.strip():
            continue
        lost = missing_facts(s.source, s.translation)
        added = unsupported_facts(s.translation, index_source(s.source), common, names=article)
        if not lost and not added:
            continue
        parts = []
        if lost:
            parts.append("drops " + ", ".join(str(f) for f in lost))
        if added:
            parts.append("adds " + ", ".join(str(f) for f in added))
        excerpt = s.source if len(s.source) <= 50 else s.source[:47].rstrip() + "…"
        warnings.append(
            f"Sentence {number} (“{excerpt}”): the translation {' and '.join(parts)}; check it."
        )
    return warnings


def summary_prefix(config: Any) -> str:
    """Input prefix a summariser expects: its config's, or T5's ``summarize: ``."""
    params = getattr(config, "task_specific_params", None) or {}
    prefix = (params.get("summarization") or {}).get("prefix")
    if isinstance(prefix, str):
        return prefix
    if getattr(config, "model_type", "") in ("t5", "mt5", "umt5", "longt5"):
        return "summarize: "
    return ""


def _peek_config(name: str) -> Any:
    """The model's config from a local folder or the cache, or None (load_engine will say why)."""
    try:
        from transformers import AutoConfig

        return AutoConfig.from_pretrained(_local_source(name), local_files_only=True)
    except Exception:  # noqa: BLE001 - not available locally: loading reports it properly
        return None


def decoding_config(name: str) -> dict[str, Any]:
    """Generation settings a model states (generation config, then summarisation params)."""
    config = _peek_config(name)
    if config is None:
        return {}
    values: dict[str, Any] = {}
    try:
        from transformers import GenerationConfig

        values.update(GenerationConfig.from_model_config(config).to_diff_dict())
        ref = _local_source(name)
        values.update(GenerationConfig.from_pretrained(ref, local_files_only=True).to_diff_dict())
    except Exception:  # noqa: BLE001 - no generation_config.json: the model config's values
        pass
    params = getattr(config, "task_specific_params", None) or {}
    values.update(params.get("summarization") or {})
    return values


def _local_source(name: str) -> str:
    from .models import resolve

    ref = resolve(name, "--sum-model")
    return str(ref.local_dir) if ref.local_dir else name


@functools.lru_cache(maxsize=4)
def load_pipeline(settings: Settings) -> Pipeline:
    """Load the models named by ``settings`` once per process and share them.

    The summary model is needed only for abstractive bullets, and is loaded when they are first
    asked for: extractive and lead bullets, and plain translation, need nothing but the
    translation model.
    """
    from .engines import load_engine

    translator = load_engine(settings.mt_model, engine=settings.engine, device=settings.device)
    if settings.mode != "abstractive":
        return Pipeline(settings, translator)

    def load(prefix: str) -> Engine:
        return load_engine(
            settings.sum_model,
            engine=settings.engine,
            device=settings.device,
            flag="--sum-model",
            prefix=prefix,
            translate=False,
        )

    def load_summarizer() -> Engine:
        config = _peek_config(settings.sum_model)
        prefix = summary_prefix(config) if config is not None else ""
        engine = load(prefix)
        if config is None:  # first download: only now can the config say which prefix
            config = _peek_config(settings.sum_model)
            if config is not None and summary_prefix(config) != prefix:
                engine = load(summary_prefix(config))
        return engine

    return Pipeline(settings, translator, load_summarizer)
