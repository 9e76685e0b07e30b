#!/usr/bin/env bash
# Runs a harness.h suite under valgrind memcheck with --track-fds=yes and fails on:
#  - any memcheck error, in any process: the runner, every forked case child, every helper a
#    case forks (--error-exitcode makes such a case child exit 99, so the harness reports it
#    FAIL too; definite leaks count as errors);
#  - any fd still open when a process exits that librns opened (a librns frame in the stack
#    valgrind records where it was opened): one the library leaked, or one it returned that
#    the case did not close.
# Every case child writes its own log (--log-file=...%p) with its own "FILE DESCRIPTORS"
# table at exit, and the script checks that each case the harness ran left one.
# Not failures, but counted: fds open at valgrind's start ("inherited from parent"), the
# harness's report pipe, and fds the case's own code opened and held to the end.
#
# Cases valgrind cannot run are skipped with the reason (RNS_TEST_SKIP_FILE): valgrind
# before 3.20 does not implement pidfd_open(2) (ENOSYS), so where PROBE says so, every case
# of the SOURCE files whose body opens pidfds or calls rns_setns_pid (which opens one) is
# skipped: every file of BINARY's cases must be named.
#
#   tests/valgrind/run-valgrind.sh BINARY PROBE LOGDIR SOURCE...
set -uo pipefail
bin=$1 probe=$2 out=$3
shift 3
srcs=("$@")
[ ${#srcs[@]} -gt 0 ] || { echo "usage: $0 BINARY PROBE LOGDIR SOURCE..." >&2; exit 2; }
vg_version=$(valgrind --version)
rm -rf "$out" && mkdir -p "$out"

# Which syscalls does this valgrind know? The probe exits 38 (ENOSYS) without pidfd_open.
skip=$out/skip.txt
: > "$skip"
valgrind -q --error-exitcode=1 "$probe" > /dev/null 2>&1
probe_status=$?
if [ $probe_status = 38 ]; then
  awk -v why="$vg_version does not implement pidfd_open(2) (ENOSYS); this case opens pidfds or calls rns_setns_pid, which opens one" '
    FNR == 1 { name = "" }
    /^TEST\(/ { name = $0; sub(/^TEST\(/, "", name); sub(/,.*/, "", name); next }
    /^}/ { name = "" }
    name != "" && /pidfd_open|rns_setns_pid\(/ && !(name in seen) { seen[name]; print name " " why }
  ' "${srcs[@]}" > "$skip"
elif [ $probe_status != 0 ]; then
  echo "FAIL the pidfd probe failed under valgrind (status $probe_status)"
  exit 1
fi

# The spawn cases: valgrind runs each spawned child under itself, which the cases cannot
# tell from the library (its own clone of a child with namespace flags fails, it keeps
# RLIMIT_NOFILE for itself, and a child that _exits after a failed exec is checked for fds
# like a case). They run in make test, under ASan in CI, and in the fuzzer's sandbox.
# (A case already skipped above is not named twice: the count of skipped cases reads this file.)
awk -v why="valgrind runs the spawned child under itself (namespace clone flags, RLIMIT_NOFILE and the child's own fds are valgrind's there); checked outside valgrind and under ASan" '
  FILENAME == skipfile { listed[$1]; next }
  /^TEST\(spawn/ { name = $0; sub(/^TEST\(/, "", name); sub(/,.*/, "", name); if (!(name in listed)) print name " " why }
' skipfile="$skip" "$skip" "${srcs[@]}" > "$skip.spawn"
cat "$skip.spawn" >> "$skip"

# Pid translation: NS_GET_PID_FROM_PIDNS and its siblings (Linux 6.9) take the pid as the
# ioctl's argument; valgrind 3.19 does not know them and checks that integer as a pointer
# (a false "unaddressable" error). The cases run in make test and under ASan in CI.
awk -v why="$vg_version does not know the NS_GET_*_PIDNS ioctls and takes their integer argument for a pointer" '
  FILENAME == skipfile { listed[$1]; next }
  FNR == 1 { name = "" }
  /^TEST\(/ { name = $0; sub(/^TEST\(/, "", name); sub(/,.*/, "", name); next }
  /^}/ { name = "" }
  name != "" && /rns_ns_pid_(from|in)\(|pid_xlate_/ && !(name in listed) && !(name in seen) { seen[name]; print name " " why }
' skipfile="$skip" "$skip" "${srcs[@]}" > "$skip.pidns"
cat "$skip.pidns" >> "$skip"

# Logs go to a directory every uid can write: cases drop to uid 65534 and fork helpers,
# whose logs valgrind opens with their credentials.
logs=$(mktemp -d)
chmod 1777 "$logs"
echo "== $(basename "$bin") under $vg_version (memcheck, --track-fds=yes, a log per process)"
RNS_TEST_SKIP_FILE=$skip valgrind --tool=memcheck --track-fds=yes --leak-check=full \
  --errors-for-leak-kinds=definite --error-exitcode=99 --num-callers=40 \
  --log-file="$logs/vg.%p" "$bin" > "$out/suite.txt" 2>&1 &
runner=$!
wait $runner
status=$?
cp -r "$logs" "$out/logs" && rm -rf "$logs"
cat "$out/suite.txt"

# The runner is the process started above; case children are its children. (Processes in a
# PID namespace a case made log under their pid there: vg.1, vg.2, ...; they are helpers.)
awk -v runner="$runner" -v report="$out/report.txt" '
  function flush_fd() {
    if (fdblock == "") return
    if (fdblock ~ /<inherited from parent>/) inherited++
    else if (fdblock ~ /(at|by) 0x[0-9A-F]+: <?rns(_|::)/) {
      librns_leaks++
      printf "FAIL fd leak: %s (pid %s) exited with an fd librns opened:\n%s\n", casename, pid, fdblock > report
    } else if (split(fdblock, l, "\n") >= 3 && l[3] ~ /: h_run_case \(/) harness_pipe++ # opened by h_run_case itself
    else held++
    fdblock = ""
  }
  FNR == 1 {
    flush_fd(); if (NR > 1) finish()
    pid = FILENAME; sub(/.*\./, "", pid); ppid = ""; casename = ""; infd = 0; hasfds = 0; errors = 0; errtext = ""
  }
  /Parent PID:/ { ppid = $NF }
  casename == "" && match($0, /: test_[A-Za-z0-9_]+ \(/) { casename = substr($0, RSTART + 7, RLENGTH - 9) }
  /FILE DESCRIPTORS: .* at exit/ { hasfds = 1; infd = 1; next }
  infd && /^==[0-9]+== Open / { flush_fd(); fdblock = $0; next }
  infd && /HEAP SUMMARY:/ { flush_fd(); infd = 0 }
  infd && fdblock != "" { fdblock = fdblock "\n" $0 }
  /ERROR SUMMARY: [1-9]/ { errors = $4 }
  function finish() {
    flush_fd()
    if (ppid == runner) { cases++; if (hasfds) checked++ }
    else if (pid != runner) helpers++
    if (errors > 0) {
      memcheck++
      printf "FAIL memcheck: %s (pid %s%s) has %s error(s); its log: vg.%s\n", casename == "" ? "a process" : casename, pid, pid == runner ? ", the runner" : "", errors, pid > report
    }
  }
  END {
    finish()
    printf "case children: %d, each with its fd table checked at exit: %d; helpers: %d\n", cases, checked, helpers
    printf "fds left open at exit: %d opened by librns (failures), %d held by the case code itself, %d harness report pipes, %d inherited from outside\n", librns_leaks, held, harness_pipe, inherited
    printf "processes with memcheck errors: %d\n", memcheck
    print cases + 0, checked + 0, librns_leaks + 0, memcheck + 0 > (report ".counts")
  }
' "$out"/logs/vg.* > "$out/summary.txt"
touch "$out/report.txt"
cat "$out/report.txt" "$out/summary.txt"

read -r _ checked leaks memcheck < "$out/report.txt.counts"
ran=$(grep -Ec '^(ok  |FAIL) ' "$out/suite.txt")
skipped=$(grep -c '^skip ' "$out/suite.txt")
fail=0
[ "$status" = 0 ] || { echo "FAIL the suite under valgrind exited with status $status"; fail=1; }
[ "$leaks" = 0 ] && [ "$memcheck" = 0 ] || fail=1
# Every case child leaves an fd table: those that passed or failed, and those that skipped
# while running (SKIP in the case); the cases the skip file names never start a child.
preskipped=$(grep -c . "$skip" || true)
children=$((ran + skipped - preskipped))
if [ "$checked" != "$children" ]; then
  echo "FAIL $children case children ran ($ran passed or failed, $((skipped - preskipped)) skipped while running) but $checked left an fd table at exit"
  fail=1
fi
echo "$ran cases ran under valgrind ($skipped skipped), $checked case children's fds checked at exit" > "$out/numbers.txt"
[ $fail = 0 ] && echo "ok   $(cat "$out/numbers.txt"); no memcheck error, no fd left open by librns"
exit $fail
