#!/usr/bin/env bash
# The shared object's public face: SONAME librns.so.0, only rns_* symbols exported, and
# exactly the functions the header declares (so neither can drift from the other).
set -euo pipefail
so=${1:?usage: check-symbols.sh librns.so include/rns.h}
header=${2:?usage: check-symbols.sh librns.so include/rns.h}
fail=0

soname=$(readelf -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
if [ "$soname" = librns.so.0 ]; then echo "ok   SONAME is $soname"; else echo "FAIL SONAME is '$soname', want librns.so.0"; fail=1; fi

exported=$(nm -D --defined-only "$so" | awk '{print $3}' | sed 's/@.*//' | sort -u)
others=$(grep -v '^rns_' <<<"$exported" || true)
if [ -z "$others" ]; then echo "ok   only rns_* symbols are exported ($(wc -l <<<"$exported"))"; else echo "FAIL exported symbols outside rns_*:"; echo "$others"; fail=1; fi

declared=$(grep -oE '\brns_[a-z_0-9]+\(' "$header" | tr -d '(' | sort -u)
if [ "$declared" = "$exported" ]; then
  echo "ok   the header declares exactly the exported functions ($(wc -l <<<"$declared"))"
else
  echo "FAIL header and shared object disagree (< header only, > .so only):"
  diff <(echo "$declared") <(echo "$exported") | grep '^[<>]' || true
  fail=1
fi
exit $fail
