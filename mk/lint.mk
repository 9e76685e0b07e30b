# --- Lint: Rust (clippy, rustfmt), Go (gofmt, go vet), shell (shellcheck), no stray artifacts ---

.PHONY: lint lint-go lint-shell

# Every shell script of the tree (tests/packaging's too, benches/table.sh), and .ci/run.
SHELL_SCRIPTS := $(sort $(wildcard scripts/*.sh man/*.sh tests/*/*.sh benches/*.sh)) .ci/run

lint: deps lint-go lint-shell
	$(CARGO) clippy --locked --all-targets -- -D warnings
	$(CARGO) fmt --check
	@scripts/check-tree.sh

# Both Go modules: the binding and the matrix runner. go vet runs cgo, which finds rns.h
# through target/pkgconfig (make build). test-go depends on this too.
lint-go: deps build
	go -C bindings/go mod download
	go -C tests/matrix/go mod download
	@out=$$(gofmt -l bindings/go tests/matrix/go); \
	if [ -n "$$out" ]; then echo "gofmt: not formatted: $$out"; exit 1; fi
	$(GOPC) go -C bindings/go vet ./...
	$(GOPC) go -C tests/matrix/go vet ./...
	@echo "ok   gofmt and go vet are clean"

lint-shell: deps
	shellcheck $(SHELL_SCRIPTS)
	@echo "ok   shellcheck: $(words $(SHELL_SCRIPTS)) scripts clean"
