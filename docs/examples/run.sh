#!/bin/sh
# Renders every example of the user guide and checks what the guide says
# about it. Exits non-zero if any example fails.
#
#   docs/examples/run.sh                # uses build/quire
#   QUIRE=/path/to/quire docs/examples/run.sh
#
# Each docs/examples/*.xml must render (exit 0) and pass `quire check`.
# NAME.args beside NAME.xml, if present, holds extra options for render and
# check (an XML comment cannot hold "--"). Lines in a template's comments
# steer the checks:
#   expect: TEXT        TEXT must appear in the PDF's text (pdftotext -raw,
#                       runs of white space squeezed to one space)
#   expect-not: TEXT    TEXT must not appear
#   warning: TEXT       render and check print a warning holding TEXT; an
#                       example prints no other warning
# Each docs/examples/errors/*.xml must fail:
#   command: check      run `quire check` instead of `quire render`
#   exit: N             the exit status
#   stderr: TEXT        TEXT must appear in standard error; the template's
#                       path is written as FILE (FILE:7: error: ...)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
QUIRE=${QUIRE:-$ROOT/build/quire}
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1700000000}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
count=0

fail() { printf 'docs/examples: FAIL: %s\n' "$*" >&2; fails=$((fails + 1)); }

# directive NAME FILE: the values of "NAME: ..." lines, one per line.
directive() { sed -n "s/^[[:space:]]*$1:[[:space:]]*//p" "$2"; }

squeeze() { tr -s ' \t\n\f' '    '; }

# warnings NAME TEMPLATE ERRFILE CMD: the warnings in ERRFILE are the ones
# the template's "warning:" lines announce, no more and no fewer.
warnings() {
    directive warning "$2" >"$TMP/want-warn"
    grep ': warning: ' "$3" | while IFS= read -r line; do
        awk -v w="$line" 'index(w, $0) { found = 1 } END { exit !found }' "$TMP/want-warn" ||
            echo "$1: quire $4: unexpected warning: $line"
    done
    while IFS= read -r want; do
        grep -qF -- "$want" "$3" || echo "$1: quire $4: missing warning: $want"
    done <"$TMP/want-warn"
}

if [ ! -x "$QUIRE" ]; then
    echo "docs/examples: no quire binary at $QUIRE (run make first)" >&2
    exit 1
fi

for t in "$HERE"/*.xml; do
    name=$(basename "$t" .xml)
    count=$((count + 1))
    args=$(cat "${t%.xml}.args" 2>/dev/null)
    # shellcheck disable=SC2086  # args are words on purpose
    if ! "$QUIRE" check "$t" $args 2>"$TMP/err"; then
        fail "$name: quire check: $(cat "$TMP/err")"
        continue
    fi
    warnings "$name" "$t" "$TMP/err" check >"$TMP/missing"
    # shellcheck disable=SC2086
    if ! "$QUIRE" render "$t" $args -o "$TMP/$name.pdf" 2>"$TMP/err"; then
        fail "$name: quire render: $(cat "$TMP/err")"
        continue
    fi
    warnings "$name" "$t" "$TMP/err" render >>"$TMP/missing"
    if [ -s "$TMP/missing" ]; then
        while IFS= read -r line; do fail "$line"; done <"$TMP/missing"
    fi
    # shellcheck disable=SC2086
    "$QUIRE" render "$t" $args -o "$TMP/$name-again.pdf" 2>/dev/null
    cmp -s "$TMP/$name.pdf" "$TMP/$name-again.pdf" || fail "$name: two renders differ"
    pdftotext -raw "$TMP/$name.pdf" - 2>/dev/null | squeeze >"$TMP/$name.txt"
    directive expect "$t" | while IFS= read -r want; do
        want=$(printf '%s' "$want" | squeeze)
        grep -qF -- "$want" "$TMP/$name.txt" || { echo "$name: missing text: $want"; }
    done >"$TMP/missing"
    directive expect-not "$t" | while IFS= read -r nope; do
        nope=$(printf '%s' "$nope" | squeeze)   # as the text was: else two spaces never match
        grep -qF -- "$nope" "$TMP/$name.txt" && echo "$name: unexpected text: $nope"
    done >>"$TMP/missing"
    if [ -s "$TMP/missing" ]; then
        while IFS= read -r line; do fail "$line"; done <"$TMP/missing"
        printf '  text was: %s\n' "$(head -c 600 "$TMP/$name.txt")" >&2
    fi
done

# fontfiles/report.xml wants font files beside it: render a copy that has them.
NOTO=/usr/share/fonts/truetype/noto
if [ -f "$HERE/fontfiles/report.xml" ]; then
    count=$((count + 1))
    mkdir -p "$TMP/fontfiles/fonts"
    cp "$HERE/fontfiles/report.xml" "$TMP/fontfiles/"
    if cp "$NOTO"/NotoSerif-Regular.ttf "$NOTO"/NotoSerif-Bold.ttf "$NOTO"/NotoSerif-Italic.ttf \
          "$NOTO"/NotoSerif-BoldItalic.ttf "$TMP/fontfiles/fonts/" 2>"$TMP/err"; then
        if "$QUIRE" render "$TMP/fontfiles/report.xml" -o "$TMP/fontfiles.pdf" 2>"$TMP/err"; then
            pdffonts "$TMP/fontfiles.pdf" 2>/dev/null >"$TMP/fonts.txt"
            for face in Regular Bold Italic BoldItalic; do
                grep -q "NotoSerif-$face" "$TMP/fonts.txt" || fail "fontfiles: NotoSerif-$face not embedded"
            done
            grep -q NotoSans "$TMP/fonts.txt" && fail "fontfiles: a font other than the files was used"
        else
            fail "fontfiles: quire render: $(cat "$TMP/err")"
        fi
    else
        fail "fontfiles: the Noto Serif files are missing (Debian package fonts-noto-core): $(cat "$TMP/err")"
    fi
fi

for t in "$HERE"/errors/*.xml; do
    [ -e "$t" ] || continue
    name=errors/$(basename "$t" .xml)
    count=$((count + 1))
    want=$(directive exit "$t")
    args=$(cat "${t%.xml}.args" 2>/dev/null)
    rm -f "$TMP/out.pdf"
    if [ "$(directive command "$t")" = check ]; then
        # shellcheck disable=SC2086
        "$QUIRE" check "$t" $args 2>"$TMP/err"
    else
        # shellcheck disable=SC2086
        "$QUIRE" render "$t" $args -o "$TMP/out.pdf" 2>"$TMP/err"
    fi
    got=$?
    [ "$got" = "${want:-x}" ] || fail "$name: exit $got, want $want; stderr: $(cat "$TMP/err")"
    [ -e "$TMP/out.pdf" ] && fail "$name: a PDF was written after a failure"
    sed "s|$t|FILE|g" "$TMP/err" >"$TMP/err.norm"
    directive stderr "$t" | while IFS= read -r msg; do
        grep -qF -- "$msg" "$TMP/err.norm" || echo "$name: stderr lacks: $msg"
    done >"$TMP/missing"
    if [ -s "$TMP/missing" ]; then
        while IFS= read -r line; do fail "$line"; done <"$TMP/missing"
        printf '  stderr was: %s\n' "$(cat "$TMP/err.norm")" >&2
    fi
done

echo "docs/examples: $((count - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
