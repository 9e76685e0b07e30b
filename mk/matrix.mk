# --- The cross-language matrix (tests/matrix/README.md): one runner per language, one driver ---

GO_SOURCES := $(wildcard bindings/go/*.go bindings/go/go.mod tests/matrix/go/*.go tests/matrix/go/go.mod)

.PHONY: matrix-runners test-matrix test-matrix-unprivileged

$(MATRIX)/c-runner: tests/matrix/c/runner.c tests/c/cgroup2.h tests/matrix/c/calls_gen.h tests/matrix/c/constants_gen.h $(HEADER) $(LIB_SO)
	@mkdir -p $(MATRIX)
	$(CC) $(CWARN) $(CFLAGS) -Iinclude -o $@ $< -L$(LIBOUT) -Wl,-rpath,$(abspath $(LIBOUT)) -lrns

$(MATRIX)/go-runner: $(GO_SOURCES) $(LIB_SO) $(PCDIR)/rns-uninstalled.pc
	@mkdir -p $(MATRIX)
	$(GOPC) go -C tests/matrix/go build -o $(abspath $@) .

# The Node runner is tests/matrix/node/runner.js: it needs the binding's node_modules. The
# Python runner is tests/matrix/python/runner.py, run by the venv's python, with the tree's
# bindings/python installed there (python-package, mk/python.mk).
matrix-runners: $(MATRIX)/c-runner $(MATRIX)/go-runner node-deps python-package

test-matrix: deps build matrix-runners
	node tests/matrix/driver.js

# The matrix again as uid 65534 (as root only), from a world-readable copy: the driver then
# runs the runners as root of a user namespace and shows the cases that need real root as
# skipped.
test-matrix-unprivileged: matrix-runners
	scripts/as-nobody.sh $(HEADER) scripts/rns-functions.sh tests/matrix bindings/go bindings/node \
	  bindings/python/librns $(PYVENV) $(MATRIX) -- node tests/matrix/driver.js
