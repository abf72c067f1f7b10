# Quayside: `make run` serves the dashboard, `make test` runs every check and test.
PYTHON_VERSION := 3.12
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint types chromium unit pg benchmark loadtest clean

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
	$(VENV)/bin/mypy dashboard sandbox
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run

# Debian's chromium for the browser tests, installed when missing (or a message saying how).
chromium:
	@scripts/ensure-chromium

# The whole suite, browser tests included, on SQLite and the default cache.
unit: $(STAMP) chromium
	$(VENV)/bin/pytest -n 2

# The whole suite again, a year ahead of today's date, on PostgreSQL and Redis as several
# instances run in production (on the defaults when either is not running). The accessibility
# sweep, which depends on neither, runs once, above.
pg: $(STAMP) chromium
	@QUAYSIDE_CLOCK_SHIFT_DAYS=366 scripts/with-postgres-redis $(VENV)/bin/pytest -n 2 -q \
		--ignore=tests/browser/test_accessibility.py

benchmark: $(STAMP)
	$(PY) benchmarks/run.py

# Concurrent signed-in sessions against gunicorn for a minute (see benchmarks/README.md);
# LOAD_ARGS="--instances 2 --database-url postgres://... --redis-url redis://..." for two.
loadtest: $(STAMP)
	$(PY) benchmarks/load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
