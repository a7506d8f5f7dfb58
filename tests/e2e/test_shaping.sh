# Shaping and spacing as a reader and an extractor see them: kerning in
# the content stream, justified lines that keep their spaces, one link
# annotation per link, the minus sign copying as "-", and font details
# taken from the font (subset tags, descriptor metrics).
. "$(dirname "$0")/lib.sh"
FONTS=$(cd "$(dirname "$QUIRE")/fonts" && pwd)

# --- kerning: "AV", "To", "Wa" are drawn closer than their /W widths ---
T=$(template kern.xml <<'EOT'
<report><body><p>AV To Wa</p></body></report>
EOT
)
expect_exit 0 "render kerned pairs" -- "$QUIRE" render "$T" -o "$TMP/kern.pdf"
qpdf --qdf --object-streams=disable "$TMP/kern.pdf" "$TMP/kern.qdf" 2>/dev/null
LC_ALL=C grep -a ' TJ$' "$TMP/kern.qdf" >"$TMP/kern.tj"
# A positive number after a glyph moves the next one left, by 1/1000 em.
for pair in "0041 0056 AV" "0054 006f To" "0057 0061 Wa"; do
    set -- $pair
    expect_grep "$TMP/kern.tj" "$1>[1-9][0-9]*<$2" "$3 is kerned with a TJ number"
done
pdftotext "$TMP/kern.pdf" "$TMP/kern.txt" 2>/dev/null
expect_grep "$TMP/kern.txt" "^AV To Wa$" "kerned text extracts as written"
# No ligatures: "fi" and "ffl" stay letters every extractor reads.
T=$(template liga.xml <<'EOT'
<report><body><p>office waffle fjord</p></body></report>
EOT
)
"$QUIRE" render "$T" -o "$TMP/liga.pdf" 2>/dev/null
pdftotext "$TMP/liga.pdf" "$TMP/liga.txt" 2>/dev/null
expect_grep "$TMP/liga.txt" "^office waffle fjord$" "no ligature in office, waffle, fjord"

# --- justified text keeps real spaces: Ghostscript reads the same words
# as poppler (it joined each line's words into one before) ---
expect_exit 0 "render the briefing" -- "$QUIRE" render "$ROOT/examples/briefing/briefing.xml" -o "$TMP/brief.pdf"
words() {  # words FILE: one word a line, sorted; a word cut at a line end by '-' or U+00AD is joined
    tr -s ' \t\f\r' '\n\n\n\n' <"$1" | sed '/^$/d' | LC_ALL=C awk '/\302\255$/ { printf "%s", substr($0, 1, length($0) - 2); next }
            /-$/ { printf "%s", substr($0, 1, length($0) - 1); next } { print }' |
        LC_ALL=C sort
}
gs -q -dNOPAUSE -dBATCH -sDEVICE=txtwrite -o "$TMP/brief.gs" "$TMP/brief.pdf" 2>/dev/null
pdftotext "$TMP/brief.pdf" "$TMP/brief.pop" 2>/dev/null
words "$TMP/brief.gs" >"$TMP/gs.words"
words "$TMP/brief.pop" >"$TMP/pop.words"
expect_true "Ghostscript finds the briefing's words" test "$(wc -l <"$TMP/gs.words")" -gt 500
expect_true "Ghostscript and pdftotext read the same words: $(diff "$TMP/gs.words" "$TMP/pop.words" | head -c 300)" \
    cmp -s "$TMP/gs.words" "$TMP/pop.words"
long=$(grep -Eo '[[:alpha:]]{22,}' "$TMP/brief.gs" | head -n 3 | tr '\n' ' ')
expect_true "no words run together in Ghostscript's text: $long" test -z "$long"

