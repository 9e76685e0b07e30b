#!/bin/sh
# Every function of the header has an operation in the fuzz target, and the target has none
# the header lacks. (The build enforces the first too: the target's dispatch table is
# generated from the header, and an rns_* name without OP() does not compile.)
#   tests/fuzz/check-functions.sh HEADER FUZZ-SOURCE
header=$1 src=$2
dir=$(dirname "$0")
want=$("$dir/../../scripts/rns-functions.sh" "$header")
have=$(sed -nE 's/^(OP|ID[123]_OP|GETRES_OP)\((rns_[a-z0-9_]+).*/\2/p' "$src" | sort -u)
missing=$(printf '%s\n' "$want" | grep -vxF -f /dev/fd/3 3<<EOF3
$have
EOF3
)
extra=$(printf '%s\n' "$have" | grep -vxF -f /dev/fd/3 3<<EOF3
$want
EOF3
)
if [ -n "$missing" ] || [ -n "$extra" ]; then
  [ -n "$missing" ] && echo "FAIL functions of $header the fuzz target does not call: $(printf '%s\n' "$missing" | paste -sd' ')"
  [ -n "$extra" ] && echo "FAIL fuzz operations for functions $header does not declare: $(printf '%s\n' "$extra" | paste -sd' ')"
  exit 1
fi
echo "ok   every one of the $(printf '%s\n' "$want" | wc -l) functions of $header is a fuzz operation ($src)"
