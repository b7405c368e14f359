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
# `make run PORT=8080` serves on another port; SITE_URL (the address in e-mailed links) follows
# HOST and PORT unless it is set.
run: install
	$(BIN)/kyoso migrate --noinput
	$(BIN)/kyoso demo --if-empty
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} DEBUG=$${DEBUG:-true} $(BIN)/kyoso runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest -n auto

test-browser: install
	$(BIN)/pytest -m browser tests/browser

# Every page, export and command beside its budget (imports run inside it, see kyoso/bench.py), on
# the database DATABASE_URL names (else its own SQLite file); then the forecast kernel on its own
# synthetic portfolio. Both run; the target fails if either missed a budget. BENCH_ARGS=--quick
# for a run of minutes on the small world.
BENCH_ARGS ?=
bench: install
	@status=0; \
	$(BIN)/python -m kyoso.bench $(BENCH_ARGS) || status=1; \
	$(BIN)/python -m kyoso.docket.bench || status=1; \
	exit $$status

lint: install
	$(BIN)/ruff check .

messages: install
	cd kyoso && ../$(BIN)/kyoso makemessages -l ja --no-location && ../$(BIN)/kyoso compilemessages -l ja

clean:
	rm -rf $(VENV) var .pytest_cache
