# Jämlik: `make demo` serves the platform with demo data; `make test` runs every check.
# Only Python 3.11 and make are needed: uv is installed into .tools/ and everything else
# comes from the locked uv.lock.

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/uv-$(UV_VERSION)/bin/uv
VENV := .venv
JAMLIK := $(VENV)/bin/jamlik
PORT ?= 8000

export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Python writes its compiled modules (.pyc) even where the machine's environment says not to
# (this machine sets PYTHONDONTWRITEBYTECODE=1): otherwise every process of a run (each test
# worker, every server and fresh interpreter the tests start, mypy's plugin) compiles Django, the
# libraries and the suite from source again, and pytest rewrites every test module's asserts
# again. Measured on collection alone: 28 s of CPU without the cache, 12 s with it.
export PYTHONDONTWRITEBYTECODE :=

# Settings for the test run (the suite never reaches the network).
TEST_ENV := JAMLIK_DEBUG=0 JAMLIK_SECRET_KEY=tests-only-secret JAMLIK_TASKS_IMMEDIATE=1 \
	JAMLIK_DATA_DIR=$(CURDIR)/var/test JAMLIK_ALLOWED_HOSTS=127.0.0.1,localhost,testserver \
	JAMLIK_SITE_URL=http://testserver

.PHONY: demo test lint typecheck pytest pytest-postgres bootstrap worker scheduler messages clean bench bench-smoke bench-soak xapi-conformance cmi5-conformance screenshots

$(UV):
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --target $(TOOLS)/uv-$(UV_VERSION) uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --quiet
	touch $@

bootstrap: $(VENV)/.synced

demo: bootstrap
	JAMLIK_DEBUG=1 JAMLIK_EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend ./scripts/demo.sh $(PORT)

lint: bootstrap
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports  # the layering of docs/architecture.md (contracts in pyproject.toml)

typecheck: bootstrap
	$(TEST_ENV) $(VENV)/bin/mypy

# The suite runs on every core (pytest-xdist, one test database per worker; PYTEST_WORKERS=0
# runs it in one process). `--dist loadgroup` sends the tests that share a server (an OpenID
# provider, nginx: SHARED_SERVERS in tests/conftest.py) to one worker, so it starts once.
# `--durations` lists the slowest tests of each run, so the CI log shows where its time goes.
# The browser tests and the heavy ones (real processes, full scale; the `heavy` marker) run
# once: on PostgreSQL when JAMLIK_TEST_DATABASE_URL is set (the production database),
# otherwise on SQLite.
PYTEST_WORKERS ?= auto
PYTEST := $(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadgroup --durations=20 --durations-min=5

pytest: bootstrap
	@if [ -n "$$JAMLIK_TEST_DATABASE_URL" ]; then \
		echo "== The suite on SQLite (browser and heavy tests follow on PostgreSQL) =="; \
		$(TEST_ENV) $(PYTEST) -m "not browser and not heavy"; \
	else \
		$(TEST_ENV) $(PYTEST); \
	fi

pytest-postgres: bootstrap
	@if [ -n "$$JAMLIK_TEST_DATABASE_URL" ]; then \
		echo "== The suite on PostgreSQL, browser and heavy tests included =="; \
		$(TEST_ENV) JAMLIK_DATABASE_URL="$$JAMLIK_TEST_DATABASE_URL" $(PYTEST); \
	else \
		echo "JAMLIK_TEST_DATABASE_URL is not set: the PostgreSQL run is left out."; \
	fi

test: lint typecheck pytest pytest-postgres bench-smoke

# Benchmarks (docs/performance.md). `bench`: N people (BENCH_PEOPLE) on PostgreSQL from
# JAMLIK_BENCH_DATABASE_URL (default jamlik_bench on 127.0.0.1, created if missing); long.
# `bench-smoke`: every scenario at tiny scale, checking correctness only (PostgreSQL beside
# JAMLIK_TEST_DATABASE_URL when set, else SQLite in a temporary folder).
BENCH_PEOPLE ?= 1000000

bench: bootstrap
	$(VENV)/bin/python -m bench.run --people $(BENCH_PEOPLE)

# The ADL LRS conformance suite against /xapi/ on gunicorn and PostgreSQL (minutes; not part of
# `make test`). LRS_SUITE=<clone or URL of adlnet/lrs-conformance-test-suite>, XAPI_VERSION=2.0.0|1.0.3
# (docs/xapi.md, "Conformance").
# The main pages at 1,280 and 320 px in Swedish and English, as PNGs in var/screenshots/ (git-ignored),
# for a person to look at (docs/design.md). Playwright drives Debian's Chromium, as the browser tests do.
screenshots: bootstrap
	$(TEST_ENV) JAMLIK_SCREENSHOTS=1 $(VENV)/bin/pytest -n 0 -p no:cacheprovider -q tests/browser/test_screenshots.py
	@echo "Screenshots in var/screenshots/"

xapi-conformance: bootstrap
	scripts/xapi-conformance.sh

# ADL's cmi5 LMS test suite (CATAPULT's lts/) against Jämlik on gunicorn and PostgreSQL (minutes;
# not part of `make test`). CATAPULT=<clone or URL of adlnet/CATAPULT> (docs/cmi5.md, "Conformance").
cmi5-conformance: bootstrap
	scripts/cmi5-conformance.sh

bench-smoke: bootstrap
	$(VENV)/bin/python -m bench.run --smoke

# Ten minutes of mixed load at a steady rate (SOAK_RATE requests/s) against the benchmark
# database seeded by `make bench`: errors, worker memory and latency over time (docs/performance.md).
SOAK_RATE ?= 30
bench-soak: bootstrap
	$(VENV)/bin/python -m bench.soak --rate $(SOAK_RATE)

worker: bootstrap
	$(JAMLIK) db_worker

scheduler: bootstrap
	$(JAMLIK) scheduler

# Needs GNU gettext; the compiled catalogues are committed so a fresh machine needs none.
# Run from jamlik/ so only our own code is scanned (never .venv/); JAMLIK_DEBUG=1 because the
# settings refuse to load without a secret key otherwise. tests/test_translations.py checks the result.
messages: bootstrap
	cd jamlik && JAMLIK_DEBUG=1 ../$(JAMLIK) makemessages -l sv -l en --no-obsolete --add-location file
	cd jamlik && JAMLIK_DEBUG=1 ../$(JAMLIK) compilemessages

clean:
	rm -rf $(VENV) $(TOOLS) var .mypy_cache .ruff_cache .pytest_cache
