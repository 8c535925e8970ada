# The commands people and CI use alike. `make demo` and `make test` work from a fresh clone.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test test-sqlite test-postgres lint check-deploy verify-audit bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required (found %d.%d)." % sys.version_info[:2])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

## Set up, load the demo users and articles, and serve at http://127.0.0.1:8000
demo: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

## Set up and run the whole suite on SQLite, then on PostgreSQL when TEST_DATABASE_URL is set
test: $(STAMP) test-sqlite
ifneq ($(strip $(TEST_DATABASE_URL)),)
	$(MAKE) test-postgres
endif

test-sqlite: $(STAMP)
	@echo "== tests on SQLite =="
	env -u DATABASE_URL $(VENV)/bin/pytest -q

test-postgres: $(STAMP)
	@test -n "$(TEST_DATABASE_URL)" || (echo "TEST_DATABASE_URL is not set" >&2; exit 1)
	@echo "== tests on PostgreSQL ($(TEST_DATABASE_URL)) =="
	DATABASE_URL="$(TEST_DATABASE_URL)" $(VENV)/bin/pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

## The production profile must pass Django's deployment checks when given real values.
check-deploy: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY="ci-check-$$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" \
	ALLOWED_HOSTS=medanswers.example \
	$(PY) manage.py check --deploy --fail-level WARNING

## Verify the workflow log's hash chain and signatures on a freshly loaded demo database.
verify-audit: $(STAMP)
	rm -f var/ci-demo.sqlite3 && mkdir -p var
	DATABASE_URL=sqlite:///var/ci-demo.sqlite3 $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=sqlite:///var/ci-demo.sqlite3 $(PY) manage.py load_demo
	DATABASE_URL=sqlite:///var/ci-demo.sqlite3 $(PY) manage.py verify_audit_log

## Benchmarks on PostgreSQL with gunicorn and wrk; rewrites docs/performance.md
bench: $(STAMP)
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) var staticfiles
