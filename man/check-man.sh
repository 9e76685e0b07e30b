#!/usr/bin/env bash
# Checks the generated man pages against the header:
#
#   man/check-man.sh OUTDIR [HEADER]      (HEADER defaults to include/rns.h of this tree)
#
# Fails when a function declared in HEADER has no page OUTDIR/man3/rns_NAME.3 (a page or a
# ".so man3/X.3" link to an existing page), when a page exists for no function, when
# OUTDIR/man7/rns.7 is missing, and when a page does not render cleanly: any stderr output of
# the command lintian's groff-message check runs. Also, as lintian's manual-page checks do:
# .TH must be the first request and name the page's section, lexgrog must parse the NAME
# line, no section may be empty, and text lines must not carry a bare "-" (write "\-").
set -u

outdir=${1:?usage: man/check-man.sh OUTDIR [HEADER]}
header=${2:-$(dirname "$0")/../include/rns.h}
fail=0
bad() { echo "FAIL $*"; fail=1; }

[ -f "$header" ] || { echo "FAIL no header $header"; exit 1; }
[ -d "$outdir/man3" ] || { echo "FAIL no directory $outdir/man3"; exit 1; }
outdir=$(cd "$outdir" && pwd)

# Functions the header declares.
mapfile -t funcs < <("$(dirname "$0")/../scripts/rns-functions.sh" "$header")
[ "${#funcs[@]}" -gt 0 ] || bad "no rns_* function found in $header"

# Every function has a page; a .so link points at an existing page.
for f in "${funcs[@]}"; do
  p=$outdir/man3/$f.3
  if [ ! -f "$p" ]; then
    bad "$f is declared in $header but has no page $p"
  elif so=$(sed -n '1s/^\.so[[:space:]]\+//p' "$p") && [ -n "$so" ] && [ ! -f "$outdir/$so" ]; then
    bad "$p: .so link to missing $outdir/$so"
  fi
done

# Every page is a function's.
for p in "$outdir"/man3/*; do
  [ -e "$p" ] || continue
  n=$(basename "$p")
  if ! { printf '%s\n' "${funcs[@]}" | grep -qx "${n%.3}" && [ "${n%.3}.3" = "$n" ]; }; then
    bad "$p is a page for no function of $header"
  fi
done
[ -f "$outdir/man7/rns.7" ] || bad "no page $outdir/man7/rns.7"

# Every real page (not a .so link) renders cleanly and passes lintian-like checks.
pages=0
for p in "$outdir"/man3/*.3 "$outdir"/man7/*.7; do
  [ -f "$p" ] || continue
  head -n1 "$p" | grep -q '^\.so[[:space:]]' && continue
  pages=$((pages + 1))
  sec=${p##*.}
  # What lintian runs (from the parent of manN/, so .so requests resolve); stderr must be empty.
  err=$(cd "$outdir" && LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 \
        man --warnings -E UTF-8 -l -Tutf8 -Z "$p" 2>&1 >/dev/null)
  [ -z "$err" ] || bad "$p: man reports: $err"
  # The first request (after comments and the '\" preprocessor line) is .TH NAME SECTION.
  first=$(grep -vE "^('|\.)\\\\\"" "$p" | grep -m1 '^\.')
  echo "$first" | grep -qE "^\.TH +\"?[^ \"]+\"? +\"?$sec\"?( |$)" \
    || bad "$p: first request is not .TH with section $sec: $first"
  # whatis entry (lintian's bad-whatis-entry).
  LC_ALL=C.UTF-8 lexgrog "$p" >/dev/null 2>&1 || bad "$p: lexgrog cannot parse the NAME section"
  # No empty section: some text between a .SH and the next .SH (or the end).
  empty=$(awk '/^\.SH/ { if (sh != "" && !text) print sh; sh = $0; text = 0; next }
               !/^\./ && NF { text = 1 }
               END { if (sh != "" && !text) print sh }' "$p")
  [ -z "$empty" ] || bad "$p: empty section(s): $empty"
  # Text lines: a "-" must be "\-" (minus sign), unless preceded by a backslash escape.
  hy=$(grep -nvE '^[.'"'"']' "$p" | sed -E 's/\\\\//g; s/\\-//g' | grep -E '^[0-9]+:.*-' | head -n3)
  [ -z "$hy" ] || bad "$p: unescaped '-' on text line(s): $hy"
done

if [ "$fail" = 0 ]; then
  echo "ok   man pages: ${#funcs[@]} functions of $header each have a page in $outdir/man3, plus rns(7); $pages pages render cleanly"
fi
exit "$fail"
