"""Engine benchmark (issue #7): transformers vs CTranslate2 int8, engine alone and in the pipeline.

Run ``python -m bench.engines_bench`` (see ``--help`` and bench/README.md, section "Engines").

No pretrained weights are available offline, so the models are random-weight models with the
exact ``Helsinki-NLP/opus-mt-id-en`` configuration (and optionally ``sshleifer/distilbart-cnn-12-6``
for a summary-sized generate call). They are saved with ``save_pretrained`` into a temporary folder
and loaded through the normal path (``summarizer.engines``), CTranslate2 conversion included.
Random weights almost never emit EOS; every ``generate`` call is additionally wrapped so that
``min_new_tokens == max_new_tokens`` and both engines produce the same number of tokens (checked).

Each engine (and beam setting) runs in its own subprocess with ONE intra-op thread
(``torch.set_num_threads(1)``, CTranslate2 ``intra_threads=1``) so that peak RSS and load time
belong to that engine alone and other jobs on the machine distort the numbers as little as possible.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_d98608ce5aebf04f.txt"
TOKENIZER_CANDIDATES = [
    ROOT / "tests" / "fixtures" / "copy-marian",
    Path("/work/main/tests/fixtures/copy-marian"),
]
INDOSUM = Path("/work/shared/data/indosum-id-id/valid.jsonl")

MARIAN = {  # Helsinki-NLP/opus-mt-id-en config.json
    "vocab_size": 54796,
    "decoder_vocab_size": 54796,
    "d_model": 512,
    "encoder_layers": 6,
    "decoder_layers": 6,
    "encoder_attention_heads": 8,
    "decoder_attention_heads": 8,
    "encoder_ffn_dim": 2048,
    "decoder_ffn_dim": 2048,
    "max_position_embeddings": 512,
    "activation_function": "swish",
    "scale_embedding": True,
    "share_encoder_decoder_embeddings": True,
    "static_position_embeddings": True,
    "normalize_before": False,
    "pad_token_id": 54795,
    "decoder_start_token_id": 54795,
    "eos_token_id": 0,
    "forced_eos_token_id": 0,
}
BART = {  # sshleifer/distilbart-cnn-12-6 config.json
    "vocab_size": 50264,
    "d_model": 1024,
    "encoder_layers": 12,
    "decoder_layers": 6,
    "encoder_attention_heads": 16,
    "decoder_attention_heads": 16,
    "encoder_ffn_dim": 4096,
    "decoder_ffn_dim": 4096,
    "max_position_embeddings": 1024,
    "activation_function": "gelu",
    "scale_embedding": False,
    "normalize_before": False,
    "pad_token_id": 1,
    "bos_token_id": 0,
    "eos_token_id": 2,
    "decoder_start_token_id": 2,
    "forced_bos_token_id": 0,
    "forced_eos_token_id": 2,
}


# --------------------------------------------------------------------------- model building


def tokenizer_source(explicit: str | None) -> Path:
    for cand in [Path(explicit)] if explicit else TOKENIZER_CANDIDATES:
        if (cand / "vocab.json").is_file():
            return cand
    raise SystemExit("copy-marian tokenizer fixture not found; pass --tokenizer DIR")


def build_tokenizer(src: Path, out: Path, vocab_size: int, pad_id: int) -> None:
    """The fixture's MarianTokenizer with vocab.json padded by dummy pieces to ``vocab_size``."""
    import shutil

    out.mkdir(parents=True, exist_ok=True)
    for name in ("source.spm", "target.spm", "special_tokens_map.json"):
        shutil.copy(src / name, out / name)
    vocab: dict[str, int] = json.loads((src / "vocab.json").read_text(encoding="utf-8"))
    pad = vocab.pop("<pad>")
    assert pad == len(vocab), "expected <pad> as the last fixture piece"
    for i in range(len(vocab), vocab_size):
        if i != pad_id:
            vocab[f"<d{i}>"] = i
    vocab["<pad>"] = pad_id
    assert sorted(vocab.values()) == list(range(vocab_size))
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    cfg = json.loads((src / "tokenizer_config.json").read_text(encoding="utf-8"))
    cfg["model_max_length"] = 512
    (out / "tokenizer_config.json").write_text(json.dumps(cfg, indent=1), encoding="utf-8")


