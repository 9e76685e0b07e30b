# --- Reliability: fuzzing, sanitizers, valgrind (issue 8) -----------------------------------
#
#   make test-fuzz        check that every function of rns.h is a fuzz operation, then a
#                         FUZZ_SMOKE_SECONDS libFuzzer run (in make test; skipped, with the
#                         reason, where clang's libFuzzer runtime is missing)
#   make fuzz             a longer run, FUZZ_SECONDS (default 600), growing target/fuzz/corpus
#   make test-asan        the C suite, with the library, under AddressSanitizer,
#                         LeakSanitizer and UndefinedBehaviorSanitizer (CI only)
#   make test-valgrind    the C suite under valgrind memcheck --track-fds=yes, every case
#                         child's fds checked at its exit (CI only)
#
# Each of test-asan and test-valgrind first runs tests/sanitize/faulty_cases.c, cases with a
# deliberate leak, overflow, use after free, fd leak, ..., and fails unless exactly those are
# caught.
#
# The instrumented library. Stable Rust has no sanitizer flags; RUSTC_BOOTSTRAP=1 lets the
# installed stable rustc accept -Zsanitizer=address (the Linux kernel builds its Rust code the
# same way), so a fresh machine needs nothing beyond the toolchain make build uses, and no
# nightly download (rustup's servers may be out of reach). Scope, honestly:
#  - the rns crate and its dependencies (libc, bitflags): compiled with AddressSanitizer
#    checks on every load and store, and with -Cdebug-assertions -Coverflow-checks, which
#    turn on core's undefined-behaviour precondition checks (from_raw_parts, ptr::write
#    alignment, ...) and integer overflow checks: Rust's counterpart of UBSan, a panic, and
#    with panic=abort a crash the tests report;
#  - the Rust standard library: precompiled, not instrumented (-Zbuild-std would need the
#    rust-src component and nightly cargo); its heap use is still checked, since ASan
#    replaces malloc/free for the whole process (double free, invalid free, leaks), and
#    libc calls such as strlen on a caller's string go through ASan's interceptors;
#  - the C suite and the fuzz harness: clang -fsanitize=address,undefined.
#  - --cfg rns_sanitized: rns_spawn's child never shares the caller's memory in this build
#    (ASan's shadow and fake stacks would be written by a second process), so the fork-style
#    child is checked here and the shared-memory one only by the uninstrumented suites.
# The same build carries libFuzzer's coverage instrumentation (sancov; the ASan runtime
# ignores it in the test suite), so one build serves make test-fuzz, fuzz and test-asan.
# --target keeps RUSTFLAGS off the build script (cbindgen) and puts the result beside, not
# over, target/release.
CLANG       ?= clang
RUST_HOST   := $(shell rustc -vV 2>/dev/null | sed -n 's/^host: //p')
INSTR       := target/instrumented
INSTR_LIB   := $(INSTR)/$(RUST_HOST)/release/librns.a
INSTR_RUSTFLAGS := --cfg rns_sanitized -Zsanitizer=address -Cdebug-assertions -Coverflow-checks -Cforce-frame-pointers=yes \
  -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
  -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
  -Cllvm-args=-sanitizer-coverage-trace-compares
SAN_CFLAGS  := -std=gnu11 -Wall -Wextra -Werror -O1 -g -fno-omit-frame-pointer \
  -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_DIR    := target/fuzz
FUZZ_BIN    := $(FUZZ_DIR)/fuzz_rns
FUZZ_SMOKE_SECONDS ?= 25
FUZZ_SECONDS ?= 600
ASAN_DIR    := target/asan
VG_DIR      := target/valgrind
# detect_leaks: LeakSanitizer at the runner's exit and, through harness.h, in every case child.
SAN_ENV     := ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1 \
               UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

EXTRA_TESTS += test-fuzz
CI_TESTS    += test-asan test-valgrind

.PHONY: test-fuzz fuzz fuzz-check-functions test-asan test-valgrind

