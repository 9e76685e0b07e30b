#!/usr/bin/env bash
# Runs the cross-language matrix as uid/gid 65534 with no groups (root only), from a
# world-readable copy of what it needs, laid out as in the tree (the tree itself may sit
# below a directory that user cannot enter, such as a clone in a `mktemp -d` directory).
# The driver then runs each runner as root of a user namespace of its own. Run from the
# repository root after `make matrix-runners`.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "skip unprivileged matrix: already running as uid $(id -u), not root"; exit 0; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for p in include/rns.h tests/matrix bindings/go bindings/node target/matrix/c-runner \
         target/matrix/go-runner target/release/examples/matrix-runner target/lib/librns.so; do
  mkdir -p "$dir/$(dirname "$p")"
  cp -RL "$p" "$dir/$p" # -L: the library's links become the file they name
done
ln -s librns.so "$dir/target/lib/librns.so.0"
chmod -R a+rX "$dir"
echo "== the matrix as uid 65534 (runners as root of a user namespace), from $dir"
# The runners' rpath names the original tree; LD_LIBRARY_PATH (searched before a RUNPATH)
# gives them the copy.
cd "$dir"
LD_LIBRARY_PATH="$dir/target/lib" setpriv --reuid=65534 --regid=65534 --clear-groups \
  env HOME="$dir" node tests/matrix/driver.js
