# --- C: the demo, the C suite (tests/c), the consumer paths (pkg-config, CMake), bench-setns ---

.PHONY: demo test-c test-c-unprivileged test-c-consumers bench-setns bench-c

$(OUT)/demo: bindings/c/examples/demo.c $(HEADER) $(LIB_SO)
	$(CC) $(CWARN) $(CFLAGS) -Iinclude -o $@ $< -L$(LIBOUT) -Wl,-rpath,$(abspath $(LIBOUT)) -lrns

# Needs only what make build needs (cargo and a C compiler).
demo: build $(OUT)/demo
	$(OUT)/demo

$(OUT)/test_rns_so: $(CTEST) $(HEADER) $(LIB_SO)
	$(CC) $(CWARN) $(CFLAGS) -Iinclude -o $@ $(CTEST_SRC) -L$(LIBOUT) -Wl,-rpath,$(abspath $(LIBOUT)) -lrns -lpthread

$(OUT)/test_rns_static: $(CTEST) $(HEADER) $(LIB_A)
	$(CC) $(CWARN) $(CFLAGS) -Iinclude -o $@ $(CTEST_SRC) $(LIB_A) $$(cat $(OUT)/native-static-libs) -lpthread

test-c: $(OUT)/test_rns_so $(OUT)/test_rns_static
	@echo "== C tests, linked to librns.so"
	$(OUT)/test_rns_so
	@echo "== C tests, linked to librns.a"
	$(OUT)/test_rns_static

# The same suite as an ordinary user: as root, through setpriv to uid/gid 65534; as an
# ordinary user, the runs above already were unprivileged.
test-c-unprivileged: $(OUT)/test_rns_so
	@scripts/as-nobody.sh $(OUT)/test_rns_so

# The C consumer paths a user takes: pkg-config (shared and --static) and CMake's
# find_package(rns) (shared and static targets), each building and running the demo (the
# pkg-config one also as uid 65534, the demo's ordinary-user path, when run as root).
test-c-consumers: deps build
	@echo "== C consumers: the README's example (bindings/c/examples/readme.c)"
	@sed -n '/^<!-- c-example:/,/^<!-- end c-example -->/p' README.md | sed '1,2d;$$d' | sed '$$d' \
	  | diff -u bindings/c/examples/readme.c - || { echo "FAIL README.md's C example is not bindings/c/examples/readme.c"; exit 1; }
	PKG_CONFIG_PATH=$(abspath $(PCDIR)) sh -c '$(CC) $(CWARN) $(CFLAGS) -o $(OUT)/readme-example bindings/c/examples/readme.c $$(pkg-config --cflags --libs rns)'
	@if [ "$$(id -u)" = 0 ]; then $(OUT)/readme-example; \
	 else unshare -Ur $(OUT)/readme-example || echo "skip running the README's C example: needs root or a user namespace"; fi
	@echo "== C consumers: pkg-config"
	@node=$$(sed -n 's/^RNS_\([0-9.]*\) {.*/\1/p' $(SYMMAP) | tail -n1); \
	  PKG_CONFIG_PATH=$(abspath $(PCDIR)) pkg-config --atleast-version=$$node rns \
	  || { echo "FAIL pkg-config --atleast-version=$$node rns: rns.pc says $$(PKG_CONFIG_PATH=$(abspath $(PCDIR)) pkg-config --modversion rns)"; exit 1; }; \
	  echo "ok   pkg-config --atleast-version=$$node rns (the newest symbol node)"
	PKG_CONFIG_PATH=$(abspath $(PCDIR)) sh -c '$(CC) $(CWARN) $(CFLAGS) -o $(OUT)/demo-pc bindings/c/examples/demo.c $$(pkg-config --cflags --libs rns)'
	$(OUT)/demo-pc > /dev/null
	@scripts/as-nobody.sh $(OUT)/demo-pc > $(OUT)/demo-nobody.log 2>&1 || { cat $(OUT)/demo-nobody.log; exit 1; }; \
	  grep -E '^skip|skip the rest' $(OUT)/demo-nobody.log || echo "ok   demo-pc runs as uid 65534 too (its ordinary-user path)"
	PKG_CONFIG_PATH=$(abspath $(PCDIR)) sh -c '$(CC) $(CWARN) $(CFLAGS) -static -o $(OUT)/demo-pc-static bindings/c/examples/demo.c $$(pkg-config --static --cflags --libs rns)' 2> $(OUT)/demo-pc-static.log || { cat $(OUT)/demo-pc-static.log; exit 1; }
	@ldd $(OUT)/demo-pc-static 2>&1 | grep -q 'not a dynamic executable' || { echo "demo-pc-static is not static"; exit 1; }
	$(OUT)/demo-pc-static > /dev/null
	@echo "== C consumers: CMake find_package(rns)"
	rm -rf target/cmake-example
	cmake -S bindings/c/examples -B target/cmake-example -Drns_DIR=$(abspath $(CMAKEDIR)) -DCMAKE_BUILD_TYPE=Release > target/cmake-example.log
	cmake --build target/cmake-example >> target/cmake-example.log
	target/cmake-example/demo > /dev/null
	@! ldd target/cmake-example/demo-static | grep -q librns || { echo "demo-static links librns.so"; exit 1; }
	target/cmake-example/demo-static > /dev/null
	@v=$$(echo $(VERSION) | awk -F. '{print $$1"."$$2+1}'); \
	  for want in "$$v:refused" "$$(echo $(VERSION) | awk -F. '{print $$1+1".0"}'):refused" "$(VERSION):found"; do \
	    ver=$${want%%:*}; rm -rf target/cmake-version; mkdir -p target/cmake-version; \
	    printf 'cmake_minimum_required(VERSION 3.16)\nproject(v C)\nfind_package(rns %s REQUIRED)\n' "$$ver" > target/cmake-version/CMakeLists.txt; \
	    if cmake -S target/cmake-version -B target/cmake-version/build -Drns_DIR=$(abspath $(CMAKEDIR)) > target/cmake-version.log 2>&1; then got=found; else got=refused; fi; \
	    [ "$$got" = "$${want##*:}" ] || { echo "FAIL find_package(rns $$ver) $$got rns $(VERSION)"; exit 1; }; \
	  done; echo "ok   find_package(rns 0.1) and ($(VERSION)) take $(VERSION); a newer minor or the next major is refused"
	@echo "ok   pkg-config (shared; --static: a fully static program) and CMake (rns::rns, rns::rns_static) consumers build and run"