$(INSTR_LIB): $(SOURCES) | deps
	RUSTC_BOOTSTRAP=1 RUSTFLAGS="$(INSTR_RUSTFLAGS)" CARGO_TARGET_DIR=$(INSTR) \
	  $(CARGO) rustc --release --locked --lib --crate-type staticlib --target $(RUST_HOST)

# The fuzz target's dispatch table: the header's functions, in scripts/rns-functions.sh's order.
$(FUZZ_DIR)/rns_functions.h: $(HEADER) scripts/rns-functions.sh
	@mkdir -p $(FUZZ_DIR)
	scripts/rns-functions.sh $(HEADER) | sed 's/.*/RNS_FUZZ_FN(&)/' > $@

# cov_share.c must not be coverage-instrumented (see the file).
$(FUZZ_BIN): tests/fuzz/fuzz_rns.c tests/fuzz/cov_share.c $(FUZZ_DIR)/rns_functions.h $(HEADER) \
             $(INSTR_LIB) $(OUT)/native-static-libs
	$(CLANG) -O2 -g -c -o $(FUZZ_DIR)/cov_share.o tests/fuzz/cov_share.c
	$(CLANG) $(SAN_CFLAGS) -fsanitize=fuzzer -Iinclude -I$(FUZZ_DIR) -o $@ tests/fuzz/fuzz_rns.c \
	  $(FUZZ_DIR)/cov_share.o $(INSTR_LIB) $$(cat $(OUT)/native-static-libs)

fuzz-check-functions:
	@tests/fuzz/check-functions.sh $(HEADER) tests/fuzz/fuzz_rns.c

test-fuzz: deps build fuzz-check-functions
	@if why=$$(tests/fuzz/have-toolchain.sh $(CLANG)); then \
	  $(MAKE) --no-print-directory $(FUZZ_BIN) && \
	  tests/fuzz/run-fuzz.sh $(FUZZ_BIN) $(FUZZ_SMOKE_SECONDS) $(FUZZ_DIR) $(HEADER) smoke; \
	else \
	  echo "skip fuzz smoke run: $$why"; \
	fi

# Not in make test: `make fuzz FUZZ_SECONDS=3600`. Findings land in target/fuzz/artifacts/.
fuzz: deps build fuzz-check-functions
	@why=$$(tests/fuzz/have-toolchain.sh $(CLANG)) || { echo "make fuzz: $$why"; exit 1; }
	$(MAKE) --no-print-directory $(FUZZ_BIN)
	tests/fuzz/run-fuzz.sh $(FUZZ_BIN) $(FUZZ_SECONDS) $(FUZZ_DIR) $(HEADER) long

# --- AddressSanitizer + UndefinedBehaviorSanitizer (+ LeakSanitizer) ----------------------
# The C suite linked statically to the instrumented library (librns.so is the same code,
# linked differently), run as root and again as uid 65534; a sanitizer report fails its case.
$(ASAN_DIR)/test_rns: $(CTEST) $(HEADER) $(INSTR_LIB) $(OUT)/native-static-libs
	@mkdir -p $(ASAN_DIR)
	$(CLANG) $(SAN_CFLAGS) -Iinclude -o $@ $(CTEST_SRC) $(INSTR_LIB) $$(cat $(OUT)/native-static-libs) -lpthread

$(ASAN_DIR)/faulty_cases: tests/sanitize/faulty_cases.c tests/c/harness.c tests/c/harness.h $(HEADER) $(INSTR_LIB) $(OUT)/native-static-libs
	@mkdir -p $(ASAN_DIR)
	$(CLANG) $(SAN_CFLAGS) -Iinclude -o $@ $< tests/c/harness.c $(INSTR_LIB) $$(cat $(OUT)/native-static-libs) -lpthread

