# Cases found while writing the guide: each was wrong once.
. "$(dirname "$0")/lib.sh"

# <font> files elsewhere, permitted by --allow-path.
T=$(template fontdir.xml <<'EOT'
<report><styles><font family="Serif" regular="/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"/>
<style name="body" font="Serif"/></styles><body><p>Serif text</p></body></report>
EOT
)
expect_exit 2 "a font file outside the folder is refused" -- "$QUIRE" render "$T" -o "$TMP/f.pdf"
expect_exit 0 "--allow-path permits it" -- "$QUIRE" render "$T" --allow-path /usr/share/fonts/truetype/noto -o "$TMP/f.pdf"

# --max-pages counts pages made by <page-break/> too.
T=$(template breaks.xml <<'EOT'
<report><query name="q">WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE 50 > n) SELECT n FROM r</query>
<body><for-each query="q"><p>Page {n}</p><page-break/></for-each></body></report>
EOT
)
expect_exit 1 "page breaks past --max-pages" -- "$QUIRE" render "$T" --max-pages 10 -o "$TMP/b.pdf"
expect_grep "$TMP/err" "more than 10 pages" "says the limit"

# {page} and {pages} in the body.
T=$(template pages.xml <<'EOT'
<report><body><p>This is page {page} of {pages}.</p><page-break/><p>And this is page {page} of {pages}.</p></body></report>
EOT
)
expect_exit 0 "page numbers in body text" -- "$QUIRE" render "$T" -o "$TMP/p.pdf"
pdftotext "$TMP/p.pdf" "$TMP/p.txt" 2>/dev/null
expect_grep "$TMP/p.txt" "This is page 1 of 2\." "first page"
expect_grep "$TMP/p.txt" "And this is page 2 of 2\." "second page"

# An image whose src is computed.
mkdir -p "$TMP/img"
cp "$FIX/images/photo.jpg" "$TMP/img/"
T=$(template computed.xml <<'EOT'
<report><param name="pic" type="text" default="photo"/><body><image src="img/{pic}.jpg" alt="a photo"/></body></report>
EOT
)
expect_exit 0 "check with a computed image src" -- "$QUIRE" check "$T"
expect_exit 0 "render with a computed image src" -- "$QUIRE" render "$T" -o "$TMP/c.pdf"
expect_exit 1 "a computed src that does not exist" -- "$QUIRE" render "$T" -p pic=nope -o "$TMP/c2.pdf"

# The document's language reaches the catalog.
printf '<report lang="en-US"><body><p>x</p></body></report>\n' >"$TMP/lang.xml"
"$QUIRE" render "$TMP/lang.xml" -o "$TMP/lang.pdf" 2>/dev/null
expect_true "/Lang in the catalog" sh -c "qpdf --json '$TMP/lang.pdf' 2>/dev/null | grep -q '\"/Lang\": \"u:en-US\"'"

# A word wider than the column is cut, never runs off the page.
T=$(template long.xml <<'EOT'
<report><page size="A5"/><body><p>See https://www.ice.gov/remove/removal-statistics/2013/some/very/long/path/that/never/ends/at/all/index.html for the figures.</p></body></report>
EOT
)
"$QUIRE" render "$T" -o "$TMP/long.pdf" 2>/dev/null
right=$(pdftotext -bbox "$TMP/long.pdf" - 2>/dev/null | grep -oE 'xMax="[0-9.]+"' | grep -oE '[0-9.]+' | sort -n | tail -n 1)
expect_true "rightmost text ends inside the column (${right} <= 362.9)" awk "BEGIN { exit !($right <= 362.9) }"

# Params: infinity is not a number a report can print.
T=$(template num.xml <<'EOT'
<report><param name="rate" type="num" default="1"/><body><p>{rate|pct:1}</p></body></report>
EOT
)
expect_exit 2 "-p rate=inf" -- "$QUIRE" render "$T" -p rate=inf -o "$TMP/n.pdf"
expect_exit 2 "-p with a typo gets a hint" -- "$QUIRE" render "$T" -p rat=0.5 -o "$TMP/n.pdf"
expect_grep "$TMP/err" "did you mean 'rate'\?" "the hint"

