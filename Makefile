# Quick start: `make demo` and `make test`. Both build the environment first, from the lock files.
# PYTHON picks the interpreter (3.11, 3.12 or 3.13), e.g. `make demo PYTHON=python3.13`; a .venv built
# with another Python is rebuilt.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
UV_VERSION ?= 0.13.9
# durable-rules 2.0.28 is published as source only. Its C code calls PyEval_CallObject, which
# Python 3.13 removed; this define maps it to PyObject_CallObject (harmless on 3.11 and 3.12).
export CPPFLAGS := $(CPPFLAGS) -DPyEval_CallObject=PyObject_CallObject
# The interpreter's version, e.g. 3.11: the environment's stamp names it, so another PYTHON rebuilds.
PYVER := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
LOCKS := requirements/lock.txt requirements/build.txt
# apt-get for test-a11y and test-office: as root (CI), or through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Exact versions for everything, build tools included (pip's isolated builds use build.txt's setuptools).
PIP_LOCKED := --build-constraint requirements/build.txt -c requirements/build.txt

# Python writes its bytecode caches (__pycache__, ignored by git) even where the environment says not to
# (PYTHONDONTWRITEBYTECODE): the suite starts the command hundreds of times, and compiling the checkout's
# modules again at each start costs a third of it; pytest's rewritten test modules are kept the same way.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: demo test test-office test-a11y fuzz lint test-latest lock bench bench-long venv clean docs

# How the project is installed in .venv. editable (the everyday loop): the checkout itself is the installed
# `backtofront`, checked to map the package to the repository root, so an edit to Python, YAML or a
# template needs no reinstall. copy: what `pip install .` ships, reinstalled on every run (CI tests this).
INSTALL ?= editable
# pytest-xdist workers for `make test`: one more than the cores, since many tests wait on a terminal, a
# timer or a child process and leave their core idle meanwhile (on two cores: 4 min 30 s with two workers,
# 4 min 4 s with three, 4 min 11 s with four). Terminal, signal and timing tests carry an xdist_group, but
# the locked pytest-xdist (3.8) does not honour it under pytest 9 (it renames `item._nodeid`, which pytest 9
# no longer reads): they run beside each other, and are written to pass so (README, "Testing").
WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); echo $$((n + 1)))
# -P: the checkout is not on sys.path as the current folder, so a bare `import defaults` in the package fails
# in tests as it would for a user (the package is `backtofront`, found through the install).
PYTEST := $(BIN)/python -P -m pytest -q -p no:cacheprovider
# The checkout must be what `import backtofront` finds (editable install).
CHECK_EDITABLE := import backtofront, os, sys; \
	sys.exit(0 if os.path.samefile(os.path.dirname(backtofront.__file__), os.getcwd()) else 1)

demo: venv
	$(BIN)/backtofront assess examples/district-transitional.yaml

# The whole suite in parallel, property tests derandomized (the same examples every run). The tests that need
# outside programs are skipped here, each with its reason: `make test-office` and `make test-a11y` run them.
test: venv
	$(PYTEST) -n $(WORKERS) --dist loadgroup

# Every HTML output in Debian's headless Chromium: axe-core finds no WCAG 2.2 AA violation, and the page
# reflows at 320 CSS px. Installs Chromium from Debian's packages when it is missing (needs root or sudo).
# (pytest's exit 5, no test collected, would mean no test carries the marker: a failure.)
test-a11y: venv
	command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }
	$(PYTEST) -m a11y --run-a11y

# Word letters and workbooks through LibreOffice, as councils open them: every table row survives, a Word
# letter converts to PDF, a workbook to CSV. Installs LibreOffice (Writer and Calc, no GUI) and poppler's
# pdftotext from Debian's packages when they are missing.
test-office: venv
	command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils; }
	$(PYTEST) -m office --run-office

# The property-based tests drawing new examples every run, thousands each (`make test` draws the same few
# hundred every time). Whatever this finds becomes an @example beside the test.
fuzz: venv
	HYPOTHESIS_PROFILE=fuzz $(PYTEST) -n $(WORKERS) tests/cli/test_fuzz.py tests/classifier/test_check_data.py \
		tests/classifier/test_csv_separators.py tests/classifier/test_one_target.py tests/classifier/test_paths.py tests/interview/test_interview_safety.py \
		tests/render/test_hanging_indent.py

