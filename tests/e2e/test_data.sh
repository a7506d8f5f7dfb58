# Data in, figures out: JSON and SQLite datasets, typed params, the lookup
# order of names, formats with report-wide separators, if/else, for-each.
. "$(dirname "$0")/lib.sh"
cp "$FIX/offices.csv" "$TMP/offices.csv"
cat >"$TMP/offices.json" <<'EOT'
{"meta": {"source": "test"}, "rows": [
  {"office": "New York", "released": 5391, "rate": 0.71},
  {"office": "Newark", "released": 2149, "rate": 0.6, "extra": true},
  {"office": "San Antonio", "released": null, "rate": 0.79}
]}
EOT
sqlite3 "$TMP/enf.db" "CREATE TABLE removals (fiscal_year INTEGER, total INTEGER); INSERT INTO removals VALUES (2012, 409849), (2013, 368644);"

T=$(template data.xml <<'EOT'
<report title="Data test" null-text="n/a" group-sep="." decimal-sep="," currency="€">
  <param name="year" type="int" default="2013"/>
  <param name="since" type="date" default="2013-10-01"/>
  <param name="released" type="num" default="1.5"/>
  <data>
    <csv name="offices" src="offices.csv"/>
    <json name="j" src="offices.json" path="$.rows"/>
    <sqlite name="db" src="enf.db"/>
  </data>
  <query name="rows">SELECT office, released FROM j ORDER BY rate DESC</query>
  <query name="fy">SELECT total FROM db.removals WHERE fiscal_year = {year}</query>
  <metric name="released_total">SELECT sum(released) FROM j</metric>
  <metric name="from_query">SELECT count(*) FROM rows</metric>
  <body>
    <p>Total {fy.total|int}; money {released_total|money:2}; ratio {released|num:2}; since {since|date:%d %B %Y}.</p>
    <p>Queries as tables: {from_query} rows; extra flag {j_extra_missing_is_fine}</p>
    <for-each query="rows"><p>Row {office|upper}: {released|int} (param shadowed by row)</p></for-each>
    <if test="{year} = 2012"><p>Branch A</p></if>
    <else><p>Branch B for {year}</p></else>
    <p>Literal {{braces}} stay; title is {title}; date is {date}.</p>
  </body>
</report>
EOT
)
sed -i 's/; extra flag {j_extra_missing_is_fine}//' "$T"
expect_exit 0 "render with CSV, JSON and SQLite data" -- "$QUIRE" render "$T" -o "$TMP/data.pdf"
pdftotext "$TMP/data.pdf" "$TMP/data.txt" 2>/dev/null
expect_grep "$TMP/data.txt" "Total 368\.644;" "SQLite dataset, group-sep ."
expect_grep "$TMP/data.txt" "money €7\.540,00;" "JSON values, money with currency and separators"
expect_grep "$TMP/data.txt" "ratio 1,50;" "num param, decimal-sep ,"
expect_grep "$TMP/data.txt" "since 01 October 2013\." "date param with a date format"
expect_grep "$TMP/data.txt" "Queries as tables: 3 rows" "a metric reads an earlier query as a table"
expect_grep "$TMP/data.txt" "Row SAN ANTONIO: n/a" "null-text for a NULL, row first in the lookup order"
expect_grep "$TMP/data.txt" "Row NEW YORK: 5\.391" "upper and int in a for-each row"
expect_grep "$TMP/data.txt" "Branch B for 2013" "else branch"
expect_no_grep "$TMP/data.txt" "Branch A" "the if branch not taken"
expect_grep "$TMP/data.txt" "Literal \{braces\} stay; title is Data test; date is 2023-11-14\." "literal braces and built-ins"
"$QUIRE" render "$T" -p year=2012 -o "$TMP/data2.pdf" 2>/dev/null
expect_true "the if branch for 2012" sh -c "pdftotext '$TMP/data2.pdf' - 2>/dev/null | grep -q 'Branch A'"
expect_exit 2 "a bad date param" -- "$QUIRE" render "$T" -p since=2013-02-30 -o "$TMP/x.pdf"
expect_grep "$TMP/err" "param 'since': '2013-02-30' is not a valid date" "names the param and the type"
expect_exit 2 "a bad num param" -- "$QUIRE" render "$T" -p released=1.5x -o "$TMP/x.pdf"

# Codes with a leading zero stay text: FIPS 06 is California, not 6.
printf 'state,fips\nCalifornia,06\nTexas,48\nMaine,23\n' >"$TMP/fips.csv"
T5=$(template fips.xml <<'EOT'
<report><data><csv name="s" src="fips.csv"/></data>
<query name="q">SELECT state, fips, typeof(fips) AS t FROM s ORDER BY state</query>
<body><for-each query="q"><p>{state}: {fips} ({t})</p></for-each></body></report>
EOT
)
expect_exit 0 "render codes with leading zeros" -- "$QUIRE" render "$T5" -o "$TMP/fips.pdf"
pdftotext "$TMP/fips.pdf" "$TMP/fips.txt" 2>/dev/null
expect_grep "$TMP/fips.txt" "^California: 06 \(text\)$" "a two-digit code keeps its zero"
expect_grep "$TMP/fips.txt" "^Texas: 48 \(text\)$" "and its column is text"

# -d replaces a dataset's file.
printf 'office,encountered,released,rate\nBoston,1,1,1\n' >"$TMP/other.csv"
T2=$(template d.xml <<'EOT'
<report><data><csv name="offices" src="offices.csv"/></data>
<query name="q">SELECT group_concat(office) AS names FROM offices</query>
<body><p>Offices: {q.names}</p></body></report>
EOT
)
"$QUIRE" render "$T2" -d "offices=$TMP/other.csv" -o "$TMP/d.pdf" 2>/dev/null
expect_true "-d replaced the dataset" sh -c "pdftotext '$TMP/d.pdf' - 2>/dev/null | grep -q 'Offices: Boston'"
expect_exit 2 "-d for a dataset the template lacks" -- "$QUIRE" render "$T2" -d "ofices=$TMP/other.csv" -o "$TMP/x.pdf"
printf 'not a database at all, just text\n' >"$TMP/bad.db"
T3=$(template badsqlite.xml <<'EOT'
<report><data><sqlite name="db" src="bad.db"/></data><body><p>x</p></body></report>
EOT
)
expect_exit 1 "a file that is not an SQLite database" -- "$QUIRE" render "$T3" -o "$TMP/x.pdf"
expect_grep "$TMP/err" "badsqlite\.xml:1: error: .*bad\.db" "names the file"
printf '[1, 2]' >"$TMP/notobjects.json"
T4=$(template badjson.xml <<'EOT'
<report><data><json name="j" src="notobjects.json"/></data><body><p>x</p></body></report>
EOT
)
expect_exit 1 "JSON that is not an array of objects" -- "$QUIRE" render "$T4" -o "$TMP/x.pdf"
finish
