# Shared helpers for the end-to-end tests: each test script sources this,
# runs checks against $QUIRE, and ends with `finish`.
set -u
: "${QUIRE:?set QUIRE to the quire binary}"
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
FIX="$HERE/fixtures"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1700000000
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf '%s: FAIL: %s\n' "$(basename "$0")" "$*" >&2; }

# The argument after -o, if any.
output_of() {
    while [ $# -gt 1 ]; do
        [ "$1" = "-o" ] && { printf '%s\n' "$2"; return; }
        shift
    done
}

# expect_exit CODE DESC -- CMD...: runs CMD, stderr to $TMP/err, stdout to $TMP/out.
# A failure must leave no partial output: a file at the -o path is as it
# was before (or absent), and no temporary file stands beside it.
expect_exit() {
    want=$1; desc=$2; shift 3
    out=$(output_of "$@")
    before=""
    if [ -n "$out" ] && [ "$out" != "-" ] && [ -e "$out" ]; then before=$(cksum <"$out"); fi
    "$@" >"$TMP/out" 2>"$TMP/err"; got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$desc: exit $got, want $want; stderr: $(head -c 400 "$TMP/err")"; fi
    if [ "$want" -ne 0 ] && [ -n "$out" ] && [ "$out" != "-" ]; then
        if [ -n "$before" ]; then
            [ "$(cksum <"$out")" = "$before" ] && ok || bad "$desc: the existing output changed"
        else
            [ ! -e "$out" ] && ok || bad "$desc: a partial output was left at $out"
        fi
        leftovers=$(ls -A "$(dirname "$out")" 2>/dev/null | grep "^\.$(basename "$out")\." || true)
        [ -z "$leftovers" ] && ok || bad "$desc: temporary file left: $leftovers"
    fi
}

# expect_grep FILE PATTERN DESC: the (extended) regex must match a line.
expect_grep() {
    if grep -Eq -- "$2" "$1"; then ok; else bad "$3: /$2/ not in $(basename "$1"): $(head -c 300 "$1")"; fi
}

expect_no_grep() {
    if grep -Eq -- "$2" "$1"; then bad "$3: /$2/ found in $(basename "$1")"; else ok; fi
}

expect_true() {
    desc=$1; shift
    if "$@"; then ok; else bad "$desc"; fi
}

# A template in $TMP from stdin; prints its path.
template() {
    cat >"$TMP/$1"
    printf '%s\n' "$TMP/$1"
}

finish() {
    echo "$(basename "$0"): $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}

# pdf_ops PDF: what the pages draw, one item a line (tests/tools/pdfops.awk:
# text, rect, line, image with positions in points and #RRGGBB colours).
pdf_ops() {
    qpdf --qdf --object-streams=disable "$1" "$TMP/ops.qdf" 2>/dev/null
    LC_ALL=C awk -f "$ROOT/tests/tools/pdfops.awk" "$TMP/ops.qdf"
}
