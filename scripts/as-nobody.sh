#!/usr/bin/env bash
# Runs tests again as uid/gid 65534 with no groups (as root; otherwise it says it skips: the
# normal run already was unprivileged), from a world-readable copy of what they need: the tree
# may sit below a directory that user cannot enter (a clone in a `mktemp -d` directory, say).
#
#   scripts/as-nobody.sh PROG... [-- ARG...]             each program in turn, with the ARGs
#   scripts/as-nobody.sh [-C DIR] PATH... -- COMMAND...   one command, in the copy (or its DIR)
#
# A COMMAND is told apart from ARGs by its first word not starting with "-". Each PROG or
# PATH (a file or directory of the repository, relative or absolute) is copied to the same
# place in the copy, links followed; target/lib (librns) always is, and LD_LIBRARY_PATH
# points there, ahead of the programs' RUNPATH into the tree. Exits non-zero when any fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ "$(id -u)" != 0 ]; then
  echo "skip the run as uid 65534: already running as uid $(id -u), not root"
  exit 0
fi
sub=.
if [ "${1:-}" = -C ]; then sub=$2; shift 2; fi
paths=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do paths+=("${1#"$root"/}"); shift; done
[ $# -gt 0 ] && shift # the --

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$root"
for p in target/lib "${paths[@]}"; do
  mkdir -p "$dir/$(dirname "$p")"
  cp -RL "$p" "$dir/$p"
done
chmod -R a+rX "$dir"
nobody() {
  (cd "$dir/$sub" && HOME="$dir" LD_LIBRARY_PATH="$dir/target/lib" \
     setpriv --reuid=65534 --regid=65534 --clear-groups "$@")
}

if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  echo "== $* as uid 65534 (unprivileged), in a copy at $dir/$sub"
  nobody "$@"
  exit
fi
status=0
for p in "${paths[@]}"; do
  echo "== $(basename "$p") as uid 65534 (unprivileged)"
  nobody "./$p" "$@" || status=1
done
exit $status
