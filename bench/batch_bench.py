"""Batch throughput: cross-document batching vs one document at a time.

Both modes run the real ``summarizer.batch.run_batch`` code path (reading, checks, JSONL writes
with fsync, manifest); the only difference is ``group_size``: N documents share the model's
length-sorted batches, or each document is translated on its own (``group_size=1``, which is
what calling ``Pipeline.translate`` per document does). Model loading is excluded.

Models:
* ``copy``: the tiny trained copy model of the tests (``tests/fixtures/copy-marian``), on
  transformers and on CTranslate2 (int8);
* ``random``: a random-weight ``MarianMTModel`` with the opus-mt-id-en architecture (d_model 512,
  6+6 layers, 8 heads, FFN 2048, vocabulary 54,796) and the copy model's tokenizer (4,001
  pieces; the other ids and EOS are suppressed through the output bias). Every row therefore
  decodes to its budget: 2 × the longest input in its batch + 10 tokens, capped at
  ``--max-output`` (32 by default, about a trained model's output for a 16-word sentence; long
  article sentences are cut short) to keep the run short. Both modes pay the same rule. The degeneration retry is switched off (random text
  always looks degenerate, and the retry would time one-sentence calls instead).

Collections (from ``../shared/data``): ``short`` = single-sentence news items
(``mt-news-id-en/valid``), ``articles`` = IndoSum news articles (``indosum-id-id/valid``).

Run: ``.venv/bin/python -m bench.batch_bench`` (see ``--help``); prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
COPY_MODEL = ROOT / "tests" / "fixtures" / "copy-marian"
DATA = ROOT.parent / "shared" / "data"


def collection(name: str, n: int, data: Path) -> list[dict[str, str]]:
    if name == "short":
        path, field = data / "mt-news-id-en" / "valid.jsonl", "source"
    else:
        path, field = data / "indosum-id-id" / "valid.jsonl", "text"
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            rows.append({"id": row["id"], "text": row[field]})
            if len(rows) >= n:
                break
    return rows


def random_marian(tokenizer_dir: Path) -> tuple[Any, Any]:
    """opus-mt-id-en's architecture with random weights; the copy model's tokenizer."""
    import torch
    from transformers import AutoTokenizer, MarianConfig, MarianMTModel

    tokenizer = AutoTokenizer.from_pretrained(str(tokenizer_dir))
    config = MarianConfig(
        vocab_size=54_796,
        d_model=512,
        encoder_layers=6,
        decoder_layers=6,
        encoder_attention_heads=8,
        decoder_attention_heads=8,
        encoder_ffn_dim=2048,
        decoder_ffn_dim=2048,
        max_position_embeddings=512,
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.pad_token_id,
        forced_eos_token_id=None,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
    )
    torch.manual_seed(0)
    model = MarianMTModel(config).eval()
    # The full 54,796-wide output layer is computed; ids the tokenizer cannot decode are
    # suppressed, and so is EOS, so that every row decodes to its max_new_tokens budget.
    # (A -inf in the output bias costs nothing per step, unlike a suppress_tokens list.)
    with torch.no_grad():
        model.final_logits_bias[:, len(tokenizer) :] = float("-inf")
        model.final_logits_bias[:, tokenizer.eos_token_id] = float("-inf")
    return tokenizer, model


def pipeline_for(
    model: str, beams: int, tokenizer_dir: Path = COPY_MODEL, max_output: int = 48
) -> Any:
    """``copy:transformers``, ``copy:ctranslate2`` or ``random:transformers``."""
    from summarizer import Settings
    from summarizer.engines.hf import HFEngine
    from summarizer.models import ModelSource
    from summarizer.pipeline import Pipeline, load_pipeline

    name, _, engine = model.partition(":")
    if name == "copy":
        settings = Settings(mt_model=str(COPY_MODEL), device="cpu", engine=engine)
        return load_pipeline(settings)
    if engine != "transformers":
        raise SystemExit("the random-weight model runs on transformers only")
    import summarizer.translate

    # Random outputs always look degenerate; retrying them would time the retry path instead.
    summarizer.translate.degeneration = lambda source, output: None  # type: ignore[assignment]
    tokenizer, net = random_marian(tokenizer_dir)
    settings = Settings(mt_model="random-opus-mt-id-en", device="cpu")
    source = ModelSource(
        name="random-opus-mt-id-en",
        role="translation",
        folder=tokenizer_dir,
        revision="random",
        model_type=str(net.config.model_type),
        config=net.config,
    )
    hf = HFEngine(source, tokenizer, net, device="cpu")
    hf.max_output_tokens = max_output  # every row decodes at most this many steps
    return Pipeline(settings, hf)


def time_batch(pipeline: Any, src: Path, group_size: int, beams: int) -> tuple[float, int, int]:
    from summarizer import RunOptions
    from summarizer.batch import run_batch

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        summary = run_batch(
            src,
            Path(tmp) / "out",
            pipeline.settings,
            options=RunOptions(beams=beams),
            group_size=group_size,
            load=lambda settings: pipeline,
        )
        seconds = time.perf_counter() - start
    assert summary.failed == 0, "benchmark documents must all succeed"
    return seconds, summary.ok, summary.sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--models",
        default="copy:transformers,copy:ctranslate2,random:transformers",
        help="comma-separated MODEL:ENGINE pairs",
    )
    parser.add_argument("--collections", default="short,articles")
    parser.add_argument("--short-docs", type=int, default=16, help="copy model")
    parser.add_argument("--articles", type=int, default=3, help="copy model")
    parser.add_argument("--random-short-docs", type=int, default=8)
    parser.add_argument("--random-articles", type=int, default=2)
    parser.add_argument(
        "--max-output", type=int, default=32, help="random model: output tokens per batch row"
    )
    parser.add_argument("--group-size", type=int, default=32)
    parser.add_argument("--beams", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument(
        "--tokenizer", type=Path, default=COPY_MODEL, help="tokenizer of the random model"
    )
    args = parser.parse_args()

    import warnings

    import torch
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()
    warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
    torch.set_num_threads(args.threads)
    print(
        f"machine: {platform.machine()}, {torch.get_num_threads()} torch thread(s), "
        f"torch {torch.__version__}, python {platform.python_version()}; beams {args.beams}; "
        f"median of {args.runs} runs; ratio = one-at-a-time s / batch s within each run\n"
    )
    print(
        "| model | collection | docs | sentences | batch docs/s | one-at-a-time docs/s | speed-up |"
    )
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for model in args.models.split(","):
            pipeline = pipeline_for(model, args.beams, args.tokenizer, args.max_output)
            for name in args.collections.split(","):
                if model.startswith("random"):
                    n = args.random_short_docs if name == "short" else args.random_articles
                else:
                    n = args.short_docs if name == "short" else args.articles
                rows = collection(name, n, args.data)
                src = Path(tmp) / f"{name}.jsonl"
                src.write_text(
                    "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8",
                )
                warm = Path(tmp) / "warm.jsonl"
                warm.write_text(src.read_text(encoding="utf-8").split("\n", 2)[0] + "\n")
                time_batch(
                    pipeline, warm, args.group_size, args.beams
                )  # warm-up (allocator, caches)
                batch_s, single_s, ratios = [], [], []
                sentences = 0
                for run in range(args.runs):
                    order = [args.group_size, 1] if run % 2 == 0 else [1, args.group_size]
                    timings = {}
                    for group in order:
                        timings[group], docs, sentences = time_batch(
                            pipeline, src, group, args.beams
                        )
                    batch_s.append(timings[args.group_size])
                    single_s.append(timings[1])
                    ratios.append(timings[1] / timings[args.group_size])
                docs = len(rows)
                print(
                    f"| {model} | {name} | {docs} | {sentences} "
                    f"| {docs / statistics.median(batch_s):.2f} "
                    f"| {docs / statistics.median(single_s):.2f} "
                    f"| {statistics.median(ratios):.2f}× |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
