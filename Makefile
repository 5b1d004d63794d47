# backpain: `make run` serves the demo clinic, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PIP_VERSION := 26.3
# Debian packages WeasyPrint needs at run time (pango for text layout, harfbuzz-subset for fonts).
SYSTEM_LIBS := libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0

.PHONY: run test lint bench system-check clean

run: system-check $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py create_signing_certificate --if-missing
	$(BIN)/python manage.py load_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (Ctrl-C stops)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: system-check $(VENV)/.installed-dev
	$(BIN)/pytest $(PYTEST_ARGS)

# Seeds PostgreSQL once per size (reused after) and measures: `make bench SIZES=1000` picks.
SIZES ?= 1000 10000 100000
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run.py $(SIZES)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/mypy backpain
	$(BIN)/vulture backpain vulture_whitelist.py --min-confidence 60 --exclude "*/migrations/*"
	$(BIN)/python manage.py makemigrations --check --dry-run

system-check:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' || \
		{ echo "backpain needs Python 3.11 (found: $$($(PYTHON) --version 2>&1)). Set PYTHON=python3.11."; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || \
		{ echo "Python's venv module is missing: sudo apt-get install python3-venv"; exit 1; }
	@missing=""; for lib in $(SYSTEM_LIBS); do \
		ldconfig -p 2>/dev/null | grep -q "$$lib" || missing="$$missing $$lib"; done; \
	if [ -n "$$missing" ]; then \
		echo "WeasyPrint's system libraries are missing:$$missing"; \
		echo "Install them with: sudo apt-get install $(SYSTEM_PACKAGES)"; exit 1; fi

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip==$(PIP_VERSION)

$(VENV)/.installed: pyproject.toml build-constraints.txt $(VENV)/bin/python
	$(BIN)/pip install --quiet --build-constraint build-constraints.txt -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml build-constraints.txt $(VENV)/bin/python
	$(BIN)/pip install --quiet --build-constraint build-constraints.txt -e ".[dev]"
	@touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
