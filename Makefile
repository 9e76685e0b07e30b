# librns: build, demo and tests. `make demo` is the main job, `make test` runs every test.
# Both install missing build tools first (scripts/deps.sh; Debian packages, as root).

CARGO   ?= cargo
CC      ?= cc
CXX     ?= c++
CFLAGS  ?= -O2 -g
CWARN   := -std=gnu11 -Wall -Wextra -Werror
REL     := target/release
OUT     := target/c
# The shipped libraries, laid out as installed: librns.so.X.Y.Z with its soname and dev links,
# and librns.a. Every test, binding and example in the tree uses these.
LIBOUT  := target/lib
LIB_SO  := $(LIBOUT)/librns.so
LIB_A   := $(LIBOUT)/librns.a
SYMMAP  := src/librns.map
HEADER  := include/rns.h
SOURCES := Cargo.toml Cargo.lock build.rs cbindgen.toml $(wildcard src/*.rs)
# The C suite: one program, test_rns, of a runner (test_rns.c), the harness, the shared
# helpers and one file of cases an area, mirroring src/ (tests/c/README.md). The cases run in
# this order of the area files.
CTEST_AREAS := $(addprefix tests/c/,test_namespaces.c test_pgrp.c test_priority.c test_creds.c \
                 test_pidfd.c test_errors.c)
CTEST_SRC := tests/c/test_rns.c tests/c/harness.c tests/c/helpers.c $(CTEST_AREAS)
CTEST   := $(CTEST_SRC) $(wildcard tests/c/*.h)
NOBODY  := 65534
PCDIR   := target/pkgconfig
CMAKEDIR:= target/cmake
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
SONAME  := librns.so.0
REALSO  := librns.so.$(VERSION)
comma   := ,

# Areas with targets of their own (one file each in mk/). A file adds the targets make test
# runs to EXTRA_TESTS, and those only CI runs (CI=true) to CI_TESTS. They are read before the
# rules below, so `make` alone is named here: it stays `make all`, not a file's first rule.
.DEFAULT_GOAL := all
EXTRA_TESTS :=
CI_TESTS    :=
include $(sort $(wildcard mk/*.mk))

.PHONY: all build deps header demo test test-rust test-rust-unprivileged check-header test-c \
        test-c-unprivileged test-c-consumers check-symbols lint test-go test-node node-deps \
        rust-runner matrix-runners test-matrix test-matrix-unprivileged bench bench-go bench-node bench-setns \
        abi-check man check-man install-files install uninstall test-install-destdir deb test-installed test-installed-ci clean

all: build

# Package builds (debian/rules) set DEPS=true: a package build installs nothing.
DEPS ?= scripts/deps.sh
deps:
	@$(DEPS)

# rustc's native-static-libs (what a link of librns.a needs) with libgcc's static unwinder,
# gcc_eh, for the shared one, gcc_s: for the link of librns.so and for rns.pc's Libs.private.
# (Shell text: it reads the file when the recipe runs.)
STATIC_UNWINDER_LIBS = $$(sed 's/-lgcc_s/-lgcc_eh/' $(OUT)/native-static-libs)

# One cargo invocation builds the staticlib (and the cdylib and rlib); rustc's list of the
# native libraries a static link needs is kept beside them (it is printed only when rustc runs).
build: deps $(LIB_SO) $(LIB_A) $(PCDIR)/rns-uninstalled.pc \
       $(CMAKEDIR)/rns-config.cmake $(CMAKEDIR)/rns-config-version.cmake

# The shared library is linked from the staticlib with our version script, so every export
# carries a version node (RNS_0.1), as liburing's and libsystemd's do: rustc gives a cdylib
# its own anonymous version script, which a second script cannot extend. -u names each
# export (check-symbols: the header's functions are the map's), so only what they need is
# linked from the archive; the archive itself is unchanged.
# Rust's std refers to the unwinder (_Unwind_*: backtraces, landing pads) even with
# panic = "abort", so rustc lists libgcc_s; linked as it is, the library would need
# libgcc_s.so.1, and every dlopen would map it too (make bench-dlopen: about 5x the time of
# a trivial library). It gets libgcc's static unwinder instead, kept private by the version
# script, and -static-libgcc keeps the driver from adding libgcc_s: librns.so.0 needs only
# libc and the loader (make check-footprint).
$(LIBOUT)/$(REALSO): $(OUT)/native-static-libs $(SYMMAP) $(HEADER) Makefile
	@mkdir -p $(LIBOUT)
	$(CC) -shared -o $@ -Wl,-soname,$(SONAME) -Wl,--version-script=$(SYMMAP) -Wl,--gc-sections \
	  $(LINK_STRIP) -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack -static-libgcc $(LDFLAGS) \
	  $$(scripts/rns-functions.sh $(HEADER) | sed 's/^/-Wl,-u,/') \
	  $(REL)/librns.a $(STATIC_UNWINDER_LIBS)

# The soname link (what programs load) and the development link (what -lrns finds).
$(LIB_SO): $(LIBOUT)/$(REALSO)
	ln -sf $(REALSO) $(LIBOUT)/$(SONAME)
	ln -sf $(SONAME) $@

$(LIB_A): $(OUT)/native-static-libs
	@mkdir -p $(LIBOUT)
	cp $(REL)/librns.a $@

$(OUT)/native-static-libs: $(SOURCES)
	@mkdir -p $(OUT)
	$(CARGO) rustc --release --locked --lib -- --print native-static-libs 2>&1 | tee $(OUT)/build.log
	@libs=$$(sed -n 's/.*native-static-libs: //p' $(OUT)/build.log); \
	if [ -z "$$libs" ]; then \
	  echo "cargo found the library fresh; rebuilding it once to read native-static-libs"; \
	  $(CARGO) clean --release -p rns && \
	  $(CARGO) rustc --release --locked --lib -- --print native-static-libs 2>&1 | tee $(OUT)/build.log; \
	  libs=$$(sed -n 's/.*native-static-libs: //p' $(OUT)/build.log); \
	fi; \
	test -n "$$libs" && echo "$$libs" > $@

# The two templates in bindings/c, filled for the build tree here and for an installation by
# install-files. rns.pc's Libs.private is rustc's native-static-libs with libgcc's static
# unwinder (gcc_eh) for the shared one (gcc_s), which a -static link cannot use:
# `pkg-config --static` then links fully statically. (Release builds abort on panic; the
# unwinder is only referenced by std.) Both templates give static links -Wl,--gc-sections
# (rns.pc's Libs.private; rns::rns_static's INTERFACE_LINK_OPTIONS): librns.a holds Rust's
# std, and without it a program of one call is about 1 MB larger (make check-footprint).
# $(call write-pc,FILE,PREFIX,LIBDIR,INCLUDEDIR,RPATH-FLAGS)
define write-pc
	sed -e 's|@PREFIX@|$(2)|' -e 's|@LIBDIR@|$(3)|' -e 's|@INCLUDEDIR@|$(4)|' -e 's|@VERSION@|$(VERSION)|' \
	    -e 's|@LIBS_RPATH@|$(5)|' -e "s|@LIBS_PRIVATE@|$(STATIC_UNWINDER_LIBS)|" \
	    bindings/c/rns.pc.in > $(1)
endef
# $(call write-cmake,FILE,PREFIX-FROM-CONFIG-DIR,INCLUDEDIR-FROM-PREFIX,LIBDIR-FROM-PREFIX)
define write-cmake
	sed -e "s|@RNS_REL_PREFIX@|$(2)|" -e "s|@RNS_INCLUDEDIR@|$(3)|" -e "s|@RNS_LIBDIR@|$(4)|" \
	    -e 's|@RNS_SHARED_FILE@|$(REALSO)|' \
	    -e "s|@RNS_STATIC_LIBS@|$$(sed -e 's/^ *//' -e 's/ *$$//' -e 's/-l//g' -e 's/  */;/g' $(OUT)/native-static-libs)|" \
	    bindings/c/cmake/rns-config.cmake.in > $(1)
endef

# pkg-config's "uninstalled" convention: with PKG_CONFIG_PATH=$(abspath $(PCDIR)), `pkg-config rns`
# (and cgo's `#cgo pkg-config: rns`) finds this file first and builds against the tree.
$(PCDIR)/rns-uninstalled.pc: bindings/c/rns.pc.in $(OUT)/native-static-libs Cargo.toml Makefile
	@mkdir -p $(PCDIR)
	$(call write-pc,$@,$(CURDIR),$${prefix}/$(LIBOUT),$${prefix}/include,-Wl$(comma)-rpath$(comma)$${libdir} )

# CMake's package config for the build tree: find_package(rns) with -Drns_DIR=$(abspath $(CMAKEDIR)).
$(CMAKEDIR)/rns-config.cmake: bindings/c/cmake/rns-config.cmake.in $(OUT)/native-static-libs Makefile
	@mkdir -p $(CMAKEDIR)
	$(call write-cmake,$@,../..,include,$(LIBOUT))

$(CMAKEDIR)/rns-config-version.cmake: bindings/c/cmake/rns-config-version.cmake.in Cargo.toml
	@mkdir -p $(CMAKEDIR)
	sed -e 's|@RNS_VERSION@|$(VERSION)|' $< > $@

# Regenerate the committed header from the sources (then commit it).
header: deps
	RNS_UPDATE_HEADER=1 $(CARGO) build --release --locked

$(OUT)/demo: bindings/c/examples/demo.c $(HEADER) $(LIB_SO)
	$(CC) $(CWARN) $(CFLAGS) -Iinclude -o $@ $< -L$(LIBOUT) -Wl,-rpath,$(abspath $(LIBOUT)) -lrns

demo: build $(OUT)/demo
	$(OUT)/demo

$(OUT)/test_rns_so: $(CTEST) $(HEADER) $(LIB_SO)
	$(CC) $(CWARN) $(CFLAGS) -Iinclude -o $@ $(CTEST_SRC) -L$(LIBOUT) -Wl,-rpath,$(abspath $(LIBOUT)) -lrns -lpthread

$(OUT)/test_rns_static: $(CTEST) $(HEADER) $(LIB_A)
	$(CC) $(CWARN) $(CFLAGS) -Iinclude -o $@ $(CTEST_SRC) $(LIB_A) $$(cat $(OUT)/native-static-libs) -lpthread

test: build test-rust test-rust-unprivileged check-symbols check-header lint test-c test-c-unprivileged \
      abi-check check-man test-install-destdir test-c-consumers test-go test-node test-matrix test-matrix-unprivileged \
      deb test-installed-ci $(EXTRA_TESTS) $(if $(filter true,$(CI)),$(CI_TESTS))

test-rust: deps
	$(CARGO) test --locked

# The Rust test binaries again as an ordinary user (as root only; see test-c-unprivileged).
# The header test reads the source tree and changes no state, so it is not among them.
test-rust-unprivileged: test-rust
	@scripts/as-nobody.sh $$($(CARGO) test --locked --no-run --message-format=json 2>/dev/null \
	    | grep -o '"executable":"[^"]*"' | cut -d'"' -f4 | grep -v -e '/header-' -e '/examples/')

check-symbols: build
	scripts/check-symbols.sh $(LIB_SO) $(HEADER) $(SYMMAP)

# The header on its own compiles as C99 and as C++ (the extern "C" guard), pedantic and warning-free.
check-header: deps
	$(CC) -x c -std=c99 -pedantic -Wall -Wextra -Werror -fsyntax-only $(HEADER)
	$(CXX) -x c++ -std=c++11 -pedantic -Wall -Wextra -Werror -fsyntax-only $(HEADER)
	@echo "ok   $(HEADER) compiles alone as C99 and C++11"

lint: deps
	$(CARGO) clippy --locked --all-targets -- -D warnings
	$(CARGO) fmt --check

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
# find_package(rns) (shared and static targets), each building and running the demo.
test-c-consumers: build
	@echo "== C consumers: pkg-config"
	PKG_CONFIG_PATH=$(abspath $(PCDIR)) sh -c '$(CC) $(CWARN) $(CFLAGS) -o $(OUT)/demo-pc bindings/c/examples/demo.c $$(pkg-config --cflags --libs rns)'
	$(OUT)/demo-pc > /dev/null
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
	@echo "ok   pkg-config (shared; --static: a fully static program) and CMake (rns::rns, rns::rns_static) consumers build and run"

# The cross-language matrix (tests/matrix/README.md): one runner per language, one driver.
MATRIX := target/matrix

$(MATRIX)/c-runner: tests/matrix/c/runner.c $(HEADER) $(LIB_SO)
	@mkdir -p $(MATRIX)
	$(CC) $(CWARN) $(CFLAGS) -Iinclude -o $@ $< -L$(LIBOUT) -Wl,-rpath,$(abspath $(LIBOUT)) -lrns

rust-runner: deps
	$(CARGO) build --release --locked --example matrix-runner

# The Node runner is tests/matrix/node/runner.js: it needs the binding's node_modules.
matrix-runners: $(MATRIX)/c-runner $(MATRIX)/go-runner rust-runner node-deps

test-matrix: build matrix-runners
	node tests/matrix/driver.js

# The matrix again as uid 65534 (as root only), from a world-readable copy: the driver then
# runs the runners as root of a user namespace and shows the cases that need real root as
# skipped.
test-matrix-unprivileged: matrix-runners
	scripts/as-nobody.sh $(HEADER) scripts/rns-functions.sh tests/matrix bindings/go bindings/node $(MATRIX) \
	  $(REL)/examples/matrix-runner -- node tests/matrix/driver.js

# --- Go binding (bindings/go) -------------------------------------------------------------
# cgo finds librns through `#cgo pkg-config: rns`; in the tree that is target/pkgconfig's
# rns-uninstalled.pc (with an rpath to target/release, so no LD_LIBRARY_PATH).
# Go's build cache does not key on what pkg-config prints, only on CGO_* variables: the same
# flags in CGO_LDFLAGS make a changed .pc (the tree moved, say) rebuild what links to it.
GOPC := PKG_CONFIG_PATH=$(abspath $(PCDIR)) \
        CGO_LDFLAGS="-O2 -g $$(PKG_CONFIG_PATH=$(abspath $(PCDIR)) pkg-config --libs rns)"
GO_SOURCES := $(wildcard bindings/go/*.go bindings/go/go.mod tests/matrix/go/*.go tests/matrix/go/go.mod)

# One race-enabled test binary, run as it is and (as root) again as uid 65534.
test-go: build
	go -C bindings/go mod download
	go -C tests/matrix/go mod download
	@out=$$(gofmt -l bindings/go tests/matrix/go); \
	if [ -n "$$out" ]; then echo "gofmt: not formatted: $$out"; exit 1; fi
	$(GOPC) go -C bindings/go vet ./...
	$(GOPC) go -C tests/matrix/go vet ./...
	@echo "ok   gofmt and go vet are clean"
	@mkdir -p target/go
	$(GOPC) go -C bindings/go test -c -race -o $(abspath target/go)/rns-go.test .
	@echo "== Go tests (-race)"
	@scripts/gotest-summary.sh target/go/rns-go.test -test.v
	@if [ "$$(id -u)" = 0 ]; then \
	  scripts/gotest-summary.sh scripts/as-nobody.sh target/go/rns-go.test -- -test.v; \
	else \
	  echo "skip unprivileged rerun of the Go tests: already running as uid $$(id -u), not root"; \
	fi

$(MATRIX)/go-runner: $(GO_SOURCES) $(LIB_SO) $(PCDIR)/rns-uninstalled.pc
	@mkdir -p $(MATRIX)
	$(GOPC) go -C tests/matrix/go build -o $(abspath $@) .

# --- Benchmarks (not part of make test): call overhead as ratios against peers run alongside.
bench: bench-go bench-node bench-setns

# rns_setns_pid against pidfd_open + setns + close, with and without the user namespace
# (benches/setns/bench.c; needs root).
bench-setns: build
	$(CC) $(CWARN) -O2 -Iinclude -o $(OUT)/bench-setns benches/setns/bench.c -L$(LIBOUT) -Wl,-rpath,$(abspath $(LIBOUT)) -lrns
	@echo "== rns_setns_pid: enter a network namespace and return (best of 7 x 2000)"
	$(OUT)/bench-setns

bench-go: build
	@echo "== Go: getpgid(0) through rns (cgo), golang.org/x/sys/unix and syscall (best of 5)"
	cd benches/go && $(GOPC) go test -run TestSameAnswer -bench . -count 5 > ../../target/bench-go.txt
	@awk -v base=GetpgidUnix -f benches/go/ratios.awk target/bench-go.txt

# npm `posix` is a compiled addon (node-gyp; the one dependency allowed to run its install
# script, see allowScripts in benches/node/package.json).
bench-node: build node-deps
	cd benches/node && npm ci --no-audit --no-fund
	node benches/node/bench.js

# --- Node binding (bindings/node) -------------------------------------------------------
# npm ci installs exactly package-lock.json (koffi ships its prebuilt binary as a package,
# so no install scripts run); redone when the lock file changes.
NODE_MODULES := bindings/node/node_modules/.package-lock.json

node-deps: $(NODE_MODULES)

$(NODE_MODULES): bindings/node/package-lock.json bindings/node/package.json
	cd bindings/node && npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

test-node: build node-deps
	cd bindings/node && ./node_modules/.bin/tsc -p tsconfig.json
	@echo "ok   bindings/node/index.d.ts and test/typed.ts type-check (tsc --noEmit)"
	cd bindings/node && node --test --test-reporter=spec test/*.test.js test/*.test.mjs
	scripts/as-nobody.sh -C bindings/node $(HEADER) README.md bindings/node -- \
	  sh -c 'node --test --test-reporter=spec test/*.test.js test/*.test.mjs'

# --- ABI guard: exported symbols, versions, SONAME, signatures and constants against abi/ ---
# (abidw/abidiff on a probe generated from the header; abi/README.md). The test shows the
# check failing on a changed signature, a removed export, a moved version node, ...
abi-check: build
	scripts/abi-check.sh $(LIBOUT)/$(REALSO) $(HEADER)
	tests/abi/test-abi-check.sh $(LIBOUT)/$(REALSO) $(HEADER)

# --- Man pages: generated from the header's doc comments and man/rns.7.md (go-md2man) -------
MANSRC := man/gen-man.js $(wildcard man/*.md)

man: $(MANOUT)/man7/rns.7

$(MANOUT)/man7/rns.7: $(HEADER) $(MANSRC) | deps
	rm -rf $(MANOUT)
	node man/gen-man.js $(HEADER) $(MANOUT)

check-man: man
	man/check-man.sh $(MANOUT)

# --- Install (GNU conventions) ------------------------------------------------------------
PREFIX       ?= /usr/local
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
CMAKEPKGDIR  ?= $(LIBDIR)/cmake/rns
MANDIR       ?= $(PREFIX)/share/man
INSTALL      ?= install
INSTDIR      := target/install
MANOUT       := target/man

# rns.pc and the CMake config for the installed layout (paths from the variables above; the
# CMake config finds its prefix relative to where it is installed, so DESTDIR is fine).
install-files: build man
	@mkdir -p $(INSTDIR)
	$(call write-pc,$(INSTDIR)/rns.pc,$(PREFIX),$(LIBDIR),$(INCLUDEDIR),)
	$(call write-cmake,$(INSTDIR)/rns-config.cmake,$$(realpath -m --relative-to=$(CMAKEPKGDIR) $(PREFIX)),$$(realpath -m --relative-to=$(PREFIX) $(INCLUDEDIR)),$$(realpath -m --relative-to=$(PREFIX) $(LIBDIR)))

install: install-files
	$(INSTALL) -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR) \
	  $(DESTDIR)$(CMAKEPKGDIR) $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man7
	$(INSTALL) -m 0644 $(LIBOUT)/$(REALSO) $(DESTDIR)$(LIBDIR)/$(REALSO)
	ln -sf $(REALSO) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/librns.so
	$(INSTALL) -m 0644 $(LIB_A) $(DESTDIR)$(LIBDIR)/librns.a
	$(INSTALL) -m 0644 $(HEADER) $(DESTDIR)$(INCLUDEDIR)/rns.h
	$(INSTALL) -m 0644 $(INSTDIR)/rns.pc $(DESTDIR)$(PKGCONFIGDIR)/rns.pc
	$(INSTALL) -m 0644 $(INSTDIR)/rns-config.cmake $(DESTDIR)$(CMAKEPKGDIR)/rns-config.cmake
	$(INSTALL) -m 0644 $(CMAKEDIR)/rns-config-version.cmake $(DESTDIR)$(CMAKEPKGDIR)/rns-config-version.cmake
	cp -P $(MANOUT)/man3/*.3 $(DESTDIR)$(MANDIR)/man3/
	chmod 0644 $(DESTDIR)$(MANDIR)/man3/*.3
	$(INSTALL) -m 0644 $(MANOUT)/man7/rns.7 $(DESTDIR)$(MANDIR)/man7/rns.7
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then ldconfig; fi

# Removes exactly what install wrote (a man page per function of the header).
uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/$(REALSO) $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/librns.so \
	  $(DESTDIR)$(LIBDIR)/librns.a $(DESTDIR)$(INCLUDEDIR)/rns.h $(DESTDIR)$(PKGCONFIGDIR)/rns.pc \
	  $(DESTDIR)$(CMAKEPKGDIR)/rns-config.cmake $(DESTDIR)$(CMAKEPKGDIR)/rns-config-version.cmake \
	  $(DESTDIR)$(MANDIR)/man7/rns.7
	for f in $$(scripts/rns-functions.sh $(HEADER)); do \
	  rm -f $(DESTDIR)$(MANDIR)/man3/$$f.3; done
	-rmdir $(DESTDIR)$(CMAKEPKGDIR) 2>/dev/null
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then ldconfig; fi

# --- Debian packages ------------------------------------------------------------------------
# Built by debhelper from a copy of the tree in target/deb (dpkg-buildpackage writes the
# packages beside the source, so they land in target/deb, not above the checkout). -d: the
# Rust toolchain here is rustup's, which dpkg does not know; Build-Depends says what a
# Debian build machine needs. Cargo runs offline, from the crates `make build` fetched.
DEBDIR := target/deb

deb: build
	@if [ "$$(id -u)" != 0 ] && ! command -v dh >/dev/null; then echo "make deb needs debhelper and lintian (scripts/deps.sh installs them as root)"; exit 1; fi
	rm -rf $(DEBDIR) && mkdir -p $(DEBDIR)/librns-$(VERSION)
	tar -cf - --exclude=./target --exclude=./.git --exclude=node_modules . | tar -xf - -C $(DEBDIR)/librns-$(VERSION)
	cd $(DEBDIR)/librns-$(VERSION) && dpkg-buildpackage -us -uc -b -d > ../build.log 2>&1 || { tail -40 ../build.log; exit 1; }
	lintian --fail-on error,warning --display-info $(DEBDIR)/librns_$(VERSION)_*.changes > $(DEBDIR)/lintian.txt 2>&1; \
	  status=$$?; cat $(DEBDIR)/lintian.txt; \
	  if [ $$status != 0 ]; then echo "FAIL lintian reports errors or warnings"; exit 1; fi
	@echo "ok   $$(ls $(DEBDIR)/*.deb | xargs -n1 basename | tr '\n' ' ')built; lintian: no errors, no warnings"

# install into a DESTDIR, check the layout and modes, uninstall, and check nothing is left.
test-install-destdir: build man
	rm -rf target/destdir
	$(MAKE) --no-print-directory install DESTDIR=$(abspath target/destdir) PREFIX=/usr LIBDIR=/usr/lib/some-triplet > /dev/null
	@cd target/destdir/usr && for f in lib/some-triplet/$(REALSO) lib/some-triplet/librns.a include/rns.h \
	    lib/some-triplet/pkgconfig/rns.pc lib/some-triplet/cmake/rns/rns-config.cmake \
	    lib/some-triplet/cmake/rns/rns-config-version.cmake share/man/man3/rns_setns.3 share/man/man7/rns.7; do \
	  [ "$$(stat -c %a $$f)" = 644 ] || { echo "FAIL $$f missing or not mode 0644"; exit 1; }; done; \
	  [ "$$(readlink lib/some-triplet/librns.so.0)" = $(REALSO) ] && [ "$$(readlink lib/some-triplet/librns.so)" = librns.so.0 ] \
	  || { echo "FAIL soname or dev link"; exit 1; }; \
	  grep -qx 'libdir=/usr/lib/some-triplet' lib/some-triplet/pkgconfig/rns.pc || { echo "FAIL rns.pc libdir"; exit 1; }
	$(MAKE) --no-print-directory uninstall DESTDIR=$(abspath target/destdir) PREFIX=/usr LIBDIR=/usr/lib/some-triplet > /dev/null
	@left=$$(find target/destdir -type f -o -type l); \
	  if [ -n "$$left" ]; then echo "FAIL uninstall left: $$left"; exit 1; fi
	@echo "ok   make install (DESTDIR, PREFIX, LIBDIR): files, modes, links, rns.pc; make uninstall removes them all"

# Installs the .debs, builds C (pkg-config, static, CMake), Go and Node consumers against
# them with no path into the tree, and purges them. It changes the system, so make test runs
# it only in CI (CI=true, as .ci/run sets); this target runs it on request (as root).
test-installed: deb
	RNS_TEST_INSTALLED=1 tests/installed/test-installed.sh

test-installed-ci: deb
	tests/installed/test-installed.sh

clean:
	$(CARGO) clean
