#!/usr/bin/env bash
# The check that the checks bite: runs COMMAND (which must fail) and requires each +REGEX to
# match a line of its output and no -REGEX to match any.
#   tests/sanitize/expect-faults.sh LABEL OUTFILE [+REGEX|-REGEX]... -- COMMAND...
set -uo pipefail
label=$1 out=$2
shift 2
want=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do want+=("$1"); shift; done
shift
"$@" > "$out" 2>&1
status=$?
fail=0
if [ $status = 0 ]; then
  echo "FAIL $label: the faulty cases passed (status 0)"
  fail=1
fi
for w in "${want[@]}"; do
  re=${w:1}
  if [ "${w:0:1}" = + ] && ! grep -Eq -- "$re" "$out"; then
    echo "FAIL $label: nothing matches /$re/"
    fail=1
  elif [ "${w:0:1}" = - ] && grep -Eq -- "$re" "$out"; then
    echo "FAIL $label: /$re/ matches: $(grep -E -- "$re" "$out" | head -n1)"
    fail=1
  fi
done
if [ $fail = 0 ]; then
  echo "ok   $label: the deliberately faulty cases are caught, the clean ones pass ($out)"
else
  echo "---- $out"; cat "$out"
fi
exit $fail
