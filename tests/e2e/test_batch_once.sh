# quire batch does once what every report would do alike (SPEC §8): a
# query or metric that names no param and reads only data is run once for
# the batch. Each report must still read exactly what `quire render` of
# its row gives, and each report's limits still hold: --max-rows, and
# SQLite's heap (--max-memory), which is now the report's own.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1

cat >"$TMP/offices.csv" <<'EOT'
code,office,removed
NYC,New York,7571
NWK,Newark,3581
SAT,San Antonio,9120
WAS,Washington,4410
EOT
# ranked: the same for every report; top reads it (the same too); mine has
# the row's param; near reads mine (a report's own); today is 'now'; lucky
# calls random(), which must not be shared.
T=$(template once.xml <<'EOT'
<report title="Office {code}">
  <param name="code" type="text"/>
  <data><csv name="offices" src="offices.csv"/></data>
  <query name="ranked">SELECT code, office, removed FROM offices ORDER BY removed DESC</query>
  <query name="top">SELECT office AS top_office FROM ranked LIMIT 1</query>
  <query name="mine">SELECT office, removed FROM offices WHERE code = {code}</query>
  <query name="near">SELECT count(*) AS n FROM ranked, mine WHERE abs(ranked.removed - mine.removed) &lt; 4000</query>
  <metric name="today">SELECT date('now')</metric>
  <metric name="lucky">SELECT random()</metric>
  <metric name="quoted">SELECT count(*) FROM offices WHERE office = '{code}'</metric>
  <body>
    <p>{mine.office}: {mine.removed|int}; busiest {top.top_office}; near {near.n}; on {today}; quoted {quoted}.</p>
    <p>lucky {lucky}</p>
    <table query="ranked"><column title="Office" field="office"/><column title="Removed" field="removed" format="int"/></table>
  </body>
</report>
EOT
)

expect_exit 0 "a batch with statements shared by every report" -- \
    "$QUIRE" batch "$T" --each "SELECT code FROM offices ORDER BY code" -o "b/{code}.pdf" -j 2
expect_grep "$TMP/err" "metric 'quoted': '\{code\}' is in quotes" \
    "a shared statement's warning is still given"
same=1
for c in NYC NWK SAT WAS; do
    "$QUIRE" render "$T" -p code=$c -o "r-$c.pdf" 2>/dev/null
    pdftotext "b/$c.pdf" "b-$c.txt" 2>/dev/null
    pdftotext "r-$c.pdf" "r-$c.txt" 2>/dev/null
    # Every line but random()'s, which differs from run to run.
    grep -v lucky "b-$c.txt" >b.txt
    grep -v lucky "r-$c.txt" >r.txt
    cmp -s b.txt r.txt || { same=0; bad "batch report $c reads what render of its row reads"; }
done
[ "$same" -eq 1 ] && ok
expect_grep b-SAT.txt "San Antonio: 9,120; busiest San Antonio; near 2" "the row's own and the shared figures"
expect_grep b-NWK.txt "Newark: 3,581; busiest San Antonio; near 3" "another row: its own near count"
expect_grep b-NWK.txt "on 2023-11-14" "'now' is SOURCE_DATE_EPOCH's date"
l1=$(grep -o 'lucky -\?[0-9]*' b-NYC.txt)
l2=$(grep -o 'lucky -\?[0-9]*' b-NWK.txt)
expect_true "random() runs in each report ($l1, $l2)" test -n "$l1" -a "$l1" != "$l2"
"$QUIRE" batch "$T" --each "SELECT code FROM offices ORDER BY code" -o "j1/{code}.pdf" -j 1 2>/dev/null
n=0
for c in NYC NWK SAT WAS; do
    pdftotext "j1/$c.pdf" - 2>/dev/null | grep -v lucky >a.txt
    grep -v lucky "b-$c.txt" | cmp -s - a.txt && n=$((n + 1))
done
expect_true "-j 1 and -j 2 read alike ($n of 4)" test "$n" -eq 4

# A report makes tables only of the queries something names; --each may
# read any query, and SQL in a test reads them as a query's SQL does.
U=$(template unread.xml <<'EOT'
<report>
  <param name="code" type="text"/>
  <data><csv name="offices" src="offices.csv"/></data>
  <!-- rowsq is named only on the command line (and here) -->
  <query name="rowsq">SELECT code FROM offices WHERE removed > 4000 ORDER BY code</query>
  <query name="big">SELECT code FROM offices WHERE removed > 5000</query>
  <query name="one">SELECT office FROM offices WHERE code = {code}</query>
  <body>
    <if test="(SELECT count(*) FROM big WHERE code = {code}) > 0"><p>{one.office} is big.</p></if>
    <else><p>{one.office} is small.</p></else>
  </body>
</report>
EOT
)
expect_exit 0 "--each reads a query nothing else names" -- \
    "$QUIRE" batch "$U" --each "SELECT code FROM rowsq" -o "u/{code}.pdf" -j 2
expect_true "3 offices over 4,000" test "$(ls u | wc -l)" -eq 3
pdftotext u/NYC.pdf u.txt 2>/dev/null
expect_grep u.txt "New York is big" "a test's SQL reads a query"
pdftotext u/WAS.pdf u.txt 2>/dev/null
expect_grep u.txt "Washington is small" "and reads it per report"

# A shared query over a report's --max-rows fails each report as render does.
expect_exit 3 "batch --max-rows 3: 'ranked' has 4 rows" -- \
    "$QUIRE" batch "$T" --each "SELECT code FROM offices" -o "m/{code}.pdf" --max-rows 3 --keep-going
expect_grep "$TMP/err" "query 'ranked': more than 3 rows \(--max-rows\)" "names the shared query and the limit"
expect_grep "$TMP/err" "4 failed" "every report fails"
expect_exit 1 "render --max-rows 3 fails alike" -- "$QUIRE" render "$T" -p code=NYC --max-rows 3 -o r.pdf
expect_grep "$TMP/err" "query 'ranked': more than 3 rows \(--max-rows\)" "render's message"

# SQLite's heap: each report may use --max-memory, whatever runs beside it.
H=$(template heap.xml <<'EOT'
<report>
  <param name="n" type="int"/>
  <query name="big">WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x &lt; 40000)
    SELECT length(group_concat(printf('%.1000c', 'x'))) AS len, {n} AS n FROM r</query>
  <body><p>{big.len|int} bytes in report {big.n}</p></body>
</report>
EOT
)
expect_exit 1 "render: SQLite over --max-memory" -- "$QUIRE" render "$H" -p n=1 --max-memory 20M -o h.pdf
expect_grep "$TMP/err" "query 'big': out of memory \(SQLite may use at most --max-memory, 20 MiB\)" "render names the limit"
expect_exit 3 "batch -j 2: SQLite over --max-memory in every report" -- \
    "$QUIRE" batch "$H" --each "SELECT 1 AS n UNION ALL SELECT 2" -o "h/{n}.pdf" -j 2 --max-memory 20M --keep-going
expect_grep "$TMP/err" "out of memory \(SQLite may use at most --max-memory, 20 MiB\)" "batch names the limit"
expect_grep "$TMP/err" "0 ok, 2 failed" "both reports fail"
expect_exit 0 "batch -j 2: under --max-memory, every report" -- \
    "$QUIRE" batch "$H" --each "SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4" \
    -o "h/{n}.pdf" -j 2 --max-memory 150M
pdftotext h/4.pdf h4.txt 2>/dev/null
expect_grep h4.txt "40,039,999 bytes in report 4" "the report ran its query"
finish
