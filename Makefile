# make site  : set up (once) and build the site into site/
# make test  : set up (once) and run every test
# make serve : rebuild and reload on every change
# make dist  : one ZIP per language that opens offline (file://), into dist/
# make bench : build-speed benchmark (N = 100 400 1000 guides per language; BENCH_N to change)
# make mutation : mutation testing of the modules that guard readers (README); not in `make test`
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Browser libraries of package.json (the docx builder of appeal templates), never committed.
NODE_STAMP := node_modules/.installed

.PHONY: site test serve check lint dist bench mutation clean

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

# mutmut (the `mutation` dependency group) copies the project into mutants/ and runs the
# fast unit tests selected in pyproject.toml ([tool.mutmut]) against each mutant, two at a time.
MUTATION_STAMP := $(VENV)/.installed-mutation
$(MUTATION_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,mutation]'
	touch $(MUTATION_STAMP)

mutation: $(MUTATION_STAMP)
	rm -rf mutants
	mkdir -p .cache
	$(BIN)/mutmut run --max-children 2 > .cache/mutation.log 2>&1 || { tail -n 60 .cache/mutation.log; exit 1; }
	$(BIN)/python tests/mutation_report.py

clean:
	rm -rf docs site dist .site-* .cache/serve .pytest_cache mutants
