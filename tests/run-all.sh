#!/bin/sh
# The test command's runner: unit tests, the schema suite, end-to-end tests.
# Prints one closing "N passed, N failed" line over all of them.
here=$(cd "$(dirname "$0")" && pwd)
FONT_MAP_DIR=$(cd "$(dirname "$QUIRE")/fonts" && pwd) || { echo "no font map beside $QUIRE (run make)"; exit 1; }
. "$here/fonts-isolated.sh"
trap 'rm -rf "$QUIRE_FC_DIR"' EXIT
pass=0; fail=0
add() {   # add the counts of the last "N passed, N failed" line of $1
    line=$(printf '%s\n' "$1" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n 1)
    p=$(printf '%s' "$line" | sed -E 's/.*[^0-9]([0-9]+) passed.*/\1/; s/^([0-9]+) passed.*/\1/'); p=${p:-0}
    f=$(printf '%s' "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/'); f=${f:-0}
    [ "$2" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    # A script that stops before its count line stopped before its checks.
    [ -z "$line" ] && f=$((f + 1))
    pass=$((pass + p)); fail=$((fail + f))
}
out=$("$here/run-unit.sh" "$@" 2>&1); rc=$?; printf '%s\n' "$out" | grep -v ': [0-9]* passed, 0 failed$'; add "$out" $rc
out=$("$here/schema/run.sh" 2>&1); rc=$?; printf '%s\n' "$out" | tail -n 1; add "$out" $rc
for t in "$here"/e2e/test_*.sh; do
    out=$(sh "$t" 2>&1); rc=$?
    printf '%s\n' "$out"
    add "$out" $rc
done
out=$(QUIRE="$QUIRE" "$here/../docs/examples/run.sh" 2>&1); rc=$?
printf '%s\n' "$out" | tail -n 1; add "$out" $rc
echo "all: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
