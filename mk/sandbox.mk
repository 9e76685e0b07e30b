# --- Sandboxed and old kernels (tests/sandbox) ---------------------------------------------
# The C, Go, Node and Python suites (as root and as uid 65534) and the matrix again under
# tests/sandbox/rns-sandbox: pidfd_open, pidfd_send_signal, pidfd_getfd and clone3 giving ENOSYS
# (a seccomp filter, as container profiles and pre-5.3 kernels answer), uname reporting 2.6.x
# (UNAME26), and both. The pidfd calls must then give -ENOSYS, the namespace calls must work.
SANDBOX := target/sandbox/rns-sandbox

$(SANDBOX): tests/sandbox/rns-sandbox.c
	@mkdir -p $(dir $@)
	$(CC) $(CWARN) $(CFLAGS) -o $@ $< -lpthread

# The race-enabled Go test binaries test-go builds (rns, netns) (the same command: Go's cache makes it free
# after test-go).
sandbox-go-test: deps build
	$(GOPC) go -C bindings/go test -c -race -o $(abspath target/go)/rns-go.test .
	$(GOPC) go -C bindings/go test -c -race -o $(abspath target/go)/rns-netns.test ./netns

test-sandbox: $(SANDBOX) $(OUT)/test_rns_so sandbox-go-test matrix-runners python-pytest
	tests/sandbox/run.sh

.PHONY: test-sandbox sandbox-go-test
EXTRA_TESTS += test-sandbox