# A parent loop is one error, not dozens.
T=$(template loop.xml <<'EOT'
<report><styles><style name="a" parent="b"/><style name="b" parent="a"/></styles><body><p style="a">x</p></body></report>
EOT
)
expect_exit 2 "a parent loop" -- "$QUIRE" check "$T"
expect_true "reported once" test "$(grep -c error: "$TMP/err")" -eq 1

# Refused while running, still a template error.
T=$(template pdl.xml <<'EOT'
<report><query name="q">SELECT * FROM pragma_database_list</query><body><p>x</p></body></report>
EOT
)
expect_exit 2 "a pragma function that is not introspection" -- "$QUIRE" render "$T" -o "$TMP/x.pdf"
expect_grep "$TMP/err" "not allowed: queries may only read" "the read-only message"

# A query may not take a dataset's name.
cp "$FIX/offices.csv" "$TMP/offices.csv"
T=$(template clash.xml <<'EOT'
<report><data><csv name="offices" src="offices.csv"/></data><query name="offices">SELECT 1 AS n</query><body><p>x</p></body></report>
EOT
)
expect_exit 2 "a query named like a dataset" -- "$QUIRE" check "$T"
expect_grep "$TMP/err" "'offices' is already defined \(as a dataset\)" "says why"
# 'now' in SQL reads SOURCE_DATE_EPOCH, so output stays reproducible.
T=$(template now.xml <<'EOT'
<report><query name="q">SELECT date('now') AS d, datetime('now') AS t</query><body><p>{q.d} {q.t} {date}</p></body></report>
EOT
)
expect_exit 0 "date('now') in SQL" -- "$QUIRE" render "$T" -o "$TMP/now1.pdf"
expect_true "it is the SOURCE_DATE_EPOCH date" sh -c "pdftotext '$TMP/now1.pdf' - 2>/dev/null | grep -q '2023-11-14 2023-11-14 22:13:20 2023-11-14'"
sleep 1
"$QUIRE" render "$T" -o "$TMP/now2.pdf" 2>/dev/null
expect_true "two renders a second apart are identical" cmp -s "$TMP/now1.pdf" "$TMP/now2.pdf"

# The check before a render walks both branches of an <if> with the row's
# columns NULL; it compiles the test but does not run it, so a test that
# could only fail on NULL (abs() of the smallest integer overflows) renders.
T=$(template ifnull.xml <<'EOT'
<report><query name="q">SELECT 5 AS n</query><body><for-each query="q"><if test="abs(coalesce({n}, -9223372036854775807 - 1)) > 0"><p>Row {n}</p></if></for-each></body></report>
EOT
)
expect_exit 0 "an <if> test is not run with NULL columns" -- "$QUIRE" render "$T" -o "$TMP/ifnull.pdf"
expect_true "its branch taken for the real row" sh -c "pdftotext '$TMP/ifnull.pdf' - 2>/dev/null | grep -q '^Row 5$'"

# Found by fuzzing: a table with no <column>, group-by and a wide colspan
# made a group row that spanned no column (a read before the widths).
expect_exit 0 "the fuzzer's table case renders" -- "$QUIRE" render "$FIX/table-group-span.xml" -o "$TMP/span.pdf"
expect_true "with its group row" sh -c "pdftotext '$TMP/span.pdf' - 2>/dev/null | grep -q '^A$'"

# Found by fuzzing: a font whose data ended on a 4 KB boundary inside
# libharu made the whole PDF fail (error 0x1033). Now it renders.
expect_exit 0 "the fuzzer's libharu seek case renders" -- "$QUIRE" render "$FIX/libharu-seek-4k.xml" -o "$TMP/seek.pdf"
expect_exit 0 "and passes qpdf --check" -- qpdf --check "$TMP/seek.pdf"
finish
