"""English bullets for a translated article, by mode.

* ``lead`` and ``extractive`` select Indonesian source sentences (first N, or the most central by
  TextRank) and use their translations as bullets: faithful by construction.
* ``abstractive`` rewrites the English translation with a seq2seq news summariser. Articles
  longer than the model's input limit are never truncated: the translation is cut into
  sentence-aligned chunks that fit, each chunk is summarised (map), and the chunk summaries
  are summarised together (reduce), as often as needed. Summary sentences become bullets after
  fragments and near-duplicates are dropped; if too few are left, the chunk summaries top them
  up in article order, so the tail of a long article can still reach the bullets.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .engines.base import Engine, GenerationOptions
from .errors import TranslationError
from .extractive import lead, textrank
from .result import Bullet, Result, SummaryStages
from .segment import split_long, split_sentences
from .translate import SentenceTranslation, generate_exactly, length_batches

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

# Summary length limit when the model does not state one (the CNN/DailyMail BARTs' own).
SUMMARY_MAX_NEW_TOKENS = 142
# Map-reduce rounds before we give up shrinking and keep the last chunk summaries.
MAX_ROUNDS = 4
# Two bullets whose word sets overlap this much (Jaccard) say the same thing.
NEAR_DUPLICATE = 0.6
# ... or when this share of the shorter one's words are in the longer one.
CONTAINED = 0.85

_WORDS = re.compile(r"[^\W_]+", re.UNICODE)
_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
_LEADING_MARKS = re.compile(r"^[\s\-–—•*·>]+")


def body_sentences(result: Result) -> list[SentenceTranslation]:
    """Sentences eligible for bullets: everything except a detected headline."""
    return [s for p in result.body for s in p.sentences if s.translation.strip()]


def select_bullets(result: Result, mode: str, n: int) -> list[Bullet]:
    """Bullets from source sentences chosen by ``lead`` or ``extractive`` selection."""
    sentences = body_sentences(result)
    pick = lead if mode == "lead" else textrank
    chosen = pick([s.source for s in sentences], n)
    return [
        Bullet(
            text=sentences[i].translation,
            mode=mode,
            # a sentence split to fit the model is not suspect; retries and oddities are
            flags=tuple(f for f in sentences[i].flags if not f.startswith("split into")),
        )
        for i in chosen
    ]


# ------------------------------------------------------------------------------ chunking


def chunk_units(units: Sequence[str], engine: Engine, limit: int | None = None) -> list[str]:
    """Join consecutive units (sentences) into chunks that each fit the model's input.

    Chunks are balanced (an article of 2.2 model inputs becomes three chunks of similar size,
    not two full ones and a scrap, which a summariser would pad with invention: we use the
    fewest chunks that fit, with the smallest size that allows that many) and every unit
    stays whole unless it alone is over the limit, when it is split at clause boundaries.
    ``" ".join(chunks) == " ".join(units)`` (whitespace normalised) always holds.
    """
    limit = engine.max_input_tokens if limit is None else limit
    texts = [" ".join(u.split()) for u in units]
    texts = [t for t in texts if t]
    if not texts:
        return []
    overhead = engine.count_tokens([""])[0]
    budget = limit - overhead
    if budget < 1:
        raise TranslationError(
            f"The summary model's input limit ({limit} tokens) leaves no room for text."
        )
    pieces: list[str] = []
    for text, n in zip(texts, engine.count_tokens(texts), strict=True):
        if n <= limit:
            pieces.append(text)
        else:
            pieces.extend(split_long(text, lambda s: engine.count_tokens([s])[0], limit))
    costs = [max(1, n - overhead) for n in engine.count_tokens(pieces)]
    # The fewest chunks that fit, then the smallest chunk size that still gives that many.
    count = len(_pack(costs, budget))
    low, high = max(max(costs), (sum(costs) + len(costs) - 1) // count), budget
    while low < high:
        middle = (low + high) // 2
        if len(_pack(costs, middle)) <= count:
            high = middle
        else:
            low = middle + 1
    chunks = [[pieces[i] for i in group] for group in _pack(costs, low)]
    return [text for chunk in chunks for text in _fit(chunk, engine, limit)]


def _pack(costs: list[int], cap: int) -> list[list[int]]:
    """Greedy sequential packing of unit indices into groups of total cost (plus spaces) <= cap."""
    groups: list[list[int]] = [[]]
    size = 0
    for i, cost in enumerate(costs):
        grown = size + cost + (1 if groups[-1] else 0)
        if groups[-1] and grown > cap:
            groups.append([])
            grown = cost
        groups[-1].append(i)
        size = grown
    return groups


def _fit(chunk: list[str], engine: Engine, limit: int) -> list[str]:
    """Halve a chunk until it fits: token counts of joined text can exceed the sum's estimate."""
    text = " ".join(chunk)
    if len(chunk) == 1 or engine.count_tokens([text])[0] <= limit:
        return [text]
    mid = len(chunk) // 2
    return _fit(chunk[:mid], engine, limit) + _fit(chunk[mid:], engine, limit)


