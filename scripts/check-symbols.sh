#!/usr/bin/env bash
# The shared object's public face: SONAME librns.so.MAJOR (Cargo.toml's version: librns.so.0);
# only rns_* symbols exported, each with a version node (RNS_X.Y) and none unversioned;
# exactly the functions the header declares; and the version script naming exactly those
# functions (the map is generated from the header by scripts/gen.js; this checks the build's
# input where Node may be missing, as in a package build).
#   scripts/check-symbols.sh librns.so include/rns.h src/librns.map
set -euo pipefail
usage="usage: check-symbols.sh librns.so include/rns.h src/librns.map"
so=${1:?$usage}
header=${2:?$usage}
map=${3:?$usage}
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }

# The SONAME from Cargo.toml's [package] version (its first "version =" line), as build.rs,
# the Makefile and scripts/gen.js derive it.
major=$(sed -n 's/^version = "\([0-9][0-9]*\)\..*/\1/p' "$(dirname "$0")/../Cargo.toml" | head -n1)
want=librns.so.${major:?no version in Cargo.toml}
soname=$(readelf -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
if [ "$soname" = "$want" ]; then ok "SONAME is $soname"; else bad "SONAME is '$soname', want $want (Cargo.toml)"; fi

# "rns_setns@@RNS_0.1" for each defined dynamic symbol (the version node itself excluded).
versioned=$(nm -D --defined-only "$so" | awk '$2 != "A" {print $3}' | sort -u)
exported=$(cut -d@ -f1 <<<"$versioned" | sort -u)
others=$(grep -v '^rns_' <<<"$exported" || true)
if [ -z "$others" ]; then ok "only rns_* symbols are exported ($(wc -l <<<"$exported"))"; else bad "exported symbols outside rns_*:"; echo "$others"; fi
unversioned=$(grep -vE '@@RNS_[0-9]+\.[0-9]+$' <<<"$versioned" || true)
if [ -z "$unversioned" ]; then
  ok "every export has a version node ($(awk -F@@ '{ print $NF }' <<<"$versioned" | sort -u | tr '\n' ' '))"
else
  bad "exports without an RNS_X.Y version node:"; echo "$unversioned"
fi

declared=$("$(dirname "$0")/rns-functions.sh" "$header")
if [ "$declared" = "$exported" ]; then
  ok "the header declares exactly the exported functions ($(wc -l <<<"$declared"))"
else
  bad "header and shared object disagree (< header only, > .so only):"
  diff <(echo "$declared") <(echo "$exported") | grep '^[<>]' || true
fi

mapped=$(sed '/\/\*/,/\*\//d' "$map" | grep -oE '\brns_[a-z_0-9]+;' | tr -d ';' | sort -u) # comments left out
if [ "$declared" = "$mapped" ]; then
  ok "$map names exactly the header's functions"
else
  bad "header and $map disagree (< header only, > map only):"
  diff <(echo "$declared") <(echo "$mapped") | grep '^[<>]' || true
fi
exit $fail
