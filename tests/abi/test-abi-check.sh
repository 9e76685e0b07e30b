#!/usr/bin/env bash
# Shows that scripts/abi-check.sh passes on the real library and header, and fails when it
# should: a changed signature, a missing export (stub library, and librns.a relinked without
# it when the archive is at hand), a symbol moved to another version node, a
# changed SONAME, a changed constant. Additions pass. Everything happens in a temporary
# directory; the committed baseline (abi/) is only read.
#
#   tests/abi/test-abi-check.sh LIBRARY HEADER      e.g. target/lib/librns.so.0.3.0 include/rns.h
set -euo pipefail
lib=${1:?usage: test-abi-check.sh LIBRARY HEADER}
header=${2:?usage: test-abi-check.sh LIBRARY HEADER}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
check=$root/scripts/abi-check.sh
cc=${CC:-cc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rns-abi-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
bad=0 n=0

# expect NAME WANT_STATUS PATTERN COMMAND...: runs COMMAND, which must exit WANT_STATUS and
# print a line matching PATTERN (the reason, so a failure for the wrong reason does not count).
expect() {
  local name=$1 want=$2 pattern=$3 rc=0
  shift 3
  n=$((n + 1))
  "$@" > "$tmp/out.$n" 2>&1 || rc=$?
  if [ "$rc" = "$want" ] && grep -qE -- "$pattern" "$tmp/out.$n"; then
    echo "ok   ($n) $name: exit $rc as expected; $(grep -E -- "$pattern" "$tmp/out.$n" | head -n1 | sed 's/^ *//')"
  else
    echo "FAIL ($n) $name: exit $rc (want $want), output matching /$pattern/ $(grep -qE -- "$pattern" "$tmp/out.$n" && echo found || echo missing):"
    sed 's/^/     | /' "$tmp/out.$n"
    bad=1
  fi
}

# A header copy edited by sed; the edit must have changed something.
edit_header() {   # edit_header OUT SED-SCRIPT
  sed -e "$2" "$header" > "$1"
  if cmp -s "$header" "$1"; then echo "FAIL the edit '$2' did not change $header"; exit 1; fi
}

# A stand-in for the library: a stub function per exported symbol, linked with a version
# script, so the symbol table can be changed at will. Built from LIBRARY's own exports.
# stub_library OUT SONAME [DROP_SYMBOL [MOVE_SYMBOL NEW_NODE]]
readelf --dyn-syms -W "$lib" |
  awk '$1 ~ /^[0-9]+:$/ && $7 != "UND" && $7 != "ABS" && ($5 == "GLOBAL" || $5 == "WEAK") && $4 == "FUNC" { print $8 }' |
  sort -u > "$tmp/exports.txt"
stub_library() {
  local out=$1 soname=$2 drop=${3:-} move=${4:-} node=${5:-}
  local dir=$tmp/stub.$RANDOM
  mkdir -p "$dir"
  : > "$dir/stubs.c"
  : > "$dir/nodes"
  while IFS= read -r sym; do
    local name=${sym%%@*} ver=${sym##*@}
    [ "$name" = "$drop" ] && continue
    [ "$name" = "$move" ] && ver=$node
    echo "void $name(void) {}" >> "$dir/stubs.c"
    echo "$ver $name" >> "$dir/nodes"
  done < "$tmp/exports.txt"
  # One node per version, each inheriting the previous one (RNS_0.2 { ... } RNS_0.1;).
  awk '{ s[$1] = s[$1] "    " $2 ";\n" } END {
         n = asorti_(s, k); prev = ""
         for (i = 1; i <= n; i++) {
           printf "%s {\n  global:\n%s", k[i], s[k[i]]
           if (i == 1) printf "  local: *;\n"
           printf "}%s;\n", prev == "" ? "" : " " prev
           prev = k[i]
         } }
       function asorti_(a, k,   x, n, i, j, t) { n = 0; for (x in a) k[++n] = x
         for (i = 2; i <= n; i++) for (j = i; j > 1 && k[j-1] > k[j]; j--) { t = k[j]; k[j] = k[j-1]; k[j-1] = t }
         return n }' "$dir/nodes" > "$dir/lib.map"
  "$cc" -shared -fPIC -o "$out" -Wl,-soname,"$soname" -Wl,--version-script="$dir/lib.map" "$dir/stubs.c"
}

echo "== abi-check negative and positive cases ($lib, $header)"

# (1) The real library and header pass.
expect "real library and header" 0 '^PASS' "$check" "$lib" "$header"

# (2) One changed signature fails: int rns_setns(int fd, int nstype) -> long ..., long nstype.
edit_header "$tmp/changed.h" 's/^int rns_setns(int fd, int nstype);/long rns_setns(int fd, long nstype);/'
expect "changed signature: long rns_setns(int fd, long nstype)" 1 "'function int rns_setns\(int, int\)' has some" \
  "$check" "$lib" "$tmp/changed.h"

# (3) A library missing one export fails. First the control: the stub library with every
# export, version node and the SONAME passes, so the failures below come from the one change.
stub_library "$tmp/librns-all.so" librns.so.0
expect "control: stub library with every export" 0 '^PASS' "$check" "$tmp/librns-all.so" "$header"
stub_library "$tmp/librns-missing.so" librns.so.0 rns_setns
expect "library missing rns_setns" 1 'rns_setns@@RNS_0\.1 is no longer exported' \
  "$check" "$tmp/librns-missing.so" "$header"
# The same with the real code: relinked from librns.a (beside LIBRARY, or target/release),
# as the shipped library is, with a version script that lacks rns_setns.
archive=$(dirname "$lib")/librns.a
[ -f "$archive" ] || archive=$root/target/release/librns.a
if [ -f "$archive" ]; then
  mapfile -t keep < <(sed 's/@.*//' "$tmp/exports.txt" | grep -vx rns_setns)
  { echo 'RNS_0.1 {'; echo '  global:'; printf '    %s;\n' "${keep[@]}"; echo '  local: *;'; echo '};'; } > "$tmp/relink.map"
  "$cc" -shared -o "$tmp/librns-relinked.so" -Wl,-soname,librns.so.0 -Wl,--version-script="$tmp/relink.map" \
    -Wl,--gc-sections "${keep[@]/#/-Wl,-u,}" "$archive" -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
  expect "librns.a relinked without rns_setns" 1 'rns_setns@@RNS_0\.1 is no longer exported' \
    "$check" "$tmp/librns-relinked.so" "$header"
else
  echo "skip relinking librns.a without rns_setns: no librns.a beside $lib or in target/release"
fi
stub_library "$tmp/librns-moved.so" librns.so.0 "" rns_killpg RNS_0.2
expect "rns_killpg moved to version node RNS_0.2" 1 'rns_killpg@@RNS_0\.1 changed version: now rns_killpg@@RNS_0\.2' \
  "$check" "$tmp/librns-moved.so" "$header"
stub_library "$tmp/librns-soname.so" librns.so.1
expect "SONAME librns.so.1" 1 "SONAME is 'librns.so.1'" "$check" "$tmp/librns-soname.so" "$header"

# (4) An added function declaration passes, and is listed.
awk '{ print } /^int rns_setns\(int fd, int nstype\);$/ { print ""; print "int rns_abi_test_added(pid_t pid, unsigned int flags);" }' \
  "$header" > "$tmp/added.h"
grep -q rns_abi_test_added "$tmp/added.h" || { echo "FAIL could not add a declaration to the header copy"; exit 1; }
expect "added function rns_abi_test_added" 0 'add  header: new function int rns_abi_test_added\(pid_t pid, unsigned int flags\)' \
  "$check" "$lib" "$tmp/added.h"

# (5) A changed constant value fails.
edit_header "$tmp/constant.h" 's/^#define RNS_CLONE_NEWNET 1073741824$/#define RNS_CLONE_NEWNET 1073741825/'
expect "changed constant RNS_CLONE_NEWNET" 1 "rns_abi_RNS_CLONE_NEWNET' from value '1073741824' to '1073741825'" \
  "$check" "$lib" "$tmp/constant.h"

# (6) --update refuses to record an incompatible change under the same SONAME (on a copy of
# the baseline, which must stay as it was).
cp -r "$root/abi" "$tmp/abi-copy"
expect "--update with a changed signature, same SONAME" 1 'refusing to record an incompatible change' \
  env RNS_ABI_DIR="$tmp/abi-copy" "$check" --update "$lib" "$tmp/changed.h"
if ! diff -r "$root/abi" "$tmp/abi-copy" > /dev/null; then echo "FAIL --update changed the baseline copy after refusing"; bad=1; fi

# (7) Without abidw the check says what to install and fails.
mkdir -p "$tmp/nobin"
expect "abidw not on PATH" 2 'install abigail-tools' env PATH="$tmp/nobin" "$BASH" "$check" "$lib" "$header"

if [ $bad = 0 ]; then echo "ok   all $n abi-check cases behave as expected"; else echo "FAIL some abi-check cases did not behave as expected"; fi
exit $bad
