# Two commands: `make serve` and `make test`. Each installs what it needs into
# .venv/ on first use (and again whenever requirements.lock changes).

# DJANGO=6.1 (the default) or DJANGO=5.2: the LTS release, with its own lock file and
# virtualenv, so the two never mix. `make test DJANGO=5.2` runs the whole suite on it.
DJANGO ?= 6.1
ifeq ($(DJANGO),6.1)
VENV := .venv
LOCK := requirements.lock
PYTHON_CANDIDATES := python3.13 python3.14 python3.12 python3
else ifeq ($(DJANGO),5.2)
VENV := .venv-django5.2
LOCK := requirements-django5.2.lock
PYTHON_CANDIDATES := python3.12 python3.13 python3
else
$(error DJANGO=$(DJANGO) is not a version this guide tests: use DJANGO=6.1 (the default) or DJANGO=5.2)
endif

# The first Python 3.12+ on PATH; override with `make test PYTHON=/path/to/python3.12`.
PYTHON ?= $(shell for p in $(PYTHON_CANDIDATES); do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v $$p; break; }; done)
SERVE_ADDR ?= 127.0.0.1:8000
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-from-lock
NODE_INSTALLED := node_modules/.installed-from-lock
LIGHTHOUSE_INSTALLED := benchmarks/lighthouse/node_modules/.installed-from-lock

# Keep every cache and runtime file inside the project, so nothing global changes.
export PIP_CACHE_DIR := $(CURDIR)/.cache/pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export JUPYTER_RUNTIME_DIR := $(CURDIR)/.cache/jupyter/runtime
export JUPYTER_DATA_DIR := $(CURDIR)/.cache/jupyter/data
export IPYTHONDIR := $(CURDIR)/.cache/ipython
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
export npm_config_cache := $(CURDIR)/.cache/npm

.PHONY: serve build test lint format install clean bench diagrams generate

serve: $(INSTALLED)
	$(BIN)/mkdocs serve --dev-addr $(SERVE_ADDR) --livereload

build: $(INSTALLED)
	$(BIN)/mkdocs build --strict --site-dir site

# The site is built first, alone, so that its notebooks measure an otherwise idle machine; the
# browser tests then read that build. pytest-xdist runs the suite in three processes (the queue
# and Django tests mostly wait on workers and servers, so three beat two cores); the tests that
# share Redis or RabbitMQ run one after another in one of them (xdist_group, tests/conftest.py).
# The PostgreSQL pass repeats the database tests there (skipped, with the reason, when no server
# answers at 127.0.0.1:5432; a failure when CI=true). Everything runs under coverage.py, worker
# processes included; after a run of the whole suite, the included-files check reads the
# combined data and fails unless every line of every Python file a page includes ran.
TEST_SITE := .cache/site-under-test-django$(DJANGO)
COVERAGE_DATA := .cache/coverage
PYTEST_PARALLEL := -n 3 --dist loadgroup
INCLUDED_FILES_CHECK := tests/test_docs/test_included_files.py::test_every_line_of_every_included_python_file_ran
test: lint $(NODE_INSTALLED)
	@echo "make test: building the site on Django $(DJANGO) (it runs the measurement notebooks: about a minute)"
	$(BIN)/mkdocs build --strict --quiet --site-dir $(TEST_SITE)
	rm -rf $(COVERAGE_DATA) && mkdir -p $(COVERAGE_DATA)
	THREAD_OR_QUEUE_BUILT_SITE=$(TEST_SITE) $(BIN)/coverage run -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)
	THREAD_OR_QUEUE_DATABASE=postgres $(BIN)/coverage run -m pytest $(PYTEST_PARALLEL) -m "django_db or postgres" $(PYTEST_ARGS)
	@# A process a test kills with SIGKILL as it starts leaves a data file with nothing in it;
	@# combine would warn of each one.
	$(BIN)/python -W "ignore:Data file:Warning" -m coverage combine --quiet
	$(if $(PYTEST_ARGS),@echo "make test: PYTEST_ARGS narrowed the run: the included-files check is left out",\
	THREAD_OR_QUEUE_COVERAGE_OF_WHOLE_SUITE=$(COVERAGE_DATA)/data $(BIN)/pytest -q $(INCLUDED_FILES_CHECK))

# ruff, configured in pyproject.toml: the shown code, the tests and the tools keep one format, and
# shown code keeps to 88 columns. `make format` fixes what it can.
lint: $(INSTALLED)
	$(BIN)/ruff format --check --quiet .
	$(BIN)/ruff check --quiet .

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Every measurement at full size, plus build time, page weight and Lighthouse's four scores on
# every page against the budgets, into benchmarks/results.json. BENCH_SUITE=1 also times a warm `make test` (a few minutes).
bench: $(INSTALLED) $(LIGHTHOUSE_INSTALLED)
	$(BIN)/python -m benchmarks.bench $(if $(BENCH_SUITE),--suite)

# Lighthouse, pinned by benchmarks/lighthouse/package-lock.json, for make bench only (make test
# never needs it). It drives the machine's Chromium; --ignore-scripts keeps npm from fetching any.
$(LIGHTHOUSE_INSTALLED): benchmarks/lighthouse/package-lock.json
	npm ci --prefix benchmarks/lighthouse --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# Rewrite every generated file that is committed: the comparison table, the questionnaire's
# form, outline and flowchart, the Django 5.2 versions of the example files, the README's
# numbers (from benchmarks/results.json; `make bench` measures them anew) and, where Chromium
# is installed, the diagrams. make test fails while any of them is stale.
generate: $(INSTALLED)
	$(BIN)/python -m tools.comparison
	$(BIN)/python -m tools.questionnaire --write
	$(BIN)/python -m tools.django52 --write
	$(BIN)/python -m benchmarks.bench --readme-only
	@if $(BIN)/python -c 'import sys; from tools.chromium import chromium_path; sys.exit(chromium_path() is None)'; then \
		$(BIN)/python -m tools.diagrams; \
	else echo "no Chromium found: the diagrams in docs/assets/diagrams/ are left as they are" >&2; fi

# Redraw every ```mermaid diagram as light and dark SVGs in docs/assets/diagrams/ (committed),
# with the vendored Mermaid in Chromium. Only after changing a diagram: build, serve and test use the SVGs.
diagrams: $(INSTALLED)
	$(BIN)/python -m tools.diagrams

install: $(INSTALLED)

# vnu-jar (the Nu HTML checker), pinned by package-lock.json, for tests/test_site/test_html_validity.py.
# --ignore-scripts: its postinstall would download a Java runtime; the machine's Java 17 runs it.
$(NODE_INSTALLED): package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "warning: no npm on PATH: the HTML check will be skipped (a failure with CI=true)" >&2; fi

$(INSTALLED): $(LOCK)
	@if [ -z "$(PYTHON)" ]; then \
		echo "error: no Python 3.12 or newer found on PATH. Install one, or run: make $(MAKECMDGOALS) PYTHON=/path/to/python3.12" >&2; \
		exit 1; fi
	@if [ ! -x $(BIN)/python ] || ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	@touch $@

clean:
	rm -rf .venv .venv-django5.2 .cache site node_modules benchmarks/lighthouse/node_modules
