#!/bin/sh
# Every state-changing function of the header has differential cases in tests/diff/diff.c.
#   tests/diff/check-coverage.sh HEADER DIFF-BINARY
# A function is state-changing unless its doc comment's "Scope:" line begins with "reads only",
# or with "library-owned" (it changes only what the library makes and owns, a waiter's thread
# and fds, a spawn attribute, which no raw call has; tests/c covers those), or with "a new
# child process" (rns_spawn*: everything it does happens in the child it starts, which the
# per-process state compared here does not show; tests/c/test_spawn.c checks the child), or
# with "a new thread" (rns_run_in_ns: it enters namespaces on a thread it makes and ends, so
# the caller's state is unchanged by construction; tests/c/test_namespaces.c checks it), or
# with "the filesystem" (rns_netns_add/delete: /run/netns, which make test leaves alone;
# make test-netns checks them against ip netns in a private mount namespace);
# a function without a Scope line fails the check (it cannot be classified). The function list
# is scripts/rns-functions.sh's; `DIFF-BINARY --list` names the functions that have cases.
set -eu
header=$1
bin=$2
here=$(dirname "$0")
functions=$("$here/../../scripts/rns-functions.sh" "$header")

# "NAME<TAB>SCOPE" for each declaration: the last "Scope:" of the doc comment above it.
scopes=$(awk '
  /\/\*\*/ { scope = "" }
  /^ \* Scope:/ { scope = $0; sub(/^ \* Scope: */, "", scope) }
  /^[A-Za-z][^(]*[^A-Za-z0-9_]rns_[a-z0-9_]+\(/ {
    name = $0; sub(/\(.*/, "", name); sub(/.*[^A-Za-z0-9_]/, "", name)
    printf "%s\t%s\n", name, scope; scope = ""
  }' "$header")

covered=$("$bin" --list | sort -u)
status=0
changing=0
reading=0
for f in $functions; do
  scope=$(printf '%s\n' "$scopes" | awk -F'\t' -v f="$f" '$1 == f { print $2 }')
  case $scope in
    "") echo "FAIL $f: no \"Scope:\" line in its doc comment, so it cannot be classified"; status=1 ;;
    "reads only"*|"library-owned"*|"a new child process"*|"a new thread"*|"the filesystem"*) reading=$((reading + 1)) ;;
    *)
      changing=$((changing + 1))
      if ! printf '%s\n' "$covered" | grep -qx "$f"; then
        echo "FAIL $f changes state (Scope: $scope) but has no differential case in tests/diff/diff.c"
        status=1
      fi ;;
  esac
done
for f in $covered; do
  if ! printf '%s\n' "$functions" | grep -qx "$f"; then
    echo "FAIL tests/diff/diff.c has cases for $f, which $header does not declare"
    status=1
  fi
done
[ $status = 0 ] && echo "ok   each of the $changing state-changing functions of $header has differential cases ($reading read-only, library-owned or child-only functions need none)"
exit $status