test-asan: deps build
	@why=$$(tests/fuzz/have-toolchain.sh $(CLANG)) || { echo "make test-asan: $$why"; exit 1; }
	$(MAKE) --no-print-directory $(ASAN_DIR)/test_rns $(ASAN_DIR)/faulty_cases
	@tests/sanitize/expect-faults.sh "ASan/LSan/UBSan self-test" $(ASAN_DIR)/faulty.txt \
	  '+^ok   clean$$' '+^ok   leaks_librns_fd$$' '+^FAIL leaks_memory: LeakSanitizer' \
	  '+^FAIL reads_past_heap' '+heap-buffer-overflow' '+^FAIL overflows_int' '+signed integer overflow' \
	  '+^FAIL librns_writes_freed' '+^ +#0 0x[0-9a-f]+ in (rns_getresuid|rns::)' \
	  -- env $(SAN_ENV) $(ASAN_DIR)/faulty_cases
	@echo "== C tests, library and tests under ASan + LSan + UBSan"
	@$(SAN_ENV) $(ASAN_DIR)/test_rns > $(ASAN_DIR)/suite.txt 2>&1; s=$$?; cat $(ASAN_DIR)/suite.txt; test $$s = 0
	@$(SAN_ENV) scripts/as-nobody.sh $(ASAN_DIR)/test_rns > $(ASAN_DIR)/suite-nobody.txt 2>&1; s=$$?; \
	  cat $(ASAN_DIR)/suite-nobody.txt; test $$s = 0
	@echo "ok   ASan/UBSan: $$(grep -Ec '^(ok  |FAIL) ' $(ASAN_DIR)/suite.txt) C cases as root and $$(grep -Ec '^(ok  |FAIL) ' $(ASAN_DIR)/suite-nobody.txt) as uid 65534 ran clean, LeakSanitizer in each case child but the $$(grep -c '^note .*no leak check' $(ASAN_DIR)/suite.txt) that made a PID namespace"

# --- valgrind memcheck, with every case child's fds checked at exit ------------------------
# The suite unoptimised (-O0: the harness's frames stay apart, which tells its own pipe from
# a case's fds) and linked to the shipped librns.a, whose symbols name librns's frames.
VG_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -O0 -g

$(VG_DIR)/test_rns: $(CTEST) $(HEADER) $(LIB_A)
	@mkdir -p $(VG_DIR)
	$(CC) $(VG_CFLAGS) -Iinclude -o $@ $(CTEST_SRC) $(LIB_A) $$(cat $(OUT)/native-static-libs) -lpthread

$(VG_DIR)/faulty_cases: tests/sanitize/faulty_cases.c tests/c/harness.c tests/c/harness.h $(HEADER) $(LIB_A)
	@mkdir -p $(VG_DIR)
	$(CC) $(VG_CFLAGS) -Iinclude -o $@ $< tests/c/harness.c $(LIB_A) $$(cat $(OUT)/native-static-libs) -lpthread

$(VG_DIR)/probe: tests/valgrind/probe.c
	@mkdir -p $(VG_DIR)
	$(CC) -O2 -o $@ $<

test-valgrind: deps build $(VG_DIR)/test_rns $(VG_DIR)/faulty_cases $(VG_DIR)/probe
	@command -v valgrind >/dev/null || { echo "make test-valgrind: valgrind is not installed (scripts/deps.sh installs it as root)"; exit 1; }
	@tests/sanitize/expect-faults.sh "valgrind self-test" $(VG_DIR)/faulty.txt \
	  '+^ok   clean$$' '+^FAIL fd leak: leaks_librns_fd ' '+^FAIL memcheck: leaks_memory ' \
	  '+^FAIL memcheck: reads_past_heap ' '+^FAIL memcheck: librns_writes_freed ' '+^ok   overflows_int$$' \
	  '-FAIL .*(clean|overflows_int)' \
	  -- tests/valgrind/run-valgrind.sh $(VG_DIR)/faulty_cases $(VG_DIR)/probe $(VG_DIR)/faulty tests/sanitize/faulty_cases.c
	tests/valgrind/run-valgrind.sh $(VG_DIR)/test_rns $(VG_DIR)/probe $(VG_DIR)/suite $(CTEST_AREAS)
