# Quick start: `make demo` and `make test`. Both build the environment first.
# PYTHON picks the interpreter (3.11, 3.12 or 3.13), e.g. `make demo PYTHON=python3.13`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# durable-rules 2.0.28 is published as source only. Its C code calls PyEval_CallObject, which
# Python 3.13 removed; this define maps it to PyObject_CallObject (harmless on 3.11 and 3.12).
export CPPFLAGS := $(CPPFLAGS) -DPyEval_CallObject=PyObject_CallObject

.PHONY: demo test bench bench-long venv clean docs

demo: venv
	$(BIN)/backtofront assess examples/district-transitional.yaml

test: venv
	$(BIN)/python -m pytest -q

# Speed figures as ratios against baselines measured in the same run, each beside its target; fails when
# one misses. bench-long: memory over 100,000 profiles in one process. Neither is part of `make test`.
bench: venv
	$(BIN)/python bench/run.py

bench-long: venv
	$(BIN)/python bench/long.py

docs: venv
	$(BIN)/python -m backtofront.docs_gen > docs/rules.md

venv: $(VENV)/.installed
	rm -rf build *.egg-info  # setuptools keeps deleted files in build/: never ship them
	$(BIN)/pip install --quiet --no-deps --force-reinstall .

# Dependencies are installed once (durable-rules compiles); the project itself is reinstalled on every
# run so that the tests exercise the installed package, with its data found through package resources.
$(VENV)/.installed: pyproject.toml
	@if [ -x $(BIN)/python ] && ! $(BIN)/python -c 'import sys, subprocess; \
		want = subprocess.check_output(["$(PYTHON)", "-c", "import sys; print(sys.version_info[:2])"], text=True).strip(); \
		sys.exit(str(sys.version_info[:2]) != want)'; then \
		echo "$(VENV) was built with another Python: rebuilding"; rm -rf $(VENV); fi
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet ".[test]"
	touch $@

clean:
	rm -rf .venv .venv-* build *.egg-info
