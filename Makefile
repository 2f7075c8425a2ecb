# Two commands on a fresh machine: `make run` and `make test`.
# Both create .venv from nothing when it is missing.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
# torch is pinned here, not in pyproject: 2.13.0 is the CPU build on this machine's disk;
# an unpinned torch would pull a multi-GB CUDA build.
TORCH   := torch==2.13.0
HOST    ?= 127.0.0.1
PORT    ?= 7860

.PHONY: dictionary english-names european-frequencies bench-faithfulness bench-size setup browser run test lint typecheck pytest bench bench-engines bench-startup bench-threads bench-batch bench-ray bench-argos bench-e2e clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q $(TORCH)
	$(BIN)/python -m pip install -q -e ".[dev,ray]"
	touch $(STAMP)

# The browser test (tests/test_app_browser.py) drives Debian's chromium through Playwright, with
# no Playwright browser download. Installed with apt-get when missing and running as root;
# otherwise nothing is installed and that test skips with the reason.
CHROMIUM := /usr/bin/chromium
APT_CHROMIUM := DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium

browser:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing chromium for the browser test (apt-get)"; \
	  $(APT_CHROMIUM) >/dev/null || { apt-get update -q >/dev/null && $(APT_CHROMIUM) >/dev/null; } \
	    || echo "chromium could not be installed; the browser test will skip"; \
	else echo "no $(CHROMIUM), and apt-get needs root: the browser test will skip"; fi

run: setup
	$(BIN)/python app.py --host $(HOST) --port $(PORT)

lint: setup
	$(BIN)/ruff check summarizer eval tests bench tools app.py page

typecheck: setup
	$(BIN)/mypy summarizer

pytest: setup browser
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m pytest -q

test: lint typecheck pytest

# The issue #16 tables: about 75 minutes on 2 cores (engines 35, end to end 15, Argos 10,
# start-up 1, faithfulness 1).
bench: bench-engines bench-e2e bench-argos bench-startup bench-faithfulness

# bench/README.md, "End to end": seed article and 10 IndoSum articles translated and summarised
# (4 abstractive bullets), each engine, greedy and beam 4, per stage.
bench-e2e: setup
	$(BIN)/python -m bench.e2e_bench

# bench/README.md, "Engines": realistic lengths (each sentence stops at 1.3 x its source tokens)
# on the seed article and 10 IndoSum articles, then the forced-max worst case on the seed article.
bench-engines: setup
	$(BIN)/python -m bench.engines_bench --articles 10 --repeats 1 --beams 1 4 --bart --sentence-sets --lengths realistic
	$(BIN)/python -m bench.engines_bench --articles 0 --repeats 1 --beams 1 4 --sentence-sets --lengths forced-max

# bench/README.md, "Faithfulness check": cold and warm cost of the check on the seed article.
bench-faithfulness: setup
	$(BIN)/python -m bench.faithfulness_bench

# bench/README.md, "Start-up": wall time of `summarizer translate` of one sentence on CTranslate2.
bench-startup: setup
	$(BIN)/python -m bench.startup_bench

bench-threads: setup
	$(BIN)/python -m bench.threads_bench

bench-size: setup
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m bench.size_bench

bench-batch: setup
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m bench.batch_bench

# bench/README.md, "Ray": local runner vs --ray --workers 1 and 2 (about 3 minutes on 2 cores).
bench-ray: setup
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m bench.ray_bench --engine transformers
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m bench.ray_bench --engine ctranslate2

# bench/README.md, "Argos Translate side by side": Argos Translate on the same converted models,
# in its own .venv-argos (argostranslate without its stanza/minisbd/torch dependencies; the
# ctranslate2 and sentencepiece of .venv; spaCy for its sentence splitter). About 10 minutes.
bench-argos: setup
	test -f .venv-argos/.installed || { rm -rf .venv-argos && $(PY) -m venv .venv-argos \
	  && .venv-argos/bin/python -m pip install -q --no-deps argostranslate==1.11.0 \
	  && .venv-argos/bin/python -m pip install -q packaging spacy==3.8.18 \
	    $$($(BIN)/python -m pip list --format=freeze | grep -E '^(ctranslate2|sentencepiece)==') \
	  && touch .venv-argos/.installed; }
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m bench.argos_bench

# Rebuilds summarizer/data/dictionary.tsv (committed) from Debian's FreeDict English-Indonesian
# dictionary; apt-get download needs no root.
dictionary: setup
	rm -rf build/freedict && mkdir -p build/freedict
	cd build/freedict && apt-get download dict-freedict-eng-ind && dpkg-deb -x dict-freedict-eng-ind_*.deb deb
	$(BIN)/python tools/build_dictionary.py build/freedict/deb/usr/share/dictd/freedict-eng-ind \
	  --version "$$(dpkg-deb -f build/freedict/dict-freedict-eng-ind_*.deb Version)"

# Rebuilds summarizer/data/english_names.txt and english_words.txt (committed) from Debian's
# SCOWL word lists (and the installed wordfreq).
english-names: setup
	rm -rf build/scowl && mkdir -p build/scowl
	cd build/scowl && apt-get download wamerican wbritish && for f in w*.deb; do dpkg-deb -x $$f deb; done
	$(BIN)/python tools/build_english_names.py build/scowl/deb/usr/share/dict/american-english \
	  build/scowl/deb/usr/share/dict/british-english \
	  --version "$$(dpkg-deb -f build/scowl/wamerican_*.deb Version)"

# Rebuilds summarizer/data/european_zipf.tsv (committed) from the installed wordfreq.
european-frequencies: setup
	$(BIN)/python tools/build_european_frequencies.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-output
