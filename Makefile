# devaudit: two commands on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP = $(BIN)/python -m pip
# Installed from the hash-pinned locks in requirements/ (regenerate them with `make lock`).
RUNTIME_STAMP := $(VENV)/.installed-runtime
STAMP := $(VENV)/.installed-test
SBOM ?= dist/devaudit.cdx.json
SBOM_ENV ?= build/sbom-env
LOCK_FLAGS = $(UPGRADE) --universal --python-version 3.11 --generate-hashes --quiet --custom-compile-command 'make lock'

.PHONY: demo test lint typecheck pytest bench clean browser redis lock sbom

$(BIN)/python:
	$(PY) -m venv $(VENV)

# pip and setuptools pinned too: the project is installed with --no-build-isolation from this set.
$(VENV)/.installed-build: requirements/build.txt | $(BIN)/python
	$(PIP) install --quiet --require-hashes -r requirements/build.txt
	touch $@

# The demo needs the runtime dependencies only; it runs devaudit from this source tree (no build step).
$(RUNTIME_STAMP): requirements/runtime.txt | $(BIN)/python
	$(PIP) install --quiet --require-hashes -r requirements/runtime.txt
	touch $@

$(STAMP): pyproject.toml requirements/test.txt | $(VENV)/.installed-build
	$(PIP) install --quiet --require-hashes -r requirements/test.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $@

demo: $(RUNTIME_STAMP)
	$(BIN)/python -m devaudit.demo

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy devaudit mocks bench

# The HTML report is tested in a real headless Chromium (Debian's package; needs root or sudo to install).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Regional collectors are tested against a real Redis broker (Debian's package; needs root or sudo to install).
redis:
	@command -v redis-server >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq redis-server >/dev/null; }

pytest: $(STAMP) browser redis
	$(BIN)/python -m pytest -n 2 -q

test: lint typecheck pytest
	$(BIN)/devaudit baseline lint
	$(BIN)/devaudit baseline test

bench: $(STAMP)
	$(BIN)/python -m bench
	$(BIN)/python -m bench.advisories

# Re-resolve the locks after a change to the dependencies in pyproject.toml or requirements/build.in; existing
# pins are kept where they still fit (`make lock UPGRADE=--upgrade` moves everything to the newest).
UPGRADE ?=
lock: | $(BIN)/python
	$(PIP) install --quiet 'uv>=0.5,<1'
	$(BIN)/uv pip compile $(LOCK_FLAGS) pyproject.toml -o requirements/runtime.txt
	$(BIN)/uv pip compile $(LOCK_FLAGS) pyproject.toml --extra test -c requirements/runtime.txt -o requirements/test.txt
	$(BIN)/uv pip compile $(LOCK_FLAGS) requirements/build.in -c requirements/test.txt -o requirements/build.txt

# CycloneDX SBOM of devaudit (from pyproject.toml) and the runtime lock as installed in a venv of its own.
sbom: $(STAMP)
	rm -rf $(SBOM_ENV)
	$(PY) -m venv --without-pip $(SBOM_ENV)
	$(PIP) --python $(SBOM_ENV)/bin/python install --quiet --require-hashes -r requirements/runtime.txt
	mkdir -p $(dir $(SBOM))
	$(BIN)/cyclonedx-py environment --pyproject pyproject.toml --mc-type application --output-reproducible \
	  --output-format JSON --output-file $(SBOM) $(SBOM_ENV)/bin/python
	@echo "SBOM: $(SBOM)"

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache
