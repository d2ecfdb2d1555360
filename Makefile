# make site  : set up (once) and build the site into site/
# make test  : set up (once) and run every test
# make serve : rebuild and reload on every change
# make bench : build-speed benchmark
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Browser libraries of package.json (the docx builder of appeal templates), never committed.
NODE_STAMP := node_modules/.installed

.PHONY: site test serve check lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

site: $(STAMP) $(NODE_STAMP)
	$(BIN)/kb build

serve: $(STAMP) $(NODE_STAMP)
	$(BIN)/kb serve

check: $(STAMP) $(NODE_STAMP)
	$(BIN)/kb check

lint: $(STAMP)
	$(BIN)/ruff check scripts tests

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check scripts tests
	$(BIN)/python -m pytest

clean:
	rm -rf docs site .site-* .pytest_cache