# ------------------------------------------------------------------------------ map-reduce


@dataclass(frozen=True)
class SummaryDecoding:
    """The decoding settings a summariser was tuned with, read from its own config.

    distilbart-cnn and bart-large-cnn ask for trigram blocking (without it they repeat
    themselves), length penalty 2.0 (else they stop after a few words), 56 to 142 tokens. A
    model that states nothing gets plain beam search: blocking trigrams would stop a faithful
    summary from repeating a long institution name.
    """

    max_new_tokens: int = SUMMARY_MAX_NEW_TOKENS
    min_new_tokens: int = 0
    no_repeat_ngram_size: int = 0
    length_penalty: float = 1.0

    @classmethod
    def from_config(cls, values: Mapping[str, Any]) -> SummaryDecoding:
        """From generation-config values (non-default ones, summarisation task params last)."""
        return cls(
            max_new_tokens=int(values.get("max_length") or SUMMARY_MAX_NEW_TOKENS),
            min_new_tokens=int(values.get("min_length") or 0),
            no_repeat_ngram_size=int(values.get("no_repeat_ngram_size") or 0),
            length_penalty=float(values.get("length_penalty") or 1.0),
        )

    def options(self, beams: int) -> GenerationOptions:
        return GenerationOptions(
            beams=beams,
            max_new_tokens=self.max_new_tokens,
            min_new_tokens=self.min_new_tokens,
            no_repeat_ngram_size=self.no_repeat_ngram_size,
            length_penalty=self.length_penalty,
            scores=False,
        )


def _generate_all(
    engine: Engine,
    texts: list[str],
    options: GenerationOptions,
    batch_size: int,
    batch_tokens: int,
) -> list[str]:
    """One summary per text, in order; texts of similar length share a batch."""
    if not texts:
        return []
    lengths = engine.count_tokens(texts)
    order = sorted(range(len(texts)), key=lambda k: (-lengths[k], k))
    outputs: list[str | None] = [None] * len(texts)
    for batch in length_batches(order, lengths, batch_size, batch_tokens):
        gens = generate_exactly(engine, [texts[k] for k in batch], options, "chunk")
        for k, gen in zip(batch, gens, strict=True):
            outputs[k] = gen.text.strip()
    return [o or "" for o in outputs]


def summarize_documents(
    engine: Engine,
    documents: Sequence[Sequence[str]],
    *,
    beams: int = 4,
    decoding: SummaryDecoding | None = None,
    batch_size: int = 8,
    batch_tokens: int = 8192,
    progress: Progress | None = None,
) -> list[SummaryStages]:
    """Map-reduce summaries of many documents (each a list of English sentences).

    Every round sends the chunks of all unfinished documents to the model together, so a
    batch run summarises many short articles in a few large ``generate`` calls.
    """
    options = (decoding or SummaryDecoding()).options(beams)
    chunks = [chunk_units(doc, engine) for doc in documents]
    partials: list[list[str]] = [[] for _ in documents]
    finals: list[str | None] = [None if c else "" for c in chunks]
    rounds = [0] * len(documents)
    current = [list(c) for c in chunks]
    for round_no in range(1, MAX_ROUNDS + 1):
        active = [d for d, f in enumerate(finals) if f is None]
        if not active:
            break
        jobs = [(d, text) for d in active for text in current[d]]
        outputs = _generate_all(engine, [t for _, t in jobs], options, batch_size, batch_tokens)
        if progress:
            progress(round_no, round_no + (1 if any(len(current[d]) > 1 for d in active) else 0))
        by_doc: dict[int, list[str]] = {d: [] for d in active}
        for (d, _), out in zip(jobs, outputs, strict=True):
            by_doc[d].append(out)
        for d in active:
            rounds[d] = round_no
            outs = by_doc[d]
            if round_no == 1:
                partials[d] = outs
            if len(outs) == 1:
                finals[d] = outs[0]
                continue
            joined = " ".join(o for o in outs if o)
            units = split_sentences(joined) or [joined]
            next_chunks = chunk_units(units, engine)
            shrinking = sum(engine.count_tokens(next_chunks)) < sum(engine.count_tokens(current[d]))
            if round_no == MAX_ROUNDS or not shrinking or not next_chunks:
                log.info("document %d: summaries stopped shrinking; keeping %d", d, len(outs))
                finals[d] = joined
            else:
                current[d] = next_chunks
    return [
        SummaryStages(
            chunks=tuple(chunks[d]),
            partials=tuple(partials[d]),
            summary=finals[d] or "",
            rounds=rounds[d],
        )
        for d in range(len(documents))
    ]


