# make site  : set up (once) and build the site into site/
# make test  : set up (once) and run every test
# make serve : rebuild and reload on every change
# make dist  : one ZIP per language that opens offline (file://), into dist/
# make bench : page weight, Lighthouse and ZIP sizes of the sample, then the build-speed
#              benchmark (N = 100 400 1000 guides per language; BENCH_N to change)
# make golden: regenerate the golden snapshots of the sample's output (tests/golden/)
# make lock  : update requirements.lock (exact versions and hashes) after editing pyproject.toml
# make mutation : mutation testing of the modules that guard readers (README); not in `make test`
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Exact versions and hashes of every Python package (pip-compile; `make lock` updates it).
LOCK   := requirements.lock
# Browser libraries of package.json (the docx builder of appeal templates), never committed.
NODE_STAMP := node_modules/.installed

.PHONY: site test serve check lint dist bench golden lock mutation clean

# Every Python package at the exact version and hashes of requirements.lock (pip and
# setuptools too), then the project itself without resolving anything again; `pip check`
# fails when pyproject.toml asks for something the lock does not hold (run `make lock`).
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	# An older set-up left metadata here that would hide the installed entry points.
	rm -rf react_kb.egg-info
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check || { echo "$(LOCK) does not match pyproject.toml: run make lock" >&2; exit 1; }
	touch $(STAMP)

# Update requirements.lock after changing the dependencies in pyproject.toml. Versions
# already locked stay; to move them: make lock LOCK_ARGS=--upgrade (all) or
# LOCK_ARGS="--upgrade-package matplotlib". Commit the lock with the change.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/pip-compile || $(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --extra test --all-build-deps \
	  --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	  $(LOCK_ARGS) --output-file $(LOCK) pyproject.toml

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
	$(BIN)/mypy

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check scripts tests
	$(BIN)/mypy
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
