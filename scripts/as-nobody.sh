#!/usr/bin/env bash
# Runs each test program given as uid/gid 65534 with no groups (root only), from a
# world-readable copy: the tree may sit below a directory that user cannot enter (a clone in
# a `mktemp -d` directory, say). A librns.so beside the first argument's build is copied too,
# as librns.so.0. Arguments after `--` go to every program. Exits non-zero when any fails.
#   scripts/as-nobody.sh PROG... [-- ARG...]
set -euo pipefail
so=${RNS_SO:-target/lib/librns.so}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
chmod 755 "$dir"
[ -f "$so" ] && cp "$so" "$dir/librns.so.0"
progs=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do progs+=("$1"); shift; done
[ $# -gt 0 ] && shift # the --; "$@" is now the programs' arguments
status=0
for prog in "${progs[@]}"; do
  cp "$prog" "$dir/"
  name=$(basename "$prog")
  echo "== $name as uid 65534 (unprivileged)"
  (cd "$dir" && LD_LIBRARY_PATH="$dir" setpriv --reuid=65534 --regid=65534 --clear-groups "./$name" "$@") || status=1
done
exit $status
