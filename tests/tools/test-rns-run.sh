#!/bin/sh
# tools/rns-run, the spawn call's command-line front end, against the real kernel and side by
# side with util-linux's unshare(1) and nsenter(1), case by case:
#   tests/tools/test-rns-run.sh RNS_RUN
# A program in new user, pid and uts namespaces with root mapped sees itself as pid 1 and uid
# 0; --map-root-user alone makes the user namespace (unshare -r); --target PID joins a running
# process's namespaces, and a PID that is not a number above 0 is refused (as nsenter does);
# fds 0-2 closed for rns-run stay closed for the program (as unshare leaves them); the signals
# a wrapper passes on reach the program (unshare: it is the program), a terminal's ^C only once;
# exit statuses: the program's, its death signal re-raised (as a program unshare execs dies),
# without a core dump of rns-run's own; 127 not found, 126 not executable (as unshare), 125
# rns-run's own failure; --reuid/--regid with the groups options, --no-new-privs, --propagation
# and --kill-child as setpriv and unshare give them; --root as unshare's, --inh-caps,
# --ambient-caps, --bounding-set and --securebits as setpriv's; --seccomp-filter,
# --landlock-access and --landlock-rule with setpriv's syntax (util-linux 2.40). Cases that
# need what this machine lacks say why they skipped.
set -u
case $1 in /*) run=$1 ;; *) run=$PWD/$1 ;; esac # the cases run in a directory of their own
# A PATH any user can search (root's may name directories uid 65534 cannot enter, where a
# PATH search answers EACCES, 126, for a program found nowhere).
PATH=/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin
export PATH
fail=0
ok() { echo "ok   rns-run: $1"; }
bad() { echo "FAIL rns-run: $1"; fail=1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# How COMMAND ended, as its parent sees it: "exit N", "signal N" or "signal N core".
status() {
  perl -e 'system { $ARGV[0] } @ARGV; my $s = $?;
    print $s == -1 ? "not run" : ($s & 127) ? "signal " . ($s & 127) . (($s & 128) ? " core" : "") : "exit " . ($s >> 8)' -- "$@"
}

# Whether the PIDs are all gone (waits up to 5 s).
gone() {
  i=0
  while [ $i -lt 500 ]; do
    alive=0
    for p in "$@"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && return 0
    sleep 0.01
    i=$((i + 1))
  done
  return 1
}

# Waits up to 5 s for FILE to be non-empty.
await() {
  i=0
  while [ ! -s "$1" ] && [ $i -lt 500 ]; do sleep 0.01; i=$((i + 1)); done
  [ -s "$1" ]
}

# --help documents all this on stdout, status 0.
out=$("$run" --help)
st=$?
case "$st $out" in
  "0 usage: rns-run"*"Signals:"*"Exit status:"*) ok "--help: usage, signals and exit statuses, status 0" ;;
  *) bad "--help gave status $st: '$out'" ;;
esac

# ---- namespaces -------------------------------------------------------------------------

# shellcheck disable=SC2016 # the child's shell expands them
out=$("$run" --user --map-root-user --pid --uts -- sh -c 'echo $$ $(id -u)' 2>&1)
case $out in
  "1 0") ok "new user+pid+uts namespaces, root mapped: pid 1, uid 0 (as uid $(id -u))" ;;
  *"Operation not permitted"*|*"No space left"*) echo "skip rns-run: no user namespaces here: $out" ;;
  *) bad "new namespaces printed '$out', not '1 0'" ;;
esac

# --map-root-user implies a new user namespace, as unshare's --map-root-user (-r) does.
peer=$(unshare --map-root-user id -u 2>&1)
ours=$("$run" --map-root-user -- id -u 2>&1)
case "$peer" in
  0) if [ "$ours" = 0 ]; then ok "--map-root-user alone: uid 0 in a new user namespace (unshare -r: $peer)"
     else bad "--map-root-user alone gave '$ours', unshare --map-root-user '$peer'"; fi ;;
  *) echo "skip rns-run --map-root-user: unshare --map-root-user cannot run here: $peer" ;;
esac

# --target: a PID that is not a number above 0 is refused before anything runs; nsenter
# refuses it too (status 1, "failed to parse pid"), rns-run with 125, its own failure.
for t in abc 0 -1 12x ""; do
  peer=$(nsenter --target "$t" --net -- echo ran 2>/dev/null; echo "status $?")
  ours=$("$run" --target "$t" --net -- echo ran 2>/dev/null; echo "status $?")
  case "$peer" in *ran*|"status 0") bad "nsenter ran the program with --target '$t': '$peer'"; continue ;; esac
  if [ "$ours" = "status 125" ]; then
    ok "--target '$t' refused, nothing run: 125 (nsenter: $peer)"
  else
    bad "--target '$t' gave '$(echo "$ours" | tr '\n' ' ')' (nsenter: $(echo "$peer" | tr '\n' ' '))"
  fi
done

if [ "$(id -u)" = 0 ]; then
  unshare --net --uts sleep 30 &
  pid=$!
  own=$(readlink /proc/self/ns/net)
  i=0
  while [ "$(readlink /proc/$pid/ns/net 2>/dev/null)" = "$own" ] && [ $i -lt 500 ]; do sleep 0.01; i=$((i + 1)); done
  theirs=$(readlink /proc/$pid/ns/net)
  got=$("$run" --target "$pid" --net --uts -- readlink /proc/self/ns/net)
  peer=$(nsenter --target "$pid" --net --uts -- readlink /proc/self/ns/net)
  kill $pid 2>/dev/null
  wait $pid 2>/dev/null
  if [ "$got" = "$theirs" ] && [ "$got" != "$own" ] && [ "$peer" = "$theirs" ]; then
    ok "--target PID --net joins its network namespace, as nsenter does"
  else
    bad "--target joined '$got', nsenter '$peer', not the target's '$theirs'"
  fi
else
  echo "skip rns-run --target: joining another process's namespaces needs root here"
fi

# ---- fds 0-2 ----------------------------------------------------------------------------

# Which of fds 0, 1 and 2 the program has open, checked before it opens anything (the shell's
# [ is a builtin), written to the file $1.
# shellcheck disable=SC2016 # the child's shell expands them
probe='r=; for f in 0 1 2; do [ -e /proc/self/fd/$f ] && r="$r$f"; done; echo "open:$r" >"$1"'
# What the program run by TOOL had open, with fd CLOSED closed for TOOL.
fds_under() {
  rm -f fds
  case $2 in
    0) "$1" sh -c "$probe" sh fds <&- ;;
    1) "$1" sh -c "$probe" sh fds >&- ;;
    2) "$1" sh -c "$probe" sh fds 2>&- ;;
  esac
  cat fds 2>/dev/null
}
for closed in 0 1 2; do
  peer=$(fds_under unshare $closed)
  ours=$(fds_under "$run" $closed)
  if [ "$ours" = "$peer" ] && [ "$ours" != "open:012" ]; then
    ok "fd $closed closed for rns-run stays closed for the program ($ours; unshare: $peer)"
  else
    bad "fd $closed closed: the program had $ours, under unshare $peer"
  fi
done

# ---- exit statuses ----------------------------------------------------------------------

"$run" sh -c 'exit 3'
if [ $? = 3 ]; then ok "the exit code passes through"; else bad "exit code not passed through"; fi

# Not found 127, found but not executable 126, as unshare (and coreutils' env, nice, chroot).
: >"$tmp/noexec"
chmod 644 "$tmp/noexec"
for c in "/nonexistent/program 127" "no-such-program-rns 127" "$tmp/noexec 126" "/ 126"; do
  prog=${c% *} want=${c##* }
  peer=$(status unshare "$prog" 2>/dev/null)
  err=$("$run" "$prog" 2>&1 >/dev/null)
  ours=$(status "$run" "$prog" 2>/dev/null)
  if [ "$ours" = "exit $want" ] && [ "$peer" = "exit $want" ] && [ -n "$err" ]; then
    ok "$prog: $ours, as unshare ($peer): '$err'"
  else
    bad "$prog: $ours ('$err'), unshare $peer; want exit $want"
  fi
done

# rns-run's own failure: 125 (coreutils' convention; util-linux says 1), the step named.
err=$("$run" --wd /nonexistent -- true 2>&1)
st=$?
case "$st $err" in
  "125 "*"at step cwd"*) ok "its own failure (--wd /nonexistent): 125, '$err'" ;;
  *) bad "--wd /nonexistent gave $st, '$err'" ;;
esac
"$run" --no-such-option true 2>/dev/null
st=$?
if [ $st = 125 ]; then ok "an unknown option: 125"; else bad "an unknown option gave $st"; fi

# Death by a signal: rns-run dies of it too, as the program would under unshare (which execs
# it) and as nsenter --pid (which forks) re-raises it. The program sets no core limit of its
# own, rns-run a high one: rns-run must not dump core itself (timeout(1) resets RLIMIT_CORE
# before it re-raises).
# shellcheck disable=SC3045 # dash and bash have ulimit -c
if ulimit -c unlimited 2>/dev/null; then core=unlimited; else core=$(ulimit -c); fi
for sig in USR1 TERM QUIT SEGV; do
  n=$(perl -MPOSIX -e "print &POSIX::SIG$sig")
  # shellcheck disable=SC2016 # the child's shell expands $$
  prog='ulimit -c 0; kill -'$sig' $$'
  peer=$(status unshare sh -c "$prog")
  ours=$(status "$run" sh -c "$prog")
  if [ "$(id -u)" = 0 ]; then fork=$(status nsenter --target $$ --pid -- sh -c "$prog"); else fork="(not root)"; fi
  if [ "$ours" = "signal $n" ] && [ "$peer" = "signal $n" ]; then
    ok "program killed by SIG$sig: rns-run dies of it ($ours, no core with core limit $core; unshare: $peer; nsenter --pid: $fork)"
  else
    bad "program killed by SIG$sig: rns-run '$ours', unshare '$peer', nsenter --pid '$fork'; want 'signal $n'"
  fi
done
rm -f core core.*

# ---- signals sent to rns-run ------------------------------------------------------------

# SIGTERM (and the others a wrapper passes on) sent to rns-run reaches the program, which is not
# left running: as under unshare, where rns-run's pid is the program's. A program that handles
# it decides the status.
# TOOL runs a program, which is sent SIGTERM through TOOL's pid: "STATUS, program gone" (or
# "still running", then killed).
term_under() {
  rm -f pid
  # shellcheck disable=SC2016 # the child's shell expands $$
  "$1" sh -c 'echo $$ >pid; exec sleep 30' &
  w=$!
  await pid
  prog=$(cat pid)
  kill -TERM $w
  wait $w
  st=$?
  if gone "$prog"; then echo "$st, program gone"; else echo "$st, program still running"; kill -KILL "$prog"; fi
}
peer=$(term_under unshare 2>/dev/null)
ours=$(term_under "$run" 2>/dev/null)
if [ "$ours" = "143, program gone" ] && [ "$peer" = "143, program gone" ]; then
  ok "SIGTERM to rns-run: passed on, the program gone, 143 ($ours; unshare: $peer)"
else
  bad "SIGTERM to rns-run: $ours (unshare: $peer; want 143, program gone)"
fi

# TOOL runs a program that handles SIG by exiting 7; SIG is sent through TOOL's pid: the status.
# (A background job of this non-interactive shell ignores SIGINT: env --default-signal gives
# it back its default.)
caught_under() {
  rm -f pid
  # shellcheck disable=SC2016 # the child's shell expands $$ and $!
  env --default-signal=INT "$1" sh -c 'trap "kill \$!; exit 7" '"$2"'; echo $$ >pid; sleep 30 & wait' &
  w=$!
  await pid
  kill -s "$2" $w
  wait $w
  echo $?
}
for sig in TERM HUP INT USR1; do
  peer=$(caught_under unshare $sig 2>/dev/null)
  ours=$(caught_under "$run" $sig 2>/dev/null)
  if [ "$ours" = 7 ] && [ "$peer" = 7 ]; then
    ok "SIG$sig to rns-run reaches the program, which handles it: exit 7 (unshare: $peer)"
  else
    bad "SIG$sig to rns-run: $ours (unshare: $peer; want 7 from the program's handler)"
  fi
done

# A signal rns-run was started ignoring (nohup) is not passed on; the program, which inherits
# the ignored disposition, is not killed by it (as under unshare).
hup_under() {
  rm -f pid
  # shellcheck disable=SC2016 # the child's shell expands $$
  env --ignore-signal=HUP "$1" sh -c 'echo $$ >pid; exec sleep 30' &
  w=$!
  await pid
  prog=$(cat pid)
  kill -HUP $w
  sleep 0.3
  if kill -0 "$prog" 2>/dev/null; then r="program running"; else r="program gone"; fi
  kill -TERM $w
  wait $w
  echo "$r"
}
peer=$(hup_under unshare 2>/dev/null)
ours=$(hup_under "$run" 2>/dev/null)
if [ "$ours" = "program running" ] && [ "$peer" = "program running" ]; then
  ok "SIGHUP ignored by rns-run (nohup): the program ignores it too, $ours (unshare: $peer)"
else
  bad "SIGHUP ignored by rns-run (nohup): $ours (unshare: $peer; want program running)"
fi

# A terminal's ^C reaches the whole foreground process group: the program gets it from the
# terminal and rns-run does not pass its own copy on, unless the program is in a process group
# of its own (--pgroup), where only rns-run gets it and passes it on. Ten ^C a tenth of a
# second apart: the program counts ten SIGINTs, not more (a copy passed on arrives just after
# the terminal's, and is seen unless the two merge while pending) nor fewer. script(1) gives
# the run a terminal.
# shellcheck disable=SC2016 # perl expands them
count='$n = 0; $SIG{INT} = sub { $n++ }; open(R, ">ready"); print R $$; close R;
  sleep 1 until -e "stop"; open(O, ">ints"); print O "$n\n"; close O'
for opt in "" --pgroup; do
  rm -f ready stop ints
  { await ready; for _ in 1 2 3 4 5 6 7 8 9 10; do printf '\003'; sleep 0.1; done
    sleep 0.5; : >stop; await ints; sleep 0.2; } |
    SHELL=/bin/sh script -qec "exec $run $opt perl -e '$count'" /dev/null >/dev/null 2>&1
  got=$(cat ints 2>/dev/null)
  [ -s ready ] && kill -KILL "$(cat ready)" 2>/dev/null # left running by a broken rns-run
  if [ "$got" = 10 ]; then
    ok "ten ^C on the terminal${opt:+ with $opt}: the program got ten SIGINTs"
  elif [ -z "$got" ] && ! [ -e ready ]; then
    echo "skip rns-run ^C${opt:+ $opt}: script(1) gave no terminal here"
  else
    bad "ten ^C on the terminal${opt:+ with $opt}: the program got ${got:-no} SIGINTs"
  fi
done
# --ctty: the program leads a new session whose controlling terminal is the terminal on its
# fd 0, as setsid --ctty makes it: its tty_nr is the pty's device (a pty no session holds,
# opened by python3's os.openpty, whose slave is fd 0). Prints "EXIT TTY_NR RDEV".
ctty_under() {
  python3 - "$@" <<'PY'
import os, subprocess, sys
m, s = os.openpty()
r = subprocess.run(sys.argv[1:] + ["sh", "-c", "sed 's/.*) //' /proc/$$/stat | cut -d' ' -f5"],
                   stdin=s, capture_output=True, text=True)
print(r.returncode, r.stdout.strip(), os.fstat(s).st_rdev)
PY
}
if ! command -v python3 >/dev/null; then
  echo "skip rns-run --ctty: no python3 here to open a pty"
else
  peer=$(ctty_under setsid --ctty 2>&1)
  ours=$(ctty_under "$run" --ctty 2>&1)
  # shellcheck disable=SC2086 # its words
  set -- $ours
  if [ "$ours" = "$peer" ] && [ "${1:-}" = 0 ] && [ "${2:-}" = "${3:-}" ] && [ "${2:-0}" != 0 ]; then
    ok "--ctty: the program's controlling terminal is fd 0's pty (tty_nr $2), as setsid --ctty gives it"
  else
    bad "--ctty: '$ours' (setsid --ctty: '$peer'; want exit 0 and tty_nr = the pty's device)"
  fi
  # Not its terminal without --ctty: a new session has none.
  ours=$(ctty_under "$run" --setsid 2>&1)
  # shellcheck disable=SC2086 # its words
  set -- $ours
  if [ "${1:-}" = 0 ] && [ "${2:-}" = 0 ]; then
    ok "--setsid without --ctty: no controlling terminal (tty_nr 0)"
  else
    bad "--setsid without --ctty: '$ours' (want exit 0, tty_nr 0)"
  fi
fi

# ---- identity and process options (setpriv's and unshare's names) ------------------------

# --reuid/--regid drop the supplementary groups, --keep-groups keeps them, --groups sets them,
# as setpriv --reuid/--regid with --clear-groups, --keep-groups, --groups. Needs real root.
if [ "$(id -u)" = 0 ] && setpriv --groups 4,27 true 2>/dev/null; then
  for opts in "" "--keep-groups" "--groups 5,6" "--clear-groups"; do
    case $opts in "") popts=--clear-groups ;; "--groups 5,6") popts=--groups=5,6 ;; *) popts=$opts ;; esac
    # shellcheck disable=SC2086 # the options are words
    peer=$(setpriv --groups 4,27 setpriv --reuid=65534 --regid=65534 $popts cat /proc/self/status 2>&1 | grep -E '^(Uid|Gid|Groups):' | tr -s '\t\n' '  ')
    # shellcheck disable=SC2086
    ours=$(setpriv --groups 4,27 "$run" --reuid 65534 --regid=65534 $opts -- cat /proc/self/status 2>&1 | grep -E '^(Uid|Gid|Groups):' | tr -s '\t\n' '  ')
    case "$opts:$ours" in
      :*"Groups: "|--clear-groups:*"Groups: "|--keep-groups:*"Groups: 4 27 "|"--groups 5,6:"*"Groups: 5 6 ") want=1 ;;
      *) want=0 ;;
    esac
    if [ "$ours" = "$peer" ] && [ $want = 1 ]; then ok "--reuid --regid ${opts:-alone}: '$ours' (setpriv $popts: the same)"
    else bad "--reuid --regid ${opts:-alone}: '$ours', setpriv $popts: '$peer'"; fi
  done
else
  echo "skip rns-run --reuid/--regid/--groups: needs real root (setgroups)"
fi

# --no-new-privs, as setpriv's.
peer=$(setpriv --no-new-privs grep NoNewPrivs /proc/self/status 2>&1)
ours=$("$run" --no-new-privs -- grep NoNewPrivs /proc/self/status 2>&1)
if [ "$ours" = "$peer" ] && [ -n "$ours" ]; then ok "--no-new-privs: '$ours' (setpriv: the same)"
else bad "--no-new-privs: '$ours', setpriv: '$peer'"; fi

# --propagation slave in a new mount namespace under a shared /: the program's / is a slave
# of it, as under unshare --propagation slave (both run inside one private copy of the tree).
if unshare --mount --propagation shared true 2>/dev/null; then
  # shellcheck disable=SC2016 # the inner shell expands them
  both=$(unshare --mount --propagation shared -- sh -c '
    "$1" --mount --propagation slave -- grep -o "master:[0-9]*" /proc/self/mountinfo | head -n1
    unshare --mount --propagation slave -- grep -o "master:[0-9]*" /proc/self/mountinfo | head -n1' sh "$run" 2>&1 | tr '\n' ' ')
  case $both in
    master:*" "master:*) ok "--propagation slave: / is a slave ('$both', unshare's second)" ;;
    *) bad "--propagation slave: '$both' (rns-run's, then unshare's)" ;;
  esac
else
  echo "skip rns-run --propagation: no mount namespace here (unshare --mount fails)"
fi

# --kill-child: the program gets SIGKILL (or the signal named) when rns-run is killed, as
# under unshare --fork --kill-child.
for opt in --kill-child --kill-child=TERM; do
  rm -f pidfile
  "$run" $opt -- sh -c 'echo $$ > pidfile; exec sleep 60' &
  wrapper=$!
  await pidfile
  prog=$(cat pidfile)
  kill -KILL "$wrapper"
  if gone "$prog"; then ok "$opt: the program ended with rns-run"
  else bad "$opt: the program ($prog) outlived rns-run"; kill -KILL "$prog" 2>/dev/null; fi
  wait "$wrapper" 2>/dev/null
done

# ---- root directory and capabilities ----------------------------------------------------

# As root, or else both as root of a new user namespace (unshare --map-root-user).
if [ "$(id -u)" = 0 ]; then wrap=""
elif unshare --map-root-user true 2>/dev/null; then wrap="unshare --map-root-user"
else wrap=none; fi

# --bounding-set, --inh-caps, --ambient-caps and --securebits with setpriv's syntax, compared
# by the program's Cap lines.
if [ "$wrap" = none ]; then
  echo "skip rns-run capability options: not root, and unshare --map-root-user fails here"
else
  for opts in "--bounding-set=-all,+chown,+net_raw" "--inh-caps=-all,+net_raw,+sys_time" \
              "--inh-caps=+net_raw --ambient-caps=+net_raw" "--securebits=+noroot,+keep_caps_locked" \
              "--bounding-set -all,+cap_13,+KILL --inh-caps=+net_raw --ambient-caps=+net_raw"; do
    # shellcheck disable=SC2086
    peer=$($wrap setpriv $opts -- grep ^Cap /proc/self/status 2>&1 | tr -s '\t\n' '  ')
    # shellcheck disable=SC2086
    ours=$($wrap "$run" $opts -- grep ^Cap /proc/self/status 2>&1 | tr -s '\t\n' '  ')
    case $ours in
      "CapInh:"*) if [ "$ours" = "$peer" ]; then ok "$opts: '$ours' (setpriv: the same)"
                  else bad "$opts: '$ours', setpriv: '$peer'"; fi ;;
      *) bad "$opts: '$ours'" ;;
    esac
  done
  # The one difference: the ambient caps are made inheritable too (as Go's AmbientCaps), where
  # setpriv needs --inh-caps for them (without, setpriv 2.38 runs the program with none).
  peer=$($wrap setpriv --ambient-caps=+net_raw -- grep -E '^Cap(Inh|Amb)' /proc/self/status 2>&1 | tr -s '\t\n' '  ')
  ours=$($wrap "$run" --ambient-caps=+net_raw -- grep -E '^Cap(Inh|Amb)' /proc/self/status 2>&1 | tr -s '\t\n' '  ')
  case "$ours|$peer" in
    "CapInh: 0000000000002000 CapAmb: 0000000000002000 |CapInh: 0000000000000000 CapAmb: 0000000000000000 ")
      ok "--ambient-caps alone: '$ours' (setpriv, without --inh-caps: '$peer')" ;;
    *) bad "--ambient-caps alone: '$ours', setpriv: '$peer'" ;;
  esac
fi

# --root DIR as unshare's --root: the program in DIR's /, or in --wd under it; a root with
# /usr bound in, in a mount namespace of the case's own.
if [ "$wrap" = none ] || ! $wrap unshare --mount true 2>/dev/null; then
  echo "skip rns-run --root: no mount namespace here (unshare --mount fails)"
else
  # shellcheck disable=SC2016 # the inner shell expands them
  out=$($wrap unshare --mount sh -c '
    d=$PWD/root; mkdir -p "$d" && mount -t tmpfs tmpfs "$d" || exit 1
    for l in bin lib lib64; do ln -s "usr/$l" "$d/$l"; done
    mkdir "$d/usr" "$d/sub" && mount --rbind /usr "$d/usr" && echo inside > "$d/marker" || exit 1
    for wd in "" /sub; do
      echo "ours $("$1" --root "$d" ${wd:+--wd "$wd"} -- /bin/sh -c "pwd; cat /marker" 2>&1 | tr "\n" " ")"
      echo "peer $(unshare --root="$d" ${wd:+--wd="$wd"} /bin/sh -c "pwd; cat /marker" 2>&1 | tr "\n" " ")"
    done' sh "$run" 2>&1)
  want="ours / inside 
peer / inside 
ours /sub inside 
peer /sub inside "
  if [ "$out" = "$want" ]; then ok "--root, with and without --wd: as unshare --root ('/ inside', '/sub inside')"
  else bad "--root: got '$out', want '$want'"; fi
fi
err=$("$run" --root /nonexistent/rns-root -- true 2>&1)
st=$?
case "$st $err" in
  "125 "*"at step chroot"*) ok "--root of a missing directory: 125, failing at step chroot" ;;
  *) bad "--root /nonexistent: status $st, '$err'" ;;
esac

# ---- sandbox options (setpriv's, util-linux 2.40) ----------------------------------------

# --seccomp-filter FILE: raw struct sock_filter instructions (perl's pack in the machine's
# order), installed last, no_new_privs implied; beside setpriv where it has the option (2.40;
# Debian 12's 2.38 has not). A filter refusing every syscall with ENOMSG stops the exec: 126.
perl -e 'print pack("SCCL", 6, 0, 0, 0x7fff0000)' > allow.bpf   # BPF_RET|BPF_K, SECCOMP_RET_ALLOW
perl -e 'print pack("SCCL", 6, 0, 0, 0x0005002a)' > deny.bpf    # SECCOMP_RET_ERRNO | ENOMSG
ours=$("$run" --seccomp-filter allow.bpf -- grep -E '^(NoNewPrivs|Seccomp):' /proc/self/status 2>&1 | tr -s '\t\n' '  ')
if [ "$ours" = "NoNewPrivs: 1 Seccomp: 2 " ]; then ok "--seccomp-filter: the filter in place, no_new_privs set ('$ours')"
else bad "--seccomp-filter allow.bpf: '$ours'"; fi
if setpriv --help 2>/dev/null | grep -q -- --seccomp-filter; then
  peer=$(setpriv --seccomp-filter allow.bpf grep -E '^(NoNewPrivs|Seccomp):' /proc/self/status 2>&1 | tr -s '\t\n' '  ')
  if [ "$ours" = "$peer" ]; then ok "--seccomp-filter: as setpriv's ('$peer')"; else bad "--seccomp-filter: '$ours', setpriv: '$peer'"; fi
else
  echo "skip rns-run --seccomp-filter beside setpriv: setpriv $(setpriv --version 2>/dev/null | sed 's/.* //') has no --seccomp-filter (util-linux 2.40)"
fi
err=$("$run" --seccomp-filter=deny.bpf -- touch ran 2>&1)
st=$?
case "$st $err" in
  "126 "*"at step exec"*) if [ -e ran ]; then bad "--seccomp-filter deny.bpf: touch ran"; else ok "--seccomp-filter refusing execve: 126, '$err'"; fi ;;
  *) bad "--seccomp-filter deny.bpf: status $st, '$err'" ;;
esac
printf 'abc' > short.bpf
err=$("$run" --seccomp-filter short.bpf -- touch ran 2>&1)
st=$?
if [ $st = 125 ] && ! [ -e ran ]; then ok "--seccomp-filter of a file that is no whole instructions: 125 ('$err')"
else bad "--seccomp-filter short.bpf: status $st, '$err'"; rm -f ran; fi

# --landlock-access fs[:RIGHTS] and --landlock-rule path-beneath:[RIGHTS]:PATH: cat may run
# from /usr but not read a file here, until a rule allows read-file beneath this directory.
if "$run" --landlock-access fs:read-file --landlock-rule path-beneath::/usr -- true 2>/dev/null; then
  echo secret > secret
  chmod -R a+rX .
  err=$("$run" --landlock-access fs --landlock-rule path-beneath:execute,read-file,read-dir:/usr -- cat secret 2>&1)
  st=$?
  case "$st $err" in
    "1 "*"Permission denied"*) ok "--landlock-access fs, a rule for /usr: cat runs, its read here denied" ;;
    *) bad "--landlock-access fs: status $st, '$err'" ;;
  esac
  out=$("$run" --landlock-access fs:read-file --landlock-rule path-beneath::/usr --landlock-rule "path-beneath:read-file:$PWD" -- cat secret 2>&1)
  if [ "$out" = secret ]; then ok "--landlock-rule read-file beneath this directory: the read allowed"
  else bad "--landlock-rule read-file beneath $PWD: '$out'"; fi
  out=$("$run" --landlock-access fs:read-file -- grep NoNewPrivs /proc/self/status 2>&1)
  case $out in *Permission*) ok "--landlock-access without a rule for /usr: grep cannot even load ('$out')" ;;
    *) bad "--landlock-access fs:read-file alone: '$out'" ;; esac
  if setpriv --help 2>/dev/null | grep -q -- --landlock-access; then
    peer=$(setpriv --landlock-access fs --landlock-rule path-beneath:execute,read-file,read-dir:/usr cat secret 2>&1)
    ours=$("$run" --landlock-access fs --landlock-rule path-beneath:execute,read-file,read-dir:/usr -- cat secret 2>&1)
    if [ "$ours" = "$peer" ]; then ok "--landlock-access/--landlock-rule: as setpriv's"; else bad "landlock: '$ours', setpriv: '$peer'"; fi
  else
    echo "skip rns-run --landlock-* beside setpriv: setpriv $(setpriv --version 2>/dev/null | sed 's/.* //') has no --landlock-access (util-linux 2.40)"
  fi
else
  echo "skip rns-run --landlock-access: no Landlock here ($("$run" --landlock-access fs:read-file -- true 2>&1))"
fi
err=$("$run" --landlock-rule path-beneath::/usr -- touch ran 2>&1)
st=$?
if [ $st = 125 ] && ! [ -e ran ]; then ok "--landlock-rule without --landlock-access: 125 ('$err')"
else bad "--landlock-rule alone: status $st, '$err'"; rm -f ran; fi

# --setgroups and --keep-caps beside unshare's: the new user namespace's setgroups, and the
# program's ambient caps there; --map-root-user denies setgroups, and refuses --setgroups=allow.
if ! unshare --user true 2>/dev/null; then
  echo "skip rns-run --setgroups, --keep-caps: no user namespace here (unshare --user fails)"
else
  for opts in "--user --setgroups deny" "--user --setgroups allow" "--map-root-user" "--user"; do
    # shellcheck disable=SC2086
    ours=$("$run" $opts -- cat /proc/self/setgroups 2>&1)
    # shellcheck disable=SC2086
    peer=$(unshare $opts cat /proc/self/setgroups 2>&1)
    if [ "$ours" = "$peer" ]; then ok "$opts: setgroups '$ours', as unshare"
    else bad "$opts: setgroups '$ours', unshare: '$peer'"; fi
  done
  ours=$("$run" --user --keep-caps -- grep CapAmb /proc/self/status 2>&1)
  peer=$(unshare --user --keep-caps grep CapAmb /proc/self/status 2>&1)
  if [ "$ours" = "$peer" ] && [ "$ours" != "CapAmb:	0000000000000000" ]; then ok "--user --keep-caps: '$ours', as unshare"
  else bad "--user --keep-caps: '$ours', unshare: '$peer'"; fi
  ours=$("$run" --keep-caps -- grep CapAmb /proc/self/status 2>&1)
  peer=$(unshare --keep-caps grep CapAmb /proc/self/status 2>&1)
  if [ "$ours" = "$peer" ]; then ok "--keep-caps without --user: '$ours' (nothing kept), as unshare"
  else bad "--keep-caps alone: '$ours', unshare: '$peer'"; fi
  err=$("$run" --map-root-user --setgroups allow -- touch ran 2>&1)
  st=$?
  if [ $st = 125 ] && ! [ -e ran ]; then ok "--map-root-user --setgroups allow: 125, nothing run ('$err')"
  else bad "--map-root-user --setgroups allow: status $st, '$err'"; rm -f ran; fi
fi

# Values rns-run cannot take: 125 and the option named, nothing run.
for bad_opt in "--reuid abc" "--regid=-1" "--groups 1,x" "--propagation sideways" "--kill-child=NOSUCH" \
               "--inh-caps=net_raw" "--ambient-caps=+nosuch" "--bounding-set=+cap_64" "--securebits=+keep_caps" \
               "--landlock-access net" "--landlock-access fs:nosuch" "--landlock-rule path-beneath:/usr" \
               "--setgroups maybe"; do
  # shellcheck disable=SC2086
  err=$("$run" $bad_opt -- touch ran 2>&1)
  st=$?
  if [ $st = 125 ] && ! [ -e ran ] && case $err in *"not a valid value"*) true ;; *) false ;; esac; then
    ok "$bad_opt refused: 125, nothing run"
  else bad "$bad_opt: status $st, '$err'"; rm -f ran; fi
done

exit $fail
