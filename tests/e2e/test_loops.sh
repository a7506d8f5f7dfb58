# Loops that see their row (SPEC §8 "Loops and tables"): queries and
# metrics inside <for-each>, as="…" and outer. qualifiers, names two loops
# share, aggregates in <total> and <subtotal>, read back from the PDF.
. "$(dirname "$0")/lib.sh"
cat >"$TMP/off.csv" <<'EOF'
region,office,year,released,encountered
East,Boston,2013,100,400
East,Newark,2013,250,
East,Boston,2014,,300
West,Denver,2013,50,120
West,Seattle,2013,70,90
West,Seattle,2014,3,7
South,Miami,2013,,
EOF
pdf_text() { pdftotext -layout "$1" - 2>/dev/null; }

# A table per region: the loop's query binds {region}; a metric in the
# loop reads that query as a table.
T=$(template region.xml <<'EOT'
<report>
  <data><csv name="off" src="off.csv"/></data>
  <query name="regions">SELECT DISTINCT region FROM off ORDER BY region</query>
  <body>
    <for-each query="regions">
      <query name="offices">
        SELECT office, year, released FROM off WHERE region = {region} ORDER BY office, year
      </query>
      <metric name="n">SELECT count(DISTINCT office) FROM offices</metric>
      <h2>{region}: {n} offices</h2>
      <table query="offices">
        <column title="Office" field="office"/>
        <column title="Year" field="year" align="left"/>
        <column title="Released" field="released" format="int"/>
      </table>
    </for-each>
  </body>
</report>
EOT
)
expect_exit 0 "a table per region" -- "$QUIRE" render "$T" -o "$TMP/region.pdf"
pdf_text "$TMP/region.pdf" >"$TMP/region.txt"
expect_grep "$TMP/region.txt" "^ *East: 2 offices" "the metric in the loop, first row"
expect_grep "$TMP/region.txt" "^ *West: 2 offices" "the metric in the loop, last row"
expect_grep "$TMP/region.txt" "^ *South: 1 offices" "the metric in the loop, one office"
# Each table holds only its region's rows, in the region's order.
awk '/East:/{s="E"} /South:/{s="S"} /West:/{s="W"} /^ *(Boston|Newark|Denver|Seattle|Miami) /{print s, $1}' \
    "$TMP/region.txt" | sort -u | tr '\n' ' ' >"$TMP/region.rows"
expect_grep "$TMP/region.rows" "^E Boston E Newark S Miami W Denver W Seattle $" "each table has its region's offices only"
expect_true "no row twice" test "$(grep -cE '^ *Seattle +2014 +3 *$' "$TMP/region.txt")" -eq 1
expect_exit 0 "check a table per region" -- "$QUIRE" check "$T"

# The loop's row is bound, never pasted: a value with a quote in it.
printf 'region,office,year,released,encountered\n"O'"'"'Hare, IL",Chicago,2013,5,6\n' >"$TMP/quote.csv"
T=$(template quote.xml <<'EOT'
<report>
  <data><csv name="off" src="quote.csv"/></data>
  <query name="regions">SELECT DISTINCT region FROM off</query>
  <body><for-each query="regions">
    <metric name="m">SELECT sum(released) FROM off WHERE region = {region}</metric>
    <p>[{region}] {m}</p>
  </for-each></body>
</report>
EOT
)
expect_exit 0 "a quote in a bound row value" -- "$QUIRE" render "$T" -o "$TMP/quote.pdf"
expect_true "bound as a value" sh -c "pdftotext '$TMP/quote.pdf' - | grep -qF \"[O'Hare, IL] 5\""

# Nested loops whose rows share a column name: an error unless qualified.
cat >"$TMP/nested-head.xml" <<'EOT'
<report>
  <data><csv name="off" src="off.csv"/></data>
  <query name="regions">SELECT DISTINCT region, 'R-' || region AS code FROM off ORDER BY region</query>
  <body>
    <for-each query="regions" as="r">
      <query name="offices">SELECT office, region, 'O-' || office AS code FROM off WHERE region = {region} GROUP BY office ORDER BY office</query>
      <for-each query="offices" as="o">
