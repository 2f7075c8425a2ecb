"""The engines bench's output lengths (bench/engines_bench.py, ``--lengths``): what its tables
count must be what the engines did. No timings are asserted."""

from __future__ import annotations

import pytest

from bench.engines_bench import TimedForced
from summarizer import model_source
from summarizer.engines import load_engine
from summarizer.engines.base import GenerationOptions

TEXTS = [
    "Presiden Joko Widodo meresmikan jalan tol.",
    "Harga beras naik.",
    "Satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas dua belas.",
]


@pytest.mark.parametrize("engine", ["transformers", "ctranslate2"])
@pytest.mark.parametrize("beams", [1, 3])
def test_realistic_and_forced_max_lengths(copy_model: str, engine: str, beams: int) -> None:
    if engine == "ctranslate2":
        pytest.importorskip("ctranslate2")
    raw = load_engine(model_source(copy_model), engine, "cpu")
    wanted = [round(1.3 * n) for n in raw.count_tokens(TEXTS)]
    options = GenerationOptions(beams=beams, max_new_tokens=80)

    realistic = TimedForced(raw, "realistic")
    out = realistic.generate(TEXTS, options)
    assert realistic.useful == sum(wanted)
    if engine == "ctranslate2" and beams > 1:
        # no per-row stop in CTranslate2 beam search: every row runs to the batch's longest
        assert [g.tokens for g in out] == [max(wanted)] * len(TEXTS)
    else:
        assert [g.tokens for g in out] == wanted
    assert realistic.tokens == sum(g.tokens for g in out)

    forced = TimedForced(raw, "forced-max")
    assert [g.tokens for g in forced.generate(TEXTS, options)] == [max(wanted)] * len(TEXTS)
    assert forced.useful == sum(wanted)
