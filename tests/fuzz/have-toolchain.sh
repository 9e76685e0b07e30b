#!/bin/sh
# Can this machine build the fuzz target? Silent and 0 when it can; otherwise prints why
# and exits 1. Needs clang with its libFuzzer runtime (scripts/deps.sh installs both as root)
# and a rustc for the host that accepts -Zsanitizer=address under RUSTC_BOOTSTRAP=1.
#   tests/fuzz/have-toolchain.sh [CLANG]
clang=${1:-clang}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if ! command -v "$clang" >/dev/null; then
  echo "$clang is not installed (as root, scripts/deps.sh installs clang and its libFuzzer runtime)"
  exit 1
fi
echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return d && n; }' > "$dir/t.c"
if ! "$clang" -fsanitize=fuzzer,address -o "$dir/t" "$dir/t.c" > "$dir/log" 2>&1; then
  echo "$clang cannot link a libFuzzer target: $(head -n1 "$dir/log") (Debian: the libclang-rt-N-dev package)"
  exit 1
fi
echo 'pub fn f(x: &[u8]) -> u8 { x[1] }' > "$dir/t.rs"
host=$(rustc -vV | sed -n 's/^host: //p')
if ! RUSTC_BOOTSTRAP=1 rustc --crate-type staticlib --target "$host" -Zsanitizer=address \
     -Cpasses=sancov-module -o "$dir/libt.a" "$dir/t.rs" > "$dir/log" 2>&1; then
  echo "rustc cannot instrument for the fuzzer: $(head -n1 "$dir/log")"
  exit 1
fi
