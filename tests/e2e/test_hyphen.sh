# Hyphenation as a reader sees it (docs/guide.md, "Hyphenation"): a
# justified text breaks words at line ends with a hyphen, drawn as '-' and
# extracted as U+00AD (its /ActualText, SPEC §8), so a reader rejoins
# "inter\u00AD" + "ior" while a compound's own hyphen stays '-'; the
# words rejoin to the source's, hyphenate="false" (report, style, paragraph) and
# headings have none, lang picks the patterns, and a language with none is
# a warning. No line starts with an en or em dash.
. "$(dirname "$0")/lib.sh"

STRESS="$ROOT/tests/data/hyphen/stress40.xml"

SHY=$(printf '\302\255')   # U+00AD, what an inserted hyphen extracts as
# breaks PDF: one line per line-end hyphen: "inserted PREFIX NEXT" for a
# U+00AD whose PREFIX+NEXT is a word of the source, "compound ..." for a
# '-' whose PREFIX-NEXT is one, "unknown ..." otherwise. Words of the
# source come from $TMP/words.
breaks() {
    pdftotext -raw -nopgbrk "$1" - 2>/dev/null | LC_ALL=C awk -v W="$TMP/words" -v SHY="$SHY" '
        BEGIN { while ((getline w < W) > 0) words[w] = 1 }
        function clean(s) { gsub(/^[^A-Za-z]+|[^A-Za-z-]+$/, "", s); return s }
        prev != "" { n = split($0, f, " "); nx = clean(f[1])
                     if (kind == "shy" && (prev nx) in words) print "inserted", prev, nx
                     else if (kind == "hy" && (prev "-" nx) in words) print "compound", prev, nx
                     else print "unknown", prev, nx; prev = "" }
        substr($0, length($0) - 2) ~ ("^[A-Za-z]" SHY "$") { n = split($0, f, " "); prev = clean(substr(f[n], 1, length(f[n]) - 2)); kind = "shy"; next }
        /[A-Za-z]-$/ { n = split($0, f, " "); prev = clean(f[n]); sub(/-$/, "", prev); kind = "hy" }'
}
source_words() {
    sed 's/<[^>]*>//g' "$1" | tr -s ' \t' '\n\n' | LC_ALL=C sed -E 's/^[^A-Za-z]+//; s/[^A-Za-z-]+$//' | sort -u >"$TMP/words"
}
source_words "$STRESS"

# --- the stress text: hyphens, and every split word rejoins to a source word ---
expect_exit 0 "render the stress text" -- "$QUIRE" render "$STRESS" -o "$TMP/s.pdf"
breaks "$TMP/s.pdf" >"$TMP/breaks"
n=$(grep -c '^inserted' "$TMP/breaks")
expect_true "the justified stress text breaks words with hyphens (got $n)" test "$n" -ge 10
expect_no_grep "$TMP/breaks" '^unknown' "every hyphenated word rejoins to one of the source's"
# Every inserted hyphen is U+00AD in the text: dropping it with its line
# end gives the word back (the reader's rejoin).
pdftotext -nopgbrk "$TMP/s.pdf" - 2>/dev/null | LC_ALL=C sed ":a;N;\$!ba;s/$SHY\n//g" >"$TMP/joined.txt"
split=$(sed -n 's/^inserted \([A-Za-z]*\) \([A-Za-z]*\)$/\1\2/p' "$TMP/breaks" | head -n 1)
expect_grep "$TMP/joined.txt" "$split" "a hyphenated word reads whole once U+00AD and its line end go ($split)"
qpdf --qdf --object-streams=disable "$TMP/s.pdf" "$TMP/s.qdf" 2>/dev/null
expect_true "each inserted hyphen is marked /ActualText U+00AD ($(grep -ci 'ActualText <FEFF00AD>' "$TMP/s.qdf") marks)" \
    test "$(grep -ci 'ActualText <FEFF00AD>' "$TMP/s.qdf")" -ge "$n"
pdftotext -raw -nopgbrk "$TMP/s.pdf" "$TMP/s.txt" 2>/dev/null
expect_no_grep "$TMP/s.txt" '^(–|—)' "no line starts with an en or em dash"
expect_grep "$TMP/s.txt" '—' "the text has em dashes"
# at most two hyphenated lines in a row
run=$(LC_ALL=C awk -v SHY="$SHY" '$0 ~ ("(-|" SHY ")$") { r++; if (r > m) m = r; next } { r = 0 } END { print m + 0 }' "$TMP/s.txt")
expect_true "at most 2 hyphenated lines in a row (got $run)" test "$run" -le 2

# --- hyphenate="false": on the report, on a style, on a paragraph ---
sed 's/<report /<report hyphenate="false" /' "$STRESS" >"$TMP/off-report.xml"
sed 's|<body>|<styles><style name="body" hyphenate="false"/></styles><body>|' "$STRESS" >"$TMP/off-style.xml"
sed 's/<p>/<p hyphenate="false">/' "$STRESS" >"$TMP/off-p.xml"
for v in off-report off-style off-p; do
    expect_exit 0 "render $v" -- "$QUIRE" render "$TMP/$v.xml" -o "$TMP/$v.pdf"
    breaks "$TMP/$v.pdf" >"$TMP/breaks-$v"
    expect_no_grep "$TMP/breaks-$v" '^(inserted|unknown)' "$v: no inserted hyphen"
done
expect_exit 0 "hyphenate=\"false\" passes check" -- "$QUIRE" check "$TMP/off-p.xml"
T=$(template badhy.xml <<'EOT'
<report><body><p hyphenate="maybe">x</p></body></report>
EOT
)
expect_exit 2 "hyphenate takes true or false" -- "$QUIRE" check "$T"