# --- one <a> is one link annotation, across words and lines ---
T=$(template link.xml <<'EOT'
<report><page size="A5" margin="20mm"/><body>
<p>The figures come from <a href="https://www.ice.gov/remove/removal-statistics">the annual removal statistics that the agency publishes every year</a>, with revisions.</p>
</body></report>
EOT
)
expect_exit 0 "render a link across lines" -- "$QUIRE" render "$T" -o "$TMP/link.pdf"
qpdf --json "$TMP/link.pdf" >"$TMP/link.json" 2>/dev/null
jq -c '.qpdf[1] | to_entries[] | .value.value? | objects | select(."/Subtype" == "/Link")' "$TMP/link.json" >"$TMP/links"
expect_true "one link annotation for one <a> on two lines (got $(wc -l <"$TMP/links"))" test "$(wc -l <"$TMP/links")" -eq 1
nq=$(jq '."/QuadPoints" | length' "$TMP/links" 2>/dev/null)
expect_true "its QuadPoints cover each line's part (got ${nq:-none})" test "${nq:-0}" -ge 16
expect_exit 0 "render it with cairo" -- "$QUIRE" render "$T" --backend cairo -o "$TMP/linkc.pdf"
qpdf --json "$TMP/linkc.pdf" 2>/dev/null | jq -c '.qpdf[1] | to_entries[] | .value.value? | objects | select(."/Subtype" == "/Link")' >"$TMP/linksc"
expect_true "cairo too: one link annotation (got $(wc -l <"$TMP/linksc"))" test "$(wc -l <"$TMP/linksc")" -eq 1
# An <a> whose words change style is still one link, in one element.
T2=$(template link2.xml <<'EOT'
<report><body><p>See <a href="https://example.org/x">the <b>annual</b> statistics</a> or <a href="https://example.org/x">these</a>.</p></body></report>
EOT
)
"$QUIRE" render "$T2" -o "$TMP/link2.pdf" 2>/dev/null
qpdf --json "$TMP/link2.pdf" 2>/dev/null | jq -c '.qpdf[1] | to_entries[] | .value.value? | objects | select(."/Subtype" == "/Link")' >"$TMP/links2"
expect_true "two <a>, one with a bold word: two link annotations (got $(wc -l <"$TMP/links2"))" test "$(wc -l <"$TMP/links2")" -eq 2
pdfinfo -struct-text "$TMP/link2.pdf" >"$TMP/link2.struct" 2>&1
expect_true "and two Link elements" test "$(grep -c 'Link (inline)' "$TMP/link2.struct")" -eq 2
pdftotext "$TMP/link.pdf" "$TMP/link.txt" 2>/dev/null
expect_true "the link's text spans two lines" test "$(grep -c . "$TMP/link.txt")" -ge 2

# --- the minus sign U+2212 copies as "-" ---
T=$(template minus.xml <<'EOT'
<report><body><p>Change: −10.1% on FY2012</p></body></report>
EOT
)
expect_exit 0 "render a minus sign" -- "$QUIRE" render "$T" -o "$TMP/minus.pdf"
pdftotext "$TMP/minus.pdf" "$TMP/minus.txt" 2>/dev/null
expect_grep "$TMP/minus.txt" "^Change: -10\.1% on FY2012$" "U+2212 extracts as a hyphen-minus"
gs -q -dNOPAUSE -dBATCH -sDEVICE=txtwrite -o "$TMP/minus.gs" "$TMP/minus.pdf" 2>/dev/null
expect_grep "$TMP/minus.gs" "Change: -10\.1% on FY2012" "and so for Ghostscript"
"$QUIRE" render "$T" --backend cairo -o "$TMP/minusc.pdf" 2>/dev/null
pdftotext "$TMP/minusc.pdf" "$TMP/minusc.txt" 2>/dev/null
expect_grep "$TMP/minusc.txt" "^Change: -10\.1% on FY2012$" "and so from the cairo backend"

