# Two commands do all the set-up on a fresh Debian/Ubuntu machine: `make serve` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: serve build test lint ids verify bench chromium fonts graphviz clean

$(STAMP): pyproject.toml constraints.txt
	@if ! $(PYTHON) -c 'import ensurepip, venv' 2>/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; \
	  else echo "python3-venv is missing: install it (sudo apt-get install python3-venv)"; exit 1; fi; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

# the preview writes every page again on each save: into memory (/dev/shm) when there is room (scripts/preview_tmpdir.py)
serve: $(STAMP) fonts graphviz
	TMPDIR="$$($(BIN)/python scripts/preview_tmpdir.py)" $(BIN)/mkdocs serve -a 127.0.0.1:8000

build: $(STAMP) fonts graphviz
	$(BIN)/mkdocs build --strict --clean -d site

ids: $(STAMP)
	$(BIN)/python -m macros.export.ids

# Re-check every source URL of the corpus (network!); writes tooling/verification.yaml. VERIFY_ARGS adds flags.
verify: $(STAMP)
	$(BIN)/python -m macros.verify $(VERIFY_ARGS)

chromium:
	@if [ -n "$$CHROMIUM" ] || command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "chromium not found: install Debian's chromium package or set CHROMIUM=/path/to/chromium"; fi

# Link-card images are drawn with DejaVu Sans (macros/render/cards.py); without it they use Pillow's built-in font.
fonts:
	@if [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core; \
	else echo "fonts-dejavu-core not found: link cards use Pillow's built-in font (sudo apt-get install fonts-dejavu-core)"; fi

# The provenance maps are laid out by Graphviz's dot; without it the map pages show their edge tables only.
graphviz:
	@if command -v dot >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz; \
	else echo "graphviz not found: the provenance maps show their edge tables only (sudo apt-get install graphviz)"; fi

test: $(STAMP) chromium fonts graphviz lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/python -m ruff check macros tests bench scripts
	$(BIN)/lint-imports

bench: $(STAMP) graphviz
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test,bench]' || { echo "zensical-ui is not served here: installing zensical without it (bench/zensical_shim stands in)"; $(BIN)/python -m pip install -q --no-deps zensical==0.1.1 && $(BIN)/python -m pip install -q -c constraints.txt tomli; }
	$(BIN)/python -m bench --many

clean:
	rm -rf site $(VENV) bench/out test-artifacts
