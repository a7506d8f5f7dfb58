#!/bin/sh
# Charts: every type in a document through both backends (vector, text
# that extracts, never a raster image), a chart kept whole and with its
# heading, `quire chart` to SVG, PNG and PDF (sizes, title and alt text),
# and the errors: names at check time (2), values that are not numbers (1),
# unknown ids and formats (2), a query with no rows (a warning).
. "$(dirname "$0")/lib.sh"
E="$ROOT/examples/charts/charts.xml"
A="$ROOT/templates/chart.xml"
DATA="$ROOT/examples/charts/data"
TYPES="bar hbar grouped-bar stacked-bar line area pie donut scatter funnel"

# What each chart of examples/charts must show, '|' between texts: its
# title first, then tick labels, legend entries or direct labels, value
# labels and its source line, as a reader would look for them.
texts() {
    case $1 in
        bar) echo "ICE removals peaked in fiscal 2012|0|200K|400K|2008|2016|Source: ICE removal statistics" ;;
        hbar) echo "Most criminal aliens encountered were released|San Antonio|Newark|79%|60%|Source: New York Post" ;;
        grouped-bar) echo "Inside the country, most people removed had convictions|All interior removals|Convicted criminals|150K|2013|2016" ;;
        stacked-bar) echo "A larger criminal share as removals fell|Convicted criminals|No criminal conviction|500K|2008|2015" ;;
        line) echo "Removals fell after 2012; criminal removals less|All removals|Convicted criminals|300K|2008|2016" ;;
        area) echo "Removals from the interior halved in five years|250K|2011|2016|Source: ICE; cato.org" ;;
        pie) echo "Six in ten removed in fiscal 2013 had a conviction|No criminal conviction 41%|Convicted criminals 59%" ;;
        donut) echo "Most removals in fiscal 2013 were at the border|Interior 36%|At or near the border 64%|368,644|Total" ;;
        scatter) echo "More removals, more criminal removals|225K|425K|100K|250K" ;;
        funnel) echo "Of 722,000 encountered, 125,000 criminal aliens were targeted|Encountered by ICE|722,000|193,000 · 27%|125,000 · 17%" ;;
    esac
}
# expect_texts FILE DESC 'a|b|c': each text is in FILE (fixed strings).
expect_texts() {
    f=$1; d=$2
    printf '%s\n' "$3" | tr '|' '\n' >"$TMP/want.txt"
    while IFS= read -r w; do
        [ -n "$w" ] || continue
        if grep -Fq -- "$w" "$f"; then ok; else bad "$d: '$w' not in the text"; fi
    done <"$TMP/want.txt"
}
# No image XObject: pdfimages -list prints its two header lines only.
expect_no_images() {
    n=$(pdfimages -list "$1" 2>/dev/null | tail -n +3 | wc -l)
    expect_true "$2: no raster image ($n listed)" test "$n" -eq 0
}
# png_size FILE: "W H" from the IHDR chunk (two 4-byte big-endian numbers).
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{print (($1*256+$2)*256+$3)*256+$4, (($5*256+$6)*256+$7)*256+$8}'; }
pdf_size() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Page size: *\([0-9.]*\) x \([0-9.]*\) pts.*/\1 \2/p'; }

# --- every type in a document, through both backends ---
expect_exit 0 "check the chart examples" -- "$QUIRE" check "$E"
expect_exit 0 "chart examples, libharu" -- "$QUIRE" render "$E" -o "$TMP/h.pdf"
expect_no_grep "$TMP/err" "warning|error" "no message"
expect_exit 0 "chart examples, cairo" -- "$QUIRE" render "$E" --backend cairo -o "$TMP/c.pdf"
pdftotext "$TMP/h.pdf" "$TMP/h.txt"; pdftotext "$TMP/c.pdf" "$TMP/c.txt"
for t in $TYPES; do
    expect_texts "$TMP/h.txt" "$t, libharu" "$(texts "$t")"
    expect_texts "$TMP/c.txt" "$t, cairo" "$(texts "$t")"
done
expect_true "cairo's text is libharu's: $(diff "$TMP/h.txt" "$TMP/c.txt" | head -c 300)" cmp -s "$TMP/h.txt" "$TMP/c.txt"
expect_no_images "$TMP/h.pdf" "libharu"
expect_no_images "$TMP/c.pdf" "cairo"
"$QUIRE" render "$E" -o "$TMP/h2.pdf" 2>/dev/null
expect_true "byte-for-byte reproducible" cmp -s "$TMP/h.pdf" "$TMP/h2.pdf"

