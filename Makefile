# The commands people and CI use alike. `make demo` and `make test` work from a fresh clone.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: messages gettext vendor demo test test-sqlite test-postgres test-faults test-deploy backup test-e2e e2e-vendor test-html vnu-vendor screenshots lighthouse lighthouse-vendor icons lint check-deploy verify-audit bench bench-desk bench-render bench-search bench-scale clean vendor-codemirror

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required (found %d.%d)." % sys.version_info[:2])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

## Refresh the front-end packages the app serves from static/vendor/ (committed, with their
## licences): htmx (0BSD) from the npm registry, pinned here.
HTMX_VERSION := 2.0.11
HTMX_VENDOR := static/vendor/htmx

vendor:
	@command -v npm >/dev/null || { echo "npm is needed to fetch htmx (apt-get install npm)" >&2; exit 1; }
	rm -rf $(HTMX_VENDOR) && mkdir -p $(HTMX_VENDOR)
	cd $(HTMX_VENDOR) && npm pack --silent htmx.org@$(HTMX_VERSION) >/dev/null
	tar -xzf $(HTMX_VENDOR)/htmx.org-$(HTMX_VERSION).tgz -C $(HTMX_VENDOR) package/dist/htmx.min.js package/LICENSE
	mv $(HTMX_VENDOR)/package/dist/htmx.min.js $(HTMX_VENDOR)/htmx.min.js
	mv $(HTMX_VENDOR)/package/LICENSE $(HTMX_VENDOR)/LICENSE
	echo "htmx.org $(HTMX_VERSION) from the npm registry (make vendor)" > $(HTMX_VENDOR)/VERSION
	rm -rf $(HTMX_VENDOR)/package $(HTMX_VENDOR)/htmx.org-$(HTMX_VERSION).tgz

## The interface's translations (docs/architecture.md, "Interface language"): extract every
## string marked for translation into locale/<language>/LC_MESSAGES/django.po, and those of
## the desk's scripts into djangojs.po (the project's makemessages:
## articles/management/commands/makemessages.py), then compile the .mo files. Both are committed, so the site runs without gettext; translate the new
## entries in the .po and run this again. Needs GNU gettext, installed when missing.
LOCALES := es

gettext:
	@command -v xgettext >/dev/null 2>&1 || apt-get install -y gettext || { apt-get update && apt-get install -y gettext; }
	@command -v xgettext >/dev/null 2>&1 || { echo "GNU gettext is required: apt-get install gettext" >&2; exit 1; }

messages: $(STAMP) gettext
	$(PY) manage.py makemessages $(addprefix -l ,$(LOCALES))
	$(PY) manage.py makemessages -d djangojs $(addprefix -l ,$(LOCALES))
	$(PY) manage.py compilemessages $(addprefix -l ,$(LOCALES))

## Set up, load the demo users and articles, and serve at http://127.0.0.1:8000, with the
## background worker (emails, scheduled publishing, webhooks) and the clock that runs the
## periodic jobs every minute beside it; stopping the demo (Ctrl-C) stops all three.
DEMO_ADDR ?= 127.0.0.1:8000
demo: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@trap 'kill $$worker $$clock 2>/dev/null; wait' EXIT INT TERM; \
	$(PY) manage.py db_worker --no-reload --interval 2 & worker=$$!; \
	$(PY) manage.py run_due_jobs --every 60 & clock=$$!; \
	$(PY) manage.py runserver $(DEMO_ADDR)

## Set up and run the suite on SQLite, then on PostgreSQL when TEST_DATABASE_URL is set.
## The browser tests (marked e2e) would more than double its time: `make test-e2e` runs them.
test: $(STAMP) test-sqlite
ifneq ($(strip $(TEST_DATABASE_URL)),)
	$(MAKE) test-postgres
endif

test-sqlite: $(STAMP) gettext
	@echo "== tests on SQLite =="
	env -u DATABASE_URL $(VENV)/bin/pytest -q -m "not e2e and not faults and not vnu"

