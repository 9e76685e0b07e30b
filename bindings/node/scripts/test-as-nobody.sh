#!/usr/bin/env bash
# Runs the Node binding's tests as uid/gid 65534 with no groups (root only), from a
# world-readable copy of what they need, laid out as in the tree: bindings/node (with
# node_modules), include/rns.h and target/lib/librns.so. (The tree itself may sit below a
# directory that user cannot enter, such as a clone in a `mktemp -d` directory.)
# Run from the repository root after `make build` and `npm ci` in bindings/node.
set -euo pipefail
root=$(pwd)
[ "$(id -u)" = 0 ] || { echo "skip: not root (uid $(id -u)); the normal run was unprivileged"; exit 0; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/bindings" "$dir/include" "$dir/target/lib"
cp -a "$root/bindings/node" "$dir/bindings/node"
cp "$root/include/rns.h" "$dir/include/"
cp "$root/target/lib/librns.so" "$dir/target/lib/librns.so"
chmod -R a+rX "$dir"
echo "== Node binding tests as uid 65534 (unprivileged), from $dir"
cd "$dir/bindings/node"
setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$dir" node --test --test-reporter=spec test/*.test.js
