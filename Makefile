# One command sets up and runs the demo, one sets up and runs the tests. Neither needs root.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_THREAD := examples/plantar-fasciitis.txt

.PHONY: install demo test lint bench lock clean

PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps

$(STAMP): pyproject.toml requirements.lock requirements-nodeps.txt $(wildcard src/anecdata/vocab/data/*.tsv)
	$(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.lock -r requirements-nodeps.txt
	$(PIP) -e .
	$(BIN)/python -c "from anecdata.vocab.compiled import load_lexicon; load_lexicon()"  # build the lexicon cache once
	touch $@

install: $(STAMP)

demo: install
	$(BIN)/anecdata analyze $(DEMO_THREAD)
	@mkdir -p out
	$(BIN)/anecdata analyze $(DEMO_THREAD) --format html -o out/plantar-fasciitis.html
	@echo "Open out/plantar-fasciitis.html in a browser for the interactive view."
	rm -f out/examples.db out/examples.db-wal out/examples.db-shm
	$(BIN)/anecdata ingest examples/*.txt --db sqlite:///out/examples.db --read --workers 1
	$(BIN)/anecdata report "plantar fasciitis" --db sqlite:///out/examples.db --html out/plantar-fasciitis-report.html
	@echo "Open out/plantar-fasciitis-report.html for the condition report; every number links to its sentences."

test: install lint
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests bench data tools

bench: install  # the quick speed benchmarks; see bench/*.py for the rest (accuracy, ceilings, ingest, memory)
	$(BIN)/python bench/mentions_speed.py
	$(BIN)/python bench/statements_speed.py
	$(BIN)/python bench/outcomes_speed.py

lock:
	rm -rf /tmp/anecdata-lock && $(PYTHON) -m venv /tmp/anecdata-lock
	/tmp/anecdata-lock/bin/pip install --quiet -e '.[dev,train]'
	{ echo "# Pinned versions for make demo / make test, installed with --no-deps (the list is complete). Regenerate: make lock"; \
	  /tmp/anecdata-lock/bin/pip freeze --exclude-editable | grep -v '^anecdata'; } > requirements.lock

clean:
	rm -rf $(VENV) out .pytest_cache
