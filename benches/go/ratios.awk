# Reads `go test -bench` output; prints each benchmark's best ns/op and its ratio to the
# benchmark named by -v base=NAME (best of the -count runs: the least disturbed one), or with
# -v stat=median each one's median run (for rows whose best run is an outlier of the machine).
# With -v tsv=FILE -v rns=NAME, also appends the row NAME against base to FILE for
# benches/table.sh: -v op=TEXT names the operation, -v peer=TEXT the peer, -v target=T the
# ratio's target ("-" when none).
/^Benchmark/ {
  name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
  if (!(name in best) || $3 < best[name]) best[name] = $3
  if (!(name in seen)) { order[++n] = name; seen[name] = 1 }
  vals[name, ++count[name]] = $3
}
END {
  if (stat == "median")
    for (i = 1; i <= n; i++) best[order[i]] = median(order[i])
  for (i = 1; i <= n; i++)
    printf "  %-16s %7.1f ns/op  %5.2fx %s\n", order[i], best[order[i]], best[order[i]] / best[base], base
  if (tsv != "") {
    if (!(rns in best) || !(base in best)) { print "ratios.awk: no result for " rns " or " base > "/dev/stderr"; exit 1 }
    printf "%s\t%.1f\t%s\t%.1f\tlibrns/peer\t%s\n", op, best[rns], peer, best[base], (target == "" ? "-" : target) >> tsv
  }
}

# median of name's values (the lower middle one of an even count)
function median(name,   k, j, m, v, a) {
  m = count[name]
  for (k = 1; k <= m; k++) {
    v = vals[name, k]
    for (j = k - 1; j >= 1 && a[j] > v; j--) a[j + 1] = a[j]
    a[j + 1] = v
  }
  return a[int((m + 1) / 2)]
}
