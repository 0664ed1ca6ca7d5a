# ptplan: two commands on a fresh machine.
#   make run    set up, migrate, load the demo clinic on first run, serve on http://127.0.0.1:$(PORT)
#   make test   set up and run the whole suite
#   make translations   re-extract patient-facing strings (after library changes) into the .po files
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
# Test processes: one per core (pytest-xdist); each has its own database.
TEST_WORKERS ?= auto
export FLASK_APP := wsgi

.PHONY: run test bench lint format migrate demo clean translations compile-translations

# Gettext catalogues of the patient documents: .po in git, .mo built here (make run/test).
PO_FILES := $(wildcard ptplan/i18n/locale/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: browser accessibility scans need axe-core (apt-get install npm)"; fi

%.mo: %.po $(BIN)/.installed
	$(BIN)/pybabel compile --domain messages --input-file $< --output-file $@ --statistics

compile-translations: $(MO_FILES)

translations: $(BIN)/.installed
	$(BIN)/python -m ptplan.i18n.extract
	$(MAKE) compile-translations

migrate: $(BIN)/.installed $(MO_FILES)
	$(BIN)/flask db upgrade
	$(BIN)/flask rebuild-caseload-summary
	$(BIN)/flask update-library

run: migrate
	$(BIN)/flask ensure-demo
	@echo "Serving on http://127.0.0.1:$(PORT)  (Ctrl-C to stop)"
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: $(BIN)/.installed node_modules/.installed $(MO_FILES)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m ptplan.i18n.extract --check
	$(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadfile

bench: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-bench.txt || echo "WeasyPrint not installable here; the bench reports null for it"
	$(BIN)/python bench/run.py
	$(BIN)/python bench/import_patients.py

demo: migrate
	$(BIN)/flask seed-demo

lint: $(BIN)/.installed
	$(BIN)/ruff check .

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache $(MO_FILES)
