#!/bin/sh
# The public functions of librns, one name per line, sorted: the declarations of rns.h (a
# line that starts with a type and declares rns_NAME(...); doc comments do not count).
# It stays a shell one-liner because the build (the link's -u list), package builds and the
# installed-package tests run it where Node may be missing; `make gen-check` checks that it
# lists exactly what the header parser (scripts/lib/header.js; node scripts/gen.js
# --list-functions) finds.
#   scripts/rns-functions.sh [HEADER]     (default include/rns.h beside this script)
header=${1:-$(dirname "$0")/../include/rns.h}
sed -nE 's/^[A-Za-z][^(]*\b(rns_[a-z0-9_]+)\(.*/\1/p' "$header" | sort -u