EOT
nested() {   # nested NAME LINE: a template whose inner loop prints LINE
    { cat "$TMP/nested-head.xml"; printf '        %s\n      </for-each>\n    </for-each>\n  </body>\n</report>\n' "$2"; } >"$TMP/$1"
    printf '%s\n' "$TMP/$1"
}
T=$(nested ambiguous.xml '<p>{office} in {region}</p>')
expect_exit 2 "an unqualified name two loops share" -- "$QUIRE" check "$T"
expect_grep "$TMP/err" "ambiguous\.xml:8: error: 'region' is ambiguous: .*line 7 .*line 5" "names both loops' lines"
expect_grep "$TMP/err" "\{outer\.region\}" "says how to qualify"
expect_exit 2 "render refuses it too, writing nothing" -- "$QUIRE" render "$T" -o "$TMP/amb.pdf"
T=$(nested insql.xml '<metric name="x">SELECT {code}</metric>')
expect_exit 2 "the same name in a loop's SQL" -- "$QUIRE" check "$T"
expect_grep "$TMP/err" "insql\.xml:8: error: 'code' is ambiguous" "ambiguous in SQL"
T=$(nested qualified.xml '<p>{o.office}/{o.code}/{r.code}/{outer.code}/{outer.region}/{r.region}/{o.region}</p>')
expect_exit 0 "qualified with as and outer" -- "$QUIRE" render "$T" -o "$TMP/qual.pdf"
pdf_text "$TMP/qual.pdf" >"$TMP/qual.txt"
expect_grep "$TMP/qual.txt" "^ *Boston/O-Boston/R-East/R-East/East/East/East *$" "inner and outer rows, first"
expect_grep "$TMP/qual.txt" "^ *Seattle/O-Seattle/R-West/R-West/West/West/West *$" "inner and outer rows, last"
expect_true "one line per office" test "$(grep -c '/O-' "$TMP/qual.txt")" -eq 5
T=$(nested qualsql.xml '<metric name="m">SELECT {o.code} || ":" || {outer.code}</metric><p>{m}</p>')
expect_exit 0 "qualified names in SQL" -- "$QUIRE" render "$T" -o "$TMP/qualsql.pdf"
expect_true "qualified values bound in SQL" sh -c "pdftotext '$TMP/qualsql.pdf' - | grep -qx 'O-Miami:R-South'"
T=$(nested typo.xml '<p>{o.ofice} {outer.regoin}</p>')
expect_exit 2 "unknown qualified names" -- "$QUIRE" check "$T"
expect_grep "$TMP/err" "typo\.xml:8: error: unknown name 'o\.ofice'.*did you mean 'o\.office'\?" "did you mean, with as"
expect_grep "$TMP/err" "typo\.xml:8: error: unknown name 'outer\.regoin'.*did you mean 'outer\.region'\?" "did you mean, with outer"
T=$(template outer1.xml <<'EOT'
<report>
  <data><csv name="off" src="off.csv"/></data>
  <query name="regions">SELECT DISTINCT region FROM off</query>
  <body><for-each query="regions" as="outer"><p>{outer.region}</p></for-each>
  <for-each query="regions"><p>{outer.region}</p></for-each></body>
</report>
EOT
)
expect_exit 2 "outer with no loop around, as=outer" -- "$QUIRE" check "$T"
expect_grep "$TMP/err" "outer1\.xml:4: error: as=\"outer\"" "as=outer is taken"
expect_grep "$TMP/err" "outer1\.xml:5: error: unknown name 'outer\.region': 'outer' is the row of the loop around" "outer at depth one"

# A table inside a loop: field="…" is the table's own column, never
# ambiguous; a value="…" placeholder that both have is; as on a table.
T=$(template tablein.xml <<'EOT'
<report>
  <data><csv name="off" src="off.csv"/></data>
  <query name="regions">SELECT DISTINCT region, upper(region) AS up FROM off ORDER BY region</query>
  <body><for-each query="regions">
    <query name="rows">SELECT lower(region) AS region, office FROM off WHERE region = {region} GROUP BY office</query>
    <table query="rows" as="t">
      <column title="A" field="region"/><column title="B" field="up"/>
      <column title="C" value="{t.office}:{outer.region}:{t.region}"/>
    </table>
  </for-each></body>
</report>
EOT
)
expect_exit 0 "field in a table inside a loop" -- "$QUIRE" render "$T" -o "$TMP/tablein.pdf"
expect_true "the table's own column, an outer-only column, qualified values" \
    sh -c "pdftotext -layout '$TMP/tablein.pdf' - | grep -Eq '^ *west +WEST +Seattle:West:west *$'"
sed 's/{t.office}:{outer.region}:{t.region}/{region}/' "$T" >"$TMP/tablein2.xml"
expect_exit 2 "a value placeholder both rows have" -- "$QUIRE" check "$TMP/tablein2.xml"
expect_grep "$TMP/err" "tablein2\.xml:8: error: 'region' is ambiguous: .*table at line 6 .*for-each at line 4" "table and loop named"

