# --- Python binding (bindings/python) ---
# A venv under target/ (scripts/deps.sh installs python3-venv; as root the rule installs it
# itself when `python3 -m venv` still fails), pytest from the
# registry and ./bindings/python installed into it (not the tree's copy: pytest runs from
# tests/, so the import is the installed package's); as root, then as uid 65534
# (scripts/as-nobody.sh, which copies the venv and the tests where that user can read them).
# Debian's python3 (the one python3-venv completes, and one uid 65534 can run), else PATH's.
PYTHON3 ?= $(firstword $(wildcard /usr/bin/python3) python3)
PYVENV := target/python-venv
PY     := $(PYVENV)/bin/python
PYTEST_FILES ?= .
PYTEST := -m pytest -q -rfs -p no:cacheprovider $(PYTEST_FILES)

.PHONY: python-package python-pytest test-python bench-python test-python-netns
EXTRA_TESTS += test-python

$(PY):
	$(PYTHON3) -m venv $(PYVENV) || { rm -rf $(PYVENV) && apt-get update -qq && \
	  apt-get install -y -qq python3-venv && $(PYTHON3) -m venv $(PYVENV); }

# The venv with the tree's ./bindings/python installed (again each time: pip's copy must be
# the tree's); test-python, bench-python and the matrix's Python runner (mk/matrix.mk) use it.
python-package: build $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps ./bindings/python

# ... and pytest from the registry: test-python and test-sandbox (mk/sandbox.mk) run the suite.
python-pytest: python-package
	$(PY) -c 'import pytest' 2>/dev/null || $(PY) -m pip install --quiet --disable-pip-version-check pytest

test-python: deps python-pytest
	cd bindings/python/tests && RNS_TEST_NETNS=$(RNS_TEST_NETNS) LIBRNS_PATH=$(abspath $(LIB_SO)) ../../../$(PY) $(PYTEST)
	scripts/as-nobody.sh -C bindings/python/tests $(PYVENV) README.md include/rns.h bindings/python/README.md bindings/python/tests -- \
	  sh -c 'RNS_TEST_NETNS=$(RNS_TEST_NETNS) LIBRNS_PATH=$$PWD/../../../$(LIB_SO) ../../../$(PY) $(PYTEST)'

# Part of make bench: librns.getpgid against os.getpgid, librns.Popen against subprocess.Popen,
# in the venv, the tree's library.
bench-python: python-package
	@mkdir -p $(BENCHOUT)
	@echo "== Python: getpgid(0) through librns (ctypes) against os.getpgid"
	LIBRNS_PATH=$(abspath $(LIB_SO)) BENCH_TSV=$(BENCH_TSV) $(PY) benches/python/getpgid.py
	@echo "== Python: librns.Popen against subprocess.Popen (/bin/true; into new net+uts)"
	LIBRNS_PATH=$(abspath $(LIB_SO)) BENCH_TSV=$(BENCH_TSV) $(PY) benches/python/popen.py

# The named network namespace cases (tests/test_netns.py): they mount under /run, so make
# test-python skips them unless CI=true; here they run (each in a private mount namespace with
# its own tmpfs on /run), as root and as uid 65534.
test-python-netns:
	$(MAKE) test-python RNS_TEST_NETNS=1 PYTEST_FILES=test_netns.py
