#!/bin/sh
# tools/rns-run, the spawn call's command-line front end, against the real kernel:
#   tests/tools/test-rns-run.sh RNS_RUN
# A program in new user, pid and uts namespaces with root mapped sees itself as pid 1 and uid
# 0; the exit code passes through; a missing program is 125 with the failing step named;
# --target PID joins a running process's namespaces. Cases that need what this machine lacks
# say why they skipped.
set -u
run=$1
fail=0
ok() { echo "ok   rns-run: $1"; }
bad() { echo "FAIL rns-run: $1"; fail=1; }

# shellcheck disable=SC2016 # the child's shell expands them
out=$("$run" --user --map-root-user --pid --uts -- sh -c 'echo $$ $(id -u)' 2>&1)
case $out in
  "1 0") ok "new user+pid+uts namespaces, root mapped: pid 1, uid 0 (as uid $(id -u))" ;;
  *"Operation not permitted"*|*"No space left"*) echo "skip rns-run: no user namespaces here: $out" ;;
  *) bad "new namespaces printed '$out', not '1 0'" ;;
esac

"$run" sh -c 'exit 3'
if [ $? = 3 ]; then ok "the exit code passes through"; else bad "exit code not passed through"; fi

err=$("$run" /nonexistent/program 2>&1)
st=$?
case "$st $err" in
  "125 "*"at step exec"*) ok "a missing program: 125, '$err'" ;;
  *) bad "a missing program gave $st, '$err'" ;;
esac

if [ "$(id -u)" = 0 ]; then
  unshare --net --uts sleep 30 &
  pid=$!
  own=$(readlink /proc/self/ns/net)
  i=0
  while [ "$(readlink /proc/$pid/ns/net 2>/dev/null)" = "$own" ] && [ $i -lt 500 ]; do sleep 0.01; i=$((i + 1)); done
  theirs=$(readlink /proc/$pid/ns/net)
  got=$("$run" --target "$pid" --net --uts -- readlink /proc/self/ns/net)
  kill $pid 2>/dev/null
  wait $pid 2>/dev/null
  if [ "$got" = "$theirs" ] && [ "$got" != "$own" ]; then
    ok "--target PID --net joins its network namespace"
  else
    bad "--target joined '$got', not the target's '$theirs'"
  fi
else
  echo "skip rns-run --target: joining another process's namespaces needs root here"
fi
exit $fail
