# The example briefing, read back the way a reader and a fact-checker would.
. "$(dirname "$0")/lib.sh"
B="$ROOT/examples/briefing/briefing.xml"
PDF="$TMP/briefing.pdf"

expect_exit 0 "render the example" -- "$QUIRE" render "$B" -o "$PDF"
expect_true "PDF written" test -s "$PDF"

pdftotext -layout "$PDF" "$TMP/text" 2>"$TMP/warnings"
pdftotext "$PDF" "$TMP/plain" 2>/dev/null
expect_true "poppler reads it without a warning: $(head -c 200 "$TMP/warnings")" test ! -s "$TMP/warnings"
expect_grep "$TMP/plain" "Removals fell in fiscal 2013" "title"
expect_grep "$TMP/plain" "368,644" "total removals, grouped"
expect_grep "$TMP/plain" "^59%" "criminal share as pct:0"
expect_grep "$TMP/plain" "10\.1% on FY2012" "signed change against the year before"
expect_grep "$TMP/plain" "release rate of 35\.2%" "release rate pct:1 computed from the funnel"
expect_grep "$TMP/plain" "67,879 of 193K" "compact format"
expect_grep "$TMP/plain" "Page 1 of 2" "footer with page and pages"
expect_grep "$TMP/plain" "Page 2 of 2" "footer on the last page"
expect_grep "$TMP/plain" "ICE’s field offices" "curly apostrophe survives"
expect_grep "$TMP/text" "San Antonio" "field office rows"
expect_grep "$TMP/text" "San Antonio +— +— +79%" "NULL figures shown as missing in the office table"
expect_grep "$TMP/text" "2009 +389,834 +— +— +— +—" "NULLs in the trend table"
expect_grep "$TMP/text" "2013 +368,644 +216,810 +59% +133,551 +36,007" "a full row of the trend table"
expect_no_grep "$TMP/plain" "\{|\}" "no placeholder left unresolved"
expect_no_grep "$TMP/plain" "ﬁ|ﬂ" "no ligature glyphs"

pdfinfo "$PDF" >"$TMP/info" 2>/dev/null
expect_grep "$TMP/info" "^Pages: +2$" "two pages"
expect_grep "$TMP/info" "^Title: +Immigration Enforcement Briefing, FY2013$" "title with its placeholder resolved"
expect_grep "$TMP/info" "^Creator: +quire$" "creator"
expect_grep "$TMP/info" "^Author: +quire example$" "author"
expect_grep "$TMP/info" "^Subject: +ICE removals and releases in fiscal year 2013$" "subject"
expect_grep "$TMP/info" "^Keywords: +immigration" "keywords"
expect_grep "$TMP/info" "^CreationDate: +Tue Nov 14 22:13:20 2023" "date from SOURCE_DATE_EPOCH"
expect_grep "$TMP/info" "A4" "A4 pages"

pdffonts "$PDF" 2>/dev/null | tail -n +3 >"$TMP/fonts"
expect_true "fonts listed" test -s "$TMP/fonts"
expect_true "every font embedded and subset" sh -c "awk '{ if (\$(NF-4) != \"yes\" || \$(NF-3) != \"yes\") exit 1 }' '$TMP/fonts'"
expect_grep "$TMP/fonts" "NotoSans-Regular" "Noto Sans regular"
expect_grep "$TMP/fonts" "NotoSans-Bold" "Noto Sans bold"