# Local names: where they may stand, what they may not hide, their scope.
T=$(template local.xml <<'EOT'
<report>
  <data><csv name="off" src="off.csv"/></data>
  <query name="regions">SELECT DISTINCT region FROM off</query>
  <metric name="total">SELECT 1</metric>
  <body>
    <metric name="early">SELECT 1</metric>
    <for-each query="regions">
      <metric name="total">SELECT 2</metric>
      <metric name="region">SELECT 3</metric>
      <query name="off">SELECT 4</query>
      <metric name="fine">SELECT 5</metric>
      <metric name="fine">SELECT 6</metric>
      <metric name="bad">SELECT nosuch FROM regions</metric>
      <p>{bad} {fine}</p>
    </for-each>
    <p>{fine}</p>
  </body>
</report>
EOT
)
expect_exit 2 "local names checked" -- "$QUIRE" check "$T"
expect_grep "$TMP/err" "local\.xml:6: error: <metric name=\"early\"> .*only inside a <for-each>" "a metric among blocks outside loops"
expect_grep "$TMP/err" "local\.xml:8: error: 'total' is already defined" "a top-level name"
expect_grep "$TMP/err" "local\.xml:9: error: metric 'region' has the name of a column" "a name a row column would hide"
expect_grep "$TMP/err" "local\.xml:10: error: 'off' is already defined" "a dataset's name"
expect_grep "$TMP/err" "local\.xml:12: error: 'fine' is already defined \(line 11\)" "twice in one loop"
expect_grep "$TMP/err" "local\.xml:13: error: metric 'bad': no such column: nosuch" "the loop's SQL is compiled by check"
expect_no_grep "$TMP/err" "local\.xml:14:" "a failed local is not reported again where used"
expect_grep "$TMP/err" "local\.xml:16: error: unknown name 'fine'" "a local ends with its loop"

# A top-level query that uses a loop's column: say where it belongs.
T=$(template top.xml <<'EOT'
<report>
  <data><csv name="off" src="off.csv"/></data>
  <query name="regions">SELECT DISTINCT region FROM off</query>
  <query name="offices">SELECT office FROM off WHERE region = {region}</query>
  <body/>
</report>
EOT
)
expect_exit 2 "a loop's column in a top-level query" -- "$QUIRE" check "$T"
expect_grep "$TMP/err" "top\.xml:4: error: unknown name 'region' in SQL.*put the query inside that <for-each>" "hint"

# Subtotals and totals with each aggregate, formats, NULLs, one-row and
# all-NULL groups.
T=$(template sub.xml <<'EOT'
<report>
  <data><csv name="off" src="off.csv"/></data>
  <query name="q">SELECT region, office, released, encountered FROM off ORDER BY region, office, year</query>
  <body>
    <table query="q" group-by="region">
      <column title="Office" field="office"/>
      <column title="Released" field="released" format="int"/>
      <column title="Encountered" field="encountered" format="int"/>
      <column title="Stats" value=""/>
      <subtotal label="Subtotal {region}">
        <cell value="{sum(released)|int}"/><cell value="{avg(encountered)|num:2}"/>
        <cell value="n={count(encountered)}/{count(*)} min={min(released)} max={max(released)}"/>
      </subtotal>
      <total label="All regions">
        <cell value="{sum(released)|int}"/><cell value="{avg(encountered)|num:1}"/>
        <cell value="n={count(encountered)}/{count(*)} min={min(office)} max={max(office)}"/>
      </total>
    </table>
  </body>
</report>
EOT
)
expect_exit 0 "subtotals and a total" -- "$QUIRE" render "$T" -o "$TMP/sub.pdf"
pdf_text "$TMP/sub.pdf" >"$TMP/sub.txt"
expect_grep "$TMP/sub.txt" "^ *Subtotal East +350 +350\.00 +n=2/3 min=100 max=250 *$" "East: NULLs skipped, avg over non-NULL"
expect_grep "$TMP/sub.txt" "^ *Subtotal South +— +— +n=0/1 min=— max=— *$" "all-NULL group: sum and avg NULL, count 0"
expect_grep "$TMP/sub.txt" "^ *Subtotal West +123 +72\.33 +n=3/3 min=3 max=70 *$" "West"
expect_grep "$TMP/sub.txt" "^ *All regions +473 +183\.4 +n=5/7 min=Boston max=Seattle *$" "total over all rows; min/max of text"
# Order: each subtotal closes its group, right before the next group title.
grep -E '^ *(East|South|West|Subtotal [A-Za-z]+|All regions) *' "$TMP/sub.txt" | awk '{print $1 $2}' | tr '\n' ' ' >"$TMP/sub.order"
expect_grep "$TMP/sub.order" "^East SubtotalEast South SubtotalSouth West SubtotalWest Allregions $" "subtotals close their groups"
expect_exit 0 "check subtotals" -- "$QUIRE" check "$T"