# --- subset tags differ when subsets differ, and only then ---
printf '<report><body><p>Alpha</p></body></report>\n' >"$TMP/a.xml"
printf '<report><body><p>Omega</p></body></report>\n' >"$TMP/b.xml"
"$QUIRE" render "$TMP/a.xml" -o "$TMP/a.pdf" 2>/dev/null
"$QUIRE" render "$TMP/b.xml" -o "$TMP/b.pdf" 2>/dev/null
"$QUIRE" render "$TMP/a.xml" -o "$TMP/a2.pdf" 2>/dev/null
tag() { pdffonts "$1" 2>/dev/null | awk 'NR > 2 && /NotoSans-Regular/ { print $1 }'; }
ta=$(tag "$TMP/a.pdf"); tb=$(tag "$TMP/b.pdf"); ta2=$(tag "$TMP/a2.pdf")
expect_true "a subset tag: six capitals and + ($ta)" sh -c "echo '$ta' | grep -Eq '^[A-Z]{6}\+NotoSans-Regular$'"
expect_true "different subsets, different tags ($ta, $tb)" test "$ta" != "$tb"
expect_true "the same subset, the same tag ($ta, $ta2)" test "$ta" = "$ta2"
pdffonts "$TMP/brief.pdf" 2>/dev/null | awk 'NR > 2 { print substr($1, 1, 6) }' >"$TMP/tags"
expect_true "every font of a document has its own tag" test "$(sort -u "$TMP/tags" | wc -l)" -eq "$(wc -l <"$TMP/tags")"

# --- font descriptors carry the font's own metrics ---
u16() { od -An -tu1 -j "$2" -N2 "$1" | awk '{ print $1 * 256 + $2 }'; }
u32() { od -An -tu1 -j "$2" -N4 "$1" | awk '{ print (($1 * 256 + $2) * 256 + $3) * 256 + $4 }'; }
table() {  # table FONT TAG: offset of the sfnt table
    n=$(u16 "$1" 4); i=0
    while [ "$i" -lt "$n" ]; do
        if [ "$(dd if="$1" bs=1 skip=$((12 + 16 * i)) count=4 2>/dev/null)" = "$2" ]; then
            u32 "$1" $((12 + 16 * i + 8)); return
        fi
        i=$((i + 1))
    done
}
for pair in "Noto Sans:NotoSans-Regular" "Liberation Sans:LiberationSans-Regular"; do
    family=${pair%%:*}; file=${pair#*:}
    f="$FONTS/$file.ttf"
    upem=$(u16 "$f" $(($(table "$f" head) + 18)))
    want=$(($(u16 "$f" $(($(table "$f" OS/2) + 88))) * 1000 / upem))
    printf '<report><styles><style name="body" font="%s"/></styles><body><p>Height</p></body></report>\n' "$family" >"$TMP/cap.xml"
    "$QUIRE" render "$TMP/cap.xml" -o "$TMP/cap.pdf" 2>/dev/null
    got=$(qpdf --json "$TMP/cap.pdf" 2>/dev/null | jq -r '.qpdf[1] | to_entries[] | .value.value? | objects |
        select(."/Type" == "/FontDescriptor") | ."/CapHeight"')
    expect_true "$family: CapHeight ${got:-missing}, the font's OS/2 says $want" test "${got:-x}" = "$want"
done
printf '<report><body><p><i>Slanted</i> and <b>bold</b> text</p></body></report>\n' >"$TMP/it.xml"
"$QUIRE" render "$TMP/it.xml" -o "$TMP/it.pdf" 2>/dev/null
qpdf --json "$TMP/it.pdf" 2>/dev/null | jq -r '.qpdf[1] | to_entries[] | .value.value? | objects |
    select(."/Type" == "/FontDescriptor") | "\(."/FontName") \(."/ItalicAngle") \(."/StemV")"' >"$TMP/desc"
expect_true "an italic face has its ItalicAngle: $(tr '\n' ';' <"$TMP/desc")" sh -c "grep -E 'Italic ' '$TMP/desc' | grep -Eq ' -[0-9.]+ '"
expect_true "a bold face has a wider StemV than the regular one" sh -c \
    "b=\$(awk '/Bold /{print \$3}' '$TMP/desc'); r=\$(awk '/Regular /{print \$3}' '$TMP/desc'); test \"\$b\" -gt \"\$r\""
expect_true "the PDFs are sound" sh -c "qpdf --check '$TMP/kern.pdf' && qpdf --check '$TMP/link.pdf' && qpdf --check '$TMP/brief.pdf'" >/dev/null
finish
