# kyoso — the two commands a newcomer runs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test test-browser bench install lint messages clean demo

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "kyoso needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

# Reinstall when a lock file changes; the project itself is installed editable.
$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

# The development server on this machine: DEBUG on (unless set), so the development SECRET_KEY in
# var/ is allowed; a served kyoso (gunicorn kyoso.wsgi) refuses it (README, "Running it for real").
run: install
	$(BIN)/kyoso migrate --noinput
	$(BIN)/kyoso demo --if-empty
	DEBUG=$${DEBUG:-true} $(BIN)/kyoso runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest -n auto

test-browser: install
	$(BIN)/pytest -m browser tests/browser

bench: install
	$(BIN)/python -m kyoso.bench
	$(BIN)/python -m kyoso.docket.bench
	$(BIN)/python -m kyoso.import_bench

lint: install
	$(BIN)/ruff check .

messages: install
	cd kyoso && ../$(BIN)/kyoso makemessages -l ja --no-location && ../$(BIN)/kyoso compilemessages -l ja

clean:
	rm -rf $(VENV) var .pytest_cache
