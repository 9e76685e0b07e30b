#!/usr/bin/env bash
# make deb: builds the Debian packages with debhelper from a copy of the tree, then lintian.
#   tests/packaging/build-deb.sh VERSION DEBDIR      (DEBDIR relative to the tree's top)
# The copy is DEBDIR/librns-VERSION (dpkg-buildpackage writes the packages beside the source,
# so they land in DEBDIR, not above the checkout). -d: the Rust toolchain here is rustup's,
# which dpkg does not know; Build-Depends says what a Debian build machine needs.
# Fails when the build fails (showing the end of its log) or lintian reports an error or a
# warning; info-level tags are shown.
set -euo pipefail
version=$1 debdir=$2
cd "$(dirname "$0")/../.."

if [ "$(id -u)" != 0 ] && ! command -v dh >/dev/null; then
  echo "make deb needs debhelper and lintian (scripts/deps.sh installs them as root)"
  exit 1
fi
rm -rf "$debdir" && mkdir -p "$debdir/librns-$version"
tar -cf - --exclude=./target --exclude=./.git --exclude=node_modules . | tar -xf - -C "$debdir/librns-$version"
(cd "$debdir/librns-$version" && dpkg-buildpackage -us -uc -b -d > ../build.log 2>&1) \
  || { tail -40 "$debdir/build.log"; exit 1; }
status=0
lintian --fail-on error,warning --display-info "$debdir/librns_${version}"_*.changes > "$debdir/lintian.txt" 2>&1 \
  || status=$?
cat "$debdir/lintian.txt"
if [ "$status" != 0 ]; then echo "FAIL lintian reports errors or warnings"; exit 1; fi
debs=$(cd "$debdir" && printf '%s ' *.deb)
echo "ok   ${debs}built; lintian: no errors, no warnings"
