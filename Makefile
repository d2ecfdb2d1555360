# make site  : set up (once) and build the site into site/
# make test  : set up (once) and run every test
# make serve : rebuild and reload on every change
# make dist  : one ZIP per language that opens offline (file://), into dist/
# make bench : build-speed benchmark (N = 100 400 1000 guides per language; BENCH_N to change)
# make golden: regenerate the golden snapshots of the sample's output (tests/golden/)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Browser libraries of package.json (the docx builder of appeal templates), never committed.
NODE_STAMP := node_modules/.installed

.PHONY: site test serve check lint dist bench golden clean

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

dist: $(STAMP) $(NODE_STAMP)
	$(BIN)/kb dist

BENCH_N ?= 100 400 1000
bench: $(STAMP) $(NODE_STAMP)
	$(BIN)/kb bench $(BENCH_N)

# After an intended change to the output: store the sample's docs/ and pages as the new
# snapshots that tests/test_golden.py compares with, then review `git diff tests/golden`.
golden: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m tests.golden --update

clean:
	rm -rf docs site dist .site-* .cache/serve .pytest_cache