# A chart is never split: its heading and its title stand on one page.
np=$(pdfinfo "$TMP/h.pdf" | sed -n 's/^Pages: *//p')
expect_true "the ten charts take several pages ($np)" test "${np:-0}" -ge 3
for t in $TYPES; do
    title=$(texts "$t" | cut -d'|' -f1)
    p=1; found=0
    while [ "$p" -le "${np:-0}" ]; do
        pdftotext -f "$p" -l "$p" "$TMP/h.pdf" "$TMP/page.txt"
        if grep -Fq -- "$title" "$TMP/page.txt"; then
            found=1
            expect_true "$t: heading on the page of its chart ($p)" grep -qx -- "$t" "$TMP/page.txt"
        fi
        p=$((p + 1))
    done
    expect_true "$t: found on a page" test "$found" -eq 1
done

# --- a chart in a document: width, height, a chart taller than a page ---
cp "$DATA/removals_by_year.csv" "$TMP/r.csv"
tall=$(template tall.xml <<'EOT'
<report><data><csv name="r" src="r.csv"/></data>
  <query name="q">SELECT * FROM r</query>
  <body><h1>Tall</h1><chart id="t" type="bar" query="q" title="Taller than a page" height="400mm" width="50%"/>
  <p>After the chart.</p></body></report>
EOT
)
expect_exit 0 "a chart taller than the page is drawn" -- "$QUIRE" render "$tall" -o "$TMP/tall.pdf"
pdftotext -f 1 -l 1 "$TMP/tall.pdf" "$TMP/tall1.txt"
expect_grep "$TMP/tall1.txt" "Taller than a page" "on the first page, with its heading"
expect_grep "$TMP/tall1.txt" "^Tall$" "its heading"
expect_true "the paragraph after it goes to page 2" sh -c "pdftotext -f 2 -l 2 '$TMP/tall.pdf' - | grep -q 'After the chart'"

# A template's own font files reach the chart, in a document and alone.
mkdir -p "$TMP/fonts"
cp /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf /usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf "$TMP/fonts/"
serif=$(template serif.xml <<'EOT'
<report><data><csv name="r" src="r.csv"/></data>
  <query name="q">SELECT * FROM r</query>
  <styles>
    <font family="House Serif" regular="fonts/NotoSerif-Regular.ttf" bold="fonts/NotoSerif-Bold.ttf"/>
    <style name="body" font="House Serif"/>
  </styles>
  <body><chart id="s" type="line" query="q" title="In the house serif"/></body></report>
EOT
)
expect_exit 0 "a chart in a <font> family from files" -- "$QUIRE" render "$serif" -o "$TMP/serif.pdf"
expect_true "its text is set in it" sh -c "pdffonts '$TMP/serif.pdf' | grep -q NotoSerif"
expect_exit 0 "the same chart alone" -- "$QUIRE" chart "$serif" --id s -o "$TMP/serif1.pdf"
expect_true "its text is set in it" sh -c "pdffonts '$TMP/serif1.pdf' | grep -q NotoSerif"

# --- quire chart ---
expect_exit 0 "chart to SVG" -- "$QUIRE" chart "$E" --id line -o "$TMP/line.svg"
expect_true "SVG is well-formed: $(xmllint --noout "$TMP/line.svg" 2>&1 | head -c 200)" xmllint --noout "$TMP/line.svg"
expect_grep "$TMP/line.svg" "<svg [^>]*width=\"800\" height=\"450\"" "SVG 800 x 450 in user units (points)"
expect_grep "$TMP/line.svg" "^<title>Removals fell after 2012; criminal removals less</title>$" "SVG <title>"
expect_grep "$TMP/line.svg" "^<desc>Line chart: all removals peaked at 409,849" "SVG <desc> from alt"
expect_true "SVG <title> right after <svg>" sh -c "grep -A1 '^<svg ' '$TMP/line.svg' | grep -q '^<title>'"
expect_true "SVG: no raster image" sh -c "! grep -q '<image' '$TMP/line.svg'"
"$QUIRE" chart "$E" --id line -o "$TMP/line2.svg" 2>/dev/null
expect_true "SVG reproducible" cmp -s "$TMP/line.svg" "$TMP/line2.svg"

