"""Engine benchmark (issue #7): transformers vs CTranslate2 int8, engine alone and in the pipeline.

Run ``python -m bench.engines_bench`` (see ``--help`` and bench/README.md, section "Engines").

No pretrained weights are available offline, so the models are random-weight models with the
exact ``Helsinki-NLP/opus-mt-id-en`` configuration (and optionally ``sshleifer/distilbart-cnn-12-6``
for a summary-sized generate call). They are saved with ``save_pretrained`` into a temporary folder
and loaded through the normal path (``summarizer.engines``), CTranslate2 conversion included.
Random weights almost never emit EOS, so every ``generate`` call is wrapped to stop each output
at a chosen length (``--lengths``): **realistic** stops each sentence at its own
N = round(1.3 x its source tokens) (transformers: a logits processor that forbids EOS before N and
forces it at N, per row; CTranslate2 greedy: a per-step callback that ends the row; CTranslate2
beam search has no per-row stop, so each length-sorted batch runs to its longest N, and the extra
work is reported); **forced-max** (the labelled worst case) runs every row of a batch to the
batch's longest N on both engines. Output token counts are checked across engines.

Each engine (and beam setting) runs in its own subprocess, so that peak RSS and load time belong
to that engine alone, with ONE intra-op thread by default (``--threads``: ``torch.set_num_threads``,
CTranslate2 ``intra_threads``) so that other jobs on the machine distort the numbers as little as
possible.
"""

from __future__ import annotations

