# Typographic details as a reader sees them: key figures on shared
# baselines, contents with dot leaders, the minus sign, smart quotes, and
# Unicode case mapping. Positions come from pdftotext -bbox (what a reader's
# tools see) and, for exact baselines, from the content stream (pdf_ops).
. "$(dirname "$0")/lib.sh"

# words BBOX WORD: "yMax xMax" of each occurrence of WORD, one a line.
words() {
    sed -n "s/.*xMin=\"\([0-9.]*\)\" yMin=\"\([0-9.]*\)\" xMax=\"\([0-9.]*\)\" yMax=\"\([0-9.]*\)\">$2<\/word>.*/\4 \3/p" "$1"
}
# same_lines FILE: every line of FILE is the same (and there are some).
same_lines() { [ -s "$1" ] && [ "$(sort -u "$1" | wc -l)" -eq 1 ]; }

# --- key figures: one row, a label that wraps, a card without a note ---
T=$(template kpi.xml <<'EOT'
<report title="KPIs">
  <query name="v">SELECT 474000000 AS a, -3400000 AS b, 950000 AS c, 1234567890 AS d</query>
  <body>
    <kpis>
      <kpi value="{v.a|money-compact}" label="Budget" note="Plan"/>
      <kpi value="{v.b|money-compact}" label="Deficit against the plan agreed in the spring" note="Gap"/>
      <kpi value="{v.c|money-compact}" label="Reserves"/>
      <kpi value="{v.d|money-compact}" label="Revenue" note="Sources"/>
    </kpis>
    <p>A - typed in template text stays a hyphen.</p>
  </body>
</report>
EOT
)
expect_exit 0 "render key figures" -- "$QUIRE" render "$T" -o "$TMP/kpi.pdf"
pdftotext -bbox "$TMP/kpi.pdf" "$TMP/kpi.html" 2>/dev/null
# Positions agree to 0.01 pt (pdftotext prints a few float digits more).
r2() { awk '{ printf "%.2f\n", $1 }'; }
for w in Budget Deficit Reserves Revenue; do words "$TMP/kpi.html" "$w" | r2; done >"$TMP/labels"
expect_true "labels share a baseline: $(tr '\n' ' ' <"$TMP/labels")" same_lines "$TMP/labels"
for w in Plan Gap Sources; do words "$TMP/kpi.html" "$w" | r2; done >"$TMP/notes"
expect_true "notes share a baseline though one label wraps and one card has none: $(tr '\n' ' ' <"$TMP/notes")" \
    same_lines "$TMP/notes"
spring=$(words "$TMP/kpi.html" spring | cut -d' ' -f1 | cut -d. -f1)
label=$(head -1 "$TMP/labels" | cut -d. -f1)
note=$(head -1 "$TMP/notes" | cut -d. -f1)
expect_true "the long label wraps (its last word on a lower line)" test "${spring:-0}" -gt "${label:-0}"
expect_true "the notes sit below the wrapped label" test "${note:-0}" -gt "${spring:-0}"
# Values, the minus included, on one baseline: the y of every 22 pt text op.
pdf_ops "$TMP/kpi.pdf" >"$TMP/kpi.ops"
awk '$1 == "text" && $5 == 22 { print $4 }' "$TMP/kpi.ops" >"$TMP/values"
expect_true "value runs, minus sign included, share a baseline: $(tr '\n' ' ' <"$TMP/values")" same_lines "$TMP/values"
expect_true "five value runs (four figures, the minus set apart)" test "$(wc -l <"$TMP/values")" -eq 5
# The content stream draws U+2212 (not '-'); extraction gives U+2212 until
# the PDF maps it to '-' (the shaping branch), so either is accepted there.
expect_grep "$TMP/kpi.ops" "^text 1 .* 22 /F[0-9]+ #0B5394 −$" "the negative figure's sign is U+2212 in the text op"
expect_no_grep "$TMP/kpi.ops" " 22 /F[0-9]+ #0B5394 -" "no hyphen-minus in a figure"
pdftotext "$TMP/kpi.pdf" "$TMP/kpi.txt" 2>/dev/null
expect_grep "$TMP/kpi.txt" '^(−|-)\$3\.4M$' "the negative money-compact figure extracts"
for v in '\$474M' '\$950K' '\$1\.23B'; do expect_grep "$TMP/kpi.txt" "^$v\$" "compact money $v, one word"; done
expect_grep "$TMP/kpi.txt" "A - typed" "a hyphen in template text stays a hyphen"
# Noto Sans has no U+2212: its minus comes from Liberation Sans Bold, never .notdef.
pdffonts "$TMP/kpi.pdf" >"$TMP/fonts" 2>/dev/null
expect_grep "$TMP/fonts" "LiberationSans-Bold" "the minus is set from a face that has it"

