#!/usr/bin/env bash
# make test-sandbox: the C, Go, Node and Python suites again as on an old kernel or in a container
# that hides the pidfd calls, each under tests/sandbox/rns-sandbox in three modes:
#
#   --nopidfd            pidfd_open, pidfd_send_signal, pidfd_getfd and clone3 give ENOSYS
#   --uname26            uname(2) reports 2.6.x (the kernel is the same)
#   --nopidfd --uname26  both
#
# as root and (when root) again as uid 65534 (scripts/as-nobody.sh); and the cross-language
# matrix under --nopidfd, as root and as uid 65534. rns-sandbox sets RNS_TEST_SANDBOX, from
# which the suites expect -ENOSYS of the pidfd calls (and check it is in effect); every
# namespace case runs unchanged. Each run is checked first, in the same sandbox, by
# `rns-sandbox --verify`. Prints, per run, its skips, notes and failures (with their reasons;
# Go: its whole output) and its counts, then a table of the counts. Exits 1 when any failed.
#
# Needs what the Makefile builds: target/sandbox/rns-sandbox, target/c/test_rns_so,
# target/go/rns-go.test, target/go/rns-netns.test, bindings/node/node_modules and the matrix runners
# (the Python one: target/python-venv with bindings/python installed).
# shellcheck disable=SC2317 # the *_filter functions are called through run's FILTER argument
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
sb=target/sandbox/rns-sandbox
log=$(mktemp)
table=$(mktemp)
trap 'rm -f "$log" "$table"' EXIT
status=0

# run MODE LANG USER FILTER CMD...: CMD under the sandbox MODE (flags, space separated);
# FILTER prints what matters of the log and ends with "N passed, N failed, N skipped".
run() {
  local mode=$1 lang=$2 user=$3 filter=$4
  shift 4
  echo "== $lang, $user, rns-sandbox $mode"
  # shellcheck disable=SC2086 # the mode is a list of flags
  "$sb" $mode -- "$sb" --verify -- "$@" > "$log" 2>&1
  local rc=$? counts
  "$filter" < "$log"
  counts=$("$filter" < "$log" | tail -n1)
  if [ $rc -ne 0 ]; then
    counts="$counts (exit $rc)"
    status=1
  fi
  printf '%-20s %-7s %-11s %s\n' "$mode" "$lang" "$user" "$counts" >> "$table"
}

# Only the lines that matter (skips, notes, failures with their reasons), then the counts.
c_filter() {
  grep -v -E '^ok   [a-z0-9_]+$' | sed -E 's/^([0-9]+ passed, [0-9]+ failed)$/\1, 0 skipped/'
}
go_filter() { cat; }
node_filter() {
  awk 'failing { print; next } /^✖ failing tests:/ { failing = 1; print; next }
       /^ℹ note:|^﹣|^== |^ok   sandbox/ { print }
       /^ℹ pass / { p = $3 } /^ℹ fail / { f = $3 } /^ℹ skipped / { s = $3 }
       END { printf "%d passed, %d failed, %d skipped\n", p, f, s }'
}
py_filter() {
  awk '/^(FAILED|ERROR|SKIPPED) / { print }
       /^=+ .* in [0-9.]+s/ || /^[0-9]+ (passed|failed|skipped).* in [0-9.]+s/ {
         for (i = 1; i <= NF; i++) { n = $i + 0; w = $(i + 1); sub(/[,=]/, "", w)
           if (w == "passed") p = n; if (w == "failed" || w == "errors" || w == "error") f += n
           if (w == "skipped") s = n } }
       END { printf "%d passed, %d failed, %d skipped\n", p, f, s }'
}
matrix_filter() {
  awk '/^[^ ]+ +(pass +)+$/ || /^case |^---|^$/ { next }
       /cells skipped/ { match($0, /[0-9]+ cells skipped/); s = substr($0, RSTART, RLENGTH) + 0 }
       /^[0-9]+ passed, [0-9]+ failed$/ { last = $0; next }
       { print }
       END { printf "%s, %d skipped\n", last, s }'
}

root=$([ "$(id -u)" = 0 ] && echo yes)
nobody_c=(scripts/as-nobody.sh target/c/test_rns_so)
nobody_go=(scripts/gotest-summary.sh scripts/as-nobody.sh target/go/rns-go.test -- -test.v)
nobody_netns=(scripts/gotest-summary.sh scripts/as-nobody.sh target/go/rns-netns.test -- -test.v)
nobody_node=(scripts/as-nobody.sh -C bindings/node include/rns.h bindings/node -- \
  sh -c 'node --test --test-reporter=spec test/*.test.js test/*.test.mjs')
# The Python suite, run from its directory ($PWD expands there, in the sh -c).
# shellcheck disable=SC2016
pytest_here='LIBRNS_PATH=$PWD/../../../target/lib/librns.so exec ../../../target/python-venv/bin/python -m pytest -q -rfs -p no:cacheprovider .'
py=(sh -c "cd bindings/python/tests && $pytest_here")
nobody_py=(scripts/as-nobody.sh -C bindings/python/tests target/python-venv README.md include/rns.h \
  bindings/python/README.md bindings/python/tests -- sh -c "$pytest_here")
nobody_matrix=(scripts/as-nobody.sh include/rns.h scripts/rns-functions.sh tests/matrix bindings/go \
  bindings/node bindings/python/librns target/python-venv target/matrix -- node tests/matrix/driver.js)

for mode in "--nopidfd" "--uname26" "--nopidfd --uname26"; do
  run "$mode" C "uid $(id -u)" c_filter target/c/test_rns_so
  run "$mode" Go "uid $(id -u)" go_filter scripts/gotest-summary.sh target/go/rns-go.test -test.v
  run "$mode" netns "uid $(id -u)" go_filter scripts/gotest-summary.sh target/go/rns-netns.test -test.v
  run "$mode" Node "uid $(id -u)" node_filter \
    sh -c 'cd bindings/node && exec node --test --test-reporter=spec test/*.test.js test/*.test.mjs'
  run "$mode" Python "uid $(id -u)" py_filter "${py[@]}"
  if [ -n "$root" ]; then
    run "$mode" C "uid 65534" c_filter "${nobody_c[@]}"
    run "$mode" Go "uid 65534" go_filter "${nobody_go[@]}"
    run "$mode" netns "uid 65534" go_filter "${nobody_netns[@]}"
    run "$mode" Node "uid 65534" node_filter "${nobody_node[@]}"
    run "$mode" Python "uid 65534" py_filter "${nobody_py[@]}"
  fi
done
run --nopidfd matrix "uid $(id -u)" matrix_filter node tests/matrix/driver.js
[ -n "$root" ] && run --nopidfd matrix "uid 65534" matrix_filter "${nobody_matrix[@]}"
[ -z "$root" ] && echo "skip the runs as uid 65534: running as uid $(id -u), not root"

echo
echo "== sandbox runs (matrix: cells, 4 languages)"
cat "$table"
exit $status
