"""Python per call: librns.getpgid(0) (ctypes) against os.getpgid(0), the C builtin, in the
same run; the best of ROUNDS rounds of N calls each, the empty loop's time subtracted.
First checks both give the same answer. With BENCH_TSV set, appends the row for
benches/table.sh (issue 21's target: <= 2.0x)."""

import os
import timeit

import librns

N, ROUNDS = 500_000, 7


def best_ns(stmt):
    g = {"os": os, "librns": librns}
    return min(timeit.repeat(stmt, globals=g, number=N, repeat=ROUNDS)) / N * 1e9


assert librns.getpgid(0) == os.getpgid(0)
empty = best_ns("pass")
ours, peer = best_ns("librns.getpgid(0)") - empty, best_ns("os.getpgid(0)") - empty
print(f"getpgid(0), best of {ROUNDS} rounds of {N} calls ({librns.library_path})")
print(f"  librns (ctypes)  {ours:6.0f} ns/call  {ours / peer:.2f}x os")
print(f"  os.getpgid       {peer:6.0f} ns/call")
if os.environ.get("BENCH_TSV"):
    row = ["Python per call: getpgid(0)", f"{ours:.1f}", "os.getpgid (builtin)", f"{peer:.1f}",
           "librns/peer", "<=2.0"]
    with open(os.environ["BENCH_TSV"], "a") as f:
        f.write("\t".join(row) + "\n")
