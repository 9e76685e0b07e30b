#!/usr/bin/env bash
# The installed-consumer test: installs the two .debs from target/deb with dpkg -i, then,
# with no path into the source tree, builds and runs
#   - a C program with `pkg-config --cflags --libs rns` (shared) and with --static
#   - a CMake project with find_package(rns) (rns::rns and rns::rns_static)
#   - a Go program through bindings/go, linked to the installed library
#   - the Node binding loading the system's librns.so.0
#   - Debian's python3 importing the installed python3-librns, which loads librns.so.0
# and purges the packages on every path, leaving the machine as it was.
#
# It changes the system, so it runs only as root and only in CI (CI=true) or when asked for
# by name (make test-installed sets RNS_TEST_INSTALLED=1); otherwise it says why it skips.
# It also skips, touching nothing, when librns is already installed (it could not restore it).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
debdir=$root/target/deb

if [ "${CI:-}" != true ] && [ "${RNS_TEST_INSTALLED:-}" != 1 ]; then
  echo "skip installed-consumer test: it installs librns system-wide; runs in CI (CI=true) or with make test-installed"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "skip installed-consumer test: dpkg -i needs root (uid $(id -u))"
  exit 0
fi
for p in librns0 librns-dev python3-librns; do
  if dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok'; then
    echo "skip installed-consumer test: $p is already installed; the test could not restore it"
    exit 0
  fi
done
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
for f in /usr/include/rns.h /usr/lib/$multiarch/librns.so.0 /usr/local/include/rns.h /usr/local/lib/librns.so.0; do
  if [ -e "$f" ]; then
    echo "skip installed-consumer test: $f exists (a librns installed outside dpkg); it would mix with the packages"
    exit 0
  fi
done
debs=("$debdir"/librns0_*.deb "$debdir"/librns-dev_*.deb "$debdir"/python3-librns_*.deb)
for d in "${debs[@]}"; do [ -f "$d" ] || { echo "FAIL no $d: run make deb first"; exit 1; }; done

work=$(mktemp -d)
cleanup() {
  status=$?
  dpkg --purge python3-librns librns-dev librns0 >/dev/null 2>&1 || true
  rm -rf "$work"
  left=$(ls /usr/include/rns.h /usr/lib/"$multiarch"/librns* /usr/lib/"$multiarch"/pkgconfig/rns.pc \
            /usr/lib/"$multiarch"/cmake/rns /usr/share/man/man7/rns.7.gz /usr/lib/python3/dist-packages/librns* \
            2>/dev/null || true)
  if [ -n "$left" ]; then echo "FAIL left behind after purge: $left"; status=1; fi
  if dpkg-query -W librns0 librns-dev python3-librns >/dev/null 2>&1 && \
     dpkg-query -W -f '${Status}\n' librns0 librns-dev python3-librns | grep -qv 'not-installed'; then
    echo "FAIL a librns package is still known to dpkg"; status=1
  fi
  [ $status = 0 ] && echo "ok   packages purged; nothing of librns left on the system"
  exit $status
}
trap cleanup EXIT

echo "== installing ${debs[*]##*/}"
dpkg -i "${debs[@]}" >/dev/null

# Nothing below may see the tree: no PKG_CONFIG_PATH, LD_LIBRARY_PATH or RNS_LIBRARY.
unset PKG_CONFIG_PATH LD_LIBRARY_PATH RNS_LIBRARY CGO_LDFLAGS CGO_CFLAGS
cp "$root/bindings/c/examples/demo.c" "$root/bindings/c/examples/CMakeLists.txt" "$work/"
cd "$work"

system_lib=$(realpath /usr/lib/"$multiarch"/librns.so.0)
loads_system_lib() { # the program $1 loads the installed librns.so.0 (through /lib or /usr/lib)
  local got
  got=$(ldd "$1" | awk '$1 == "librns.so.0" {print $3}')
  if [ -z "$got" ] || [ "$(realpath "$got")" != "$system_lib" ]; then
    echo "FAIL $1 does not load the installed librns.so.0 ($system_lib):"; ldd "$1"; exit 1
  fi
}
no_tree() { # the program $1 must not name the source tree
  if strings "$1" | grep -q "$root"; then echo "FAIL $1 refers to the source tree $root"; exit 1; fi
}

echo "== man pages"
for f in $("$root/scripts/rns-functions.sh" /usr/include/rns.h); do
  man -w 3 "$f" > /dev/null 2>&1 || { echo "FAIL man 3 $f: no installed page"; exit 1; }