# Truly subset: each embedded font holds about as many glyphs as the
# characters it draws (Noto Sans has over 3,000).
glyphs() {  # glyphs FONTFILE: numGlyphs from the maxp table
    ntables=$(od -An -tu1 -j4 -N2 "$1" | awk '{print $1 * 256 + $2}')
    i=0
    while [ "$i" -lt "$ntables" ]; do
        rec=$((12 + 16 * i))
        if [ "$(od -An -c -j$rec -N4 "$1" | tr -d ' ')" = maxp ]; then
            off=$(od -An -tu1 -j$((rec + 8)) -N4 "$1" | awk '{print (($1 * 256 + $2) * 256 + $3) * 256 + $4}')
            od -An -tu1 -j$((off + 4)) -N2 "$1" | awk '{print $1 * 256 + $2}'
            return
        fi
        i=$((i + 1))
    done
    echo 99999
}
# Noto Sans has no minus sign U+2212: the briefing's one negative figure
# takes its sign from Liberation Sans, a third face of two glyphs
# (.notdef and the minus; docs/design.md, "The minus sign").
qpdf --json "$PDF" >"$TMP/objects.json" 2>/dev/null
standins=0
for n in $(grep -oE '"/FontFile2": "[0-9]+ 0 R"' "$TMP/objects.json" | sed -E 's/.*: "([0-9]+) 0 R"/\1/'); do
    qpdf --show-object="$n" --filtered-stream-data "$PDF" >"$TMP/font$n.ttf" 2>/dev/null
    g=$(glyphs "$TMP/font$n.ttf")
    if [ "$g" -eq 2 ]; then standins=$((standins + 1)); continue; fi
    expect_true "font object $n carries $g glyphs (a subset: under 120)" test "$g" -gt 10 -a "$g" -lt 120
done
expect_true "two faces embedded, and one for the minus sign" \
    test "$(grep -cE '"/FontFile2"' "$TMP/objects.json")" -eq 3 -a "$standins" -eq 1
expect_grep "$TMP/fonts" "LiberationSans " "the minus sign's face is Liberation Sans"

expect_exit 0 "qpdf finds no structural damage" -- qpdf --check "$PDF"
size=$(stat -c %s "$PDF")
expect_true "PDF under 40 KB (is $size bytes)" test "$size" -lt 40960
expect_true "streams compressed" sh -c "qpdf --show-object=trailer '$PDF' >/dev/null 2>&1 && grep -qa FlateDecode '$PDF'"

# Bookmarks from h1–h3.
# Objects sit in a compressed object stream: read them back through qpdf.
expect_true "outline present" sh -c "qpdf --qdf --object-streams=disable '$PDF' - | grep -qa /Outlines"

# Same inputs, same bytes.
expect_exit 0 "second render" -- "$QUIRE" render "$B" -o "$TMP/again.pdf"
expect_true "byte-identical on a second run" cmp -s "$PDF" "$TMP/again.pdf"
SOURCE_DATE_EPOCH=1600000000 "$QUIRE" render "$B" -o "$TMP/other-date.pdf" 2>/dev/null
expect_true "another SOURCE_DATE_EPOCH changes the dates" sh -c "! cmp -s '$PDF' '$TMP/other-date.pdf'"

# -o - writes the same PDF to stdout.
"$QUIRE" render "$B" -o - >"$TMP/stdout.pdf" 2>/dev/null
expect_true "-o - gives the same bytes on stdout" cmp -s "$PDF" "$TMP/stdout.pdf"

# No -o: the template's name with .pdf in the current directory.
mkdir "$TMP/cwd"
(cd "$TMP/cwd" && "$QUIRE" render "$B" 2>/dev/null)
expect_true "default output name" test -s "$TMP/cwd/briefing.pdf"

# Another year through -p.
expect_exit 0 "render FY2014" -- "$QUIRE" render "$B" -p year=2014 -o "$TMP/2014.pdf"
pdftotext "$TMP/2014.pdf" "$TMP/2014" 2>/dev/null
expect_grep "$TMP/2014" "315,943" "FY2014 total"
expect_grep "$TMP/2014" "14\.3% on FY2013" "FY2014 change"
expect_no_grep "$TMP/2014" "detainers in fiscal 2014" "if test false: no detainer sentence without data"
expect_grep "$TMP/plain" "213,325 detainers" "if test true: detainer sentence in FY2013"

# The built-in template is the same briefing.
expect_exit 0 "templates/briefing.xml renders" -- "$QUIRE" render "$ROOT/templates/briefing.xml" -o "$TMP/builtin.pdf"
expect_true "built-in template gives the same PDF" cmp -s "$PDF" "$TMP/builtin.pdf"

expect_exit 0 "check the example" -- "$QUIRE" check "$B"
finish
