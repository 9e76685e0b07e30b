# --- Generated listings: one source of truth ------------------------------------------------
# scripts/gen.js (Node) writes, from include/rns.h (through scripts/lib/header.js, the one
# header parser) and Cargo.toml: src/librns.map (each function in the node of its doc
# comment's "Since: X.Y"), debian/librnsN.symbols, the Node binding's
# lib/internal/prototypes.js and lib/constants.js, and the matrix runners' dispatch
# (tests/matrix/c/calls_gen.h, tests/matrix/go/calls_gen.go). They are committed, so a build never needs
# Node. gen-check (part of make test) fails, naming the stale file with a diff, when one
# differs from what the sources generate, or when a file kept by hand (scripts/rns-functions.sh,
# abi/soname.txt, debian/, any "librns.so.N") disagrees with them; then
# tests/generate/test-gen-check.sh shows the check failing on stale copies.
#
# After a change to the API in src/*.rs:  make header gen  (then commit what they wrote).

EXTRA_TESTS += gen-check
.PHONY: gen gen-check

gen: header
	node scripts/gen.js

gen-check: | deps
	node scripts/gen.js --check
	tests/generate/test-gen-check.sh
