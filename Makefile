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

.PHONY: setup run test lint typecheck pytest bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q $(TORCH)
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

run: setup
	$(BIN)/python app.py --host $(HOST) --port $(PORT)

lint: setup
	$(BIN)/ruff check summarizer eval tests bench app.py

typecheck: setup
	$(BIN)/mypy summarizer

pytest: setup
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m pytest -q

test: lint typecheck pytest

bench: setup
	$(BIN)/python -m bench.translate_bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-output
