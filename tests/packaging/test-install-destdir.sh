#!/usr/bin/env bash
# make test-install-destdir: make install into DESTDIR (PREFIX=/usr, LIBDIR=/usr/lib/some-triplet),
# check the files, their modes, the soname and dev links and rns.pc's libdir; then make
# uninstall, and check that nothing is left.
#   tests/packaging/test-install-destdir.sh DESTDIR REALSO     (REALSO: librns.so.X.Y.Z)
# Runs make in the tree's top ($MAKE, or make; MAKEFLAGS come from the calling make).
set -euo pipefail
destdir=$1 realso=$2
cd "$(dirname "$0")/../.."
vars=(DESTDIR="$destdir" PREFIX=/usr LIBDIR=/usr/lib/some-triplet)

rm -rf "$destdir"
"${MAKE:-make}" --no-print-directory install "${vars[@]}" > /dev/null
(
  cd "$destdir/usr"
  for f in "lib/some-triplet/$realso" lib/some-triplet/librns.a include/rns.h \
      lib/some-triplet/pkgconfig/rns.pc lib/some-triplet/cmake/rns/rns-config.cmake \
      lib/some-triplet/cmake/rns/rns-config-version.cmake share/man/man3/rns_setns.3 share/man/man7/rns.7; do
    [ "$(stat -c %a "$f")" = 644 ] || { echo "FAIL $f missing or not mode 0644"; exit 1; }
  done
  if [ "$(readlink lib/some-triplet/librns.so.0)" != "$realso" ] || [ "$(readlink lib/some-triplet/librns.so)" != librns.so.0 ]; then
    echo "FAIL soname or dev link"; exit 1
  fi
  grep -qx 'libdir=/usr/lib/some-triplet' lib/some-triplet/pkgconfig/rns.pc || { echo "FAIL rns.pc libdir"; exit 1; }
)
"${MAKE:-make}" --no-print-directory uninstall "${vars[@]}" > /dev/null
left=$(find "$destdir" -type f -o -type l)
if [ -n "$left" ]; then echo "FAIL uninstall left: $left"; exit 1; fi
echo "ok   make install (DESTDIR, PREFIX, LIBDIR): files, modes, links, rns.pc; make uninstall removes them all"
