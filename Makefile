# CSAM Law Explained: every target installs what it needs first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.DEFAULT_GOAL := help
.PHONY: help install serve build test clean

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

clean: ## Remove site/, caches and .venv
	rm -rf site .pytest_cache .cache $(VENV)
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# --------------------------------------------------------------------------
# Offline reading: the PDF book, section PDFs and the offline copy (issue 9)
# --------------------------------------------------------------------------
# Debian packages they need: Pango for WeasyPrint, the Liberation fonts the
# PDFs embed, pdftotext/pdftoppm for the tests, Chromium for the offline test.
PDF_APT     := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation poppler-utils chromium
OFFLINE_DIR := build/offline
OFFLINE_ZIP := dist/csam-law-explained-offline.zip
.PHONY: pdf offline bench-pdf pdf-deps

pdf-deps: ## Install the Debian packages the PDFs and their tests need (as root)
	@missing=$$(for p in $(PDF_APT); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else \
	    echo "Missing Debian packages: $$missing. Install them with: sudo apt-get install -y $$missing"; exit 1; \
	  fi; \
	fi

pdf: install pdf-deps ## Build the site with the PDF book and section PDFs in site/pdf/
	PDF=true $(BIN)/mkdocs build --strict --clean
	@ls -l site/pdf/

offline: install ## Zip a copy of the site that works from file:// into dist/
	rm -rf $(OFFLINE_DIR) && mkdir -p $(OFFLINE_DIR) dist
	OFFLINE=true $(BIN)/mkdocs build --strict --clean -d $(OFFLINE_DIR)/csam-law-explained
	rm -f $(OFFLINE_ZIP)
	cd $(OFFLINE_DIR) && $(CURDIR)/$(BIN)/python -m zipfile -c $(CURDIR)/$(OFFLINE_ZIP) csam-law-explained
	@ls -l $(OFFLINE_ZIP)

bench-pdf: install pdf-deps ## Print the median time to build the book, and its page count
	$(BIN)/python tests/bench_pdf.py

# The tests build the PDFs and open the offline copy in Chromium.
test: pdf-deps
