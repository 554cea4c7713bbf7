# CSAM Law Explained: every target installs what it needs first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.DEFAULT_GOAL := help
.PHONY: help install serve build test clean anchors

help: ## List the targets (the default)
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "} {printf "  \033[1m%-10s\033[0m %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is required (found $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP) ## Create .venv and install the pinned Python packages

serve: install ## Build and serve the site at http://127.0.0.1:8000
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

build: install ## Build the site strictly into site/
	$(BIN)/mkdocs build --strict --clean

test: install ## Run every test (builds the site strictly first)
	$(BIN)/python -m pytest

anchors: build ## Register new page anchors in data/anchors.txt (published links must never break)
	$(BIN)/python tests/test_anchors.py --update site

clean: ## Remove site/, caches and .venv
	rm -rf site .pytest_cache .cache $(VENV)
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
