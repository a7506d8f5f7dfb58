# Golden pages: the example briefing and every docs example that renders,
# rasterised with poppler and compared pixel by pixel with the references
# in tests/golden/ (see docs/testing.md). Text checks pass when the text is
# in the PDF even if nothing can see it; these see the page.
#
#   GOLDEN_UPDATE=1   rewrite the references instead (make golden-update)
#   GOLDEN_MAX_SHARE  share of pixels allowed to differ (default 0.0002)
#   GOLDEN_THRESHOLD  per-channel difference that counts (default 4 of 255:
#                     the zebra stripes differ from white by 8 to 13)
. "$(dirname "$0")/lib.sh"
GOLDEN="$ROOT/tests/golden"
DPI=50
PNGDIFF=$(dirname "$QUIRE")/pngdiff
DIFFDIR=$(cd "$(dirname "$QUIRE")" && pwd)/golden-diff
UPDATE=${GOLDEN_UPDATE:-0}
MAX=${GOLDEN_MAX_SHARE:-0.0002}
THRESH=${GOLDEN_THRESHOLD:-4}
rm -rf "$DIFFDIR"

expect_true "pngdiff is built beside quire ($PNGDIFF; run make)" test -x "$PNGDIFF"

# compare NAME N PNG: page N of NAME against tests/golden/NAME-N.png.
compare() {
    ref="$GOLDEN/$1-$2.png"
    if [ ! -f "$ref" ]; then
        bad "$1 page $2: no reference $ref (make golden-update)"
        return
    fi
    mkdir -p "$DIFFDIR"
    if share=$("$PNGDIFF" -t "$THRESH" -m "$MAX" "$ref" "$3" "$DIFFDIR/$1-$2.png" 2>&1); then
        ok
    else
        cp "$3" "$DIFFDIR/$1-$2.actual.png"
        bad "$1 page $2 differs from tests/golden/$1-$2.png: $share; see $DIFFDIR/$1-$2.png (red: differing pixels) and $1-$2.actual.png"
    fi
}

# golden NAME TEMPLATE [ARGS...]: render, rasterise, compare each page (or
# store it).
names=" "
golden() {
    name=$1; src=$2; shift 2
    names="$names$name "
    if ! "$QUIRE" render "$src" "$@" -o "$TMP/$name.pdf" 2>"$TMP/err"; then
        bad "$name: render failed: $(head -c 300 "$TMP/err")"
        return
    fi
    rm -rf "$TMP/png"; mkdir "$TMP/png"
    # No anti-aliasing: edges are all-or-nothing, so poppler's smoothing
    # cannot move a pixel between runs or versions.
    if ! pdftoppm -r "$DPI" -aa no -aaVector no -png "$TMP/$name.pdf" "$TMP/png/p" 2>"$TMP/err"; then
        bad "$name: pdftoppm failed: $(head -c 300 "$TMP/err")"
        return
    fi
    # pdftoppm pads page numbers to the page count's width: p-1 or p-01.
    pages=0
    for png in "$TMP"/png/p-*.png; do
        [ -e "$png" ] || continue
        pages=$((pages + 1))
        n=$(basename "$png" .png | sed 's/^p-0*//')
        ref="$GOLDEN/$name-$n.png"
        if [ "$UPDATE" = 1 ]; then
            cp "$png" "$ref"
            continue
        fi
        compare "$name" "$n" "$png"
    done
    if [ "$UPDATE" = 1 ]; then
        # Drop references of pages the document no longer has.
        n=$((pages + 1))
        while [ -f "$GOLDEN/$name-$n.png" ]; do rm -f "$GOLDEN/$name-$n.png"; n=$((n + 1)); done
        echo "golden: $name: $pages page(s) stored"
        return
    fi
    refs=$(ls "$GOLDEN" | grep -c "^$name-[0-9]*\.png$")
    expect_true "$name: $pages page(s) rendered, $refs in tests/golden" test "$pages" -gt 0 -a "$pages" -eq "$refs"
}

[ "$UPDATE" = 1 ] && mkdir -p "$GOLDEN"
golden briefing "$ROOT/examples/briefing/briefing.xml"
# Every chart type, as a document (examples/charts/charts.xml).
golden charts "$ROOT/examples/charts/charts.xml"
for t in "$ROOT"/docs/examples/*.xml; do
    # shellcheck disable=SC2046  # NAME.args holds words, as in docs/examples/run.sh
    golden "docs-$(basename "$t" .xml)" "$t" $(cat "${t%.xml}.args" 2>/dev/null)
done
# fontfiles/report.xml wants font files beside it (as docs/examples/run.sh).
mkdir -p "$TMP/fontfiles/fonts"
cp "$ROOT/docs/examples/fontfiles/report.xml" "$TMP/fontfiles/"
for face in Regular Bold Italic BoldItalic; do
    cp "/usr/share/fonts/truetype/noto/NotoSerif-$face.ttf" "$TMP/fontfiles/fonts/"
done
golden docs-fontfiles "$TMP/fontfiles/report.xml"
# Every kind of image the decoders take, big enough to see its colours
# (a CMYK photo drawn in negative is still "one image in the PDF");
# cmyk-noadobe.jpg is cmyk.jpg without its Adobe marker: ink not inverted.
mkdir -p "$TMP/images/img"
cp "$FIX"/images/*.png "$FIX"/images/*.jpg "$TMP/images/img/"
{
    echo '<report><body>'
    for f in rgba.png gray.png palette.png palette-interlaced-trns.png deep16.png photo.jpg cmyk.jpg cmyk-noadobe.jpg; do
        echo "<p>$f</p><image src=\"img/$f\" alt=\"$f\" width=\"25%\"/>"
    done
    echo '<p>At its natural size (96 pixels to the inch):</p><image src="img/rgba.png" alt="natural"/>'
    echo '</body></report>'
} >"$TMP/images/images.xml"
golden images "$TMP/images/images.xml"

# Exported charts through cairo (quire chart -o X.png): the article view
# of every type, compared like the pages. Stored as chart-TYPE-1.png.
golden_png() {
    name=$1; png=$2
    names="$names$name "
    ref="$GOLDEN/$name-1.png"
    if [ "$UPDATE" = 1 ]; then
        cp "$png" "$ref"
        echo "golden: $name: stored"
        return
    fi
    compare "$name" 1 "$png"
}
for id in bar hbar grouped-bar stacked-bar line area pie donut scatter funnel; do
    if "$QUIRE" chart "$ROOT/examples/charts/charts.xml" --id "$id" --width 400 --height 225 \
            -o "$TMP/chart-$id.png" 2>"$TMP/err"; then
        golden_png "chart-$id" "$TMP/chart-$id.png"
    else
        bad "chart $id: export failed: $(head -c 300 "$TMP/err")"
    fi
done

# Every reference belongs to a case above: a renamed example must not
# leave pages behind that look checked but are not.
stale=""
for ref in "$GOLDEN"/*.png; do
    [ -e "$ref" ] || continue
    case "$names" in
        *" $(basename "$ref" | sed 's/-[0-9]*\.png$//') "*) ;;
        *) if [ "$UPDATE" = 1 ]; then rm -f "$ref"; else stale="$stale $(basename "$ref")"; fi ;;
    esac
done
expect_true "no reference without a case:$stale" test -z "$stale"
count=$(ls "$GOLDEN" | grep -c '\.png$')
expect_true "references in tests/golden: $count, want more than 20" test "$count" -gt 20
finish
