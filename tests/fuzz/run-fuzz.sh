#!/usr/bin/env bash
# Runs the libFuzzer target for SECONDS and reports what it did.
#
#   tests/fuzz/run-fuzz.sh BINARY SECONDS WORKDIR HEADER smoke|long
#
# smoke: from the committed seeds (tests/fuzz/corpus) and one seed per function of HEADER,
#        into a fresh WORKDIR/smoke-corpus, so every run starts alike.
# long:  the same seeds plus WORKDIR/corpus, which it keeps growing across runs.
# Either fails when libFuzzer stops on a finding (the input is kept in WORKDIR/artifacts/)
# or when a function of HEADER was never called.
set -uo pipefail
bin=$1 secs=$2 work=$3 header=$4 kind=$5
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$work/artifacts"

# One seed per function: its selector byte (the header's sorted order, as the harness's
# rns_functions.h has it), so every function is called from the first second.
seeds=$work/function-seeds
rm -rf "$seeds" && mkdir -p "$seeds"
i=0
for f in $("$root/scripts/rns-functions.sh" "$header"); do
  printf '%b' "\\0$(printf %03o "$i")" > "$seeds/$f"
  i=$((i + 1))
done
nfuncs=$i

if [ "$kind" = smoke ]; then
  corpus=$work/smoke-corpus
  rm -rf "$corpus"
else
  corpus=$work/corpus
fi
mkdir -p "$corpus"
stats=$work/stats-$kind.txt
log=$work/$kind.log
rm -f "$stats"
artifacts() { find "$work/artifacts" -mindepth 1 -maxdepth 1 | wc -l; }
before=$(artifacts)
echo "== fuzzing librns for ${secs}s ($kind run; log: $log)"
committed=()
[ -d "$root/tests/fuzz/corpus" ] && committed=("$root/tests/fuzz/corpus")
RNS_FUZZ_STATS=$stats "$bin" -max_total_time="$secs" -max_len=256 -timeout=60 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "$corpus" ${committed[@]+"${committed[@]}"} "$seeds" > "$log" 2>&1
status=$?

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n1)
grep '^rns-fuzz: [0-9]* functions' "$log" | sed 's/^rns-fuzz: /     /'
if [ $status != 0 ] || [ ! -s "$stats" ]; then
  echo "FAIL fuzzing stopped (status $status) after ${runs:-?} executions:"
  grep -E '^rns-fuzz: rns|ERROR|SUMMARY|runtime error|^artifact_prefix|Test unit written' "$log" | head -20
  # shellcheck disable=SC2012 # newest first; libFuzzer names artifacts crash-<sha1>, leak-<sha1>, ...
  new=$(ls -t "$work/artifacts" | head -n $(( $(artifacts) - before )))
  for a in $new; do
    echo "     reproduce: $bin $work/artifacts/$a"
  done
  echo "     full log: $log"
  exit 1
fi

read -r _ inputs _ sandboxed _ calls _ fdchecks < "$stats"
missing=$(awk 'NR > 1 && $2 + $3 == 0 { print $1 }' "$stats")
called=$(awk 'NR > 1 && $2 + $3 > 0' "$stats" | wc -l)
if [ -n "$missing" ] || [ "$called" != "$nfuncs" ]; then
  echo "FAIL functions of $header never called: ${missing:-(the stats list $called of $nfuncs)}"
  exit 1
fi
echo "$runs executions in ${secs}s (${speed}/s), $sandboxed of $inputs inputs sandboxed, $calls calls with $fdchecks fd-leak checks, all $nfuncs functions of rns.h called; $cov" > "$work/numbers-$kind.txt"
echo "ok   fuzz $kind: $(cat "$work/numbers-$kind.txt")"
