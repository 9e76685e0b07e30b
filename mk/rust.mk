# --- Rust: cargo test (tests/*.rs), as root and again as uid 65534 ---

.PHONY: test-rust test-rust-unprivileged

test-rust: deps
	$(CARGO) test --locked

# The Rust test binaries again as an ordinary user (as root only; see test-c-unprivileged).
# The header test reads the source tree and changes no state, so it is not among them.
test-rust-unprivileged: test-rust
	@scripts/as-nobody.sh $$($(CARGO) test --locked --no-run --message-format=json 2>/dev/null \
	    | grep -o '"executable":"[^"]*"' | cut -d'"' -f4 | grep -v -e '/header-' -e '/examples/')
