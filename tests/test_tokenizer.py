"""The torch-free tokenizers (``summarizer.engines.tokenizer``) against transformers' own.

Token ids, tokens and decoded texts must be identical on the fixture models, so that the
CTranslate2 engine translates the same with either; and the CTranslate2 path must not import
torch or transformers (that is what the direct tokenizers are for: ~2 s of start-up).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from summarizer import model_source, read_path
from summarizer.engines import tokenizer as tk
from summarizer.models import load_tokenizer as load_hf_tokenizer
from summarizer.segment import split_sentences
from tests.conftest import COPY_MODEL, CT2_COMPUTE, LEAD_MODEL, ROOT, SEED

# the compute type the suite runs CTranslate2 with: its conversion is what a run loads
CT2_COMPUTE_TYPE = CT2_COMPUTE["SUMMARIZER_CT2_COMPUTE_TYPE"]

TEXTS = [
    "",
    " ",
    "  dua  spasi  di antara kata  ",
    "Presiden Joko Widodo meresmikan jalan tol baru di Jawa Tengah pada hari Senin.",
    "Harga beras naik 12,5% menjadi Rp 13.500/kg (US$0,87) — kata BPS, Selasa (5/3/2024).",
    "“Kami tidak akan mundur,” ujarnya.\tTab\ndan baris baru é ñ ü 😀 中文",
    "teks dengan <unk> dan </s> di tengah<pad>x",
    ">>eng<< kode bahasa di depan",
    "can't won't I'm it's a . b , c ? d !",
    "ANGKA 1.234.567,89 dan 2024-03-05 serta COVID-19",
]


def _seed_sentences() -> list[str]:
    doc = read_path(SEED)
    return [s for p in doc.paragraphs for s in split_sentences(p)]


@pytest.mark.parametrize(
    ("folder", "kind"),
    [(COPY_MODEL, tk.MarianSentencePiece), (LEAD_MODEL, tk.TokenizersJson)],
    ids=["copy-marian", "lead-bart"],
)
def test_direct_tokenizer_is_identical_to_transformers(folder: Path, kind: type) -> None:
    role = "translation" if folder == COPY_MODEL else "summary"
    source = model_source(str(folder), role)
    direct = tk.load_tokenizer(source)
    assert isinstance(direct, kind)
    hf = load_hf_tokenizer(source)
    texts = TEXTS + _seed_sentences()
    expected_ids = [list(ids) for ids in hf(texts, add_special_tokens=True)["input_ids"]]
    assert direct.encode(texts) == expected_ids
    for ids in expected_ids:
        tokens = hf.convert_ids_to_tokens(ids)
        assert direct.ids_to_tokens(ids) == tokens
        assert direct.tokens_to_ids(tokens) == hf.convert_tokens_to_ids(tokens)
        assert direct.decode(ids) == hf.decode(ids, skip_special_tokens=True)
    # Decoding what a model may generate: any ids, special ones included.
    rng = random.Random(0)
    for _ in range(200):
        ids = [rng.randrange(len(hf)) for _ in range(rng.randrange(1, 30))]
        assert direct.decode(ids) == hf.decode(ids, skip_special_tokens=True), ids
    assert direct.tokens_to_ids(["not-a-piece"]) == hf.convert_tokens_to_ids(["not-a-piece"])
    assert direct.model_max_length == hf.model_max_length
    assert direct.get_vocab() == hf.get_vocab()


def test_other_tokenizers_fall_back_to_transformers(tmp_path: Path) -> None:
    """A multilingual Marian vocabulary (target language codes) is left to transformers."""
    folder = tmp_path / "multilingual-marian"
    shutil.copytree(COPY_MODEL, folder)
    vocab = json.loads((folder / "vocab.json").read_text("utf-8"))
    vocab[">>eng<<"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab), "utf-8")
    fallback = tk.load_tokenizer(model_source(str(folder)))
    assert isinstance(fallback, tk.TransformersTokenizer)
    assert isinstance(
        tk.load_tokenizer(model_source(str(COPY_MODEL)), direct=False), type(fallback)
    )
    text = ["Presiden Joko Widodo meresmikan jalan tol baru."]
    direct = tk.load_tokenizer(model_source(str(COPY_MODEL)))
    assert fallback.encode(text) == direct.encode(text)


def test_ct2_outputs_identical_with_either_tokenizer(copy_model: str) -> None:
    pytest.importorskip("ctranslate2")
    from summarizer.engines import ct2
    from summarizer.engines.base import GenerationOptions

    source = model_source(copy_model)
    model_dir = ct2.converted_dir(source, "int8")
    direct = ct2.CT2Engine(source, tk.load_tokenizer(source), model_dir, threads=1)
    fallback = ct2.CT2Engine(source, tk.load_tokenizer(source, direct=False), model_dir, threads=1)
    assert isinstance(direct.tokenizer, tk.MarianSentencePiece)
    assert isinstance(fallback.tokenizer, tk.TransformersTokenizer)
    sentences = _seed_sentences()
    assert direct.count_tokens(sentences) == fallback.count_tokens(sentences)
    assert direct.max_input_tokens == fallback.max_input_tokens
    short = [s for s, n in zip(sentences, direct.count_tokens(sentences), strict=True) if n <= 40]
    options = GenerationOptions(beams=2, max_new_tokens=80)
    assert direct.generate(short, options) == fallback.generate(short, options)


# Runs in a fresh interpreter: loads the copy model on CTranslate2 from a ModelSource whose
# config is read as JSON (what models.model_source would need to do to stay torch-free),
# translates the seed article through the pipeline, and prints the heavy modules imported.
_ENGINE_PATH = """
import json, sys, types
from pathlib import Path
from summarizer.models import ModelSource, fingerprint
from summarizer.engines import load_engine
from summarizer.pipeline import Pipeline
from summarizer import RunOptions, Settings, read_path
folder = Path(sys.argv[1])
config = types.SimpleNamespace(**json.loads((folder / "config.json").read_text()))
source = ModelSource(name=str(folder), role="translation", folder=folder,
                     revision=fingerprint(folder), model_type=config.model_type, config=config)