# The subtotal row looks like one: bold, a rule above it.
pdf_ops "$TMP/sub.pdf" >"$TMP/sub.ops"
font_of() { awk -v t="$1" '$1 == "text" && substr($0, index($0, "#") + 8) == t {print $6; exit}' "$TMP/sub.ops"; }
expect_true "subtotal in the group titles' bold face" test "$(font_of 'Subtotal East')" = "$(font_of East)"
expect_true "not in the rows' face" test "$(font_of 'Subtotal East')" != "$(font_of Newark)"
# A light rule between the group's last row (Newark) and its subtotal.
sub_y=$(awk '$1 == "text" && /Subtotal East$/ {print $4; exit}' "$TMP/sub.ops")
row_y=$(awk '$1 == "text" && / Newark$/ {print $4; exit}' "$TMP/sub.ops")
expect_true "a light rule above the subtotal" sh -c "awk -v lo=$sub_y -v hi=$row_y '\$1 == \"line\" && \$8 == \"#B0B0B0\" && \$4 > lo && \$4 < hi {f = 1} END {exit !f}' '$TMP/sub.ops'"

# Aggregates inside a loop, over a local query; an empty result.
T=$(template subloop.xml <<'EOT'
<report>
  <data><csv name="off" src="off.csv"/></data>
  <query name="regions">SELECT DISTINCT region FROM off UNION ALL SELECT 'North' ORDER BY 1</query>
  <body>
    <for-each query="regions">
      <query name="rows">SELECT office, released FROM off WHERE region = {region} ORDER BY office</query>
      <table query="rows" group-by="office">
        <column title="{region}" value=""/>
        <column title="Released" field="released" format="int"/>
        <subtotal label="{office} subtotal"><cell value="{sum(released)|int}"/></subtotal>
        <total label="{region} total"><cell value="{sum(released)|int} in {count(*)} rows"/></total>
      </table>
    </for-each>
  </body>
</report>
EOT
)
expect_exit 0 "aggregates over a loop's query" -- "$QUIRE" render "$T" -o "$TMP/subloop.pdf"
pdf_text "$TMP/subloop.pdf" >"$TMP/subloop.txt"
expect_grep "$TMP/subloop.txt" "^ *Seattle subtotal +73 *$" "a subtotal in the loop"
expect_grep "$TMP/subloop.txt" "^ *West total +123 in 3 rows *$" "a total in the loop"
expect_grep "$TMP/subloop.txt" "^ *North total +— in 0 rows *$" "an empty result: sum NULL, count 0"
expect_no_grep "$TMP/subloop.txt" "North subtotal" "no subtotal without rows"

# Aggregates checked without rendering.
T=$(template aggbad.xml <<'EOT'
<report>
  <data><csv name="off" src="off.csv"/></data>
  <query name="q">SELECT office, released FROM off</query>
  <body>
    <p>{sum(released)}</p>
    <table query="q">
      <column title="A" field="office"/><column title="B" field="released"/><column title="C" field="released"/>
      <subtotal label="s"><cell value="{sum(released)}"/></subtotal>
      <total label="t"><cell value="{sum(relased)|int}"/><cell value="{median(released)} {sum(*)}"/></total>
    </table>
    <table><column title="A"/><column title="B"/><total label="t"><cell value="{count(*)}"/></total></table>
  </body>
</report>
EOT
)
expect_exit 2 "bad aggregates" -- "$QUIRE" check "$T"
expect_grep "$TMP/err" "aggbad\.xml:5: error: \{sum\(released\)\}: an aggregate works only in a table's <total> or <subtotal>" "outside a total"
expect_grep "$TMP/err" "aggbad\.xml:8: error: <subtotal> closes each group of group-by" "a subtotal without group-by"
expect_grep "$TMP/err" "aggbad\.xml:9: error: \{sum\(relased\)\}: query 'q' \(line 3\) has no column 'relased'; did you mean 'released'\?" "unknown column"
expect_grep "$TMP/err" "aggbad\.xml:9: error: \{median\(released\)\}: unknown aggregate 'median'" "unknown aggregate"
expect_grep "$TMP/err" "aggbad\.xml:9: error: \{sum\(\*\)\}: only count takes \*" "sum(*)"
expect_grep "$TMP/err" "aggbad\.xml:11: error: \{count\(\*\)\}: the table has no query" "written rows"

# An integer sum that overflows is SQLite's error, at the total's line.
printf 'v\n9223372036854775807\n1\n' >"$TMP/big.csv"
T=$(template big.xml <<'EOT'
<report>
  <data><csv name="b" src="big.csv"/></data>
  <query name="q">SELECT v FROM b</query>
  <body><table query="q"><column title="V" field="v"/><column title="W" field="v"/>
    <total label="t"><cell value="{sum(v)}"/></total></table></body>
</report>
EOT
)
expect_exit 1 "sum overflow" -- "$QUIRE" render "$T" -o "$TMP/big.pdf"
expect_grep "$TMP/err" "big\.xml:5: error: \{sum\(v\)\}: integer overflow" "overflow named"
finish
