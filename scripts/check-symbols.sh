#!/usr/bin/env bash
# The shared object's public face: SONAME librns.so.0; only rns_* symbols exported, each with
# a version node (RNS_X.Y) and none unversioned; exactly the functions the header declares;
# and the version script naming exactly those functions (so none can drift from another).
#   scripts/check-symbols.sh librns.so include/rns.h src/librns.map
set -euo pipefail
usage="usage: check-symbols.sh librns.so include/rns.h src/librns.map"
so=${1:?$usage}
header=${2:?$usage}
map=${3:?$usage}
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }

soname=$(readelf -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
if [ "$soname" = librns.so.0 ]; then ok "SONAME is $soname"; else bad "SONAME is '$soname', want librns.so.0"; fi

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