engine = load_engine(source, "ctranslate2", "auto")
doc = read_path(sys.argv[2])
result = Pipeline(Settings(mt_model=str(folder), engine="ctranslate2"), engine).translate(
    doc, RunOptions(beams=2))
print(json.dumps({"heavy": sorted(m for m in ("torch", "transformers") if m in sys.modules),
                  "type": type(engine.tokenizer).__name__,
                  "paragraphs": [p.translation for p in result.paragraphs],
                  "sources": doc.paragraphs}))
"""


def _run(code: str, *args: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_ct2_engine_path_imports_neither_torch_nor_transformers(copy_model: str) -> None:
    pytest.importorskip("ctranslate2")
    from summarizer.engines import ct2

    ct2.converted_dir(model_source(copy_model), CT2_COMPUTE_TYPE)  # converting needs transformers
    out = _run(_ENGINE_PATH, copy_model, str(SEED))
    assert out["heavy"] == []
    assert out["type"] == "MarianSentencePiece"
    # the copy model returns the whole document, in order
    assert [" ".join(p.split()) for p in out["paragraphs"]] == [
        " ".join(p.split()) for p in out["sources"]
    ]


_CLI = """
import json, sys
from summarizer.cli import main
try:
    main(["translate", sys.argv[1], "--mt-model", sys.argv[2], "--engine", "ctranslate2",
          "-o", sys.argv[3]])
except SystemExit as exc:
    assert not exc.code, exc.code
print(json.dumps({"heavy": sorted(m for m in ("torch", "transformers") if m in sys.modules)}))
"""


def test_cli_translate_on_ct2_imports_neither_torch_nor_transformers(
    copy_model: str, tmp_path: Path
) -> None:
    pytest.importorskip("ctranslate2")
    from summarizer.engines import ct2

    ct2.converted_dir(model_source(copy_model), CT2_COMPUTE_TYPE)
    one = tmp_path / "one.txt"
    one.write_text("Presiden Joko Widodo meresmikan jalan tol baru di Jawa Tengah.\n", "utf-8")
    out = _run(_CLI, str(one), copy_model, str(tmp_path / "out.txt"))
    assert (tmp_path / "out.txt").read_text("utf-8").strip()
    assert out["heavy"] == []


_CLI_RUN = """
import json, sys
from summarizer.cli import main
try:
    main(["run", sys.argv[1], "--mt-model", sys.argv[2], "--sum-model", sys.argv[3],
          "--engine", "ctranslate2", "--mode", "abstractive", "--bullets", "2",
          "-o", sys.argv[4]])
except SystemExit as exc:
    assert not exc.code, exc.code
print(json.dumps({"heavy": sorted(m for m in ("torch", "transformers") if m in sys.modules)}))
"""


def test_cli_abstractive_run_on_ct2_imports_neither_torch_nor_transformers(
    copy_model: str, lead_model: str, tmp_path: Path
) -> None:
    """A summary model's decoding settings are read as JSON too (they were read with
    transformers' GenerationConfig, which imports torch: ~2 s and ~300 MB per run)."""
    pytest.importorskip("ctranslate2")
    from summarizer.engines import ct2

    ct2.converted_dir(model_source(copy_model), CT2_COMPUTE_TYPE)
    ct2.converted_dir(model_source(lead_model, "summary"), CT2_COMPUTE_TYPE)
    out_file = tmp_path / "out.txt"
    out = _run(_CLI_RUN, str(SEED), copy_model, lead_model, str(out_file))
    assert out["heavy"] == []
    assert out_file.read_text("utf-8").strip()