test-postgres: $(STAMP) gettext
	@test -n "$(TEST_DATABASE_URL)" || (echo "TEST_DATABASE_URL is not set" >&2; exit 1)
	@echo "== tests on PostgreSQL ($(TEST_DATABASE_URL)) =="
	DATABASE_URL="$(TEST_DATABASE_URL)" $(VENV)/bin/pytest -q -m "not e2e and not faults and not vnu"

## Browser tests (tests/e2e/) in Debian's Chromium, on SQLite, then on PostgreSQL when
## TEST_DATABASE_URL is set. Without Chromium or axe-core they skip, except with CI=true.
test-e2e: $(STAMP) e2e-vendor
	@echo "== browser tests on SQLite =="
	env -u DATABASE_URL $(VENV)/bin/pytest -q -m e2e tests/e2e
ifneq ($(strip $(TEST_DATABASE_URL)),)
	@echo "== browser tests on PostgreSQL ($(TEST_DATABASE_URL)) =="
	DATABASE_URL="$(TEST_DATABASE_URL)" $(VENV)/bin/pytest -q -m e2e tests/e2e
endif

## Retake the README's screenshots (docs/screenshots/*.png) through the browser journey.
screenshots: $(STAMP) e2e-vendor
	E2E_SCREENSHOT_DIR=docs/screenshots env -u DATABASE_URL $(VENV)/bin/pytest -q tests/e2e/test_journeys.py tests/e2e/test_reader.py tests/e2e/test_desk_screens.py

## Redraw the PNG icons (static/icons/) from favicon.svg with Chromium; commit the result.
icons: $(STAMP)
	$(PY) tools/make_icons.py

## Lighthouse 12 (Apache-2.0) from the npm registry, pinned here, over the article, home,
## board and search pages of the demo, served with gunicorn and the production settings;
## fails under 100 in any category and writes docs/lighthouse.md (tools/lighthouse.py).
## Debian's Chromium runs it (CHROME_PATH, default /usr/bin/chromium).
LIGHTHOUSE_VERSION := 12.8.2
LIGHTHOUSE_VENDOR := var/lighthouse
LIGHTHOUSE_STAMP := $(LIGHTHOUSE_VENDOR)/.lighthouse-$(LIGHTHOUSE_VERSION)

lighthouse-vendor: $(LIGHTHOUSE_STAMP)

$(LIGHTHOUSE_STAMP):
	@command -v npm >/dev/null || { echo "npm is needed to fetch lighthouse (apt-get install npm)" >&2; exit 1; }
	rm -rf $(LIGHTHOUSE_VENDOR)/node_modules $(LIGHTHOUSE_VENDOR)/.lighthouse-*
	mkdir -p $(LIGHTHOUSE_VENDOR)
	cd $(LIGHTHOUSE_VENDOR) && npm install --silent --no-audit --no-fund --no-save --prefix . lighthouse@$(LIGHTHOUSE_VERSION)
	@touch $(LIGHTHOUSE_STAMP)

lighthouse: $(STAMP) lighthouse-vendor
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) tools/lighthouse.py

## The accessibility checker the browser tests inject: axe-core (MPL-2.0) from the npm
## registry, pinned here, unpacked to tests/e2e/vendor/ (ignored by git).
AXE_CORE_VERSION := 4.14.1
E2E_VENDOR := tests/e2e/vendor
AXE_STAMP := $(E2E_VENDOR)/.axe-core-$(AXE_CORE_VERSION)

e2e-vendor: $(AXE_STAMP)

$(AXE_STAMP):
	@command -v npm >/dev/null || { echo "npm is needed to fetch axe-core (apt-get install npm)" >&2; exit 1; }
	rm -rf $(E2E_VENDOR)/package $(E2E_VENDOR)/.axe-core-* $(E2E_VENDOR)/axe-core-*.tgz
	cd $(E2E_VENDOR) && npm pack --silent axe-core@$(AXE_CORE_VERSION) >/dev/null
	tar -xzf $(E2E_VENDOR)/axe-core-$(AXE_CORE_VERSION).tgz -C $(E2E_VENDOR) package/axe.min.js package/LICENSE
	mv $(E2E_VENDOR)/package/axe.min.js $(E2E_VENDOR)/axe.min.js
	mv $(E2E_VENDOR)/package/LICENSE $(E2E_VENDOR)/axe-core-LICENSE.txt
	rm -rf $(E2E_VENDOR)/package $(E2E_VENDOR)/axe-core-$(AXE_CORE_VERSION).tgz
	@touch $(AXE_STAMP)

