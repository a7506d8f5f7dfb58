#!/bin/sh
# Checks templates/quire.rng against the sample templates in tests/schema:
#   valid/*.xml    must validate;
#   invalid/*.xml  must be well-formed XML that fails validation (xmllint exit
#                  status 3), and must open with a comment naming its defect.
# Each file is validated with `xmllint --noout --relaxng templates/quire.rng FILE`
# under a time limit, so a schema that libxml2 validates in exponential time
# fails too. Prints "schema: N passed, N failed"; exits 1 on any failure,
# 2 when xmllint is missing.
cd "$(dirname "$0")/../.." || exit 2
RNG=templates/quire.rng
LIMIT=${SCHEMA_TIME_LIMIT:-10}

if ! command -v xmllint >/dev/null 2>&1; then
    echo "schema: xmllint not found (apt-get install -y libxml2-utils)" >&2
    echo "schema: 0 passed, 1 failed"
    exit 2
fi
if command -v timeout >/dev/null 2>&1; then TO="timeout $LIMIT"; else TO=; fi

pass=0; fail=0
tmp=$(mktemp) || exit 2
trap 'rm -f "$tmp"' EXIT

validate() {   # validate FILE -> exit status of xmllint (124: timed out)
    $TO xmllint --noout --relaxng "$RNG" "$1" >"$tmp" 2>&1
}

bad() {        # bad FILE REASON
    fail=$((fail + 1))
    echo "FAIL $1: $2"
    sed 's/^/    /' "$tmp" | head -n 20
}

for f in tests/schema/valid/*.xml; do
    [ -e "$f" ] || continue
    validate "$f"; rc=$?
    if [ "$rc" -eq 0 ]; then pass=$((pass + 1))
    elif [ "$rc" -eq 124 ]; then bad "$f" "validation took longer than ${LIMIT}s"
    else bad "$f" "should validate (xmllint exit $rc)"
    fi
done

for f in tests/schema/invalid/*.xml; do
    [ -e "$f" ] || continue
    # The first thing after an optional XML declaration must be a comment.
    first=$(grep -v '^<?xml' "$f" | grep -v '^[[:space:]]*$' | head -n 1)
    case $first in
        '<!--'*) ;;
        *) : >"$tmp"; bad "$f" "no comment at the top saying what is wrong"; continue ;;
    esac
    validate "$f"; rc=$?
    case $rc in
        3)   pass=$((pass + 1)) ;;
        0)   bad "$f" "should fail to validate, but validates" ;;
        124) bad "$f" "validation took longer than ${LIMIT}s" ;;
        1)   bad "$f" "not well-formed XML (it must fail the schema, not the parser)" ;;
        *)   bad "$f" "xmllint exit $rc (schema did not compile?)" ;;
    esac
done

echo "schema: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