# --- headings are never hyphenated, even justified on a narrow page ---
T=$(template heading.xml <<'EOT'
<report><page size="200x400" margin="10mm"/>
<styles><style name="jh" parent="h1" align="justify"/></styles><body>
<h1 style="jh">Internationally comparable methodological documentation</h1>
<p>Internationally comparable methodological documentation accompanies extraordinary publications.</p>
</body></report>
EOT
)
expect_exit 0 "render a justified heading" -- "$QUIRE" render "$T" -o "$TMP/h.pdf"
source_words "$T"
breaks "$TMP/h.pdf" >"$TMP/breaks-h"
expect_true "the paragraph is hyphenated" test "$(grep -c '^inserted' "$TMP/breaks-h")" -ge 1
pdftotext -raw -nopgbrk -l 1 "$TMP/h.pdf" - 2>/dev/null | sed -n '1,3p' >"$TMP/h.txt"
expect_no_grep "$TMP/h.txt" "[a-z](-|$SHY)\$" "the heading's lines end on whole words"

# --- template text only: a substituted value is never hyphenated (SPEC §8) ---
T=$(template value.xml <<'EOT'
<report><param name="w" type="text" default="incomprehensibilities"/><page size="200x400" margin="10mm"/><body>
<p>The {w} of {w} and {w}, with {w} as {w}, are {w} to {w}.</p>
</body></report>
EOT
)
expect_exit 0 "render long words that are values" -- "$QUIRE" render "$T" -o "$TMP/value.pdf"
sed 's/{w}/incomprehensibilities/g' "$T" >"$TMP/literal.xml"
expect_exit 0 "render the same words as template text" -- "$QUIRE" render "$TMP/literal.xml" -o "$TMP/literal.pdf"
pdftotext -raw -nopgbrk "$TMP/value.pdf" "$TMP/value.txt" 2>/dev/null
pdftotext -raw -nopgbrk "$TMP/literal.pdf" "$TMP/literal.txt" 2>/dev/null
expect_grep "$TMP/literal.txt" "$SHY\$" "the words typed in the template are hyphenated"
expect_no_grep "$TMP/value.txt" "$SHY\$" "the same words substituted from a value are not"
# Its text has no '-' of its own: the inserted hyphen's glyph must still be
# in the font's subset (CID 45 in /W), or viewers draw a missing-glyph box.
qpdf --qdf --object-streams=disable "$TMP/literal.pdf" "$TMP/literal.qdf" 2>/dev/null
cids=$(awk '/\/W \[/ { f = 1 } f { print } f && /^  \]/ { exit }' "$TMP/literal.qdf" | tr -s ' \n' ' ' |
    awk '{ for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+$/ && $(i + 1) == "[") { c = $i; i += 2
             while ($i != "]") { print c++; i++ } } }')
expect_true "the hyphen drawn at a line end is in the font subset" sh -c "echo '$cids' | grep -qx 45"

# --- a web address breaks after "//" or before "/" and ".", never with a hyphen ---
T=$(template url.xml <<'EOT'
<report><page size="220x400" margin="10mm"/><body>
<p>Readers can download the tables from https://statistics.example.org/enforcement/tables/2024/annual or ask.</p>
</body></report>
EOT
)
expect_exit 0 "render a long web address in a narrow justified column" -- "$QUIRE" render "$T" -o "$TMP/url.pdf"
pdftotext -raw -nopgbrk "$TMP/url.pdf" "$TMP/url.txt" 2>/dev/null
expect_grep "$TMP/url.txt" '^[/.][a-z]' "the address continues on a line starting with / or ."
expect_no_grep "$TMP/url.txt" "(https|statistics|example|org|enforcement|tables)[^ ]*(-|$SHY)\$" "no hyphen inside the address"
expect_true "the address reads whole once its lines are joined" \
    sh -c "tr -d '\n' <'$TMP/url.txt' | grep -q 'https://statistics.example.org/enforcement/tables/2024/annual'"

# --- lang picks the patterns; a language with none is a warning ---
T=$(template de.xml <<'EOT'
<report lang="de-DE"><page size="220x400" margin="10mm"/><body>
<p>Die Silbentrennung verbessert den Blocksatz erheblich, besonders bei langen zusammengesetzten Wörtern wie Bundesverfassungsgericht, Donaudampfschifffahrt oder Arbeitsmarktstatistiken.</p>
</body></report>
EOT
)
expect_exit 0 "render German" -- "$QUIRE" render "$T" -o "$TMP/de.pdf"
expect_no_grep "$TMP/err" 'warning' "German patterns are found (hyphen-de)"
pdftotext -raw -nopgbrk "$TMP/de.pdf" "$TMP/de.txt" 2>/dev/null
expect_grep "$TMP/de.txt" "[a-zäöü]$SHY\$" "German text is hyphenated"
sed 's/lang="de-DE"/lang="tlh"/' "$T" >"$TMP/tlh.xml"
expect_exit 0 "a language with no patterns is not an error" -- "$QUIRE" render "$TMP/tlh.xml" -o "$TMP/tlh.pdf"
expect_grep "$TMP/err" "tlh\.xml:.*warning: .*no hyphenation patterns for language 'tlh'" "a warning names the language"
expect_true "one warning" test "$(grep -c 'hyphenation' "$TMP/err")" -eq 1
pdftotext -raw -nopgbrk "$TMP/tlh.pdf" "$TMP/tlh.txt" 2>/dev/null
expect_no_grep "$TMP/tlh.txt" "[a-zäöü](-|$SHY)\$" "no hyphens without patterns"

finish
