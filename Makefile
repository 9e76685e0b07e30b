# librns: build, demo and tests. This file names the targets; the rules are in mk/, one file
# per area. `make demo` is the main job, `make test` runs every test (what CI runs).
#
#   make build        target/lib: librns.so.X.Y.Z (+ librns.so.0, librns.so), librns.a;
#                     target/pkgconfig, target/cmake for building against the tree  mk/lib.mk
#   make demo         build, then run bindings/c/examples/demo.c                    mk/c.mk
#   make test         every check below (and, with CI=true, the CI-only ones)
#   make header       regenerate include/rns.h from the sources (commit it)         mk/lib.mk
#   make lint         clippy, rustfmt, gofmt + go vet, shellcheck                   mk/lint.mk
#   make test-rust    cargo test, as root and as uid 65534                          mk/rust.mk
#   make test-c       the C suite against librns.so and librns.a                    mk/c.mk
#   make test-c-consumers   pkg-config and CMake consumers                          mk/c.mk
#   make test-tools   tools/rns-run (the spawn call from the command line)          mk/c.mk
#   make check-symbols check-header abi-check   the exported interface              mk/abi.mk
#   make test-go      bindings/go                                                   mk/go.mk
#   make test-node    bindings/node                                                 mk/node.mk
#   make test-python  bindings/python (a venv under target/, pytest)                mk/python.mk
#   make test-matrix  the cross-language matrix (tests/matrix)                      mk/matrix.mk
#   make man check-man  the man pages (target/man)                                  mk/man.mk
#   make install uninstall  GNU conventions: DESTDIR, PREFIX, LIBDIR, ...           mk/install.mk
#   make deb test-install-destdir test-installed   packages and install tests       mk/packaging.mk
#   make check-footprint test-fuzz test-sandbox test-threads test-diff (in make test),
#   test-asan test-valgrind (CI only), fuzz, bench     mk/footprint.mk, reliability.mk, sandbox.mk, threads.mk
#   make clean
#
# Tools: make build and make demo need only Rust (cargo) and a C compiler; the other targets
# first run scripts/deps.sh, which installs what the machine lacks (Debian packages, as root)
# and checks for Go and Node.

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
SOURCES := Cargo.toml Cargo.lock build.rs cbindgen.toml $(wildcard src/*.rs src/*/*.rs)
# The C suite: one program, test_rns, of a runner (test_rns.c), the harness, the shared
# helpers and one file of cases an area, mirroring src/ (tests/c/README.md). The cases run in
# this order of the area files.
CTEST_AREAS := $(addprefix tests/c/,test_namespaces.c test_ns_handle.c test_userns.c test_pgrp.c test_priority.c test_creds.c \
                 test_pidfd.c test_prctl.c test_spawn.c test_spawn_peers.c test_spawn_ids.c test_spawn_fa.c test_spawn_glibc.c test_spawn_sandbox.c test_errors.c)
CTEST_SRC := tests/c/test_rns.c tests/c/harness.c tests/c/helpers.c $(CTEST_AREAS)
CTEST   := $(CTEST_SRC) $(wildcard tests/c/*.h)
PCDIR   := target/pkgconfig
CMAKEDIR:= target/cmake
MANOUT  := target/man
MATRIX  := target/matrix
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
SONAME  := librns.so.$(firstword $(subst ., ,$(VERSION)))
REALSO  := librns.so.$(VERSION)
comma   := ,

# Each mk/*.mk file adds the targets make test runs to EXTRA_TESTS, and those only CI runs
# (CI=true) to CI_TESTS. All of mk/ is read, so a new file there needs no line here.
EXTRA_TESTS :=
CI_TESTS    :=
include $(sort $(wildcard mk/*.mk))
# `make` alone is `make all`, whatever rule an included file happens to read first.
.DEFAULT_GOAL := all

.PHONY: all deps deps-build test bench bench-runs clean

all: build

# scripts/deps.sh build: cargo and a C compiler; scripts/deps.sh: everything make test needs.
# Package builds (debian/rules) set DEPS=true: a package build installs nothing.
DEPS ?= scripts/deps.sh
deps-build:
	@$(DEPS) build
deps:
	@$(DEPS)

test: deps build test-rust test-rust-unprivileged check-symbols check-header lint test-c test-c-unprivileged \
      abi-check check-man test-install-destdir test-c-consumers test-go test-node test-matrix test-matrix-unprivileged \
      deb test-installed-ci $(EXTRA_TESTS) $(if $(filter true,$(CI)),$(CI_TESTS))

# Benchmarks (not part of make test): call overhead as ratios against peers run alongside
# (benches/README.md). Each bench-* target appends its rows to $(BENCHOUT)/results.tsv; make
# bench starts that file afresh, runs them all (bench-runs) and ends with one table of them
# (benches/table.sh).
BENCHOUT := target/bench
BENCH_TSV = $(abspath $(BENCHOUT))/results.tsv
bench:
	@rm -f $(BENCH_TSV)
	@$(MAKE) --no-print-directory bench-runs
	@benches/table.sh $(BENCH_TSV)

bench-runs: bench-c bench-go bench-node bench-python bench-setns bench-spawn bench-dlopen

clean:
	$(CARGO) clean
