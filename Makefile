# Two commands do all the setup on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/topten
# pytest-xdist workers; CI machines have 2 cores.
JOBS ?= 2
TESTENV := CACHE_URL=locmem:// STATIC_MANIFEST=false TOPTEN_VAR_DIR=$(CURDIR)/var/test

.PHONY: run install install-dev test test-sqlite test-postgres lint lock bench-web clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(BIN)/pip install --quiet -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/topten migrate --noinput
	$(BIN)/topten collectstatic --noinput -v0
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/topten demo --if-empty
	PORT=$(PORT) ./scripts/run-site

lint: install-dev
	$(BIN)/ruff check topten bench
	$(BIN)/ruff format --check topten bench

test: install-dev lint test-sqlite test-postgres

test-sqlite: install-dev
	$(TESTENV) DATABASE_URL=sqlite:///$(CURDIR)/var/test/unused.sqlite3 \
		$(BIN)/pytest -n $(JOBS) -p no:cacheprovider

test-postgres: install-dev
	@if $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; then \
		echo "== PostgreSQL suite =="; \
		$(TESTENV) DATABASE_URL=$(PG_URL) $(BIN)/pytest -n $(JOBS) -p no:cacheprovider; \
	else echo "== PostgreSQL not reachable on 127.0.0.1:5432: skipped =="; fi

lock:
	uv pip compile pyproject.toml -q -o requirements.lock --python-version 3.11
	uv pip compile pyproject.toml --extra dev -q -o requirements-dev.lock --python-version 3.11

bench-web: install
	$(BIN)/topten bench web

clean:
	rm -rf $(VENV) var/test