expect_exit 0 "chart to PNG" -- "$QUIRE" chart "$E" --id bar -o "$TMP/bar.png"
expect_true "PNG default 800 x 450 ($(png_size "$TMP/bar.png"))" test "$(png_size "$TMP/bar.png")" = "800 450"
expect_exit 0 "chart to PNG, --scale 2" -- "$QUIRE" chart "$E" --id bar -o "$TMP/bar2.png" --scale 2
expect_true "PNG --scale 2 is 1600 x 900 ($(png_size "$TMP/bar2.png"))" test "$(png_size "$TMP/bar2.png")" = "1600 900"
expect_exit 0 "chart to PNG, --width --height" -- "$QUIRE" chart "$E" --id pie -o "$TMP/pie.png" --width 640 --height 360
expect_true "PNG 640 x 360 ($(png_size "$TMP/pie.png"))" test "$(png_size "$TMP/pie.png")" = "640 360"
expect_exit 0 "chart to PNG, all three" -- "$QUIRE" chart "$E" --id pie -o "$TMP/pie3.PNG" --width 300 --height 200 --scale 1.5
expect_true "PNG 450 x 300 ($(png_size "$TMP/pie3.PNG"))" test "$(png_size "$TMP/pie3.PNG")" = "450 300"
expect_true "a PNG with pixels other than white" sh -c "test \$(stat -c %s '$TMP/bar.png') -gt 2000"
expect_exit 0 "--scale leaves an SVG's size" -- "$QUIRE" chart "$E" --id bar -o "$TMP/bar.svg" --scale 3
expect_grep "$TMP/bar.svg" "<svg [^>]*width=\"800\" height=\"450\"" "SVG still 800 x 450"

expect_exit 0 "chart to PDF" -- "$QUIRE" chart "$E" --id funnel -o "$TMP/funnel.pdf" --width 600 --height 400
expect_true "PDF page 600 x 400 pt ($(pdf_size "$TMP/funnel.pdf"))" test "$(pdf_size "$TMP/funnel.pdf")" = "600 400"
pdftotext "$TMP/funnel.pdf" "$TMP/funnel.txt"
expect_texts "$TMP/funnel.txt" "PDF export text" "$(texts funnel)"
expect_no_images "$TMP/funnel.pdf" "PDF export"
pdfinfo "$TMP/funnel.pdf" >"$TMP/finfo.txt"
expect_grep "$TMP/finfo.txt" "^Title: +Of 722,000 encountered" "PDF title is the chart's"
expect_true "the PDF is one page" grep -Eq "^Pages: +1$" "$TMP/finfo.txt"

# The article template: params for its words, -d for its data.
expect_exit 0 "article template, defaults" -- "$QUIRE" chart "$A" --id chart -o "$TMP/a.svg"
expect_grep "$TMP/a.svg" "<title>ICE removals fell after fiscal 2012</title>" "default title"
expect_exit 0 "article template, -p and -d" -- "$QUIRE" chart "$A" --id chart -o "$TMP/b.svg" \
    -d data="$DATA/field_offices_fy2013_partial.csv" -p 'title=Rates & counts <2013>' -p series= -p y=release_rate_published
expect_grep "$TMP/b.svg" "<title>Rates &amp; counts &lt;2013&gt;</title>" "title from -p, escaped"
expect_true "still well-formed" xmllint --noout "$TMP/b.svg"
expect_exit 0 "article template renders" -- "$QUIRE" render "$A" -o "$TMP/a.pdf"
expect_exit 0 "article template checks" -- "$QUIRE" check "$A"

# Usage errors: exit 2, nothing written, an existing file untouched.
expect_exit 2 "unknown id" -- "$QUIRE" chart "$E" --id lines -o "$TMP/x.svg"
expect_grep "$TMP/err" "charts\.xml: error: no chart has id 'lines'; did you mean 'line'\?" "hint with the closest id"
expect_exit 2 "unknown id, nothing close" -- "$QUIRE" chart "$E" --id zzzzzzzzzz -o "$TMP/x.svg"
expect_grep "$TMP/err" "the template's charts: bar, hbar, grouped-bar" "the ids listed"
noalt=$(template noalt.xml <<'EOT'
<report><data><csv name="r" src="r.csv"/></data>
  <query name="q">SELECT * FROM r</query>
  <body><chart id="n" type="bar" query="q" y="total_removals" title="No alt given"/></body></report>
EOT
)
expect_exit 0 "a chart without alt" -- "$QUIRE" chart "$noalt" --id n -o "$TMP/noalt.svg"
expect_grep "$TMP/noalt.svg" "^<desc>.+</desc>$" "SVG <desc> from the alt text drawing made"
echo keep >"$TMP/keep.svg"
expect_exit 2 "unknown id over an existing file" -- "$QUIRE" chart "$E" --id nope -o "$TMP/keep.svg"
expect_exit 2 "unknown extension" -- "$QUIRE" chart "$E" --id bar -o "$TMP/bar.jpg"
expect_grep "$TMP/err" "must end in \.svg, \.png or \.pdf" "says which"
expect_exit 2 "no --id" -- "$QUIRE" chart "$E" -o "$TMP/x.svg"
expect_grep "$TMP/err" "chart needs --id" "says so"
expect_exit 2 "no -o" -- "$QUIRE" chart "$E" --id bar
expect_exit 2 "--width not a number" -- "$QUIRE" chart "$E" --id bar -o "$TMP/x.png" --width wide
expect_exit 2 "--width too small" -- "$QUIRE" chart "$E" --id bar -o "$TMP/x.png" --width 2
expect_exit 2 "--scale too large for pixels" -- "$QUIRE" chart "$E" --id bar -o "$TMP/x.png" --width 10000 --scale 8
expect_exit 2 "--id belongs to chart only" -- "$QUIRE" render "$E" --id bar -o "$TMP/x.pdf"
expect_exit 2 "a chart id not drawn with these params" -- "$QUIRE" chart "$(template hidden.xml <<'EOT'
<report><data><csv name="r" src="r.csv"/></data>
  <query name="q">SELECT * FROM r</query>
  <body><if test="0"><chart id="hidden" type="bar" query="q"/></if></body></report>
