# Large data (issue 10): a table with more rows than libharu puts in one
# array and more objects than a 2-byte xref index holds, and the CSV
# loader's fast paths (plain integers, many rows per INSERT) giving the
# same values as the general ones. Speed itself is bench/large.sh's.
. "$(dirname "$0")/lib.sh"

# --- 1. A 33,000-row table: a valid PDF, every row tagged -----------------
awk 'BEGIN { print "n"; for (i = 1; i <= 33000; i++) print i }' >"$TMP/rows.csv"
big=$(template big.xml <<'EOF'
<report title="Rows">
  <data><csv name="r" src="rows.csv"/></data>
  <query name="q">SELECT n FROM r</query>
  <body><table query="q"><column title="N" field="n" format="int"/></table></body>
</report>
EOF
)
expect_exit 0 "a 33,000-row table renders" -- "$QUIRE" render "$big" --max-pages 100000 -o "$TMP/big.pdf"
pdfinfo "$TMP/big.pdf" >"$TMP/info" 2>"$TMP/info.err"
expect_no_grep "$TMP/info.err" "rror" "poppler reads it without an error (the xref stream's index was 2 bytes)"
expect_true "qpdf finds nothing wrong" sh -c "qpdf --check '$TMP/big.pdf' >/dev/null 2>&1"
pages=$(awk '/^Pages:/ {print $2}' "$TMP/info")
pdftotext -f "$pages" -l "$pages" "$TMP/big.pdf" "$TMP/last.txt" 2>/dev/null
expect_grep "$TMP/last.txt" "^33,000$" "the last row is on the last page"
qpdf --qdf --object-streams=disable "$TMP/big.pdf" "$TMP/big.qdf" 2>/dev/null
expect_true "33,001 rows in the structure tree (header and data)" \
    test "$(grep -ac '^ */S /TR$' "$TMP/big.qdf")" -eq 33001
# libharu holds at most 32,767 items in an array: the rows come in groups.
expect_true "the rows in three TBody groups" test "$(grep -ac '^ */S /TBody$' "$TMP/big.qdf")" -eq 3
rm -f "$TMP/big.qdf"

# --- 2. CSV numbers: the plain-integer path and the general one agree -----
cat >"$TMP/nums.csv" <<'EOF'
v
0
7
-7
+7
123456789012345678
999999999999999999
9223372036854775807
9223372036854775808
"1,234"
1.5
EOF
nums=$(template nums.xml <<'EOF'
<report>
  <data><csv name="t" src="nums.csv"/></data>
  <query name="q">SELECT group_concat(typeof(v) || ':' || v, ' ') AS s FROM (SELECT v FROM t ORDER BY rowid)</query>
  <body><p>[{q.s}]</p></body>
</report>
EOF
)
expect_exit 0 "numbers load" -- "$QUIRE" render "$nums" -o "$TMP/nums.pdf"
pdftotext -raw "$TMP/nums.pdf" - 2>/dev/null | tr '\n' ' ' >"$TMP/nums.txt"
expect_grep "$TMP/nums.txt" "real:0\.0 real:7\.0 real:-7\.0 real:7\.0 real:1\.23456789012346e\+17" "a column with a fraction is REAL, small and 18-digit integers included"
cat >"$TMP/ints.csv" <<'EOF'
v
0
7
-7
123456789012345678
999999999999999999
9223372036854775807
-9223372036854775808
"1,234"
EOF
sed 's/nums\.csv/ints.csv/' "$nums" >"$TMP/ints.xml"
expect_exit 0 "integers load" -- "$QUIRE" render "$TMP/ints.xml" -o "$TMP/ints.pdf"
pdftotext -raw "$TMP/ints.pdf" - 2>/dev/null | tr '\n' ' ' >"$TMP/ints.txt"
expect_grep "$TMP/ints.txt" "integer:0 integer:7 integer:-7 integer:123456789012345678 integer:999999999999999999 integer:9223372036854775807 integer:-9223372036854775808 integer:1234" \
    "every integer exact, from 1 to 19 digits, signed and grouped"

# --- 3. Rows in batches: none lost or doubled at a batch's edge ------------
for n in 1 63 64 65 130; do
    awk -v n="$n" 'BEGIN { print "i,s"; for (i = 1; i <= n; i++) printf "%d,r%d\n", i, i }' >"$TMP/b$n.csv"
    cat >"$TMP/b$n.xml" <<EOF
<report><data><csv name="t" src="b$n.csv"/></data>
<metric name="c">SELECT count(*) || '/' || sum(i) || '/' || count(DISTINCT s) || '/' || max(rowid) FROM t</metric>
<metric name="o">SELECT count(*) FROM t WHERE s != 'r' || rowid</metric>
<body><p>[{c}] [{o}]</p></body></report>
EOF
    expect_exit 0 "$n rows load" -- "$QUIRE" render "$TMP/b$n.xml" -o "$TMP/b$n.pdf"
    want="[$n/$((n * (n + 1) / 2))/$n/$n] [0]"
    expect_true "$n rows: all there once, in file order ($want)" \
        sh -c "pdftotext '$TMP/b$n.pdf' - 2>/dev/null | grep -qF '$want'"
done
# --- 4. A table's rows freed once set, only when set once -----------------
# render frees each row as it is laid out; a body that prints {pages} is
# set again, and its tables with it. Both ways, every row is on a page.
awk 'BEGIN { print "n"; for (i = 1; i <= 300; i++) print i }' >"$TMP/few.csv"
for how in once again; do
    words=$([ "$how" = again ] && echo "This report has {pages} pages." || echo "One pass.")
    t=$(template "$how.xml" <<EOF
<report title="Rows">
  <data><csv name="r" src="few.csv"/></data>
  <query name="q">SELECT n, n * 7 AS m FROM r</query>
  <body><p>$words</p>
    <table query="q"><column title="N" field="n" format="int"/><column title="M" field="m" format="int"/></table>
  </body>
</report>
EOF
)
    expect_exit 0 "a 300-row table set $how renders" -- "$QUIRE" render "$t" -o "$TMP/$how.pdf"
    pdftotext "$TMP/$how.pdf" "$TMP/$how.txt" 2>/dev/null
    expect_true "set $how: all 300 rows and their second column are there" \
        sh -c "grep -cx '[0-9][0-9,]*' '$TMP/$how.txt' | grep -qx 600 && grep -qx '2,100' '$TMP/$how.txt'"
done
pages=$(pdfinfo "$TMP/again.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
expect_grep "$TMP/again.txt" "This report has $pages pages" "set again: {pages} is the page count ($pages)"
finish
