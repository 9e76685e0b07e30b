# --- Threads and credentials; librns against the raw calls (issue 8) ------------------------
# test-threads: the credential setters reach every thread while threads are being created
#   (tests/c/test_threads.c), as root, then as uid 65534 (its cases say why they skip).
# test-diff: each state-changing function against the raw syscall or libc call with the same
#   arguments, as root, uid 65534 and root of a user namespace (tests/diff/README.md).

$(OUT)/test_threads: tests/c/test_threads.c tests/c/harness.h tests/c/userns_map.h $(HEADER) $(LIB_SO)
	@mkdir -p $(OUT)
	$(CC) $(CWARN) $(CFLAGS) -Iinclude -o $@ $< -L$(LIBOUT) -Wl,-rpath,$(abspath $(LIBOUT)) -lrns -lpthread

test-threads: $(OUT)/test_threads
	@echo "== credentials across threads (tests/c/test_threads.c)"
	$(OUT)/test_threads
	@scripts/as-nobody.sh $(OUT)/test_threads

.PHONY: test-threads
EXTRA_TESTS += test-threads

# This file is included before the Makefile's first target: leave the default goal to it.
.DEFAULT_GOAL :=
