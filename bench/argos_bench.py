"""Argos Translate side by side (issue #16, item 4): the same converted model, the same articles.

Run ``python -m bench.argos_bench`` (``make bench-argos`` first creates ``.venv-argos``; see
bench/README.md, "Argos Translate side by side").

Why: Argos Translate (the engine behind LibreTranslate) is the nearest peer: CTranslate2,
SentencePiece and a sentence splitter. On the SAME CTranslate2 model folder, the difference is
what our pipeline adds or saves: time per article, peak RSS, and whether every sentence returns.

How, each engine in its own subprocess (peak RSS is ``VmHWM``, load time is its own), one
intra-op thread by default (``--threads``):

- speed and memory: the random-weight ``Helsinki-NLP/opus-mt-id-en``-shaped model of
  ``bench.engines_bench`` (built and converted to int8 by its functions) on the seed article and
  its IndoSum articles. Random weights never emit EOS, so both sides stop every sentence at the
  same N = round(1.3 x its source tokens, ``</s>`` included), at most 510: ours through
  ``engines_bench.TimedForced`` ("realistic"; with beam search a batch runs to its longest N),
  Argos through a proxy of its ``ctranslate2.Translator`` that decodes each row alone with
  min = max decoding length = N. Ours is ``Pipeline.translate`` on CTranslate2 int8; Argos is
  ``argostranslate.translate`` with a package built here from the converted folder.
- completeness: ``tests/fixtures/copy-marian`` (trained to copy its input), converted as the
  project does; a source sentence "returns" when at least 80% of its words come back, in order.

Argos runs in ``.venv-argos`` (argostranslate ``--no-deps``, ctranslate2, sentencepiece, spacy).
Nothing is downloaded: its sentence splitter is spaCy's rule-based "sentencizer" on a blank
multilingual pipeline packaged inside the .argosmodel (Argos' ``ARGOS_CHUNK_TYPE=SPACY`` path),
and its module-level imports of stanza and minisbd (model-download splitters, unused here) are
stubbed when they are not installed. The package's model/config.json asks CTranslate2 to append
``</s>`` to the source, as Marian models expect and as ours does (``--no-source-eos``: as
converted). All Argos settings and data folders point into the bench's temporary folder.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import types
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.engines_bench import (
    ROOT,
    TimedForced,
    bench_env,
    build_models,
    convert,
    cpu_model,
    load_sets,
    peak_rss_mb,
    tokenizer_source,
)

COPY = ROOT / "tests" / "fixtures" / "copy-marian"
ARGOS_PYTHON = ROOT / ".venv-argos" / "bin" / "python"
WARMUP = "Ini adalah kalimat pertama."
MAX_OUT = 510  # ours: max_position_embeddings - 2 (the random model has 512 positions)
RETURNED = 0.8  # share of a source sentence's words that must come back, in order


def target_length(source_tokens: int) -> int:
    """N for a sentence of ``source_tokens`` tokens (``</s>`` included), as TimedForced does."""
    return max(2, min(MAX_OUT, round(1.3 * source_tokens)))


# --------------------------------------------------------------------------- Argos side


def _stub(name: str, attrs: dict[str, Any]) -> bool:
    """Put an empty module under ``name`` in ``sys.modules`` unless the real one is installed."""
    import importlib.util

    if importlib.util.find_spec(name) is not None:
        return False
    module = types.ModuleType(name, "stub installed by bench/argos_bench.py (not installed)")
    for key, value in attrs.items():
        setattr(module, key, value)
    sys.modules[name] = module
    return True


class _NoSBD:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError("minisbd is stubbed by bench/argos_bench.py: it needs a download")


def import_argos() -> list[str]:
    """Import argostranslate.translate offline; returns the names of the stubbed modules.

    MONKEYPATCH, labelled: argostranslate.sbd imports stanza (which imports torch) and minisbd
    (onnxruntime) at module level, for splitters whose models are downloaded on first use. The
    bench uses neither, so when they are not installed, empty stand-ins take their place.
    ``cache_spacy`` (run at import with ``ARGOS_CHUNK_TYPE=SPACY``) downloads xx_sent_ud_sm
    unless its cache folder exists; an empty one is made, and the packaged pipeline is used.
    """
    stubbed = []
    if _stub("stanza", {}):
        stubbed.append("stanza")
    models = types.ModuleType("minisbd.models")
    models.cache_dir = ""  # type: ignore[attr-defined]
    models.list_models = list  # type: ignore[attr-defined]
    if _stub("minisbd", {"SBDetect": _NoSBD, "models": models}):
        sys.modules["minisbd.models"] = models
        stubbed.append("minisbd")
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "argos-translate" / "spacy" / "senter" / "model"
    cache.mkdir(parents=True, exist_ok=True)
    import argostranslate.translate  # noqa: F401

    return stubbed


def argos_install(cfg: dict[str, Any]) -> dict[str, Any]:
    """Build a .argosmodel from a converted CTranslate2 folder and install it (Argos' format:
    a zip of one folder with metadata.json, model/, sentencepiece.model; here also spacy/)."""
    stubbed = import_argos()
    import argostranslate.package
    import spacy

    name = cfg["name"]
    build = Path(cfg["build"])
    root = build / name
    shutil.rmtree(root, ignore_errors=True)
    (root / "model").mkdir(parents=True)
    ct2 = Path(cfg["ct2"])
    for item in ct2.iterdir():
        if item.name != "config.json":
            (root / "model" / item.name).symlink_to(item)  # zipped as the file's bytes
    config = json.loads((ct2 / "config.json").read_text(encoding="utf-8"))
    if cfg["source_eos"]:
        config["add_source_eos"] = True
    (root / "model" / "config.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    shutil.copy(Path(cfg["hf"]) / "source.spm", root / "sentencepiece.model")
    spacy.blank("xx").to_disk(root / "spacy")  # no trained pipe: Argos adds "sentencizer"
    metadata = {
        "package_version": "0.0",
        "argos_version": "1.11",
        "from_code": "id",
        "from_name": "Indonesian",
        "to_code": "en",
        "to_name": "English",
        "type": "translate",
        "links": [],
    }
    (root / "metadata.json").write_text(json.dumps(metadata, indent=1), encoding="utf-8")
    (root / "README.md").write_text(f"Built by bench/argos_bench.py from {ct2}\n")
    archive = build / f"translate-id_en-{name}.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                zf.write(path, Path(name) / path.relative_to(root))
    argostranslate.package.install_from_path(archive)
    installed = argostranslate.package.get_installed_packages()
    return {
        "installed": [str(p.package_path) for p in installed],
        "sbd": [str(p.packaged_sbd_path) for p in installed],
        "config": config,
        "stubbed": stubbed,
        "spacy": spacy.__version__,
    }


class RowCaps:
    """Argos' ``ctranslate2.Translator`` held to N tokens per sentence: each row is decoded
    alone with min = max decoding length = N (its other arguments are Argos' own)."""

    def __init__(self, translator: Any) -> None:
        self.translator = translator
        self.useful = 0
        self.computed = 0
        self.rows = 0

    def translate_batch(self, source: list[list[str]], **kw: Any) -> list[Any]:
        out: list[Any] = []
        for row in source:
            n = target_length(len(row) + 1)  # + the </s> that ours counts (and CT2 appends)
            kw.update(max_decoding_length=n, min_decoding_length=n)
            res = self.translator.translate_batch([row], **kw)
            self.useful += n
            self.computed += len(res[0].hypotheses[0])
            self.rows += 1
            out.extend(res)
        return out


def argos_worker(cfg: dict[str, Any]) -> dict[str, Any]:
    rss_before = peak_rss_mb()
    start = time.perf_counter()
    stubbed = import_argos()
    import argostranslate.translate as at
    import ctranslate2

    translation = at.get_translation_from_codes("id", "en")
    inner = translation.underlying  # type: ignore[attr-defined]  # CachedTranslation's
    translation.translate("")  # Argos creates its ctranslate2.Translator on first use
    load_s = time.perf_counter() - start
    rss_loaded = peak_rss_mb()
    caps = RowCaps(inner.translator) if cfg["lengths"] == "realistic" else None
    if caps is not None:
        inner.translator = caps
    translation.translate(WARMUP)
    if caps is not None:
        caps.useful = caps.computed = caps.rows = 0
    sets: dict[str, Any] = {}
    for set_name, items in json.loads(Path(cfg["inputs"]).read_text("utf-8")).items():
        walls: list[float] = []
        outputs: list[str | None] = []
        errors: list[str] = []
        segments = 0
        for item in items:
            text = "\n".join(item["paragraphs"])
            t0 = time.perf_counter()
            try:
                outputs.append(translation.translate(text))
            except Exception as exc:  # noqa: BLE001  # an article Argos cannot translate
                outputs.append(None)
                errors.append(f"{item['name']}: {type(exc).__name__}: {str(exc)[:160]}")
            walls.append(time.perf_counter() - t0)
            segments += sum(len(inner.sentencizer.split_sentences(p)) for p in item["paragraphs"])
        sets[set_name] = {
            "walls": walls,
            "outputs": outputs,
            "errors": errors,
            "segments": segments,
            "useful": caps.useful if caps else 0,
            "computed": caps.computed if caps else 0,
        }
        if caps is not None:
            caps.useful = caps.computed = caps.rows = 0
        print(f"  [argos beam {cfg['beams']} {set_name}] {sum(walls):.1f} s", file=sys.stderr)
    return {
        "engine": "argos",
        "load_s": load_s,
        "rss_before_load_mb": rss_before,
        "rss_after_load_mb": rss_loaded,
        "peak_rss_mb": peak_rss_mb(),
        "sets": sets,
        "stubbed": stubbed,
        "torch_imported": "torch" in sys.modules,
        "ctranslate2": ctranslate2.__version__,
    }


# --------------------------------------------------------------------------- our side


def ours_worker(cfg: dict[str, Any]) -> dict[str, Any]:
    rss_before = peak_rss_mb()
    start = time.perf_counter()
    import summarizer.translate

    realistic = cfg["lengths"] == "realistic"
    if realistic:
        # As in engines_bench: random-weight outputs are repetition loops, so every sentence
        # would take the retry path, which real models rarely take (Argos has none).
        summarizer.translate.degeneration = lambda source, output: None
    import ctranslate2

    from summarizer.documents import read_document
    from summarizer.engines import load_engine
    from summarizer.models import model_source
    from summarizer.pipeline import Pipeline
    from summarizer.segment import split_sentences
    from summarizer.settings import RunOptions, Settings

    threads = int(cfg["threads"])
    raw = load_engine(model_source(cfg["model"], "translation"), "ctranslate2", "cpu",
                      threads=threads)  # fmt: skip
    load_s = time.perf_counter() - start
    rss_loaded = peak_rss_mb()
    engine: Any = TimedForced(raw, "realistic") if realistic else raw
    pipe = Pipeline(Settings(mt_model=cfg["model"], engine="ctranslate2"), engine)
    options = RunOptions(beams=cfg["beams"])
    pipe.translate(read_document(WARMUP, name="warm-up"), options)
    if realistic:
        engine.reset()
    sets: dict[str, Any] = {}
    for set_name, items in json.loads(Path(cfg["inputs"]).read_text("utf-8")).items():
        walls: list[float] = []
        outputs: list[str] = []
        in_order = 0
        for item in items:
            t0 = time.perf_counter()
            doc = read_document(item["text"], name=item["name"])
            result = pipe.translate(doc, options)
            walls.append(time.perf_counter() - t0)
            outputs.append(
                "\n".join(" ".join(s.translation for s in p.sentences) for p in result.paragraphs)
            )
            expected = [s for p in doc.paragraphs for s in split_sentences(p)]
            got = [s.source for p in result.paragraphs for s in p.sentences]
            in_order += int(got == expected and all(
                s.translation.strip() for p in result.paragraphs for s in p.sentences
            ))  # fmt: skip
        useful = computed = 0
        if realistic:
            _, computed, _, useful = engine.reset()
        sets[set_name] = {
            "walls": walls,
            "outputs": outputs,
            "errors": [],
            "in_order": in_order,
            "useful": useful,
            "computed": computed,
        }
        print(f"  [ours beam {cfg['beams']} {set_name}] {sum(walls):.1f} s", file=sys.stderr)
    return {
        "engine": "ours",
        "load_s": load_s,
        "rss_before_load_mb": rss_before,
        "rss_after_load_mb": rss_loaded,
        "peak_rss_mb": peak_rss_mb(),
        "sets": sets,
        "torch_imported": "torch" in sys.modules,
        "ctranslate2": ctranslate2.__version__,
    }


# --------------------------------------------------------------------------- orchestrator


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def returned(sentences: Sequence[str], output: str | None) -> int:
    """Source sentences of which at least RETURNED of the words come back, in order (one
    alignment of the article's words against the output's)."""
    if not output:
        return 0
    src: list[str] = []
    owner: list[int] = []
    for i, sentence in enumerate(sentences):
        words = _words(sentence)
        src += words
        owner += [i] * len(words)
    hits = [0] * len(sentences)
    matcher = difflib.SequenceMatcher(None, src, _words(output), autojunk=False)
    for a, _, size in matcher.get_matching_blocks():
        for k in range(a, a + size):
            hits[owner[k]] += 1
    return sum(1 for i, s in enumerate(sentences) if hits[i] >= RETURNED * max(1, len(_words(s))))


def run_worker(python: Path, cfg: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    cmd = [str(python), "-m", "bench.argos_bench", "--worker", json.dumps(cfg)]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=True)
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def argos_env(
    base: dict[str, str], tmp: Path, model: str, beams: int, threads: int
) -> dict[str, str]:
    """Argos reads its settings from the environment at import: all of them point into tmp."""
    home = tmp / "argos"
    return {
        **base,
        "XDG_DATA_HOME": str(home / model / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "ARGOS_PACKAGES_DIR": str(home / model / "packages"),
        "ARGOS_CHUNK_TYPE": "SPACY",
        "ARGOS_DEVICE_TYPE": "cpu",
        "ARGOS_COMPUTE_TYPE": "int8",
        "ARGOS_INTER_THREADS": "1",
        "ARGOS_INTRA_THREADS": str(threads),
        "ARGOS_BEAM_SIZE": str(beams),
    }


def write_inputs(path: Path, n_indosum: int) -> dict[str, list[list[str]]]:
    """The articles as our reader cleans them (Argos gets the same paragraphs, one a line);
    returns each article's source sentences as our segmenter splits them."""
    from summarizer.documents import read_document
    from summarizer.segment import split_sentences

    inputs: dict[str, list[dict[str, Any]]] = {}
    sentences: dict[str, list[list[str]]] = {}
    for set_name, items in load_sets(n_indosum).items():
        inputs[set_name], sentences[set_name] = [], []
        for name, text in items:
            doc = read_document(text, name=name)
            inputs[set_name].append({"name": name, "text": text, "paragraphs": doc.paragraphs})
            sentences[set_name].append([s for p in doc.paragraphs for s in split_sentences(p)])
    path.write_text(json.dumps(inputs, ensure_ascii=False), encoding="utf-8")
    return sentences


def ct2_folder(cache: Path, prefix: str) -> Path:
    found = sorted(cache.glob(f"summarizer/ct2/{prefix}-*-int8/model.bin"))
    if not found:
        raise SystemExit(f"no converted {prefix} model under {cache}")
    return found[0].parent


def report(speed: list[dict[str, Any]], copy: dict[str, Any], meta: dict[str, Any]) -> str:
    lines = [
        f"machine: {meta['cpu']}, {os.cpu_count()} logical CPUs, {meta['threads']} intra-op "
        f"thread(s) per process; load average at start {meta['load']}, at end {meta['load_end']}",
        f"ctranslate2 {meta['ct2']} on both sides; Argos stubs: {meta['stubbed'] or 'none'}; "
        f"source </s> in the Argos package: {meta['source_eos']}; wall {meta['wall_s']:.0f} s",
        "",
        "### Speed: random-weight opus-mt-id-en shape, CTranslate2 int8, N = round(1.3 x source "
        "tokens) per sentence",
        "",
        "| decoding | set | articles | sentences (ours / Argos' splitter) | ours s/article "
        "| Argos s/article | ours / Argos | useful tokens (ours / Argos) "
        "| computed tokens (ours / Argos) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for pair in speed:
        ours, argos = pair["ours"], pair["argos"]
        title = f"beam {pair['beams']}" if pair["beams"] > 1 else "greedy"
        for set_name, o in ours["sets"].items():
            a = argos["sets"][set_name]
            n = len(o["walls"])
            ow, aw = sum(o["walls"]) / n, sum(a["walls"]) / n
            sents = sum(len(s) for s in meta["sentences"][set_name])
            lines.append(
                f"| {title} | {set_name} | {n} | {sents} / {a['segments']} | {ow:.2f} | {aw:.2f} "
                f"| {ow / aw:.2f} | {o['useful']} / {a['useful']} "
                f"| {o['computed']} / {a['computed']} |"
            )
    lines += [
        "",
        "### Load time and peak RSS (VmHWM) of a translate-only process",
        "",
        "| decoding | engine | load s | peak RSS MB | after import + load MB | at start MB "
        "| torch imported |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for pair in speed:
        title = f"beam {pair['beams']}" if pair["beams"] > 1 else "greedy"
        for key in ("ours", "argos"):
            r = pair[key]
            lines.append(
                f"| {title} | {key} | {r['load_s']:.2f} | {r['peak_rss_mb']:.0f} "
                f"| {r['rss_after_load_mb']:.0f} | {r['rss_before_load_mb']:.0f} "
                f"| {r['torch_imported']} |"
            )
    lines.append("")
    for pair in speed:
        title = f"beam {pair['beams']}" if pair["beams"] > 1 else "greedy"
        o, a = pair["ours"]["peak_rss_mb"], pair["argos"]["peak_rss_mb"]
        lines.append(
            f"- target ({title}): peak RSS of a translate-only process ≤ Argos': "
            f"{o:.0f} MB vs {a:.0f} MB — {'met' if o <= a else 'missed'}"
        )
    lines += [
        "",
        f"### Completeness: tests/fixtures/copy-marian, beam {copy['beams']} (a sentence "
        f"returns when ≥{RETURNED:.0%} of its words come back, in order)",
        "",
        "| set | articles | source sentences | ours: returned | ours: articles with every "
        "sentence, in order | Argos: returned | Argos: articles failed (error) "
        "| Argos: articles losing sentences | s/article (ours / Argos) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for set_name, o in copy["ours"]["sets"].items():
        a = copy["argos"]["sets"][set_name]
        sents = meta["sentences"][set_name]
        ours_back = [returned(s, out) for s, out in zip(sents, o["outputs"], strict=True)]
        argos_back = [returned(s, out) for s, out in zip(sents, a["outputs"], strict=True)]
        lost = sum(
            1
            for s, b, out in zip(sents, argos_back, a["outputs"], strict=True)
            if out is not None and b < len(s)
        )
        n = len(sents)
        total = sum(len(s) for s in sents)
        lines.append(
            f"| {set_name} | {n} | {total} | {sum(ours_back)} | {o['in_order']} "
            f"| {sum(argos_back)} | {len(a['errors'])} | {lost} "
            f"| {sum(o['walls']) / n:.2f} / {sum(a['walls']) / n:.2f} |"
        )
        for err in a["errors"]:
            lines.append(f"  - Argos error: {err}")
    lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--articles", type=int, default=10, help="IndoSum articles (a second set)")
    ap.add_argument("--beams", type=int, nargs="+", default=[4, 1], help="speed runs [4 1]")
    ap.add_argument("--threads", type=int, default=1, help="intra-op threads per process [1]")
    ap.add_argument("--argos-python", default=str(ARGOS_PYTHON), help="Argos' interpreter")
    ap.add_argument("--no-source-eos", action="store_true", help="package config as converted")
    ap.add_argument("--tokenizer", help="copy-marian fixture folder")
    ap.add_argument("--workdir", help="keep built models and packages here (reused)")
    ap.add_argument("--json", help="write raw results here")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        cfg = json.loads(args.worker)
        mode = cfg["mode"]
        fn = {"install": argos_install, "argos": argos_worker, "ours": ours_worker}[mode]
        print(json.dumps(fn(cfg)))
        return 0
    argos_python = Path(args.argos_python)
    if not argos_python.is_file():
        raise SystemExit(f"{argos_python} not found: run `make bench-argos`")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="argos-bench-") as scratch:
        tmp = Path(args.workdir or scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        env = bench_env(args.threads, tmp)
        paths = build_models(tmp, tokenizer_source(args.tokenizer), bart=False)
        convert(paths["mt"], env)
        convert(str(COPY), env)
        models = {
            "random": (paths["mt"], ct2_folder(tmp / "cache", "opus-mt-id-en-random")),
            "copy": (str(COPY), ct2_folder(tmp / "cache", "copy-marian")),
        }
        inputs = tmp / "inputs.json"
        sentences = write_inputs(inputs, args.articles)
        installs = {}
        for name, (hf, ct2) in models.items():
            shutil.rmtree(tmp / "argos" / name, ignore_errors=True)
            cfg = {"mode": "install", "name": name, "build": str(tmp / "argos-build"),
                   "ct2": str(ct2), "hf": hf, "source_eos": not args.no_source_eos}  # fmt: skip
            installs[name] = run_worker(argos_python, cfg, argos_env(env, tmp, name, 4, 1))
            print(f"installed Argos package {name}: {installs[name]['installed']}", file=sys.stderr)
        speed = []
        for beams in args.beams:
            pair: dict[str, Any] = {"beams": beams}
            common = {"beams": beams, "threads": args.threads, "lengths": "realistic",
                      "inputs": str(inputs)}  # fmt: skip
            pair["ours"] = run_worker(
                Path(sys.executable), {"mode": "ours", "model": paths["mt"], **common}, env
            )
            pair["argos"] = run_worker(
                argos_python,
                {"mode": "argos", **common},
                argos_env(env, tmp, "random", beams, args.threads),
            )
            speed.append(pair)
        common = {"beams": 4, "threads": args.threads, "lengths": "natural",
                  "inputs": str(inputs)}  # fmt: skip
        copy: dict[str, Any] = {
            "beams": 4,
            "ours": run_worker(
                Path(sys.executable), {"mode": "ours", "model": str(COPY), **common}, env
            ),
            "argos": run_worker(
                argos_python,
                {"mode": "argos", **common},
                argos_env(env, tmp, "copy", 4, args.threads),
            ),
        }
    meta = {
        "cpu": cpu_model(),
        "load": load,
        "load_end": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "threads": args.threads,
        "ct2": speed[0]["argos"]["ctranslate2"] if speed else copy["argos"]["ctranslate2"],
        "stubbed": installs["random"]["stubbed"],
        "source_eos": not args.no_source_eos,
        "wall_s": time.perf_counter() - began,
        "sentences": sentences,
    }
    if args.json:
        Path(args.json).write_text(
            json.dumps({"meta": meta, "installs": installs, "speed": speed, "copy": copy}, indent=1)
        )
    print(report(speed, copy, meta))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