done
man -w 7 rns | grep -q "^/usr/share/man/man7/rns.7" || { echo "FAIL man 7 rns: no installed page"; exit 1; }
echo "ok   man 3 finds a page for each function of the installed rns.h, and man 7 rns the overview"

echo "== C, pkg-config (shared)"
# shellcheck disable=SC2046 # pkg-config prints a list of flags
cc -std=gnu11 -Wall -Wextra -Werror -O2 -o demo-pc demo.c $(pkg-config --cflags --libs rns)
loads_system_lib demo-pc
no_tree demo-pc
./demo-pc > /dev/null
echo "ok   demo built with pkg-config runs, linked to /usr/lib/$multiarch/librns.so.0"

echo "== C, pkg-config --static"
# shellcheck disable=SC2046 # pkg-config prints a list of flags
cc -std=gnu11 -Wall -Wextra -Werror -O2 -static -o demo-static demo.c $(pkg-config --static --cflags --libs rns) 2> static.log || { cat static.log; exit 1; }
grep -v "statically linked applications requires at runtime" static.log | grep -v 'in function' >&2 || true
deps=$(ldd demo-static 2>&1 || true) # ldd fails on a static program, saying so
grep -q 'not a dynamic executable' <<<"$deps" || { echo "FAIL demo-static is dynamic:"; echo "$deps"; exit 1; }
no_tree demo-static
./demo-static > /dev/null
echo "ok   demo linked statically from pkg-config --static runs (no shared libraries at all)"

echo "== CMake, find_package(rns)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > cmake.log 2>&1 || { cat cmake.log; exit 1; }
cmake --build build >> cmake.log 2>&1 || { cat cmake.log; exit 1; }
grep -q "rns_DIR:PATH=/usr/lib/$multiarch/cmake/rns" build/CMakeCache.txt || { echo "FAIL CMake found rns elsewhere:"; grep rns_DIR build/CMakeCache.txt; exit 1; }
loads_system_lib build/demo
build/demo > /dev/null
if ldd build/demo-static | grep -q librns; then echo "FAIL demo-static (CMake) links librns.so"; exit 1; fi
build/demo-static > /dev/null
echo "ok   CMake project (rns::rns and rns::rns_static) builds and runs against /usr/lib/$multiarch/cmake/rns"

echo "== Go, bindings/go against the installed library"
mkdir -p go/binding go/consumer
cp "$root"/bindings/go/go.mod "$root"/bindings/go/*.go go/binding/
rm -f go/binding/*_test.go
cp "$root/tests/installed/consumer.go" go/consumer/main.go
cat > go/consumer/go.mod <<MOD
module consumer

go 1.22

require github.com/librns/librns/bindings/go v0.0.0

replace github.com/librns/librns/bindings/go => ../binding
MOD
(cd go/consumer && GOFLAGS=-mod=mod go build -o ../consumer-bin . )
loads_system_lib go/consumer-bin
no_tree go/consumer-bin
go/consumer-bin
echo "ok   Go program built through #cgo pkg-config: rns against the installed rns.pc"

echo "== Node, the binding loading the system's librns.so.0"
mkdir -p node
cp -R "$root/bindings/node" node/librns
rm -rf node/librns/test
# shellcheck disable=SC2016 # JavaScript, not shell: nothing to expand
node -e '
  const rns = require("./node/librns");
  if (rns.libraryPath !== "librns.so.0") { console.error("FAIL loaded", rns.libraryPath); process.exit(1); }
  try { rns.getpgid(4194305); console.error("FAIL no error"); process.exit(1); }
  catch (e) { if (e.code !== "ESRCH") throw e; }
  console.log(`node: librns ${rns.version()} from ${rns.libraryPath}, pgid ${rns.getpgid(0)}`);'
echo "ok   Node binding loads the system librns.so.0"

echo "== Python, python3-librns with Debian's python3"
# From the scratch directory, with no LIBRNS_PATH: the module is the package's, the library the
# system's librns.so.0.
# shellcheck disable=SC2016 # Python, not shell
env -u LIBRNS_PATH -u PYTHONPATH /usr/bin/python3 -c '
import os, librns
assert librns.__file__.startswith("/usr/lib/python3/dist-packages/librns/"), librns.__file__
assert librns.library_path == "librns.so.0", librns.library_path
assert librns.getpgid(0) == os.getpgid(0)
try:
    librns.getpgid(4194305)
    raise SystemExit("FAIL no error")
except ProcessLookupError:
    pass
print(f"python: librns {librns.version()} from {librns.library_path}, pgid {librns.getpgid(0)}")'
echo "ok   python3-librns imports with Debian's python3 and loads the system librns.so.0"