# --- contents: dot leaders, page numbers right-aligned at one x ---
T=$(template toc.xml <<'EOT'
<report title="Contents">
  <body>
    <toc/>
    <h1>Alpha</h1><p>Text.</p>
    <h2>Beta section with a longer name</h2><p>Text.</p>
    <page-break/>
    <h1>Gamma</h1><p>Text.</p>
    <h3>Delta</h3><p>Text.</p>
  </body>
</report>
EOT
)
expect_exit 0 "render contents" -- "$QUIRE" render "$T" -o "$TMP/toc.pdf"
pdftotext -f 1 -l 1 -bbox "$TMP/toc.pdf" "$TMP/toc.html" 2>/dev/null
# The dots of one entry share a yMax; per entry: how many, and the last one's xMax.
sed -n 's/.*xMax="\([0-9.]*\)" yMax="\([0-9.]*\)">\.<\/word>.*/\2 \1/p' "$TMP/toc.html" |
    awk '{ n[$1]++; last[$1] = sprintf("%.2f", $2) } END { for (y in n) print n[y], last[y] }' >"$TMP/leaders"
expect_true "four entries with a leader each: $(tr '\n' ' ' <"$TMP/leaders")" test "$(wc -l <"$TMP/leaders")" -eq 4
expect_true "every leader has several dots" sh -c "awk '\$1 < 5 { bad = 1 } END { exit bad }' '$TMP/leaders'"
cut -d' ' -f2 "$TMP/leaders" >"$TMP/lastdot"
expect_true "leaders end at one x: $(tr '\n' ' ' <"$TMP/lastdot")" same_lines "$TMP/lastdot"
# Page numbers: the digit words right of the leaders.
sed -n 's/.*xMin="\([0-9.]*\)" yMin="[0-9.]*" xMax="\([0-9.]*\)" yMax="[0-9.]*">[0-9][0-9]*<\/word>.*/\1 \2/p' "$TMP/toc.html" |
    awk '$1 > 450 { printf "%.2f\n", $2 }' >"$TMP/numx"
expect_true "four page numbers" test "$(wc -l <"$TMP/numx")" -eq 4
expect_true "page numbers end at one x (right-aligned): $(tr '\n' ' ' <"$TMP/numx")" same_lines "$TMP/numx"
expect_true "page numbers at the right margin (538.58)" grep -q '^538\.5' "$TMP/numx"
expect_true "the leaders stop before the numbers" sh -c "[ \$(cut -d. -f1 '$TMP/lastdot' | head -1) -lt 530 ]"
pdftotext -f 1 -l 1 -layout "$TMP/toc.pdf" - 2>/dev/null >"$TMP/toc.txt"
expect_grep "$TMP/toc.txt" "^Gamma( \.)+ +2$" "an entry reads words, leader, page"