EOT
)" --id hidden -o "$TMP/x.svg"
expect_grep "$TMP/err" "chart 'hidden' is not drawn with these parameters" "says why"

# --- errors in templates and data ---
bad_col=$(template badcol.xml <<'EOT'
<report><data><csv name="r" src="r.csv"/></data>
  <query name="q">SELECT * FROM r</query>
  <body>
    <chart id="c" type="line" query="q" x="fiscal_yaer" y="total_removals"/>
    <chart id="d" type="bar" query="qq"/>
  </body></report>
EOT
)
expect_exit 2 "check: a bad column name" -- "$QUIRE" check "$bad_col"
expect_grep "$TMP/err" "badcol\.xml:4: error: chart 'c': x: query 'q' has no column 'fiscal_yaer'; did you mean 'fiscal_year'\?" "column hint"
expect_grep "$TMP/err" "badcol\.xml:5: error: chart 'd': unknown query 'qq'; did you mean 'q'\?" "query hint, every problem"
expect_exit 2 "render: the same" -- "$QUIRE" render "$bad_col" -o "$TMP/x.pdf"
loop=$(template loop.xml <<'EOT'
<report><data><csv name="r" src="r.csv"/></data>
  <query name="q">SELECT * FROM r</query>
  <body><if test="0"><chart id="c" type="bar" query="q" y="criminal_removal"/></if></body></report>
EOT
)
expect_exit 2 "check: a bad column in a branch not taken" -- "$QUIRE" check "$loop"
expect_grep "$TMP/err" "did you mean 'criminal_removals'" "hint"

cp "$DATA/ice_removals_fy2008_2016.csv" "$TMP/full.csv"
text_y=$(template texty.xml <<'EOT'
<report><data><csv name="r" src="full.csv"/></data>
  <query name="q">SELECT fiscal_year, note FROM r WHERE note IS NOT NULL</query>
  <body><chart id="c" type="bar" query="q" y="note"/></body></report>
EOT
)
expect_exit 1 "a value that is not a number" -- "$QUIRE" render "$text_y" -o "$TMP/x.pdf"
expect_grep "$TMP/err" "texty\.xml:3: error: chart 'c': y column 'note' holds 'criminal_removals rounded in source; total includes volu…' in row 1 of query 'q', not a number \(.*full\.csv:2:10\)" "names the template line and the CSV cell"

empty=$(template empty.xml <<'EOT'
<report><data><csv name="r" src="r.csv"/></data>
  <query name="q">SELECT * FROM r WHERE fiscal_year &gt; 3000</query>
  <body><h1>Nothing</h1><chart id="c" type="line" query="q" title="No rows here"/></body></report>
EOT
)
expect_exit 0 "a query with no rows renders" -- "$QUIRE" render "$empty" -o "$TMP/empty.pdf"
expect_grep "$TMP/err" "empty\.xml:3: warning: chart 'c': query 'q' \(line 2\) found no rows" "and warns"
expect_true "the title is drawn" sh -c "pdftotext '$TMP/empty.pdf' - | grep -q 'No rows here'"
expect_true "the plot says there is nothing to show" sh -c "pdftotext '$TMP/empty.pdf' - | grep -q 'No data to show'"
expect_exit 0 "a query with no rows exports" -- "$QUIRE" chart "$empty" --id c -o "$TMP/empty.svg"
expect_exit 2 "--strict: the warning is an error" -- "$QUIRE" render "$empty" --strict -o "$TMP/x.pdf"
finish
