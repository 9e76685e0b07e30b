#!/usr/bin/env bash
# Prints the table of make bench from the rows the benchmarks appended to FILE (one a line,
# tab-separated: operation, librns ns, peer name, peer ns, ratio direction, target; or
# operation, "skip", reason). A later row of the same operation replaces an earlier one.
# ratio is librns/peer (lower is better for librns) or peer/librns (how many times faster
# librns is), as its direction says; target is a bound on that ratio, "-" when there is none;
# held? is yes or no against the target, "-" without one.
#   benches/table.sh target/bench/results.tsv
set -euo pipefail
file=${1:-target/bench/results.tsv}
if [ ! -s "$file" ]; then
  echo "bench table: no results in $file" >&2
  exit 1
fi
awk -F '\t' '
function dur(ns) { return ns >= 10000 ? sprintf("%.1f us", ns / 1000) : sprintf(ns >= 1000 ? "%.0f ns" : "%.1f ns", ns) }
function held(r, t,   op, v) {
  if (t == "-" || t == "") return "-"
  op = t; sub(/[0-9.]+$/, "", op); v = substr(t, length(op) + 1) + 0
  if (op == "<=") return r <= v ? "yes" : "no"
  if (op == "<") return r < v ? "yes" : "no"
  if (op == ">=") return r >= v ? "yes" : "no"
  if (op == ">") return r > v ? "yes" : "no"
  return "?"
}
NF >= 3 {
  if (!($1 in seen)) { order[++n] = $1; seen[$1] = 1 }
  if ($2 == "skip") { row[$1] = "skip\t" $3; next }
  if ($5 == "peer/librns") { r = $4 / $2; dir = "peer/librns" } else { r = $2 / $4; dir = "librns/peer" }
  rs = r >= 10 ? sprintf("%.0f", r) : sprintf("%.2f", r)
  tgt = ($6 == "" || $6 == "-") ? "-" : $6
  row[$1] = dur($2) "\t" $3 ": " dur($4) "\t" rs " (" dir ")\t" tgt "\t" held(r, $6)
}
END {
  print "| operation | librns | peer | ratio | target | held? |"
  print "|---|---|---|---|---|---|"
  for (i = 1; i <= n; i++) {
    split(row[order[i]], f, "\t")
    if (f[1] == "skip") printf "| %s | skipped: %s | | | | - |\n", order[i], f[2]
    else printf "| %s | %s | %s | %s | %s | %s |\n", order[i], f[1], f[2], f[3], f[4], f[5]
  }
}' "$file"
