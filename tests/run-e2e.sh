#!/bin/sh
# `make e2e`: the end-to-end scripts alone (or the ones named), with fonts
# isolated as in `make test`. Prints one closing "N passed, N failed" line.
here=$(cd "$(dirname "$0")" && pwd)
: "${QUIRE:?set QUIRE to the quire binary}"
FONT_MAP_DIR=$(cd "$(dirname "$QUIRE")/fonts" && pwd) || { echo "no font map beside $QUIRE (run make)"; exit 1; }
. "$here/fonts-isolated.sh"
trap 'rm -rf "$QUIRE_FC_DIR"' EXIT
pass=0; fail=0
[ $# -gt 0 ] || set -- "$here"/e2e/test_*.sh
for t in "$@"; do
    out=$(sh "$t" 2>&1); rc=$?
    printf '%s\n' "$out"
    line=$(printf '%s\n' "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n 1)
    p=$(printf '%s' "$line" | sed -E 's/.* ([0-9]+) passed.*/\1/'); p=${p:-0}
    f=$(printf '%s' "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/'); f=${f:-0}
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    [ -z "$line" ] && { echo "$t: no count line: it stopped before its checks"; f=$((f + 1)); }
    pass=$((pass + p)); fail=$((fail + f))
done
echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
