#!/bin/sh
# The tree holds no tool output committed by accident: no libFuzzer artifact (crash-<sha1>,
# leak-, timeout-, oom-, slow-unit-), which the fuzz target writes under target/fuzz/ (its
# default -artifact_prefix) and .gitignore ignores anywhere; no Python build output (a
# setuptools build/ or *.egg-info/, which `pip install ./bindings/python` leaves beside the
# package); no Go test binary (*.test). Run by make lint.
#   scripts/check-tree.sh [DIR]   (default: this script's repository)
dir=${1:-$(dirname "$0")/..}
status=0

# refuse PATTERN OK FAIL: the tracked files matching PATTERN (grep -E) are listed after FAIL
# and make the check fail; none: OK is printed.
refuse() {
  found=$(git -C "$dir" ls-files | grep -E "$1")
  if [ -n "$found" ]; then
    echo "FAIL $3:"
    printf '%s\n' "$found" | sed 's/^/     /'
    status=1
  else
    echo "ok   $2"
  fi
}

refuse '(^|/)(crash|leak|timeout|oom|slow-unit)-[0-9a-f]{40}$' 'no libFuzzer artifacts in the tree' \
  'libFuzzer artifacts are tracked (git rm them; reproduce one with target/fuzz/fuzz_rns FILE)'
refuse '^bindings/python/(build/|[^/]*\.egg-info/)|\.test$' 'no Python build output or Go test binary in the tree' \
  'build output is tracked (git rm --cached it; .gitignore ignores it)'
exit $status