# rns_setns_pid against pidfd_open + setns + close, with and without the user namespace, and
# of three namespaces against nsenter's open-and-setns per file (benches/setns/bench.c; needs
# root, skips otherwise). Part of make bench.
bench-setns: build
	$(CC) $(CWARN) -O2 -Iinclude -o $(OUT)/bench-setns benches/setns/bench.c -L$(LIBOUT) -Wl,-rpath,$(abspath $(LIBOUT)) -lrns -lpthread
	@mkdir -p $(BENCHOUT)
	@echo "== rns_setns_pid: enter namespaces and return (best of 7 x 2000)"
	$(OUT)/bench-setns $(BENCH_TSV)

# rns_getpgid(0) against a hand-written C wrapper of getpgid (benches/c/bench.c). Part of
# make bench.
bench-c: build
	$(CC) $(CWARN) -O2 -Iinclude -o $(OUT)/bench-c benches/c/bench.c -L$(LIBOUT) -Wl,-rpath,$(abspath $(LIBOUT)) -lrns
	@mkdir -p $(BENCHOUT)
	@echo "== C: rns_getpgid(0) against a hand-written wrapper (best of 7 x 500000)"
	$(OUT)/bench-c $(BENCH_TSV)

# tools/rns-run: the spawn call's command-line front end (unshare(1) and nsenter(1) in one).
$(OUT)/rns-run: tools/rns-run.c tools/caps_gen.h $(HEADER) $(LIB_SO)
	@mkdir -p $(OUT)
	$(CC) $(CWARN) $(CFLAGS) -Iinclude -o $@ $< -L$(LIBOUT) -Wl,-rpath,$(abspath $(LIBOUT)) -lrns

EXTRA_TESTS += test-tools
.PHONY: test-tools
test-tools: $(OUT)/rns-run
	@echo "== tools/rns-run"
	tests/tools/test-rns-run.sh $(OUT)/rns-run
	@if [ "$$(id -u)" = 0 ]; then scripts/as-nobody.sh $(OUT)/rns-run tests/tools/test-rns-run.sh -- tests/tools/test-rns-run.sh $(OUT)/rns-run; fi

# rns_spawn into new net+uts namespaces against fork+unshare+execve and unshare(1), and without
# namespaces against posix_spawn (benches/spawn/bench.c; needs root, skips otherwise). Part of
# make bench.
.PHONY: bench-spawn
bench-spawn: build
	$(CC) $(CWARN) -O2 -Iinclude -o $(OUT)/bench-spawn benches/spawn/bench.c -L$(LIBOUT) -Wl,-rpath,$(abspath $(LIBOUT)) -lrns
	@mkdir -p $(BENCHOUT)
	@echo "== spawn /bin/true: rns_spawn against fork+unshare+execve, unshare(1), posix_spawn (best of 7 x 200)"
	$(OUT)/bench-spawn $(BENCH_TSV)