# ------------------------------------------------------------------------------ bullets


def fragment_reason(sentence: str) -> str | None:
    """Why a summary sentence is not a usable bullet, or None when it is.

    Summarisers end on half sentences when they hit their length limit, and break quotations
    apart: a bullet must be a whole sentence of at least three words, ending with terminal
    punctuation, starting with a capital or digit, with its quotes and brackets balanced.
    """
    words = _WORDS.findall(sentence)
    if len(words) < 3:
        return "fewer than three words"
    if not _TERMINAL.search(sentence):
        return "no terminal punctuation"
    first = sentence.lstrip("\"'“‘«(")[:1]
    if not (first.isupper() or first.isdigit()):
        return "starts mid-sentence"
    if (
        sentence.count("“") != sentence.count("”")
        or sentence.count('"') % 2
        or sentence.count("(") != sentence.count(")")
        or sentence.count("[") != sentence.count("]")
    ):
        return "unbalanced quotes or brackets"
    return None


def _word_set(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORDS.findall(text))


def near_duplicate(a: str, b: str) -> bool:
    """Same content in other words: high word overlap, or one sentence inside the other."""
    wa, wb = _word_set(a), _word_set(b)
    if not wa or not wb:
        return wa == wb
    common = len(wa & wb)
    return common / len(wa | wb) >= NEAR_DUPLICATE or common / min(len(wa), len(wb)) >= CONTAINED


def pick_bullets(
    candidates: Sequence[str], n: int, skipped: dict[str, int] | None = None
) -> list[str]:
    """The first ``n`` candidate sentences that are whole and say something new.

    ``skipped``, when given, counts the candidates passed over before ``n`` were found:
    ``fragment`` (not a whole sentence) and ``duplicate`` (says what a bullet says).
    """
    chosen: list[str] = []
    for raw in candidates:
        sentence = _LEADING_MARKS.sub("", " ".join(raw.split()))
        why = fragment_reason(sentence)
        if why is not None:
            log.debug("dropped summary sentence (%s): %r", why, sentence)
            if skipped is not None:
                skipped["fragment"] = skipped.get("fragment", 0) + 1
            continue
        if any(near_duplicate(sentence, c) for c in chosen):
            if skipped is not None:
                skipped["duplicate"] = skipped.get("duplicate", 0) + 1
            continue
        chosen.append(sentence)
        if len(chosen) == n:
            break
    return chosen


def abstractive_bullets(
    stages: SummaryStages, n: int, skipped: dict[str, int] | None = None
) -> list[str]:
    """Bullets from the final summary, topped up from the chunk summaries in article order.

    ``skipped`` counts the summary sentences passed over (see ``pick_bullets``).
    """
    candidates = split_sentences(stages.summary)
    if len(stages.partials) > 1:
        candidates += [s for p in stages.partials for s in split_sentences(p)]
    return pick_bullets(candidates, n, skipped)


def fewer_bullets_reason(mode: str, sentences: int, skipped: dict[str, int] | None = None) -> str:
    """Why a run gave fewer bullets than asked, in plain words.

    ``sentences`` is the number of body sentences (lead/extractive pick from them);
    ``skipped`` the abstractive summary sentences passed over.
    """
    if sentences == 0:
        return "the article has no sentences to summarise besides its headline"
    if mode != "abstractive":
        return (
            f"the article has only {sentences} sentence{'s' if sentences != 1 else ''} "
            "to choose from"
        )
    skipped = skipped or {}
    parts = []
    if skipped.get("fragment"):
        count = skipped["fragment"]
        parts.append(
            f"{count} summary sentence{'s were' if count != 1 else ' was'} dropped as "
            "fragments (cut off, or not a whole sentence)"
        )
    if skipped.get("duplicate"):
        count = skipped["duplicate"]
        parts.append(f"{count} repeated {'other bullets' if count != 1 else 'another bullet'}")
    if not parts:
        return "the summary model wrote no more sentences (a short article)"
    return " and ".join(parts)
