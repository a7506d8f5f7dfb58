#!/bin/sh
# make mutate: plants each one-line bug of tests/mutation/mutations.txt in a
# scratch copy of the tree, rebuilds, and runs the suite until a check
# fails (the mutation is killed) or all pass (it survived). Prints the kill
# rate and the survivors. Slow, so not part of make test.
#
#   tests/mutation/run.sh [NAME...]    only the mutations named
#
#   MUTATE_DIR=/tmp/x    scratch folder (default: a new one under /tmp)
#   MUTATE_LOG=FILE      also write the report there
#   MUTATE_NO_BASELINE=1 skip the run of the suite without mutations
#
# A mutation is a file, an exact original text (unique in that file) and
# its replacement; code moves, so no line numbers. One whose text is not
# found once, or that does not compile, is "invalid", not killed.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LIST="$ROOT/tests/mutation/mutations.txt"
S=${MUTATE_DIR:-}
keep=1
[ -n "$S" ] || { S=$(mktemp -d /tmp/quire-mutate.XXXXXX); keep=0; }
LOG=${MUTATE_LOG:-/dev/null}
say() { printf '%s\n' "$*" | tee -a "$LOG"; }
: >"$LOG"

# The tree without builds or git, so the copy builds on its own.
mkdir -p "$S/tree"
(cd "$ROOT" && tar --exclude=./build --exclude='./build-*' --exclude=./.git -cf - .) | (cd "$S/tree" && tar -xf -)
T="$S/tree"
UNITS=$(cd "$T" && ls tests/unit/test_*.c | sed 's|tests/unit/\(.*\)\.c|build/tests/\1|')
build() {
    # shellcheck disable=SC2086
    (cd "$T" && make -s -j2 build/quire build/quire-cairo.so build/pngdiff $UNITS) </dev/null >"$S/build.log" 2>&1
}
if ! build; then
    say "mutate: the unmutated tree does not build: $(tail -n 5 "$S/build.log")"
    exit 2
fi
export QUIRE="$T/build/quire"
FONT_MAP_DIR="$T/build/fonts"
. "$T/tests/fonts-isolated.sh"
trap 'rm -rf "$QUIRE_FC_DIR"' EXIT
export SOURCE_DATE_EPOCH=1700000000

# The suite in the order that kills soonest: unit tests, the scripts that
# look at pages, the rest, the docs examples, and last the slow corpus replay.
E2E="test_golden.sh test_paint.sh test_briefing.sh test_layout.sh test_tables.sh test_data.sh test_errors.sh
test_hostile.sh test_images.sh test_fonts.sh test_fixes.sh test_install.sh"
for f in "$T"/tests/e2e/test_*.sh; do
    b=$(basename "$f")
    case " $(echo $E2E) test_corpus.sh " in *" $b "*) ;; *) E2E="$E2E $b" ;; esac
done
# Returns 0 when every step passes; else prints the step that failed.
suite() {
    for u in $UNITS; do
        timeout 300 "$T/$u" </dev/null >"$S/out" 2>&1 || { echo "unit $(basename "$u")"; return 1; }
    done
    for e in $E2E; do
        timeout 300 sh "$T/tests/e2e/$e" </dev/null >"$S/out" 2>&1 || { echo "$e"; return 1; }
    done
    timeout 300 "$T/docs/examples/run.sh" </dev/null >"$S/out" 2>&1 || { echo "docs/examples"; return 1; }
    timeout 600 sh "$T/tests/e2e/test_corpus.sh" </dev/null >"$S/out" 2>&1 || { echo "test_corpus.sh"; return 1; }
    return 0
}

if [ "${MUTATE_NO_BASELINE:-0}" != 1 ]; then
    if step=$(suite); then say "baseline: the suite passes"; else
        say "mutate: the suite fails without mutations ($step): $(tail -n 5 "$S/out")"
        exit 2
    fi
fi

# apply FILE FROM TO: replace the one occurrence of FROM; 1 if not exactly one.
apply() {
    # Through the environment: awk -v would read backslashes as escapes.
    FROM=$2 TO=$3 awk '
        BEGIN { from = ENVIRON["FROM"]; to = ENVIRON["TO"] }
        { lines[NR] = $0; n += gsub_count($0, from) }
        function gsub_count(s, f,    c, i) { c = 0; while ((i = index(s, f)) > 0) { c++; s = substr(s, i + length(f)) } return c }
        END {
            if (n != 1) exit 1
            for (k = 1; k <= NR; k++) {
                i = index(lines[k], from)
                if (i) lines[k] = substr(lines[k], 1, i - 1) to substr(lines[k], i + length(from))
                print lines[k]
            }
        }' "$1" >"$1.mut" || { rm -f "$1.mut"; return 1; }
    mv "$1.mut" "$1"
}

killed=0; survived=0; invalid=0; survivors=""
run_one() {  # run_one NAME FILE FROM TO
    if [ -n "$WANT" ]; then
        case " $WANT " in *" $1 "*) ;; *) return ;; esac
    fi
    cp "$T/$2" "$S/orig"
    if ! apply "$T/$2" "$3" "$4"; then
        say "invalid   $1: the text is not found exactly once in $2"
        invalid=$((invalid + 1))
    elif ! build; then
        say "invalid   $1: does not compile"
        invalid=$((invalid + 1))
    elif step=$(suite); then
        say "SURVIVED  $1 ($2)"
        survived=$((survived + 1)); survivors="$survivors $1"
    else
        say "killed    $1 by $step"
        killed=$((killed + 1))
    fi
    cp "$S/orig" "$T/$2"   # a newer mtime: the next build recompiles it
}

WANT="$*"
name=""; file=""; from=""; to=""; have=0
flush() {
    [ "$have" = 1 ] && run_one "$name" "$file" "$from" "$to"
    name=""; file=""; from=""; to=""; have=0
}
# Records: "name:", "file:", "from:", "to:" lines; "#" comments; blank lines
# end a record. A value is everything after the first ": ".
while IFS= read -r line; do
    case "$line" in
        '#'*) ;;
        '') flush ;;
        name:*) name=${line#name: }; have=1 ;;
        file:*) file=${line#file: } ;;
        from:*) from=${line#from: } ;;
        to:*) to=${line#to: } ;;
        *) say "mutate: cannot read this line of mutations.txt: $line"; exit 2 ;;
    esac
done <"$LIST"
flush
build >/dev/null 2>&1

total=$((killed + survived))
rate=0
[ "$total" -gt 0 ] && rate=$((killed * 1000 / total))
say "mutate: $killed killed, $survived survived, $invalid invalid; kill rate $((rate / 10)).$((rate % 10))% ($killed of $total)"
[ -n "$survivors" ] && say "survivors:$survivors"
[ "$keep" = 1 ] || rm -rf "$S"
exit 0
