"""Starting programs from Python: librns.Popen against subprocess.Popen, as ratios measured
in the same run:

  Popen /bin/true          Popen(['/bin/true']).wait(), one after another
  into new net+uts         librns.Popen(['/bin/true'], unshare=CLONE_NEWNET|CLONE_NEWUTS)
                           against subprocess.Popen(['unshare', '-n', '-u', '/bin/true'])
                           (subprocess cannot make namespaces: unshare(1) is the peer's way)

Each way first checks that both give the same result. Alternating rounds of REPS starts each,
each way's median round kept (spawn times on this VM have outliers both ways). The net+uts row
needs root (unshare(1) needs CAP_SYS_ADMIN): skipped otherwise, saying so. With BENCH_TSV set,
appends the rows to that file for benches/table.sh."""

import os
import shutil
import statistics
import subprocess
import time

import librns

ROUNDS = int(os.environ.get("RNS_BENCH_ROUNDS") or 15)
REPS = 50
NEW = librns.CLONE_NEWNET | librns.CLONE_NEWUTS


def rounds(ways):
    """ns per start of each way: ROUNDS alternating rounds of REPS, each way's median."""
    times = [[] for _ in ways]
    for _ in range(ROUNDS):
        for i, run in enumerate(ways):
            t0 = time.perf_counter_ns()
            for _ in range(REPS):
                run()
            times[i].append((time.perf_counter_ns() - t0) / REPS)
    return [statistics.median(t) for t in times]


def row(op, peer, target, ours, theirs):
    answers = (ours(), theirs())
    if answers[0] != answers[1]:
        raise SystemExit(f"{op}: librns gives {answers[0]!r}, {peer} {answers[1]!r}")
    a, b = rounds([ours, theirs])
    print(f"  {op}: librns {a / 1000:.1f} us, {peer} {b / 1000:.1f} us, {a / b:.2f}x (target {target})")
    if os.environ.get("BENCH_TSV"):
        with open(os.environ["BENCH_TSV"], "a") as f:
            f.write("\t".join([op, f"{a:.1f}", peer, f"{b:.1f}", "librns/peer", target]) + "\n")


def skip(op, reason):
    print(f"  {op}: skipped: {reason}")
    if os.environ.get("BENCH_TSV"):
        with open(os.environ["BENCH_TSV"], "a") as f:
            f.write("\t".join([op, "skip", reason]) + "\n")


def uts_differs(popen, args, **kw):
    """Runs args (which print their UTS namespace) and says whether it is not ours."""
    with popen(args, stdout=subprocess.PIPE, **kw) as p:
        out = p.stdout.read().decode().strip()
    return p.returncode, out != os.readlink("/proc/self/ns/uts")


print(f"Popen from Python, librns vs subprocess (median of {ROUNDS} alternating rounds of {REPS})")
row("Python: Popen(['/bin/true']).wait() (librns.Popen)", "subprocess.Popen", "<=1.0",
    lambda: librns.Popen(["/bin/true"]).wait(), lambda: subprocess.Popen(["/bin/true"]).wait())

op = "Python: Popen into new net+uts namespaces (librns.Popen, unshare=)"
if os.geteuid() != 0:
    skip(op, "needs root (unshare -n -u, the peer, needs CAP_SYS_ADMIN)")
elif not shutil.which("unshare"):
    skip(op, "unshare(1) not installed (util-linux)")
else:
    # Checked once: each way's child is in a UTS namespace of its own.
    rl = ["/bin/readlink", "/proc/self/ns/uts"]
    assert uts_differs(librns.Popen, rl, unshare=NEW) == uts_differs(subprocess.Popen, ["unshare", "-n", "-u", *rl]) == (0, True)
    row(op, "subprocess.Popen(['unshare', '-n', '-u', '/bin/true'])", "<=0.6",
        lambda: librns.Popen(["/bin/true"], unshare=NEW).wait(),
        lambda: subprocess.Popen(["unshare", "-n", "-u", "/bin/true"]).wait())
