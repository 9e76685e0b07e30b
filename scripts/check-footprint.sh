#!/usr/bin/env bash
# The footprint check (make check-footprint, part of make test): what librns costs the
# programs that use it.
#
#   scripts/check-footprint.sh LIBRARY PKGCONFIG-DIR CMAKE-DIR [SYSROOT]
#
#  1. LIBRARY (librns.so.0) needs nothing beyond libc and the dynamic loader: no libgcc_s
#     (Rust's unwinder is linked in statically), so loading it maps no other library.
#  2. A program of one call (tests/footprint/one_call.c), linked statically through
#     `pkg-config --static` (rns.pc in PKGCONFIG-DIR, fully static as bindings/c/README.md
#     shows), is at most MAX KB larger than the same program without librns
#     (tests/footprint/empty.c, `cc -static`): rns.pc's Libs.private carries
#     -Wl,--gc-sections, so only what the call needs is linked from librns.a.
#  3. The same program linked to CMake's rns::rns_static (rns-config.cmake in CMAKE-DIR; libc
#     shared) is under MAX KB: the target's INTERFACE_LINK_OPTIONS carry --gc-sections.
# Sizes are of stripped copies (what is loaded; librns.a's debug info is not counted).
# MAX is RNS_FOOTPRINT_MAX_KB, 100 unless set.
#
# SYSROOT: for an installed layout under a DESTDIR, the DESTDIR (pkg-config then prefixes
# the .pc's paths with it, PKG_CONFIG_SYSROOT_DIR); CMAKE-DIR is then the config's directory
# in the DESTDIR (the CMake config finds its prefix from its own location).
set -euo pipefail

[ $# -eq 3 ] || [ $# -eq 4 ] || { echo "usage: $0 LIBRARY PKGCONFIG-DIR CMAKE-DIR [SYSROOT]" >&2; exit 2; }
lib=$1 pcdir=$(realpath "$2") cmakedir=$(realpath "$3") sysroot=${4:-}
[ -f "$lib" ] || { echo "check-footprint: no such library: $lib" >&2; exit 2; }
cc=${CC:-cc} strip=${STRIP:-strip}
max_kb=${RNS_FOOTPRINT_MAX_KB:-100}
max=$((max_kb * 1024))
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
src=$root/tests/footprint
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rns-footprint.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=()

kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
stripped_size() { "$strip" -o "$tmp/stripped" "$1" && stat -c %s "$tmp/stripped"; }
# The program $1 must run and succeed (rns_getpgrp() >= 0).
runs() { "$1" || { echo "FAIL $1 exited with status $?"; exit 1; }; }

# --- 1. what the shared library needs ---------------------------------------------------------
needed=$(readelf -d "$lib" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p')
# libc, and the dynamic loader under its name on each architecture (ld-linux-x86-64.so.2,
# ld-linux-aarch64.so.1, ld64.so.2, ld-linux-riscv64-lp64d.so.1, ld-linux.so.2, ...).
extra=$(grep -vE '^(libc\.so\.[0-9]+|ld-linux[-A-Za-z0-9_.]*\.so\.[0-9]+|ld64\.so\.[0-9]+)$' <<<"$needed" || true)
if [ -n "$extra" ]; then
  echo "FAIL $lib needs more than libc and the dynamic loader: ${extra//$'\n'/ }"
  echo "     (NEEDED: ${needed//$'\n'/ })"
  failures+=("librns.so needs ${extra//$'\n'/ }")
else
  echo "ok   $lib needs only ${needed//$'\n'/, }"
fi

# --- 2. pkg-config --static, fully static --------------------------------------------------
export PKG_CONFIG_PATH=$pcdir
if [ -n "$sysroot" ]; then export PKG_CONFIG_SYSROOT_DIR=$sysroot; fi
flags=$(pkg-config --static --cflags --libs rns)
echo "     pkg-config --static --cflags --libs rns: $flags"
# glibc warns that getaddrinfo & co. (referenced by Rust's std, never called by librns) need
# its shared libraries at run time in a static program; the log is shown only on failure.
# shellcheck disable=SC2086 # the flags are words
"$cc" -std=gnu11 -O2 -static -o "$tmp/pc-one" "$src/one_call.c" $flags 2> "$tmp/pc.log" ||
  { cat "$tmp/pc.log"; echo "FAIL the one-call program does not link with pkg-config --static"; exit 1; }
"$cc" -std=gnu11 -O2 -static -o "$tmp/pc-empty" "$src/empty.c"
if readelf -l "$tmp/pc-one" | grep -q INTERP; then
  echo "FAIL the pkg-config --static program is not static"; exit 1
fi
runs "$tmp/pc-one"
one=$(stripped_size "$tmp/pc-one") empty=$(stripped_size "$tmp/pc-empty")
grow=$((one - empty))
line="static program of one call through pkg-config --static: $(kb "$one"), $(kb "$grow") more than without librns ($(kb "$empty"))"
if [ "$grow" -lt "$max" ]; then
  echo "ok   $line"
else
  echo "FAIL $line; librns may add at most $max_kb KB"
  failures+=("pkg-config --static: librns adds $(kb "$grow")")
fi

# --- 3. CMake, rns::rns_static -------------------------------------------------------------
if ! { cmake -S "$src" -B "$tmp/cmake" -Drns_DIR="$cmakedir" -DCMAKE_BUILD_TYPE=Release \
         -DCMAKE_C_COMPILER="$(command -v "$cc")" > "$tmp/cmake.log" 2>&1 &&
       cmake --build "$tmp/cmake" >> "$tmp/cmake.log" 2>&1; }; then
  cat "$tmp/cmake.log"; echo "FAIL the one-call program does not build with CMake (rns::rns_static)"; exit 1
fi
if readelf -d "$tmp/cmake/one_call" | grep -q 'librns'; then
  echo "FAIL the rns::rns_static program links librns.so"; exit 1
fi
runs "$tmp/cmake/one_call"
one=$(stripped_size "$tmp/cmake/one_call") empty=$(stripped_size "$tmp/cmake/empty")
line="program of one call linked to CMake's rns::rns_static: $(kb "$one") (without librns: $(kb "$empty"))"
if [ "$one" -lt "$max" ]; then
  echo "ok   $line"
else
  echo "FAIL $line; it may be at most $max_kb KB"
  failures+=("CMake rns::rns_static: $(kb "$one")")
fi

if [ ${#failures[@]} -eq 0 ]; then
  echo "PASS check-footprint: $lib"
  exit 0
fi
echo "FAIL check-footprint:"
for f in "${failures[@]}"; do echo "     - $f"; done
exit 1
