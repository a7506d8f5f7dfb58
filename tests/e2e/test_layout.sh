# Layout as a reader sees it: pages, margins, headings kept with their text,
# no widows or orphans, lists, links, bookmarks, fonts from files.
. "$(dirname "$0")/lib.sh"

# --- page sizes and orientation ---
page_size() {  # page_size ATTRS WANT
    printf '<report><page %s margin="10mm"/><body><p>Size</p></body></report>\n' "$1" >"$TMP/page.xml"
    expect_exit 0 "render $1" -- "$QUIRE" render "$TMP/page.xml" -o "$TMP/page.pdf"
    pdfinfo "$TMP/page.pdf" >"$TMP/info" 2>/dev/null
    expect_grep "$TMP/info" "^Page size: +$2 pts" "page size for $1"
}
page_size 'size="Letter"' '612 x 792'
page_size 'size="A5"' '419.53 x 595.28'
page_size 'size="A4" orientation="landscape"' '841.89 x 595.28'
page_size 'size="150mmx100mm"' '425.197 x 283.465'
T=$(template badpage.xml <<'EOT'
<report><page size="B7"/><body><p>x</p></body></report>
EOT
)
expect_exit 2 "an unknown page size" -- "$QUIRE" check "$T"
expect_grep "$TMP/err" "badpage\.xml:1: error: .*size" "names the attribute"
expect_true "one error for one mistake" test "$(grep -c error: "$TMP/err")" -eq 1

# --- margins: text starts where the margin says (20 mm left = 56.7 pt) ---
T=$(template margin.xml <<'EOT'
<report><page size="A4" margin="30mm 20mm"/><body><p>Marker</p></body></report>
EOT
)
"$QUIRE" render "$T" -o "$TMP/margin.pdf" 2>/dev/null
pdftotext -bbox "$TMP/margin.pdf" "$TMP/bbox.html" 2>/dev/null
expect_true "left margin 20 mm" sh -c "grep 'Marker' '$TMP/bbox.html' | grep -Eq 'xMin=\"56\.[5-9]'"
expect_true "top margin 30 mm: the line starts below 85 pt" sh -c "grep 'Marker' '$TMP/bbox.html' | grep -Eq 'yMin=\"(8[5-9]|9[0-9])\.'"

# Layout measures glyphs with the widths libharu writes into /W (truncated
# to 1/1000 em), so a right-aligned or justified line ends on the margin as
# the viewer measures it (595.28 - 56.69 = 538.583), not a few hundredths
# off. Noto Sans has 1000 units to the em; Liberation Sans 2048, where
# truncating and rounding differ.
for font in "Noto Sans" "Liberation Sans"; do
    cat >"$TMP/edge.xml" <<EOT
<report><styles><style name="body" font="$font"/></styles><body>
<p align="right">Removals and releases are counted by fiscal year, which runs from October.</p>
<p>Removals and releases are counted by fiscal year, which runs from October to September, and each office reports its own figures, so the totals differ.</p></body></report>
EOT
    "$QUIRE" render "$TMP/edge.xml" -o "$TMP/edge.pdf" 2>/dev/null
    pdftotext -bbox "$TMP/edge.pdf" "$TMP/edge.html" 2>/dev/null
    # The last word of the right-aligned line and of the first justified one.
    # (kerned, the first justified line ends on "office" in both fonts)
    for w in 'October\.' office; do
        x=$(grep -E ">$w<" "$TMP/edge.html" | head -n 1 | sed -E 's/.*xMax="([0-9.]+)".*/\1/')
        expect_true "$font: a line ending in '$w' ends on the right margin (${x:-?}, want 538.583 +- 0.01)" \
            awk "BEGIN { d = ${x:-0} - 538.583; exit !(d < 0.01 && d > -0.01) }"
    done
done

