# Quayside: `make run` serves the dashboard, `make test` runs every check and test.
PYTHON_VERSION := 3.12
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint types unit browser pg benchmark clean

$(PY):
	@scripts/make-venv $(VENV) $(PYTHON_VERSION)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	@scripts/run

test: lint types unit pg

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types: $(STAMP)
	$(VENV)/bin/mypy dashboard
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run

# The whole suite, browser tests included, on SQLite and the local-memory cache.
unit: $(STAMP)
	$(VENV)/bin/pytest -n 2

# Again on PostgreSQL and Redis, as several instances run in production (skipped if absent).
pg: $(STAMP)
	@scripts/with-postgres-redis $(VENV)/bin/pytest -n 2 -m "not browser" -q

benchmark: $(STAMP)
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
