# --- Threads and credentials; librns against the raw calls (issue 8) ------------------------
# test-threads: the credential setters reach every thread while threads are being created
#   (tests/c/test_threads.c), as root, then as uid 65534 (its cases say why they skip).
# test-diff: each state-changing function against the raw syscall or libc call with the same
#   arguments, as root, uid 65534 and root of a user namespace (tests/diff/README.md).

$(OUT)/test_threads: tests/c/test_threads.c tests/c/harness.c tests/c/harness.h tests/c/userns_map.h $(HEADER) $(LIB_SO)
	@mkdir -p $(OUT)
	$(CC) $(CWARN) $(CFLAGS) -Iinclude -o $@ $< tests/c/harness.c -L$(LIBOUT) -Wl,-rpath,$(abspath $(LIBOUT)) -lrns -lpthread

test-threads: $(OUT)/test_threads
	@echo "== credentials across threads (tests/c/test_threads.c)"
	$(OUT)/test_threads
	@scripts/as-nobody.sh $(OUT)/test_threads

.PHONY: test-threads
EXTRA_TESTS += test-threads

$(OUT)/rns-diff: tests/diff/diff.c tests/c/userns_map.h $(HEADER) $(LIB_SO)
	@mkdir -p $(OUT)
	$(CC) $(CWARN) $(CFLAGS) -Iinclude -Itests/c -o $@ $< -L$(LIBOUT) -Wl,-rpath,$(abspath $(LIBOUT)) -lrns -lpthread

# The coverage check, then the check failing on a header with a state-changing function that
# has no case and one without a Scope line, then the comparison.
test-diff: $(OUT)/rns-diff
	@echo "== librns against the raw calls (tests/diff/diff.c)"
	tests/diff/check-coverage.sh $(HEADER) $(OUT)/rns-diff
	@mkdir -p target/diff
	@sed 's|^int rns_setpriority(.*);|&\n/**\n * Scope: process.\n */\nint rns_setfoo(void);\n/**\n * No scope.\n */\nint rns_noscope(void);|' \
	  $(HEADER) > target/diff/rns-extra.h
	@if tests/diff/check-coverage.sh target/diff/rns-extra.h $(OUT)/rns-diff > target/diff/check.log; then \
	  cat target/diff/check.log; echo "FAIL check-coverage.sh passed a header with rns_setfoo (no case) and rns_noscope"; exit 1; fi
	@grep -q 'rns_setfoo changes state' target/diff/check.log && grep -q 'rns_noscope: no "Scope:"' target/diff/check.log \
	  || { cat target/diff/check.log; echo "FAIL check-coverage.sh did not name rns_setfoo and rns_noscope"; exit 1; }
	@echo "ok   check-coverage.sh fails on a state-changing function without cases and on one without a Scope line"
	$(OUT)/rns-diff

.PHONY: test-diff
EXTRA_TESTS += test-diff

