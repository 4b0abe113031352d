# Two commands do all the set-up on a fresh machine: `make serve` and `make test`.
# Each installs what is missing first (virtual environment, Python and npm packages,
# Chromium for the browser tests), so they stay true on a clean clone.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TSC := node_modules/.bin/tsc
HOST ?= 127.0.0.1
PORT ?= 8000
SSG ?= mkdocs
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install python-deps node-deps chromium build serve dist serve-dist test typecheck bench bench-page bench-build bench-workbench screenshots clean

install: python-deps node-deps

python-deps: $(VENV)/.installed
node-deps: node_modules/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium where apt-get is there (Playwright's own browser download does not
# work on these machines); elsewhere Playwright's usual browser.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif command -v apt-get >/dev/null; then \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; \
	else $(BIN)/playwright install chromium; fi

build: install
	$(BIN)/python -m helpcenter build --ssg $(SSG)

serve: install
	@echo "Serving on http://$(HOST):$(PORT)/articles/how-to-connect-my-pim-with-apps.html"
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT)

# The built site as any static host or CDN serves it: hashed asset names, .br and .gz
# beside each compressible file, _headers (see README.md, "Deploying").
dist: build
	$(BIN)/python -m helpcenter.dist site dist

# dist/ served as a CDN would: its _headers, the encoding the browser accepts.
serve-dist: dist
	HOST=$(HOST) $(BIN)/python -m helpcenter.dist --serve dist $(PORT)

# mypy --strict on the engine; tsc on every script marked `// @ts-check`, in the global
# scope it runs in: the page, the simulator's worker, Node.
typecheck: install
	$(BIN)/mypy
	$(TSC) -p tsconfig.json
	$(TSC) -p tsconfig.worker.json
	$(TSC) -p tsconfig.node.json

test: install chromium typecheck
	$(BIN)/python -m pytest

bench: install chromium
	$(BIN)/python benchmarks/engine.py
	$(BIN)/python benchmarks/deep_trees.py

# The simulator in the page, in Chromium: boot, long tasks, latency, bytes (figures in README.md).
bench-page: install chromium
	$(BIN)/python benchmarks/page.py

# A corpus of dialect articles: the pipeline's build time against plain mkdocs-material.
bench-build: install
	$(BIN)/python benchmarks/corpus.py

# The workbench's change-to-update latency, setup open and with 50 written requests (figures in README.md).
bench-workbench: install chromium
	$(BIN)/python benchmarks/workbench.py

# The article's pictures, captured from its simulators in Chromium (light and dark).
screenshots: install chromium
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf site build dist $(VENV) node_modules