## The W3C Nu HTML checker over every page and feed of the demo (tests/html/), on SQLite,
## then on PostgreSQL when TEST_DATABASE_URL is set. Needs Java; without it or the jar the
## test skips, except with CI=true.
test-html: $(STAMP) vnu-vendor
	@echo "== HTML validity (Nu checker) on SQLite =="
	env -u DATABASE_URL $(VENV)/bin/pytest -q -m vnu tests/html
ifneq ($(strip $(TEST_DATABASE_URL)),)
	@echo "== HTML validity (Nu checker) on PostgreSQL ($(TEST_DATABASE_URL)) =="
	DATABASE_URL="$(TEST_DATABASE_URL)" $(VENV)/bin/pytest -q -m vnu tests/html
endif

## Document mode's editor (also refreshed by `make vendor`): CodeMirror 6 and esbuild from the npm registry, pinned in
## static/src/docmode/package-lock.json, bundled from static/src/docmode/editor.js into
## static/vendor/codemirror/ with its packages' licences. The bundle is committed, so
## `make demo` needs no npm; run this after changing editor.js or the pinned versions.
vendor: vendor-codemirror
vendor-codemirror:
	cd static/src/docmode && npm ci --no-audit --no-fund && npm run build

## The W3C Nu HTML checker (MIT) from the npm registry's vnu-jar, pinned here, unpacked to
## tests/html/vendor/ (ignored by git). It runs offline with Java.
VNU_VERSION := 26.9.27
VNU_VENDOR := tests/html/vendor
VNU_STAMP := $(VNU_VENDOR)/.vnu-$(VNU_VERSION)

vnu-vendor: $(VNU_STAMP)

$(VNU_STAMP):
	@command -v npm >/dev/null || { echo "npm is needed to fetch vnu-jar (apt-get install npm)" >&2; exit 1; }
	rm -rf $(VNU_VENDOR)/package $(VNU_VENDOR)/.vnu-* $(VNU_VENDOR)/vnu-jar-*.tgz
	cd $(VNU_VENDOR) && npm pack --silent vnu-jar@$(VNU_VERSION) >/dev/null
	tar -xzf $(VNU_VENDOR)/vnu-jar-$(VNU_VERSION).tgz -C $(VNU_VENDOR) package/build/dist/vnu.jar package/LICENSE
	mv $(VNU_VENDOR)/package/build/dist/vnu.jar $(VNU_VENDOR)/vnu.jar
	mv $(VNU_VENDOR)/package/LICENSE $(VNU_VENDOR)/vnu-LICENSE.txt
	rm -rf $(VNU_VENDOR)/package $(VNU_VENDOR)/vnu-jar-$(VNU_VERSION).tgz
	@touch $(VNU_STAMP)

## Faults: PostgreSQL crashing under load, the mail server and Redis down, two app servers
## sharing PostgreSQL and Redis. Starts its own PostgreSQL cluster, Redis and gunicorn
## servers on free loopback ports (tests/faults/services.py) and stops them afterwards.
test-faults: $(STAMP)
	@echo "== fault tests (own PostgreSQL, Redis and gunicorn on loopback) =="
	env -u DATABASE_URL FAULT_TESTS=1 $(VENV)/bin/pytest -q -m faults tests/faults

## deploy/ for real (tests/deploy/): nginx (Debian's nginx-light) in front of two gunicorn
## servers, and a backup restored into a fresh database; own PostgreSQL and Redis on loopback.
test-deploy: $(STAMP)
	@echo "== deployment tests (nginx, gunicorn, PostgreSQL, Redis on loopback) =="
	env -u DATABASE_URL DEPLOY_TESTS=1 $(VENV)/bin/pytest -q -m deploy tests/deploy

## Back up the database of DATABASE_URL, the site archive and the audit chain's head into
## BACKUP_DIR (deploy/backup.sh; restoring: deploy/README.md). Runs on servers from cron:
## never sets up or updates the virtualenv.
backup:
	PY=$(PY) deploy/backup.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