# --- smart quotes ---
quotes() {  # quotes LANG EXTRA_ATTRS: renders the quote text, pdftotext into $TMP/q.txt
    cat >"$TMP/q.xml" <<EOT
<report title="Q" lang="$1" $2>
  <query name="v">SELECT 'O''Brien said "hi"' AS who</query>
  <body>
    <p>He said "it's the '90s" and 'fine'.</p>
    <p>"Nested 'inner' ones," then <b>"bold"</b> and ("x").</p>
    <p>Value: "{v.who}".</p>
    <p smart-quotes="false">Off "here" and 'there'.</p>
    <p><a href="https://example.org/?q='a'">a "link"</a></p>
  </body>
</report>
EOT
    "$QUIRE" render "$TMP/q.xml" -o "$TMP/q.pdf" 2>"$TMP/err" && pdftotext "$TMP/q.pdf" "$TMP/q.txt" 2>/dev/null
}
quotes en ""
expect_grep "$TMP/q.txt" "He said “it’s the ’90s” and ‘fine’\." "en: double, apostrophe, year, single"
expect_grep "$TMP/q.txt" "“Nested ‘inner’ ones,” then “bold” and \(“x”\)\." "en: nested, next to punctuation and tags"
expect_grep "$TMP/q.txt" "Value: “O'Brien said \"hi\"”\." "en: a value's quotes stay straight; the template's around it turn"
expect_grep "$TMP/q.txt" "Off \"here\" and 'there'\." "smart-quotes=\"false\" on a block"
expect_grep "$TMP/q.txt" "a “link”" "link text gets quotes"
qpdf --qdf --object-streams=disable "$TMP/q.pdf" "$TMP/q.qdf" 2>/dev/null
expect_grep "$TMP/q.qdf" "q='a'" "the link's address keeps its straight quotes"
quotes de ""
expect_grep "$TMP/q.txt" "He said „it’s the ’90s“ and ‚fine‘\." "de: „…“ ‚…‘"
quotes fr ""
expect_grep "$TMP/q.txt" "He said « it’s the ’90s » and ‹ fine ›\." "fr: « … » and ‹ … ›"
# pdftotext shows U+00A0 as a space: the content stream has the no-break spaces.
nb=$(printf '\302\240')
pdf_ops "$TMP/q.pdf" >"$TMP/q.ops"
expect_grep "$TMP/q.ops" "«${nb}it’s" "fr: a no-break space after «"
expect_grep "$TMP/q.ops" "’90s${nb}»" "fr: a no-break space before »"
quotes en 'smart-quotes="false"'
expect_grep "$TMP/q.txt" "He said \"it's the '90s\" and 'fine'\." "smart-quotes=\"false\" on the report"
cat >"$TMP/qs.xml" <<'EOT'
<report title="Q">
  <styles><style name="plain" parent="body" smart-quotes="false"/></styles>
  <body><p style="plain">Style "off".</p><p>Default "on".</p></body>
</report>
EOT
"$QUIRE" render "$TMP/qs.xml" -o "$TMP/qs.pdf" 2>"$TMP/err"; pdftotext "$TMP/qs.pdf" "$TMP/qs.txt" 2>/dev/null
expect_grep "$TMP/qs.txt" "Style \"off\"\." "smart-quotes=\"false\" on a style"
expect_grep "$TMP/qs.txt" "Default “on”\." "other paragraphs keep them"
printf '<report><body><p smart-quotes="maybe">x</p></body></report>\n' >"$TMP/qbad.xml"
expect_exit 2 "smart-quotes takes true or false" -- "$QUIRE" check "$TMP/qbad.xml"

# --- upper: Unicode full case mapping ---
cat >"$TMP/up.xml" <<'EOT'
<report title="Up">
  <query name="v">SELECT 'Straße' AS s, 'ǆungla' AS d, 'ΟΔΟΣ' AS g</query>
  <body><p>{v.s|upper} {v.d|upper} {v.g|lower}</p></body>
</report>
EOT
expect_exit 0 "render upper" -- "$QUIRE" render "$TMP/up.xml" -o "$TMP/up.pdf"
pdftotext "$TMP/up.pdf" "$TMP/up.txt" 2>/dev/null
expect_grep "$TMP/up.txt" "^STRASSE ǄUNGLA οδος$" "upper: ß → SS, ǆ → Ǆ; lower: final sigma"

finish
