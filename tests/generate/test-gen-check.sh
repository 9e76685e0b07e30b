#!/usr/bin/env bash
# Shows `scripts/gen.js --check` failing, with a message naming the stale file, on copies of
# the files it reads and writes: a line removed from the version script, a new function in the
# header (with and without its Since line), a function renamed or given an output pointer (the
# matrix runners' dispatch, tests/matrix/*/calls_gen.*), a version bump in Cargo.toml, a release
# below its newest symbol node, a changelog entry for another version, a function list of
# scripts/rns-functions.sh that differs from the parser's, a file naming another SONAME. And
# passing on an unchanged copy. Nothing in the tree is changed.
#   tests/generate/test-gen-check.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rns-gen-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
files=(Cargo.toml include/rns.h src/librns.map debian/control debian/librns0.symbols debian/librns0.install
       abi/soname.txt scripts/gen.js scripts/lib/header.js scripts/rns-functions.sh
       bindings/node/lib/constants.js bindings/node/lib/constants.mjs bindings/node/lib/constants.d.ts bindings/node/lib/internal/prototypes.js
       tests/matrix/c/calls_gen.h tests/matrix/c/constants_gen.h tests/matrix/go/calls_gen.go tools/caps_gen.h
       bindings/python/librns/_prototypes.py bindings/python/librns/_constants.py \
       bindings/python/librns/_structs.py
       debian/changelog bindings/node/package.json bindings/python/pyproject.toml)