## The production profile must pass Django's deployment checks when given real values.
check-deploy: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY="ci-check-$$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" \
	AUDIT_CHAIN_KEYS="ci:$$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" \
	ALLOWED_HOSTS=medanswers.example PUBLIC_BASE_URL=https://medanswers.example \
	$(PY) manage.py check --deploy --fail-level WARNING

## Verify the workflow log's hash chain and signatures on a freshly loaded demo database.
verify-audit: $(STAMP)
	rm -f var/ci-demo.sqlite3 && mkdir -p var
	DATABASE_URL=sqlite:///var/ci-demo.sqlite3 $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=sqlite:///var/ci-demo.sqlite3 $(PY) manage.py load_demo
	DATABASE_URL=sqlite:///var/ci-demo.sqlite3 $(PY) manage.py verify_audit_log

## Benchmarks on PostgreSQL with gunicorn and wrk; rewrites docs/performance.md (not run in CI)
bench: $(STAMP)
	$(PY) -m bench.run

## Only the editors' desk on a 200-claim article (bench/desk.py), added to the last
## `make bench` run in docs/performance.md
bench-desk: $(STAMP)
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/medcms_bench} \
	DJANGO_SETTINGS_MODULE=bench.settings PYTHONPATH=. $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/medcms_bench} \
	DJANGO_SETTINGS_MODULE=bench.settings PYTHONPATH=. $(PY) manage.py collectstatic --noinput -v0
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/medcms_bench} \
	DJANGO_SETTINGS_MODULE=bench.settings PYTHONPATH=. $(PY) -m bench.desk --record

## Only the 41-claim article page's uncached render, in-process (bench/render.py): cold
## (every cache empty) and a page-cache miss of a known revision; added to the last
## `make bench` run in docs/performance.md. Seeds the bench database when it is empty.
BENCH_DB ?= $${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/medcms_bench}
bench-render: $(STAMP)
	DATABASE_URL=$(BENCH_DB) DJANGO_SETTINGS_MODULE=bench.settings PYTHONPATH=. $(PY) -m bench.render --create-database
	DATABASE_URL=$(BENCH_DB) DJANGO_SETTINGS_MODULE=bench.settings PYTHONPATH=. $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DB) DJANGO_SETTINGS_MODULE=bench.settings PYTHONPATH=. $(PY) manage.py collectstatic --noinput -v0
	DATABASE_URL=$(BENCH_DB) DJANGO_SETTINGS_MODULE=bench.settings PYTHONPATH=. $(PY) -m bench.seed 100
	DATABASE_URL=$(BENCH_DB) DJANGO_SETTINGS_MODULE=bench.settings PYTHONPATH=. $(PY) -m bench.render --record

## Search at 100,000 articles, one reader, in-process (bench/search.py), on a database of
## its own seeded with COPY (about 3 minutes, once: it is kept); adds its table to
## docs/performance.md. BENCH_SEARCH_ARTICLES changes the size.
BENCH_SEARCH_DB ?= $${BENCH_SEARCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/medcms_bench_search}
bench-search: $(STAMP)
	DATABASE_URL=$(BENCH_SEARCH_DB) DJANGO_SETTINGS_MODULE=bench.settings PYTHONPATH=. $(PY) -m bench.search --create-database
	DATABASE_URL=$(BENCH_SEARCH_DB) DJANGO_SETTINGS_MODULE=bench.settings PYTHONPATH=. $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_SEARCH_DB) DJANGO_SETTINGS_MODULE=bench.settings PYTHONPATH=. $(PY) manage.py collectstatic --noinput -v0
	DATABASE_URL=$(BENCH_SEARCH_DB) DJANGO_SETTINGS_MODULE=bench.settings PYTHONPATH=. $(PY) -m bench.search --record

## The same with 100,000 articles (seeding takes about ten minutes; BENCH_REUSE=1 keeps them)
bench-scale: $(STAMP)
	BENCH_ARTICLES=100000 $(PY) -m bench.run

clean:
	rm -rf $(VENV) var staticfiles
