"""Produce system outputs through the public ``summarizer`` API only.

Content selection needs no model: Indonesian sentences are picked with the library's own
``lead``/``textrank`` over the library's own cleaning and sentence splitting, so the numbers
describe what the service would select. Everything with a model goes through
``load_pipeline(settings)``; no tokenizer or engine is touched here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

from summarizer import (
    Document,
    InputError,
    Result,
    RunOptions,
    Settings,
    __version__,
    error_message,
    lead,
    load_pipeline,
    read_document,
    split_sentences,
    textrank,
)

from .data import DataError, SummaryExample, TranslationExample

Progress = Callable[[int, int], None]

SELECTORS: dict[str, Callable[[Sequence[str], int], list[int]]] = {
    "lead": lead,
    "extractive": textrank,
}


def progress_bar(desc: str) -> Progress:
    """A tqdm bar fed by the pipeline's ``(done, total)`` callback; silent when not a terminal."""
    from tqdm import tqdm

    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        bar = state.get("bar")
        if bar is None:
            bar = state["bar"] = tqdm(total=total, desc=desc, file=sys.stderr, disable=None)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return update


def _document(path: str, line: int, text: str, name: str, settings: Settings) -> Document:
    try:
        return read_document(text, name=name, max_bytes=settings.max_input_bytes)
    except InputError as exc:
        raise DataError(f"{path} line {line}: {error_message(exc)}") from exc


def select(
    path: str,
    examples: Sequence[SummaryExample],
    system: str,
    settings: Settings,
    options: RunOptions,
) -> tuple[list[str], dict[str, Any]]:
    """Indonesian sentences chosen by lead-N or TextRank, one per line, in article order."""
    choose = SELECTORS[system]
    outputs = []
    from tqdm import tqdm

    for ex in tqdm(examples, desc=f"select {system}", file=sys.stderr, disable=None):
        doc = _document(path, ex.line, ex.text, ex.id, settings)
        # As the pipeline's bullets do: the body, without a detected headline.
        sentences = [s for p in doc.body for s in split_sentences(p) if s.strip()]
        outputs.append("\n".join(sentences[i] for i in choose(sentences, options.bullets)))
    origin = {
        "system": system,
        "kind": "content selection (Indonesian sentences, no model)",
        "method": f"summarizer.extractive.{choose.__name__}",
        "n": options.bullets,
        "cleaning": "summarizer.read_document (boilerplate lines and a detected headline removed)",
        "segmentation": "summarizer.segment.split_sentences",
        "package": f"summarizer {__version__}",
        "models": None,
    }
    return outputs, origin


def summarize(
    path: str,
    examples: Sequence[SummaryExample],
    system: str,
    settings: Settings,
    options: RunOptions,
) -> tuple[list[str], dict[str, Any], list[Result]]:
    """English bullets from ``Pipeline.run_many`` in ``system`` mode, one bullet per line."""
    options = options.replace(mode=system)
    docs = [_document(path, ex.line, ex.text, ex.id, settings) for ex in examples]
    pipeline = load_pipeline(settings)
    results = pipeline.run_many(docs, options, progress=progress_bar(f"{system} bullets"))
    outputs = ["\n".join(b.text for b in r.bullets) for r in results]
    signature = results[0].signature if results else pipeline.signature(options)
    origin = {"system": system, "kind": "pipeline bullets (English)", "signature": signature}
    return outputs, origin, results


def translate_references(
    path: str, examples: Sequence[SummaryExample], settings: Settings, options: RunOptions
) -> tuple[list[str], dict[str, Any]]:
    """The Indonesian gold summaries in English, by the same translation model, line by line."""
    docs = [
        _document(path, ex.line, "\n\n".join(ex.summary.splitlines()), f"{ex.id}#summary", settings)
        for ex in examples
    ]
    pipeline = load_pipeline(settings)
    results = pipeline.translate_many(docs, options, progress=progress_bar("translate references"))
    refs = ["\n".join(p.translation for p in r.paragraphs) for r in results]
    signature = results[0].signature if results else pipeline.signature(options, summary=False)
    return refs, signature


def translate(
    path: str, examples: Sequence[TranslationExample], settings: Settings, options: RunOptions
) -> tuple[list[str], dict[str, Any], list[Result]]:
    """One English output per source (whitespace collapsed: the metrics tokenise anyway)."""
    docs = [_document(path, ex.line, ex.source, ex.id, settings) for ex in examples]
    pipeline = load_pipeline(settings)
    results = pipeline.translate_many(docs, options, progress=progress_bar("translate"))
    outputs = [" ".join(r.translation.split()) for r in results]
    signature = results[0].signature if results else pipeline.signature(options, summary=False)
    model = signature.get("translation", {}).get("model", settings.mt_model)
    origin = {"system": str(model), "kind": "pipeline translation", "signature": signature}
    return outputs, origin, results
