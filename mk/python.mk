# --- Python binding (bindings/python) ---
# A venv under target/ (python3-venv from apt when `python3 -m venv` fails), pytest from the
# registry and ./bindings/python installed into it (not the tree's copy: pytest runs from
# tests/, so the import is the installed package's); as root, then as uid 65534
# (scripts/as-nobody.sh, which copies the venv and the tests where that user can read them).
PYVENV := target/python-venv
PY     := $(PYVENV)/bin/python
PYTEST := -m pytest -q -rs -p no:cacheprovider .

.PHONY: test-python
EXTRA_TESTS += test-python

$(PY):
	python3 -m venv $(PYVENV) || { apt-get install -y python3-venv && rm -rf $(PYVENV) && python3 -m venv $(PYVENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check pytest

test-python: build $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps ./bindings/python
	cd bindings/python/tests && LIBRNS_PATH=$(abspath $(LIB_SO)) ../../../$(PY) $(PYTEST)
	scripts/as-nobody.sh -C bindings/python/tests $(PYVENV) README.md bindings/python/tests -- \
	  sh -c 'LIBRNS_PATH=$$PWD/../../../$(LIB_SO) ../../../$(PY) $(PYTEST)'