import argparse
import json
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
    if not (mt / "config.json").is_file():
        build_tokenizer(tok_src, mt, MARIAN["vocab_size"], MARIAN["pad_token_id"])
        model = MarianMTModel(MarianConfig(**MARIAN))
        model.generation_config.bad_words_ids = [[MARIAN["pad_token_id"]]]
        model.generation_config.max_length = 512
        model.generation_config.num_beams = 4
        model.save_pretrained(mt)
    paths["mt"] = str(mt)
    if bart:
        sm = workdir / "distilbart-cnn-12-6-random"
        if not (sm / "config.json").is_file():
            # Reuses the Marian tokenizer (only the shape matters), with a "<s>" piece because
            # BART (and CTranslate2's BART converter) need a begin-of-sequence token.
            build_tokenizer(tok_src, sm, BART["vocab_size"], BART["pad_token_id"] + 50000)
            vocab = json.loads((sm / "vocab.json").read_text(encoding="utf-8"))
            vocab["<s>"] = vocab.pop("<d50002>")
            (sm / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
            cfg = json.loads((sm / "tokenizer_config.json").read_text(encoding="utf-8"))
            cfg["model_max_length"] = 1024
            cfg["bos_token"] = "<s>"
            (sm / "tokenizer_config.json").write_text(json.dumps(cfg, indent=1), encoding="utf-8")
            bmodel = BartForConditionalGeneration(BartConfig(**BART))
            bmodel.save_pretrained(sm)
        paths["sum"] = str(sm)
    return paths


# --------------------------------------------------------------------------- inputs


def load_sets(n_indosum: int) -> dict[str, list[tuple[str, str]]]:
    """Input sets of (name, raw text): the seed article, and the first ``n_indosum`` IndoSum
    valid articles (reported separately: one long article vs a collection of typical ones)."""
    sets = {"seed": [("seed", SEED.read_text(encoding="utf-8"))]}
    if n_indosum:
        if not INDOSUM.is_file():
            raise SystemExit(f"{INDOSUM} not found; use --articles 0")
        items: list[tuple[str, str]] = []
        with INDOSUM.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                items.append((row["id"], row["text"]))
                if len(items) == n_indosum:
                    break
        sets[f"indosum-{n_indosum}"] = items
    return sets


# --------------------------------------------------------------------------- worker side


class _RowLengths:
    """transformers logits processor: row i emits no EOS before its ``N_i``-th token and EOS
    exactly there (rows are batch x beams, in that order)."""

    def __init__(self, targets: list[int], beams: int, eos: int) -> None:
        import torch

        self.targets = torch.tensor(targets).repeat_interleave(beams)
        self.eos = eos

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        done = input_ids.shape[1] - 1  # tokens generated so far (after the start token)
        stop = self.targets - 1 == done
        scores[~stop, self.eos] = float("-inf")
        if bool(stop.any()):
            keep = scores[stop, self.eos].clone()
            scores[stop] = float("-inf")
            scores[stop, self.eos] = keep.clamp(min=-1e4)
        return scores


class _StopRows:
    """CTranslate2 Translator proxy: greedy rows end at their own length (per-step callback)."""

    def __init__(self, translator: Any, targets: list[int]) -> None:
        self.translator, self.targets = translator, targets

    def translate_batch(self, source: Any, **kw: Any) -> Any:
        targets = self.targets
        kw["callback"] = lambda step: step.step >= targets[step.batch_id] - 2
        return self.translator.translate_batch(source, **kw)


class TimedForced:
    """Engine wrapper: makes random-weight outputs stop at a chosen length (``lengths``:
    "realistic" per row, "forced-max" the batch's longest) and accumulates generate time.
    ``fixed``: every row's N (a summary's length) instead of 1.3 x its source tokens."""

    def __init__(self, inner: Any, lengths: str = "forced-max", fixed: int | None = None) -> None:
        self.inner = inner
        self.lengths = lengths
        self.fixed = fixed
        self.useful = 0  # sum of the per-row lengths N_i (what real outputs would need)
        self.name = inner.name
        self.model_id = inner.model_id
        self.source = inner.source
        self.max_input_tokens = inner.max_input_tokens
        self.max_output_tokens = inner.max_output_tokens
        self.seconds = 0.0
        self.tokens = 0
        self.calls = 0
        self.retries = 0

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self.inner.count_tokens(texts)

    def generate(self, texts: Sequence[str], options: Any) -> list[Any]:
        # A faithful translation is ~1.3 x its input: N_i = round(1.3 x source tokens), within
        # the pipeline's budget (2 x longest input + 10) and the model's output limit.
        limit = min(options.max_new_tokens, self.max_output_tokens)
        if self.fixed is not None:
            targets = [min(limit, self.fixed)] * len(texts)
        else:
            counts = self.inner.count_tokens(list(texts))
            targets = [max(2, min(limit, round(1.3 * n))) for n in counts]
        cap = max(targets)
        self.useful += sum(targets)
        realistic = self.lengths == "realistic"
        start = time.perf_counter()
        if realistic and self.name == "transformers":
            out = self._hf_rows(texts, replace(options, max_new_tokens=cap), targets)
        elif realistic and options.beams == 1:  # CTranslate2 greedy: a per-step stop
            translator = self.inner.translator
            self.inner.translator = _StopRows(translator, targets)
            try:
                forced = replace(options, max_new_tokens=cap, min_new_tokens=cap)
                out = self.inner.generate(texts, forced)
            finally:
                self.inner.translator = translator
        else:  # forced-max, and CTranslate2 beam search: the batch's longest N for every row
            out = self.inner.generate(
                texts, replace(options, max_new_tokens=cap, min_new_tokens=cap)
            )
        self.seconds += time.perf_counter() - start
        self.tokens += sum(g.tokens for g in out)
        self.calls += 1
        self.retries += int(options.no_repeat_ngram_size > 0)
        return out

    def _hf_rows(self, texts: Sequence[str], options: Any, targets: list[int]) -> list[Any]:
        from transformers import LogitsProcessorList

        model = self.inner.model
        plain = model.generate
        rows = _RowLengths(targets, options.beams, int(model.generation_config.eos_token_id))

        def generate(**kw: Any) -> Any:
            # first, so that the greedy score recorder sees the forced choice
            kw["logits_processor"] = LogitsProcessorList([rows, *kw.get("logits_processor", [])])
            return plain(**kw)

        model.generate = generate
        try:
            return list(self.inner.generate(texts, options))
        finally:
            del model.generate

    def describe(self) -> dict[str, Any]:
        return self.inner.describe()

    def reset(self) -> tuple[float, int, int, int]:
        got = (self.seconds, self.tokens, self.retries, self.useful)
        self.seconds, self.tokens, self.retries, self.useful = 0.0, 0, 0, 0
        return got


def peak_rss_mb() -> float:
    """This process's peak resident set (MB). ``VmHWM`` belongs to the process's own memory
    map; ``ru_maxrss`` would also count its parent's size at fork (Linux keeps it across exec),
    so a worker started by a bench that built a 1.9 GB model would report at least that."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def worker(cfg: dict[str, Any]) -> dict[str, Any]:
    import torch

    threads = int(cfg.get("threads", 1))
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    import summarizer.translate

    # Random-weight outputs are repetition loops, so every sentence would be retried; the retry
    # path is not what is measured here (real models rarely take it).
    summarizer.translate.degeneration = lambda source, output: None
    from summarizer.documents import read_document
    from summarizer.engines.base import GenerationOptions
    from summarizer.pipeline import Pipeline
    from summarizer.segment import split_sentences
    from summarizer.settings import RunOptions, Settings
    from summarizer.translate import max_new_tokens_for, translate_sentences

    engine_name, beams, repeats = cfg["engine"], cfg["beams"], cfg["repeats"]
    rss_before_load = peak_rss_mb()
    start = time.perf_counter()
    from summarizer.engines import load_engine
    from summarizer.models import model_source

    source = model_source(cfg["mt"], "translation")
    if engine_name == "ctranslate2":
        raw = load_engine(source, "ctranslate2", "cpu", threads=threads)
    else:
        raw = load_engine(source, "transformers", "cpu")
    load_s = time.perf_counter() - start
    engine = TimedForced(raw, cfg.get("lengths", "forced-max"))
    settings = Settings(mt_model=cfg["mt"], engine=engine_name)
    options = RunOptions(beams=beams, mode="extractive")
    pipe = Pipeline(settings, engine)  # type: ignore[arg-type]
    sets: dict[str, Any] = {}
    for set_name, items in load_sets(cfg["articles"]).items():
        docs = [read_document(text, name=name) for name, text in items]
        sentences = [[s for p in d.paragraphs for s in split_sentences(p)] for d in docs]

        def one_at_a_time(sentences: list[list[str]] = sentences) -> None:
            for sents in sentences:
                counts = engine.count_tokens(sents)
                for s, n in zip(sents, counts, strict=True):
                    cap = max_new_tokens_for(n)
                    engine.generate([s], GenerationOptions(beams=beams, max_new_tokens=cap))

        def batched(sentences: list[list[str]] = sentences) -> None:
            for sents in sentences:
                translate_sentences(engine, sents, beams=beams)

        def pipe_run(docs: list[Any] = docs) -> None:
            for d in docs:
                pipe.run(d, options)

        modes = {"(b/c) batches": batched, "(d) pipeline.run": pipe_run}
        if engine_name == "transformers" and set_name in cfg["sentence_sets"]:
            modes = {"(a) one at a time": one_at_a_time, **modes}
        results: dict[str, Any] = {}
        for mode, fn in modes.items():
            walls, gens, toks, retries, useful = [], [], [], [], []
            for _ in range(repeats):
                engine.reset()
                t0 = time.perf_counter()
                fn()
                walls.append(time.perf_counter() - t0)
                g, t, r, u = engine.reset()
                gens.append(g)
                toks.append(t)
                retries.append(r)
                useful.append(u)
            results[mode] = {
                "wall": walls,
                "generate": gens,
                "tokens": toks,
                "retries": retries,
                "useful": useful,
            }
            print(
                f"  [{engine_name} beam {beams} {set_name}] {mode}: "
                f"{statistics.median(walls):.2f} s ({toks[0]} tokens)",
                file=sys.stderr,
                flush=True,
            )
        sets[set_name] = {
            "articles": len(docs),
            "sentences": sum(len(s) for s in sentences),
            "input_tokens": sum(sum(raw.count_tokens(s)) for s in sentences),
            "modes": results,
        }
    translate_peak = peak_rss_mb()  # before any summary model is loaded
    summary: dict[str, Any] = {}
    if cfg.get("sum"):
        seed = read_document(SEED.read_text(encoding="utf-8"), name="seed")
        summary = summary_generate(
            cfg, engine_name, [s for p in seed.paragraphs for s in split_sentences(p)], repeats
        )
    return {
        "engine": engine_name,
        "beams": beams,
        "lengths": cfg.get("lengths", "forced-max"),
        "load_s": load_s,
        "rss_before_load_mb": rss_before_load,
        "peak_rss_mb": translate_peak,
        "describe": raw.describe(),
        "sets": sets,
        "summary": summary,
    }


def summary_generate(
    cfg: dict[str, Any], engine_name: str, sentences: list[str], repeats: int
) -> dict[str, Any]:
    """One summary-sized call (whole seed article in, 120 tokens out) on the BART model."""
    from summarizer.engines.base import GenerationOptions

    start = time.perf_counter()
    from summarizer.engines import load_engine
    from summarizer.models import model_source

    source = model_source(cfg["sum"], "summary")
    if engine_name == "ctranslate2":
        raw = load_engine(source, "ctranslate2", "cpu", threads=cfg.get("threads", 1))
    else:
        raw = load_engine(source, "transformers", "cpu")
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
    return {
        "load_s": load_s,
        "input_tokens": n_in,
        "wall": walls,
        "tokens": toks,
        "peak_rss_mb": peak_rss_mb(),
    }


# --------------------------------------------------------------------------- orchestrator


def run_worker(cfg: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "bench.engines_bench", "--worker", json.dumps(cfg)]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def bench_env(threads: int, workdir: Path) -> dict[str, str]:
    """The environment of a bench's workers: ``threads`` per process, converted models cached
    in ``workdir``, nothing asked of the hub."""
    return {
        **os.environ,
        "OMP_NUM_THREADS": str(threads),
        "MKL_NUM_THREADS": str(threads),
        "XDG_CACHE_HOME": str(workdir / "cache"),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }


def convert(mt: str, env: dict[str, str]) -> float:
    code = (
        "import time, torch; torch.set_num_threads(1); t=time.perf_counter();"
        "from summarizer.engines.ct2 import converted_dir;"
        "from summarizer.models import model_source;"
        f"converted_dir(model_source({mt!r}), 'int8'); print(time.perf_counter()-t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
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
        f"machine: {meta['cpu']}, {os.cpu_count()} logical CPUs, {meta['threads']} intra-op "
        "thread(s) per process; "
        f"load average at start {meta['load']}, at end {meta['load_end']}",
        f"repeats: {meta['repeats']} (median); CT2 int8 conversion of the MT model: "
        f"{meta['convert_s']:.1f} s",
        "",
    ]
    keys = sorted({(r["beams"], r.get("lengths", "forced-max")) for r in runs})
    for beams, lengths in keys:
        group = [
            r for r in runs if (r["beams"], r.get("lengths", "forced-max")) == (beams, lengths)
        ]
        hf = next(r for r in group if r["engine"] == "transformers")
        ct = next((r for r in group if r["engine"] == "ctranslate2"), None)
        title = (f"beam {beams}" if beams > 1 else "greedy") + (
            ", realistic lengths" if lengths == "realistic" else ", forced-max lengths (worst case)"
        )
        for set_name, info in hf["sets"].items():
            n = info["articles"]
            hf_modes = hf["sets"][set_name]["modes"]
            base_a = (
                med(hf_modes["(a) one at a time"]["wall"])
                if "(a) one at a time" in hf_modes
                else 0.0
            )
            base_b = med(hf_modes["(b/c) batches"]["wall"])
            lines += [
                f"### {title}, {set_name}: {n} article(s), {info['sentences']} sentences, "
                f"{info['input_tokens']} input tokens",
                "",
                "| engine | mode | s/article | generate s/article | overhead | out tok/s "
                "| out tokens | computed tokens | vs (a) | vs (b) |",
                "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
            ]
            for r in group:
                for mode, m in r["sets"][set_name]["modes"].items():
                    wall, gen = med(m["wall"]), med(m["generate"])
                    over = (wall - gen) / wall if wall else 0.0
                    va = f"{base_a / wall:.2f}×" if base_a else "–"
                    label = mode.replace("(b/c)", "(b)" if r["engine"] == "transformers" else "(c)")
                    useful = m.get("useful", m["tokens"])[0]
                    lines.append(
                        f"| {r['engine']} | {label} | {wall / n:.2f} | {gen / n:.2f} | {over:.1%} "
                        f"| {useful / wall:.0f} | {useful} | {m['tokens'][0]} "
                        f"| {va} | {base_b / wall:.2f}× |"
                    )
            counts = {
                (r["engine"], mode): m.get("useful", m["tokens"])
                for r in group
                for mode, m in r["sets"][set_name]["modes"].items()
                if "(a)" not in mode
            }
            values = sorted({c for v in counts.values() for c in v})
            retries = max(
                max(m["retries"]) for r in group for m in r["sets"][set_name]["modes"].values()
            )
            lines += [
                "",
                f"output tokens equal across engines and batched modes: "
                f"{len(values) == 1} ({values}); degeneration retries: {retries}",
            ]
            for r in group:
                for mode, m in r["sets"][set_name]["modes"].items():
                    extra = m["tokens"][0] / max(1, m.get("useful", m["tokens"])[0]) - 1
                    if "(a)" not in mode and abs(extra) > 0.005:
                        lines.append(
                            f"- {r['engine']} {mode}: {extra:+.0%} tokens computed beyond the "
                            "per-sentence lengths (rows run to their batch's longest)"
                        )
            lines.append("")
            if ct:
                m = ct["sets"][set_name]["modes"]["(d) pipeline.run"]
                speed = base_b / med(m["wall"])
                over = (med(m["wall"]) - med(m["generate"])) / med(m["wall"])
                lines += [
                    f"- target: pipeline.run on CT2 ≥4× transformers batches (b): {speed:.2f}× — "
                    f"{'met' if speed >= 4 else 'NOT met'}",
                    f"- target: pipeline overhead <10% (CT2 pipeline.run): {over:.1%} — "
                    f"{'met' if over < 0.10 else 'NOT met'}",
                    "",
                ]
        lines += [
            f"### {title}: load time and memory",
            "",
            "| engine | MT load s | peak RSS MB, translate process "
            "| summary model load s | summary call s (seed → 120 tokens) "
            "| peak RSS MB, translate + summary |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for r in group:
            s = r["summary"]
            extra = (
                f"{s['load_s']:.2f} | {med(s['wall']):.2f} | {s['peak_rss_mb']:.0f}"
                if s
                else "– | – | –"
            )
            lines.append(
                f"| {r['engine']} | {r['load_s']:.2f} | {r['peak_rss_mb']:.0f} | {extra} |"
            )
        if ct and ct["summary"]:
            peak = ct["summary"]["peak_rss_mb"]
            lines += [
                "",
                f"- target: peak RSS of an int8 translate + summary process <1.5 GB: "
                f"{peak:.0f} MB — {'met' if peak < 1536 else 'NOT met'}",
            ]
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20, help="IndoSum articles (a second set)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--beams", type=int, nargs="+", default=[1])
    ap.add_argument("--bart", action="store_true", help="also a distilbart-shaped summary call")
    ap.add_argument(
        "--sentence-sets",
        nargs="*",
        default=["seed"],
        help="input sets that also run (a), one sentence per call (slow)",
    )
    ap.add_argument(
        "--threads", type=int, default=1, help="intra-op threads per engine process [1]"
    )
    ap.add_argument("--tokenizer", help="copy-marian fixture folder")
    ap.add_argument("--json", help="write raw results here")
    ap.add_argument(
        "--workdir", help="keep the built and converted models here (reused if present)"
    )
    ap.add_argument(
        "--lengths",
        nargs="+",
        choices=["realistic", "forced-max"],
        default=["realistic", "forced-max"],
        help="output lengths: per sentence (realistic) and/or every row to its batch's longest",
    )
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return 0
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="engines-bench-") as scratch:
        tmp = args.workdir or scratch
        env = bench_env(args.threads, Path(tmp))
        t0 = time.perf_counter()
        paths = build_models(Path(tmp), tokenizer_source(args.tokenizer), args.bart)
        print(f"built models in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        convert_s = convert(paths["mt"], env)
        if "sum" in paths:
            convert(paths["sum"], env)
        runs = []
        for beams in args.beams:
            for i, lengths in enumerate(args.lengths):
                for engine in ("transformers", "ctranslate2"):
                    cfg = {
                        "engine": engine,
                        "beams": beams,
                        "lengths": lengths,
                        "repeats": args.repeats,
                        "articles": args.articles,
                        "sentence_sets": args.sentence_sets if i == 0 else [],
                        "threads": args.threads,
                        **paths,
                    }
                    if i:  # the summary call once per beam setting
                        cfg.pop("sum", None)
                    runs.append(run_worker(cfg, env))
                    if args.json:
                        Path(args.json).write_text(json.dumps({"runs": runs}, indent=1))
    load_end = " ".join(f"{x:.1f}" for x in os.getloadavg())
    meta = {
        "cpu": cpu_model(),
        "load": load,
        "load_end": load_end,
        "repeats": args.repeats,
        "threads": args.threads,
        "convert_s": convert_s,
    }
    if args.json:
        Path(args.json).write_text(json.dumps({"meta": meta, "runs": runs}, indent=1))
    print(report(runs, meta))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