# The gate for every change: ruff (pycodestyle, the 110-column limit included, and pyflakes, over every Python
# file) and mypy over the package. The repository root is the package `backtofront`, so mypy finds it through
# a link, build/typecheck/backtofront -> the root, made here (pyproject.toml's [tool.mypy] says the rest).
# Both run, and either failing fails the target.
lint: venv
	mkdir -p build/typecheck && ln -sfn ../.. build/typecheck/backtofront
	@status=0; $(BIN)/ruff check . || status=1; $(BIN)/mypy || status=1; exit $$status

# Speed figures as ratios against baselines measured in the same run, each beside its target; fails when
# one misses. bench-long: memory over 100,000 profiles in one process. Neither is part of `make test`.
bench: venv
	$(BIN)/python bench/run.py

bench-long: venv
	$(BIN)/python bench/long.py

docs: venv
	$(BIN)/python -m backtofront.docs_gen > docs/rules.md
	$(BIN)/python -m backtofront.classifier.contract docs/schema
	$(BIN)/python tools/readme_samples.py

venv: $(VENV)/.installed-$(PYVER)
ifeq ($(INSTALL),copy)
	rm -rf build *.egg-info  # setuptools keeps deleted files in build/: never ship them
	$(BIN)/pip install --quiet --no-deps --force-reinstall $(PIP_LOCKED) .
	@! $(BIN)/python -c "$(CHECK_EDITABLE)" || { echo "the installed backtofront is the checkout, not a copy"; exit 1; }
else ifeq ($(INSTALL),editable)
	@$(BIN)/python -c "$(CHECK_EDITABLE)" 2>/dev/null || { rm -rf build *.egg-info && \
		$(BIN)/pip install --quiet --no-deps --force-reinstall $(PIP_LOCKED) -e . ; }
	@$(BIN)/python -c "$(CHECK_EDITABLE)" || { echo "the editable install does not map backtofront to $(CURDIR)"; exit 1; }
else
	@echo "INSTALL is editable or copy, not $(INSTALL)"; exit 2
endif

# Dependencies are installed once per lock (durable-rules compiles); the project itself is installed by
# `venv` (editable: once; copy: on every run, so that the tests exercise the package as shipped, with its
# data found through package resources).
$(VENV)/.installed-$(PYVER): pyproject.toml $(LOCKS)
	@test -n "$(PYVER)" || { echo "$(PYTHON) is not a working Python: give PYTHON=python3.11 (or 3.12, 3.13)"; exit 2; }
	@if [ -x $(BIN)/python ] && [ "$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != "$(PYVER)" ]; then \
		echo "$(VENV) was built with another Python: rebuilding it with $(PYTHON) ($(PYVER))"; rm -rf $(VENV); fi
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	rm -f $(VENV)/.installed-*
	$(BIN)/pip install --quiet -c requirements/build.txt pip  # the venv's own pip may predate --build-constraint
	$(BIN)/pip install --quiet $(PIP_LOCKED) -r requirements/lock.txt
	touch $@

# The suite against the newest versions pyproject.toml's ranges allow (not the lock), in its own .venv-latest.
test-latest:
	rm -rf .venv-latest build *.egg-info
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/pip install --quiet --upgrade pip
	.venv-latest/bin/pip install --quiet --upgrade --upgrade-strategy eager ".[test,pdf]"
	.venv-latest/bin/pip list --format freeze | grep -v '^backtofront'
	.venv-latest/bin/python -m pytest -q

# Regenerate requirements/*.txt from pyproject.toml (after changing a dependency or to take new releases),
# then run `make test` and commit the lock files.
lock:
	test -x .venv-lock/bin/uv || { $(PYTHON) -m venv .venv-lock && .venv-lock/bin/pip install --quiet "uv==$(UV_VERSION)"; }
	UV=.venv-lock/bin/uv PIP=.venv-lock/bin/pip tools/lock.sh

clean:
	rm -rf .venv .venv-* build *.egg-info