def build_models(workdir: Path, tok_src: Path, bart: bool) -> dict[str, str]:
    import torch
    from transformers import BartConfig, BartForConditionalGeneration, MarianConfig, MarianMTModel

    torch.manual_seed(0)
    paths: dict[str, str] = {}
    mt = workdir / "opus-mt-id-en-random"
    build_tokenizer(tok_src, mt, MARIAN["vocab_size"], MARIAN["pad_token_id"])
    model = MarianMTModel(MarianConfig(**MARIAN))
    model.generation_config.bad_words_ids = [[MARIAN["pad_token_id"]]]
    model.generation_config.max_length = 512
    model.generation_config.num_beams = 4
    model.save_pretrained(mt)
    paths["mt"] = str(mt)
    if bart:
        sm = workdir / "distilbart-cnn-12-6-random"
        # Reuses the Marian tokenizer (ids 0..2 are special there too); only the shape matters.
        build_tokenizer(tok_src, sm, BART["vocab_size"], BART["pad_token_id"] + 50000)
        cfg = json.loads((sm / "tokenizer_config.json").read_text(encoding="utf-8"))
        cfg["model_max_length"] = 1024
        (sm / "tokenizer_config.json").write_text(json.dumps(cfg, indent=1), encoding="utf-8")
        bmodel = BartForConditionalGeneration(BartConfig(**BART))
        bmodel.save_pretrained(sm)
        paths["sum"] = str(sm)
    return paths


# --------------------------------------------------------------------------- inputs


def load_articles(n_indosum: int) -> list[tuple[str, str]]:
    """(name, raw text): the seed article, then the first ``n_indosum`` IndoSum valid articles."""
    items = [("seed", SEED.read_text(encoding="utf-8"))]
    if n_indosum and INDOSUM.is_file():
        with INDOSUM.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                items.append((row["id"], row["text"]))
                if len(items) > n_indosum:
                    break
    return items


# --------------------------------------------------------------------------- worker side


