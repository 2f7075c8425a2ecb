"""Sentences in, one translation per sentence out: length-sorted batches, order restored.

Invariant (checked at the end of every call): exactly one output per source sentence, in
source order, nothing dropped or duplicated. Sentences longer than the model's input limit are
split at safe points and their pieces rejoined, never truncated.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .engines.base import Engine, Generation, GenerationOptions
from .errors import TranslationError
from .segment import join_pieces, piece_glue, split_long

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

# Retry settings for outputs caught in a repetition loop (a known Marian failure mode).
RETRY_NO_REPEAT_NGRAM = 4
RETRY_REPETITION_PENALTY = 1.3
LOW_CONFIDENCE = -1.5


@dataclass(frozen=True)
class SentenceTranslation:
    """One source sentence and its translation; ``score`` is the mean token log-probability."""

    source: str
    translation: str
    score: float
    flags: tuple[str, ...] = ()
    pieces: int = 1


def _longest_loop(words: list[str]) -> int:
    """Largest number of consecutive repeats of any 1- to 6-word sequence."""
    best = 1
    n_words = len(words)
    for n in range(1, 7):
        i = 0
        while i + 2 * n <= n_words:
            reps = 1
            while words[i + reps * n : i + (reps + 1) * n] == words[i : i + n]:
                reps += 1
            best = max(best, reps)
            i += max(1, (reps - 1) * n) if reps > 1 else 1
    return best


def degeneration(source: str, output: str) -> str | None:
    """Why an output looks degenerate (a repetition loop, or a length far off), else None."""
    out_words = re.findall(r"\w+", output.lower())
    src_words = re.findall(r"\w+", source.lower())
    loop = _longest_loop(out_words)
    if loop >= 4 and loop > _longest_loop(src_words) + 1:
        return f"repetition loop ({loop} repeats)"
    if len(source) >= 30:
        ratio = len(output) / len(source)
        if ratio > 3.0 or ratio < 0.25:
            return f"length ratio {ratio:.2f} is far from the source"
    return None


def length_batches(
    order: list[int], lengths: list[int], batch_size: int, batch_tokens: int
) -> list[list[int]]:
    """Group indices (already sorted by length, longest first) into batches of at most
    ``batch_size`` rows and ``batch_tokens`` padded input tokens (translations and summaries)."""
    batches: list[list[int]] = []
    current: list[int] = []
    width = 0
    for idx in order:
        new_width = max(width, lengths[idx])
        if current and (
            len(current) >= batch_size or new_width * (len(current) + 1) > batch_tokens
        ):
            batches.append(current)
            current, new_width = [], lengths[idx]
        current.append(idx)
        width = new_width
    if current:
        batches.append(current)
    return batches


def beam_budget(batch_size: int, batch_tokens: int, beams: int) -> tuple[int, int]:
    """Rows and padded input tokens per batch when every row carries ``beams`` hypotheses.

    ``batch_size`` and ``batch_tokens`` are the budget at greedy decoding; beam search keeps
    ``beams`` hypotheses (and their attention caches) per row, so a batch holds ``beams`` times
    fewer rows. Measured on CTranslate2 int8 (opus-mt shape, beam 4, bench/README.md "Memory"):
    peak RSS 1,133 -> 556 MB and no slower; outputs are unchanged (tests/test_translate.py).
    """
    b = max(1, beams)
    return max(1, batch_size // b), max(1, batch_tokens // b)


def generate_exactly(
    engine: Engine, texts: list[str], options: GenerationOptions, unit: str
) -> list[Generation]:
    """``engine.generate`` held to one output per input: a miscount is an error, never a guess
    about which ``unit`` (sentence, chunk) an output belongs to."""
    gens = engine.generate(texts, options)
    if len(gens) != len(texts):
        raise TranslationError(
            f"The model '{engine.model_id}' returned {len(gens)} outputs for {len(texts)} "
            f"inputs; refusing to guess which {unit} is which."
        )
    return gens


def max_new_tokens_for(input_tokens: int) -> int:
    """Output budget scaled to the input: generous enough never to cut a faithful translation."""
    return int(math.ceil(input_tokens * 2.0)) + 10


def translate_sentences(
    engine: Engine,
    sentences: Sequence[str],
    *,
    beams: int = 4,
    batch_size: int = 32,
    batch_tokens: int = 6000,
    progress: Progress | None = None,
) -> list[SentenceTranslation]:
    """Translate every sentence; see the module docstring for the invariant.

    ``batch_size`` sentences and ``batch_tokens`` padded input tokens per model call at greedy
    decoding, ``beams`` times fewer with beam search (``beam_budget``).
    """
    limit = engine.max_input_tokens
    counts = engine.count_tokens(list(sentences))
    # Work units: (sentence index, piece). Long sentences become several pieces.
    units: list[tuple[int, str]] = []
    glue: dict[int, list[str]] = {}
    for i, (sentence, n) in enumerate(zip(sentences, counts, strict=True)):
        if not sentence.strip():
            continue
        if n <= limit:
            units.append((i, sentence))
            continue
        pieces = split_long(sentence, lambda s: engine.count_tokens([s])[0], limit)
        log.info(
            "sentence %d has %d tokens (limit %d): split into %d pieces", i, n, limit, len(pieces)
        )
        units.extend((i, p) for p in pieces)
        glue[i] = piece_glue(sentence, pieces)

    texts = [u[1] for u in units]
    lengths = engine.count_tokens(texts)
    order = sorted(range(len(units)), key=lambda k: (-lengths[k], k))
    outputs: list[Generation | None] = [None] * len(units)
    flags: list[list[str]] = [[] for _ in units]
    done = 0
    rows, tokens = beam_budget(batch_size, batch_tokens, beams)
    for batch in length_batches(order, lengths, rows, tokens):
        options = GenerationOptions(
            beams=beams, max_new_tokens=max_new_tokens_for(max(lengths[k] for k in batch))
        )
        gens = generate_exactly(engine, [texts[k] for k in batch], options, "sentence")
        for k, gen in zip(batch, gens, strict=True):
            outputs[k] = gen
        done += len(batch)
        if progress:
            progress(done, len(units))

    for k, maybe in enumerate(outputs):
        assert maybe is not None
        why = degeneration(texts[k], maybe.text)
        if why is None:
            continue
        retry = engine.generate(
            [texts[k]],
            GenerationOptions(
                beams=beams,
                max_new_tokens=max_new_tokens_for(lengths[k]),
                no_repeat_ngram_size=RETRY_NO_REPEAT_NGRAM,
                repetition_penalty=RETRY_REPETITION_PENALTY,
            ),
        )[0]
        still = degeneration(texts[k], retry.text)
        log.warning("degenerate output for unit %d (%s); retried: %s", k, why, still or "ok")
        outputs[k] = retry
        flags[k].append(f"retried: {why}" if still is None else f"suspect output: {still}")

    results: list[SentenceTranslation] = []
    by_sentence: dict[int, list[int]] = {}
    for k, (i, _) in enumerate(units):
        by_sentence.setdefault(i, []).append(k)
    for i, sentence in enumerate(sentences):
        ks = by_sentence.get(i, [])
        if not ks:
            results.append(SentenceTranslation(sentence, "", 0.0))
            continue
        gens_i = [outputs[k] for k in ks]
        weights = [max(g.tokens, 1) for g in gens_i if g is not None]
        score = sum(
            g.score * w for g, w in zip(gens_i, weights, strict=True) if g is not None
        ) / sum(weights)
        sentence_flags = [f for k in ks for f in flags[k]]
        if len(ks) > 1:
            sentence_flags.append(f"split into {len(ks)} pieces to fit the model")
        results.append(
            SentenceTranslation(
                source=sentence,
                translation=join_pieces(
                    [g.text for g in gens_i if g is not None], glue.get(i, [""])
                ),
                score=score,
                flags=tuple(sentence_flags),
                pieces=len(ks),
            )
        )
    if len(results) != len(sentences) or any(
        r.source != s for r, s in zip(results, sentences, strict=True)
    ):
        raise TranslationError(
            "Internal error: translations do not line up with the source sentences."
        )
    return results
