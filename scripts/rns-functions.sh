#!/bin/sh
# The public functions of librns, one name per line, sorted: the declarations of rns.h (a
# line that starts with a type and declares rns_NAME(...); doc comments do not count).
#   scripts/rns-functions.sh [HEADER]     (default include/rns.h beside this script)
header=${1:-$(dirname "$0")/../include/rns.h}
sed -nE 's/^[A-Za-z][^(]*\b(rns_[a-z0-9_]+)\(.*/\1/p' "$header" | sort -u
