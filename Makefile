# CSAM Law Explained: every target installs what it needs first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.DEFAULT_GOAL := help
.PHONY: help install serve build test clean anchors browser-deps bench review site-url

help: ## List the targets (the default)
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "} {printf "  \033[1m%-13s\033[0m %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is required (found $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP) ## Create .venv and install the pinned Python packages

# --dirty: a save re-renders that page and the pages built from all pages
# (hooks/serve.py rebuilds every page when the bibliography, the data or a
# title changes), the fastest edit loop `make bench` measured.
serve: install ## Build and serve the site at http://127.0.0.1:8000, rebuilding what a save changes
	$(BIN)/mkdocs serve --strict --dirty --dev-addr 127.0.0.1:8000

# A build meant to be published must know its address: without SITE_URL,
# canonical links, og:url, citation tags, the cite box, the sitemap and the
# PDF cover would all say http://127.0.0.1:8000/. `make serve` and the tests
# (which build through pytest, not these targets) keep the local default.
site-url:
	@case "$$SITE_URL" in \
	  https://*/|http://*/) ;; \
	  "") echo "SITE_URL is not set. A published build needs the site's address, for example:"; \
	      echo "  SITE_URL=https://example.org/csam-law/ make $(MAKECMDGOALS)"; \
	      echo "(canonical links, citations, the sitemap and the PDF cover use it; 'make serve' does not need it)"; exit 1;; \
	  *) echo "SITE_URL must be an http(s) address ending in '/' (found '$$SITE_URL')."; exit 1;; \
	esac

build: site-url install ## Build the site strictly into site/ (needs SITE_URL)
	$(BIN)/mkdocs build --strict --clean

test: install browser-deps ## Run every test (builds the site strictly first)
	$(BIN)/python -m pytest

review: install ## List pages by review age, their dated statements and change-note warnings (no network)
	$(BIN)/python tools/review.py

anchors: install ## Register new page anchors in data/anchors.txt (published links must never break)
	ANCHORS=register $(BIN)/mkdocs build --strict --clean

# Browser gates and benchmark: Debian's Chromium and Java, npm's vnu-jar and
# Lighthouse (pinned in package.json / package-lock.json).
NPM_STAMP := node_modules/.installed-$(shell cat package-lock.json | cksum | cut -d' ' -f1)

$(NPM_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

browser-deps: $(NPM_STAMP) ## Install Chromium and Java (apt, as root) and the npm tools
	@for pair in chromium:chromium java:default-jre-headless; do \
	  cmd=$${pair%%:*}; pkg=$${pair##*:}; \
	  command -v $$cmd >/dev/null 2>&1 && continue; \
	  if [ "$$(id -u)" = 0 ]; then \
	    { [ -n "$$APT_UPDATED" ] || apt-get update -qq; } && APT_UPDATED=1 && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$pkg >/dev/null || exit 1; \
	  else \
	    echo "$$cmd is missing: install Debian's package $$pkg (sudo apt-get install -y $$pkg)."; exit 1; \
	  fi; \
	done

# RUNS=3 for fewer rounds, SKIP=pdf (or build,serve,view) to leave parts out,
# EXTRAS=1 for axe and Lighthouse; make passes them to tools/bench.py.
bench: install browser-deps ## Print build, edit-loop, PDF and first-view figures against bare Material
	$(BIN)/python tools/bench.py

clean: ## Remove site/, caches and .venv
	rm -rf site .pytest_cache .cache $(VENV) node_modules test-artifacts
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

pdf: site-url install pdf-deps ## Build the site with the PDF book and section PDFs in site/pdf/ (needs SITE_URL)
	PDF=true $(BIN)/mkdocs build --strict --clean
	@ls -l site/pdf/

offline: site-url install ## Zip a copy of the site that works from file:// into dist/ (needs SITE_URL)
	rm -rf $(OFFLINE_DIR) && mkdir -p $(OFFLINE_DIR) dist
	OFFLINE=true $(BIN)/mkdocs build --strict --clean -d $(OFFLINE_DIR)/csam-law-explained
	rm -f $(OFFLINE_ZIP)
	cd $(OFFLINE_DIR) && $(CURDIR)/$(BIN)/python -m zipfile -c $(CURDIR)/$(OFFLINE_ZIP) csam-law-explained
	@ls -l $(OFFLINE_ZIP)

bench-pdf: install pdf-deps ## Print the median time of the cold PDF build against bare Material, and the book's page count
	$(BIN)/python tests/bench_pdf.py

# The tests build the PDFs and open the offline copy in Chromium.
test: pdf-deps