class TimedForced:
    """Engine wrapper: forces min_new_tokens = max_new_tokens and accumulates generate time."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.model_id = inner.model_id
        self.max_input_tokens = inner.max_input_tokens
        self.max_output_tokens = inner.max_output_tokens
        self.seconds = 0.0
        self.tokens = 0
        self.calls = 0
        self.retries = 0

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self.inner.count_tokens(texts)

    def generate(self, texts: Sequence[str], options: Any) -> list[Any]:
        # The pipeline's budget is 2 x longest input + 10 (max_new_tokens_for); a faithful
        # translation is ~1.3 x its input, so force that length (random weights never stop).
        longest = max(1, (options.max_new_tokens - 10) // 2)
        cap = min(options.max_new_tokens, self.max_output_tokens, math.ceil(1.3 * longest))
        forced = replace(options, max_new_tokens=cap, min_new_tokens=cap)
        start = time.perf_counter()
        out = self.inner.generate(texts, forced)
        self.seconds += time.perf_counter() - start
        self.tokens += sum(g.tokens for g in out)
        self.calls += 1
        self.retries += int(options.no_repeat_ngram_size > 0)
        return out

    def describe(self) -> dict[str, Any]:
        return self.inner.describe()

    def reset(self) -> tuple[float, int, int]:
        got = (self.seconds, self.tokens, self.retries)
        self.seconds, self.tokens, self.retries = 0.0, 0, 0
        return got


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def worker(cfg: dict[str, Any]) -> dict[str, Any]:
    import torch

    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    import summarizer.translate

    # Random-weight outputs are repetition loops, so every sentence would be retried; the retry
    # path is not what is measured here (real models rarely take it).
    summarizer.translate.degeneration = lambda source, output: None
    from summarizer.documents import read_document
    from summarizer.engines.base import GenerationOptions
    from summarizer.pipeline import Pipeline
    from summarizer.segment import split_sentences
    from summarizer.settings import Settings
    from summarizer.translate import max_new_tokens_for, translate_sentences

    engine_name, beams, repeats = cfg["engine"], cfg["beams"], cfg["repeats"]
    rss_before_load = peak_rss_mb()
    start = time.perf_counter()
    if engine_name == "ctranslate2":
        from summarizer.engines import ct2

        raw = ct2.load_engine(cfg["mt"], "cpu", threads=1)
    else:
        from summarizer.engines import load_engine

        raw = load_engine(cfg["mt"], engine="transformers", device="cpu")
    load_s = time.perf_counter() - start
    engine = TimedForced(raw)
    docs = [read_document(text, name=name) for name, text in load_articles(cfg["articles"])]
    sentences = [[s for p in d.paragraphs for s in split_sentences(p)] for d in docs]
    settings = Settings(mt_model=cfg["mt"], engine=engine_name, beams=beams, mode="extractive")
    pipe = Pipeline(settings, engine)  # type: ignore[arg-type]

    def one_at_a_time() -> None:
        for sents in sentences:
            counts = engine.count_tokens(sents)
            for s, n in zip(sents, counts, strict=True):
                cap = max_new_tokens_for(n)
                engine.generate([s], GenerationOptions(beams=beams, max_new_tokens=cap))

    def batched() -> None:
        for sents in sentences:
            translate_sentences(engine, sents, beams=beams)

    def pipe_translate() -> None:
        for d in docs:
            pipe.translate(d)

    def pipe_run() -> None:
        for d in docs:
            pipe.run(d)

    modes = {"batched": batched, "pipeline.translate": pipe_translate, "pipeline.run": pipe_run}
    if engine_name == "transformers" and not cfg["skip_sentence"]:
        modes = {"one-at-a-time": one_at_a_time, **modes}
    results: dict[str, Any] = {}
    for mode, fn in modes.items():
        walls, gens, toks, retries = [], [], [], []
        for _ in range(repeats):
            engine.reset()
            t0 = time.perf_counter()
            fn()
            walls.append(time.perf_counter() - t0)
            g, t, r = engine.reset()
            gens.append(g)
            toks.append(t)
            retries.append(r)
        results[mode] = {"wall": walls, "generate": gens, "tokens": toks, "retries": retries}
        print(f"  [{engine_name} beam {beams}] {mode}: {statistics.median(walls):.2f} s "
              f"({toks[0]} tokens)", file=sys.stderr, flush=True)
    summary: dict[str, Any] = {}
    if cfg.get("sum"):
        summary = summary_generate(cfg, engine_name, sentences[0], repeats)
    return {
        "engine": engine_name,
        "beams": beams,
        "articles": len(docs),
        "sentences": sum(len(s) for s in sentences),
        "input_tokens": sum(sum(raw.count_tokens(s)) for s in sentences),
        "load_s": load_s,
        "rss_before_load_mb": rss_before_load,
        "peak_rss_mb": peak_rss_mb(),
        "describe": raw.describe(),
        "modes": results,
        "summary": summary,
    }


def summary_generate(
    cfg: dict[str, Any], engine_name: str, sentences: list[str], repeats: int
) -> dict[str, Any]:
    """One summary-sized call (whole seed article in, 120 tokens out) on the BART model."""
    from summarizer.engines.base import GenerationOptions

    start = time.perf_counter()
    if engine_name == "ctranslate2":
        from summarizer.engines import ct2

        raw = ct2.load_engine(cfg["sum"], "cpu", threads=1, flag="--sum-model", translate=False)
    else:
        from summarizer.engines import load_engine

        raw = load_engine(cfg["sum"], engine="transformers", device="cpu", flag="--sum-model",
                          translate=False)
    load_s = time.perf_counter() - start
    text = " ".join(sentences)
    n_in = raw.count_tokens([text])[0]
    options = GenerationOptions(beams=cfg["beams"], max_new_tokens=120, min_new_tokens=120)
    walls, toks = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = raw.generate([text], options)
        walls.append(time.perf_counter() - t0)
        toks.append(out[0].tokens)
    return {"load_s": load_s, "input_tokens": n_in, "wall": walls, "tokens": toks,
            "peak_rss_mb": peak_rss_mb()}


# --------------------------------------------------------------------------- orchestrator


def run_worker(cfg: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "bench.engines_bench", "--worker", json.dumps(cfg)]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def convert(mt: str, env: dict[str, str]) -> float:
    code = (
        "import time, torch; torch.set_num_threads(1); t=time.perf_counter();"
        "from summarizer.engines.ct2 import converted_dir;"
        f"converted_dir({mt!r}, 'int8'); print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                         text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def med(xs: Sequence[float]) -> float:
    return float(statistics.median(xs))


def cpu_model() -> str:
    try:
        out = subprocess.run(["lscpu"], stdout=subprocess.PIPE, text=True, check=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name"):
                return line.split(":", 1)[1].strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return platform.processor() or "unknown"


def report(runs: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    lines = [
        f"machine: {meta['cpu']}, {os.cpu_count()} logical CPUs, 1 intra-op thread per process; "
        f"load average at start {meta['load']}",
        f"articles: {runs[0]['articles']} ({runs[0]['sentences']} sentences, "
        f"{runs[0]['input_tokens']} input tokens); repeats: {meta['repeats']} (median); "
        f"CT2 conversion: {meta['convert_s']:.1f} s",
        "",
    ]
    for beams in sorted({r["beams"] for r in runs}, reverse=True):
        group = [r for r in runs if r["beams"] == beams]
        hf = next(r for r in group if r["engine"] == "transformers")
        n = hf["articles"]
        base_a = med(hf["modes"]["one-at-a-time"]["wall"]) if "one-at-a-time" in hf["modes"] else 0
        base_b = med(hf["modes"]["batched"]["wall"])
        lines += [
            f"### beam {beams}" if beams > 1 else "### greedy",
            "",
            "| engine | mode | s/article | generate s/article | overhead | out tok/s "
            "| out tokens | vs (a) | vs (b) |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in group:
            for mode, m in r["modes"].items():
                wall, gen = med(m["wall"]), med(m["generate"])
                over = (wall - gen) / wall if wall else 0.0
                va = f"{base_a / wall:.2f}×" if base_a else "–"
                lines.append(
                    f"| {r['engine']} | {mode} | {wall / n:.2f} | {gen / n:.2f} | {over:.1%} "
                    f"| {m['tokens'][0] / wall:.0f} | {m['tokens'][0]} "
                    f"| {va} | {base_b / wall:.2f}× |"
                )
        lines += ["", "| engine | load s | peak RSS MB (process) |", "|---|---:|---:|"]
        for r in group:
            lines.append(f"| {r['engine']} | {r['load_s']:.2f} | {r['peak_rss_mb']:.0f} |")
        sums = [r for r in group if r["summary"]]
        if sums:
            lines += ["", "summary-sized call (distilbart shape, seed article → 120 tokens):", ""]
            lines += ["| engine | load s | s | out tokens | peak RSS MB (translate+summary) |",
                      "|---|---:|---:|---:|---:|"]
            for r in sums:
                s = r["summary"]
                lines.append(f"| {r['engine']} | {s['load_s']:.2f} | {med(s['wall']):.2f} "
                             f"| {s['tokens'][0]} | {s['peak_rss_mb']:.0f} |")
        # Token-count equality across engines and modes.
        counts = {(r["engine"], mode): m["tokens"] for r in group for mode, m in r["modes"].items()
                  if mode != "one-at-a-time"}
        equal = len({c for v in counts.values() for c in v}) == 1
        retries = {k: max(m["retries"]) for r in group for k, m in
                   [((r["engine"], mode), m) for mode, m in r["modes"].items()]}
        lines += ["", f"output tokens equal across engines and batched modes: {equal} "
                  f"({sorted({c for v in counts.values() for c in v})}); "
                  f"degeneration retries: {retries}", ""]
        ct = next((r for r in group if r["engine"] == "ctranslate2"), None)
        if ct:
            speed = base_b / med(ct["modes"]["pipeline.translate"]["wall"])
            m = ct["modes"]["pipeline.run"]
            over = (med(m["wall"]) - med(m["generate"])) / med(m["wall"])
            lines += [
                f"target: pipeline (CT2) ≥4× transformers batches: {speed:.2f}× — "
                f"{'met' if speed >= 4 else 'NOT met'}",
                f"target: pipeline overhead <10% (CT2, pipeline.run): {over:.1%} — "
                f"{'met' if over < 0.10 else 'NOT met'}",
                f"target: peak RSS of int8 translate process <1.5 GB: {ct['peak_rss_mb']:.0f} MB — "
                f"{'met' if ct['peak_rss_mb'] < 1536 else 'NOT met'}",
                "",
            ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=3, help="IndoSum articles besides the seed")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--beams", type=int, nargs="+", default=[4, 1])
    ap.add_argument("--bart", action="store_true", help="also a distilbart-shaped summary call")
    ap.add_argument("--skip-sentence", action="store_true", help="skip (a) one-at-a-time")
    ap.add_argument("--tokenizer", help="copy-marian fixture folder")
    ap.add_argument("--json", help="write raw results here")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return 0
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="engines-bench-") as tmp:
        env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "XDG_CACHE_HOME": str(Path(tmp) / "cache"), "HF_HUB_OFFLINE": "1",
               "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
        t0 = time.perf_counter()
        paths = build_models(Path(tmp), tokenizer_source(args.tokenizer), args.bart)
        print(f"built models in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        convert_s = convert(paths["mt"], env)
        if "sum" in paths:
            convert(paths["sum"], env)
        runs = []
        for beams in args.beams:
            for engine in ("transformers", "ctranslate2"):
                cfg = {"engine": engine, "beams": beams, "repeats": args.repeats,
                       "articles": args.articles, "skip_sentence": args.skip_sentence, **paths}
                runs.append(run_worker(cfg, env))
                if args.json:
                    Path(args.json).write_text(json.dumps({"runs": runs}, indent=1))
    meta = {"cpu": cpu_model(), "load": load, "repeats": args.repeats, "convert_s": convert_s}
    if args.json:
        Path(args.json).write_text(json.dumps({"meta": meta, "runs": runs}, indent=1))
    print(report(runs, meta))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
