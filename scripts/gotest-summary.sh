#!/usr/bin/env bash
# Runs a Go test command given in verbose mode (go test -v ..., or a test binary with
# -test.v), keeps its output quiet on success, and prints what matters: each skipped test
# with its reason, each note a test logs ("note: ...", say what it could not check here),
# the whole output when something fails, and "N passed, N failed, N skipped"
# over the top-level tests. Exits with the command's status.
set -uo pipefail
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$@" > "$log" 2>&1
status=$?
if [ $status -ne 0 ]; then cat "$log"; fi
# A test's log lines (indented) come between its "=== RUN" and its "--- SKIP" (streamed), or
# just after the "--- SKIP" line (buffered): take whichever holds them.
awk '
  /^=== RUN/ { buf = ""; cur = $3; next }
  /\.go:[0-9]+: note: / { n = $0; sub(/^.*\.go:[0-9]+: note: /, "", n); print "note " cur ": " n }
  /^    [^ -]/ { t = $0; sub(/^ +/, "", t); buf = buf (buf ? " / " : "") t; next }
  /^--- SKIP/ { skipped++; name = $3
                if (buf == "" && (getline nxt) > 0) { sub(/^ +/, "", nxt); buf = nxt }
                print "skip " name ": " buf; buf = ""; next }
  /^--- PASS/ { passed++ }
  /^--- FAIL/ { failed++ }
  /^---/ { buf = "" }
  END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }
' "$log"
exit $status
