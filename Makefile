# claimgraph: set-up and everyday commands.
#
#   make run     set-up + ingest the bundled sample articles into a fresh store, show what was found and serve the explorer (Ctrl-C stops it)
#   make test    set-up + the full test suite (pytest with browser tests in Chromium, mypy, import contracts)
#   make bench   set-up + the speed benchmark and the dev-gold / PolNeAR scores
#   make screenshots  the README's screenshots of the explorer (docs/*.png), in Chromium
#   make model   rebuild the shipped spaCy pipeline from the UD treebanks (~20 minutes; training/README.md)
#
# Each target creates the virtual env (.venv) when it is missing and installs the
# project into it; a stamp file per extra keeps re-runs fast until pyproject.toml changes.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.DEFAULT_GOAL := help
.PHONY: help run test bench score readme-figures screenshots model clean-venv

help:
	@sed -n '3,7p' Makefile | sed 's/^# *//'

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
		echo "make: '$(PYTHON)' not found; claimgraph needs Python 3.11 or newer (make PYTHON=python3.12 ...)." >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "make: $(PYTHON) is Python $$($(PYTHON) -c 'import platform; print(platform.python_version())'); claimgraph needs 3.11 or newer." >&2; \
		echo "      Run with a newer interpreter, e.g. make PYTHON=python3.11 $(MAKECMDGOALS)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# One stamp per set of extras: "run" is the package with its charts (the explorer's timelines),
# "test" and "bench" add their extras.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(PIP) -e '.[charts]'
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) -e '.[test]'
	@touch $@

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(PIP) -e '.[bench]'
	@touch $@

# The main job: the bundled sample articles (with their dates and outlets, from the folder's index) into a
# fresh store, a glance at what was found (the first claims), then the explorer (every claim, source, measure)
# on 127.0.0.1 in the foreground, its address printed once it listens; Ctrl-C stops it. Port 8000, or a free
# one when 8000 is taken; RUN_PORT=N asks for N (and fails, saying so, when N is taken).
RUN_DB ?= samples.db
RUN_PORT ?=
run: $(VENV)/.installed-run
	@rm -f $(RUN_DB) $(RUN_DB)-wal $(RUN_DB)-shm
	$(BIN)/claimgraph ingest --db $(RUN_DB) "$$($(BIN)/python -m claimgraph.samples --folder)"
	$(BIN)/claimgraph claims --db $(RUN_DB) --limit 12
	@echo "The store is $(RUN_DB) (from a shell: .venv/bin/claimgraph claims --db $(RUN_DB) --about Ukraine)."
	$(BIN)/claimgraph serve --db $(RUN_DB) $(if $(RUN_PORT),--port $(RUN_PORT))

# pytest exits 5 when it collects no tests: that is a broken suite, not a pass.
test: $(VENV)/.installed-test
	@$(BIN)/python -m pytest -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests; is tests/ missing from this checkout?" >&2; fi; \
	[ $$rc -eq 0 ] || exit $$rc
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_cli.py
	$(BIN)/python benchmarks/score_dev.py

score: $(VENV)/.installed-run
	$(BIN)/python benchmarks/score_dev.py

# Rebuild the shipped spaCy pipeline (tagger, parser, lemmas) from the UD treebanks in ../shared/treebanks
# (~20 minutes on one core; training/README.md): src/claimgraph/data/pipeline and benchmarks/results/parser.json.
model: $(VENV)/.installed-run
	$(BIN)/python training/build_pipeline.py

# Rewrite the README's Quality and Speed tables from benchmarks/results/*.json.
readme-figures: $(VENV)/.installed-run
	$(BIN)/python benchmarks/readme_figures.py

# The README's two screenshots (article view, measure timeline) from the bundled samples, taken
# with Playwright in Debian's Chromium (apt-get install chromium).
screenshots: $(VENV)/.installed-test
	$(BIN)/python docs/make_screenshots.py

clean-venv:
	rm -rf $(VENV)