# The release, as the header states it (dots escaped for the patterns below).
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -n1)
vre=${version//./\\.}
rel=${version%.*} # MAJOR.MINOR: the newest symbol node
fail=0
copy=$tmp/tree

# fresh: a new copy of the files (not a git checkout: the librns.so.N scan is skipped unless a
# case makes it one).
fresh() {
  rm -rf "$copy"
  for f in "${files[@]}"; do mkdir -p "$copy/$(dirname "$f")"; cp "$root/$f" "$copy/$f"; done
}

# expect NAME STATUS PATTERN...: gen.js --check on the copy exits STATUS and prints each
# (extended regular expression) PATTERN.
expect() {
  local name=$1 want=$2; shift 2
  local out status=0
  out=$(node "$copy/scripts/gen.js" --check 2>&1) || status=$?
  local missing=()
  for p in "$@"; do grep -qE -- "$p" <<<"$out" || missing+=("$p"); done
  if [ "$status" = "$want" ] && [ ${#missing[@]} = 0 ]; then
    echo "ok   $name: exit $status"
    { grep -E '^(FAIL|PASS|gen:)' <<<"$out" || true; } | sed 's/^/       /'
  else
    echo "FAIL $name: exit $status (want $want)${missing:+, missing: ${missing[*]}}"
    # shellcheck disable=SC2001 # indents every line of a multi-line text
    sed 's/^/       /' <<<"$out"
    fail=1
  fi
}

# A documented function for the header, before the closing extern "C" guard.
add_function() { # SINCE-LINE
  # shellcheck disable=SC2016 # JavaScript in single quotes: its ${...} are the script's own
  node -e '
    const fs = require("fs"); const [file, since] = process.argv.slice(1);
    const fn = `/**\n * Does something new.\n *\n * Kernel: any.\n * Scope: reads only.\n * Returns: 0.\n * Errors: -ESRCH no such process.\n${since}*/\nint rns_new_call(pid_t pid);\n\n`;
    const h = fs.readFileSync(file, "utf8");
    if (!h.includes("#ifdef __cplusplus\n}")) throw new Error("no closing guard");
    fs.writeFileSync(file, h.replace("#ifdef __cplusplus\n}", fn + "#ifdef __cplusplus\n}"));
  ' "$copy/include/rns.h" "$1"
}

fresh
expect "an unchanged copy" 0 '^PASS gen-check'

fresh
sed -i '/^    rns_setns;$/d' "$copy/src/librns.map"
expect "rns_setns removed from src/librns.map" 1 \
  '^FAIL src/librns.map is stale' '^ +\+    rns_setns;$' 'run make gen'

fresh
# A version node no function of the tree is in yet (9.9): a new node, chained to the others.
add_function ' * Since: 9.9
 '
expect "a new function (Since: 9.9) in the header" 1 \
  '^FAIL src/librns.map is stale' '^ +\+RNS_9\.9 \{$' '^ +\+    rns_new_call;$' '^ +\+\} RNS_0\.[0-9]+;$' \
  '^FAIL debian/librns0.symbols is stale' '^ +\+ rns_new_call@RNS_9\.9 9\.9\.0$' \
  '^FAIL bindings/node/lib/internal/prototypes.js is stale' "^ +\+  'int rns_new_call\(pid_t pid\)',$" \
  '^FAIL tests/matrix/c/calls_gen.h is stale' '^ +\+        return result_int\(r, rns_new_call\(\(pid_t\)ARG_INT\(0\)\)\);$' \
  '^FAIL tests/matrix/go/calls_gen.go is stale' '^ +\+	"rns_new_call": +rns\.NewCall,$' \
  '^FAIL bindings/python/librns/_prototypes.py is stale' '^ +\+    "rns_new_call": \(c_int, \(c_int32,\)\),$'

fresh
# A function renamed in the header: the matrix runners' dispatch names the old one.
sed -i 's/\brns_setns_pid\b/rns_setns_pids/' "$copy/include/rns.h"
expect "rns_setns_pid renamed rns_setns_pids in the header" 1 \
  '^FAIL tests/matrix/c/calls_gen.h is stale' '^ +-    if \(strcmp\(call, "rns_setns_pid"\) == 0\) \{$' \
  '^FAIL tests/matrix/go/calls_gen.go is stale' '^ +\+	"rns_setns_pids": +rns\.SetnsPids,$'

fresh
# A function with an output pointer is left to runner.c: named in the comment, not dispatched.
sed -i 's/^int rns_setns_pid(pid_t pid, int nstypes);$/int rns_setns_pid(pid_t pid, int *nstypes);/' "$copy/include/rns.h"
expect "rns_setns_pid given an output pointer" 1 \
  '^FAIL tests/matrix/c/calls_gen.h is stale' '^ +-        return result_int\(r, rns_setns_pid\(' \
  '^ +\+ \*     .*rns_setns_pid,' \
  '^FAIL bindings/python/librns/_prototypes.py is stale' '^ +\+    "rns_setns_pid": \(c_int, \(c_int32, POINTER\(c_int\)\)\),$'

fresh
add_function ' '
expect "a new function without a Since line" 1 'rns_new_call: the doc comment has no "Since: X.Y" line'

fresh
sed -i '0,/^version = .*/s//version = "1.0.0"/' "$copy/Cargo.toml"
expect "Cargo.toml's version 1.0.0 (SONAME librns.so.1)" 1 \
  "RNS_VERSION_\\* say $vre, Cargo.toml says 1\\.0\\.0" 'abi/soname.txt says librns\.so\.0, .* gives librns\.so\.1' \
  'debian/control has no package librns1' '^FAIL debian/librns1.symbols is missing'

fresh
echo '  | grep -v "^rns_killpg$"' >> "$copy/scripts/rns-functions.sh"
sed -i 'N;s/\n  |/ |/;P;D' "$copy/scripts/rns-functions.sh"
expect "scripts/rns-functions.sh missing a function" 1 \
  '^FAIL scripts/rns-functions.sh lists other functions than the header declares' '^ +\+rns_killpg$'

# A release older than its newest symbol node, and a changelog, npm or Python package not at the
# release: pkg-config --atleast-version and RNS_VERSION_* would not tell the node's functions.
fresh
sed -i '0,/^version = .*/s//version = "0.1.0"/' "$copy/Cargo.toml"
expect "Cargo.toml's version 0.1.0 below the newest node" 1 \
  "the newest symbol node is RNS_${rel//./\\.}, but Cargo.toml.s version 0\\.1\\.0 is release 0\\.1" \
  "debian/changelog.s newest entry is $vre, Cargo.toml.s version 0\\.1\\.0" \
  "bindings/node/package.json.s version is $vre, Cargo.toml.s 0\\.1\\.0" \
  "bindings/python/pyproject.toml.s version is $vre, Cargo.toml.s 0\\.1\\.0"
fresh
sed -i "1s/($version)/($version~rc1)/" "$copy/debian/changelog"
expect "a changelog entry for another version" 1 "debian/changelog.s newest entry is $vre~rc1, Cargo.toml.s version $vre"

if command -v git > /dev/null; then
  fresh
  # (The name is put together at run time: this file is scanned too.)
  printf 'Load librns.so.%d at run time.\n' 2 > "$copy/NOTES.md"
  git -C "$copy" init -q && git -C "$copy" add -A
  expect "a tracked file naming another SONAME" 1 'NOTES.md:1: names librns\.so\.2; .* gives librns\.so\.0'
fi

if [ $fail = 0 ]; then echo "PASS test-gen-check: scripts/gen.js --check fails on each stale copy and passes on an unchanged one"; fi
exit $fail