# --- pagination: headings never last on a page; no widows or orphans ---
{
    echo '<report><page size="A5"/><body>'
    i=1
    while [ "$i" -le 40 ]; do
        echo "<h2>Heading$i about the figures</h2>"
        n=$(( (i * 7) % 5 + 1 ))   # paragraphs of 1 to 5 sentences
        printf '<p>Start%d ' "$i"
        j=0
        while [ "$j" -lt "$n" ]; do
            printf 'Removals and releases are counted by fiscal year, which runs from October to September, and each office reports its own figures. '
            j=$((j + 1))
        done
        echo "End$i</p>"
        i=$((i + 1))
    done
    echo '</body></report>'
} >"$TMP/flow.xml"
expect_exit 0 "a long flowing document" -- "$QUIRE" render "$TMP/flow.xml" -o "$TMP/flow.pdf"
pages=$(pdfinfo "$TMP/flow.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
expect_true "it spans several pages ($pages)" test "${pages:-0}" -ge 5
p=1; widow=0; orphan=0; lonely=0; split=0
while [ "$p" -le "${pages:-0}" ]; do
    # The page ends in a form feed; delete it (GNU grep reads '^\f' as '^f'
    # and once dropped every line starting with f, the widows among them).
    pdftotext -f "$p" -l "$p" "$TMP/flow.pdf" - 2>/dev/null | tr -d '\f' | grep -v '^[[:space:]]*$' >"$TMP/pg"
    last=$(tail -n 1 "$TMP/pg"); first=$(head -n 1 "$TMP/pg")
    case "$last" in Heading*) lonely=$((lonely + 1)) ;; esac
    # The last line opens a paragraph that goes on overleaf: an orphan.
    if printf '%s' "$last" | grep -q 'Start' && ! printf '%s' "$last" | grep -q 'End'; then orphan=$((orphan + 1)); fi
    # The first line closes a paragraph begun on the page before: a widow.
    if printf '%s' "$first" | grep -q 'End' && ! printf '%s' "$first" | grep -q 'Start'; then widow=$((widow + 1)); fi
    case "$first" in Heading*|Start*) ;; *) split=$((split + 1)) ;; esac
    p=$((p + 1))
done
expect_true "no heading alone at the foot of a page ($lonely)" test "$lonely" -eq 0
expect_true "no orphans ($orphan)" test "$orphan" -eq 0
expect_true "no widows ($widow)" test "$widow" -eq 0
# The checks above see something only if paragraphs do break across pages.
expect_true "paragraphs broken across pages: $split" test "$split" -ge 2
# The space between blocks counts when filling a page: nothing runs into
# the bottom margin (A5 is 595.28 pt tall, the margin 20 mm = 56.69 pt).
bottom=$(pdftotext -bbox "$TMP/flow.pdf" - 2>/dev/null | grep -oE 'yMax="[0-9.]+"' | grep -oE '[0-9.]+' | sort -n | tail -n 1)
expect_true "no text in the bottom margin (lowest glyph at ${bottom:-?} <= 538.59)" awk "BEGIN { exit !(${bottom:-999} <= 538.59) }"
# One-line paragraphs (no keep or widow rule moves the break) on pages a
# millimetre taller each time: the gap before a paragraph must fit with it.
over=""; mm=200
while [ "$mm" -le 208 ]; do
    { echo "<report><page size=\"148mmx${mm}mm\"/><body>"
      i=1; while [ "$i" -le 40 ]; do echo "<p>Line $i of the one-line paragraphs.</p>"; i=$((i + 1)); done
      echo '</body></report>'; } >"$TMP/lines.xml"
    "$QUIRE" render "$TMP/lines.xml" -o "$TMP/lines.pdf" 2>/dev/null
    low=$(pdftotext -bbox "$TMP/lines.pdf" - 2>/dev/null | grep -oE 'yMax="[0-9.]+"' | grep -oE '[0-9.]+' | sort -n | tail -n 1)
    awk "BEGIN { exit !(${low:-999} > $mm * 72 / 25.4 - 56.6929) }" && over="$over ${mm}mm"
    mm=$((mm + 1))
done
expect_true "one-line paragraphs stay out of the bottom margin (over on:$over)" test -z "$over"

# A spacer at the top of a page vanishes: the text after it starts at the
# top margin (20 mm = 56.69 pt; its first line's glyphs a little below).
T=$(template topspacer.xml <<'EOT'
<report><body><p>First page</p><page-break/><spacer height="60mm"/><p>Topmost</p></body></report>
EOT
)
expect_exit 0 "render a spacer after a page break" -- "$QUIRE" render "$T" -o "$TMP/topspacer.pdf"
top=$(pdftotext -f 2 -l 2 -bbox "$TMP/topspacer.pdf" - 2>/dev/null | grep '>Topmost<' | grep -oE 'yMin="[0-9.]+"' | grep -oE '[0-9.]+')
expect_true "a spacer at the top of a page vanishes (Topmost at ${top:-?}, want 56.69 to 75)" awk "BEGIN { exit !(${top:-0} >= 56.69 && ${top:-0} < 75) }"

# --- page-break, lists, rule, spacer, links, bookmarks ---
T=$(template blocks.xml <<'EOT'
<report title="Blocks">
  <body>
    <h1>First section</h1>
    <list type="number"><item>alpha</item><item>beta</item><item>gamma</item></list>
    <list type="bullet"><item>one bullet</item></list>
    <rule/>
    <spacer height="20mm"/>
    <p>See <a href="https://www.ice.gov/remove/removal-statistics">the ICE statistics page</a>.</p>
    <page-break/>
    <h1>Second section</h1>
    <h2>A subsection</h2>
    <p>Zürich — “quoted” – 5 € … naïve</p>
  </body>
</report>
EOT
)
expect_exit 0 "render blocks" -- "$QUIRE" render "$T" -o "$TMP/blocks.pdf"
pdftotext -layout "$TMP/blocks.pdf" "$TMP/blocks.txt" 2>/dev/null
expect_grep "$TMP/blocks.txt" "1\. +alpha" "numbered item 1"
expect_grep "$TMP/blocks.txt" "3\. +gamma" "numbered item 3"
expect_grep "$TMP/blocks.txt" "• +one bullet" "bullet item"
expect_grep "$TMP/blocks.txt" "Zürich — “quoted” – 5 € … naïve" "UTF-8 text extracts as written"
expect_true "page-break gives two pages" sh -c "pdfinfo '$TMP/blocks.pdf' 2>/dev/null | grep -Eq '^Pages: +2$'"
expect_true "second section on page 2" sh -c "pdftotext -f 2 -l 2 '$TMP/blocks.pdf' - 2>/dev/null | grep -q 'Second section'"
qpdf --json "$TMP/blocks.pdf" >"$TMP/blocks.json" 2>/dev/null
expect_grep "$TMP/blocks.json" '"title": "First section"' "bookmark for h1"
expect_grep "$TMP/blocks.json" '"title": "A subsection"' "bookmark for h2"
expect_grep "$TMP/blocks.json" 'https://www\.ice\.gov/remove/removal-statistics' "link annotation"

# --- contents: entries with their page numbers and links to the headings ---
T=$(template toc.xml <<'EOT'
<report><body>
  <title>Annual report</title>
  <toc title="In this report"/>
  <page-break/>
  <h1>First chapter</h1><p>Text.</p>
  <h2>A section</h2><p>Text.</p>
  <page-break/>
  <h1>Second chapter</h1><p>Text.</p>
</body></report>
EOT
)
expect_exit 0 "render a contents list" -- "$QUIRE" render "$T" -o "$TMP/toc.pdf"
pdftotext -f 1 -l 1 -layout "$TMP/toc.pdf" "$TMP/toc.txt" 2>/dev/null
expect_grep "$TMP/toc.txt" "In this report" "contents title"
expect_grep "$TMP/toc.txt" "First chapter( \.)+ +2$" "h1 entry with its page"
expect_grep "$TMP/toc.txt" "A section( \.)+ +2$" "h2 entry with its page"
expect_grep "$TMP/toc.txt" "Second chapter( \.)+ +3$" "entry on a later page"
qpdf --json "$TMP/toc.pdf" >"$TMP/toc.json" 2>/dev/null
expect_true "a link per entry" test "$(grep -c '"/Subtype": "/Link"' "$TMP/toc.json")" -eq 3

# --- a font from a file, styles with parent ---
mkdir -p "$TMP/fonts"
cp /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf /usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf "$TMP/fonts/"
T=$(template fontfile.xml <<'EOT'
<report>
  <styles>
    <font family="Report Serif" regular="fonts/NotoSerif-Regular.ttf" bold="fonts/NotoSerif-Bold.ttf"/>
    <style name="body" font="Report Serif" size="11"/>
    <style name="lede" parent="body" weight="bold" size="13"/>
  </styles>
  <body><p style="lede">Lede in serif bold</p><p>Body in serif</p></body>
</report>
EOT
)
expect_exit 0 "render with a font file" -- "$QUIRE" render "$T" -o "$TMP/fontfile.pdf"
pdffonts "$TMP/fontfile.pdf" >"$TMP/ff" 2>/dev/null
expect_grep "$TMP/ff" "NotoSerif-Bold" "bold face from the file"
expect_grep "$TMP/ff" "NotoSerif-Regular" "regular face from the file"
expect_no_grep "$TMP/ff" "NotoSans" "nothing else embedded"
T=$(template badparent.xml <<'EOT'
<report><styles><style name="a" parent="b"/><style name="b" parent="a"/></styles><body><p style="a">x</p></body></report>
EOT
)
expect_exit 2 "a parent loop is an error" -- "$QUIRE" check "$T"

# --- subsetting: a one-word PDF carries a few glyphs, not the font ---
T=$(template tiny.xml <<'EOT'
<report><body><p>Hi</p></body></report>
EOT
)
"$QUIRE" render "$T" -o "$TMP/tiny.pdf" 2>/dev/null
size=$(stat -c %s "$TMP/tiny.pdf")
expect_true "a one-word PDF is small ($size bytes; Noto Sans is 500 KB)" test "$size" -lt 8000
finish
