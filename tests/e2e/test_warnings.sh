# Warnings for traps that still render (SPEC §2): pct of a value above 1,
# '{name}' in quotes in SQL, integer division, a query with no rows where a
# block needs one. render and check print FILE:LINE: warning: ... once and
# succeed; --strict makes it an error (exit 2, no PDF).
. "$(dirname "$0")/lib.sh"

cat >"$TMP/offices.csv" <<'EOF'
office,year,released,encountered,rate_points
New York,2013,5391,7571,71.2
Newark,2013,2149,3581,60.0
Chicago,2014,3000,4000,75
EOF

# warns NAME LINE REGEX: TEMPLATE warns once at LINE, matching REGEX, under
# render and check; with --strict both fail with exit 2 and write nothing.
warns() {
    name=$1 line=$2 re=$3 t="$TMP/$1.xml"
    rm -f "$TMP/$name.pdf"
    expect_exit 0 "$name: render" -- "$QUIRE" render "$t" -o "$TMP/$name.pdf"
    expect_true "$name: the PDF is written" test -s "$TMP/$name.pdf"
    expect_grep "$TMP/err" "^$t:$line: warning: $re" "$name: the warning and its line"
    n=$(grep -c 'warning:' "$TMP/err")
    expect_true "$name: one warning, not $n: $(cat "$TMP/err")" test "$n" -eq 1
    expect_exit 0 "$name: check" -- "$QUIRE" check "$t"
    expect_grep "$TMP/err" "^$t:$line: warning: $re" "$name: check prints it"
    expect_grep "$TMP/err" "^$t: ok, 1 warning$" "$name: check counts it"
    n=$(grep -c 'warning:' "$TMP/err")
    expect_true "$name: check prints it once, not $n times" test "$n" -eq 1
    rm -f "$TMP/$name.pdf"
    expect_exit 2 "$name: render --strict" -- "$QUIRE" render "$t" --strict -o "$TMP/$name.pdf"
    expect_grep "$TMP/err" "^$t:$line: error: $re.*made an error by --strict" "$name: --strict error"
    expect_exit 2 "$name: check --strict" -- "$QUIRE" check "$t" --strict
    expect_no_grep "$TMP/err" ": ok" "$name: check --strict does not say ok"
}

# quiet NAME: TEMPLATE renders and checks with no warning at all.
quiet() {
    t="$TMP/$1.xml"
    expect_exit 0 "$1: render" -- "$QUIRE" render "$t" -o "$TMP/$1.pdf"
    expect_no_grep "$TMP/err" "warning|error" "$1: render is quiet"
    expect_exit 0 "$1: check" -- "$QUIRE" check "$t" --strict
    expect_grep "$TMP/err" "^$t: ok$" "$1: check --strict is ok"
}

# --- pct of a value above 1: once per placeholder, not once per row ---
template pct.xml >/dev/null <<'EOF'
<report>
  <data><csv name="o" src="offices.csv"/></data>
  <query name="q">SELECT office, rate_points FROM o</query>
  <body>
    <table query="q">
      <column title="Office" field="office"/>
      <column title="Release rate" field="rate_points" format="pct:1"/>
    </table>
  </body>
</report>
EOF
warns pct 7 "placeholder \{rate_points\|pct:1\}: pct of 71.2 prints 7,120.0%, .*divide by 100.*\{rate_points\|num:1\}%"

template pct_ok.xml >/dev/null <<'EOF'
<report>
  <data><csv name="o" src="offices.csv"/></data>
  <query name="q">SELECT office, rate_points / 100 AS rate, rate_points FROM o</query>
  <metric name="whole">SELECT 1</metric>
  <metric name="change">SELECT 1.5</metric>
  <body>
    <p>All: {whole|pct}. Change: {change|+pct:0}.</p>
    <for-each query="q"><p>{office}: {rate|pct:1} ({rate_points|num:1}%)</p></for-each>
  </body>
</report>
EOF
quiet pct_ok
expect_exit 0 "pct_ok: output" -- "$QUIRE" render "$TMP/pct_ok.xml" -o "$TMP/pct_ok.pdf"
pdftotext "$TMP/pct_ok.pdf" - | tr -s ' \n' '  ' >"$TMP/text"
expect_grep "$TMP/text" "All: 100%. Change: \+150%. New York: 71.2% \(71.2%\)" "pct_ok prints ratios"

# --- '{name}' inside quotes in SQL: the query's line ---
template quoted.xml >/dev/null <<'EOF'
<report>
  <param name="year" type="int" default="2013"/>
  <data><csv name="o" src="offices.csv"/></data>
  <metric name="n">
    SELECT count(*) FROM o WHERE year = '{year}'
  </metric>
  <body><p>{n} offices.</p></body>
</report>
EOF
warns quoted 4 "metric 'n': '\{year\}' is in quotes, so SQL reads it as text, not the value of year; remove the quotes: \{year\}"

template quoted_join.xml >/dev/null <<'EOF'
<report>
  <param name="year" type="int" default="2013"/>
  <data><csv name="o" src="offices.csv"/></data>
  <query name="q">SELECT office FROM o WHERE 'FY' || year = 'FY{year}'</query>
  <body><if test="'{year}' &lt;&gt; ''"><p>{q.office}</p></if></body>
</report>
EOF
expect_exit 0 "quoted_join: render" -- "$QUIRE" render "$TMP/quoted_join.xml" -o "$TMP/quoted_join.pdf"
expect_grep "$TMP/err" "quoted_join.xml:4: warning: query 'q': 'FY\{year\}' is in quotes.*join text and values with \|\|: 'FY' \|\| \{year\}$" "a literal with text around the name"
expect_grep "$TMP/err" "quoted_join.xml:5: warning: if test: '\{year\}' is in quotes" "an if test"
n=$(grep -c 'warning:' "$TMP/err")
expect_true "quoted_join: two warnings (the if test once over both passes), not $n" test "$n" -eq 2

template quoted_ok.xml >/dev/null <<'EOF'
<report>
  <param name="year" type="int" default="2013"/>
  <data><csv name="o" src="offices.csv"/></data>
  <metric name="n">SELECT count(*) FROM o WHERE year = {year} AND '{nothing}' &lt;&gt; "{ 1 }" -- '{year}'</metric>
  <metric name="label">SELECT 'FY' || {year} || ' {{year}}'</metric>
  <body><p>{n} offices in {label}.</p></body>
</report>
EOF
quiet quoted_ok

# --- integer division: the metric's or query's line, once per column ---
template intdiv.xml >/dev/null <<'EOF'
<report>
  <data><csv name="o" src="offices.csv"/></data>
  <metric name="share">
    SELECT sum(released) / sum(encountered) FROM o
  </metric>
  <body>
    <p>Released: {share|pct:1}.</p>
    <p>Again: {share|pct:0}.</p>
  </body>
</report>
EOF
warns intdiv 3 "metric 'share' is 0, a whole number, where \{share\|pct:1\} \(line 7\) wants a fraction: .*1\.0 \* a / b"

template intdiv_rows.xml >/dev/null <<'EOF'
<report>
  <data><csv name="o" src="offices.csv"/></data>
  <query name="q">SELECT office, released * 100 / encountered AS points FROM o</query>
  <body>
    <for-each query="q"><p>{office}: {points|num:1} points</p></for-each>
  </body>
</report>
EOF
warns intdiv_rows 3 "query 'q', column 'points' is 71, a whole number, where \{points\|num:1\} \(line 5\) wants a fraction"

template intdiv_ok.xml >/dev/null <<'EOF'
<report>
  <data><csv name="o" src="offices.csv"/></data>
  <query name="q">SELECT office, released, 1.0 * released / encountered AS rate, encountered / 1000 AS k,
    CASE WHEN encountered > 0 THEN 1.0 * released / encountered ELSE 0 END AS safe FROM o</query>
  <metric name="share">SELECT 1.0 * sum(released) / sum(encountered) FROM o</metric>
  <body>
    <p>Share: {share|pct:1}.</p>
    <for-each query="q"><p>{office}: {released|num:1}, {rate|pct:1}, {k|int}K, {safe|pct:0}</p></for-each>
  </body>
</report>
EOF
quiet intdiv_ok

# --- a query with no rows where a block needs one: the block's line ---
template norows_table.xml >/dev/null <<'EOF'
<report>
  <param name="year" type="int" default="2099"/>
  <data><csv name="o" src="offices.csv"/></data>
  <query name="q">SELECT office, released FROM o WHERE year = {year}</query>
  <body>
    <h1>Offices</h1>
    <table query="q"><column title="Office" field="office"/><column title="Released" field="released"/></table>
  </body>
</report>
EOF
warns norows_table 7 "table: query 'q' \(line 4\) found no rows"

template norows_kpi.xml >/dev/null <<'EOF'
<report>
  <param name="year" type="int" default="2099"/>
  <data><csv name="o" src="offices.csv"/></data>
  <query name="q">SELECT office, released FROM o WHERE year = {year}</query>
  <body>
    <kpis>
      <kpi value="{q.released|int}" label="released"/>
    </kpis>
  </body>
</report>
EOF
warns norows_kpi 7 "placeholder \{q.released\|int\}: query 'q' \(line 4\) found no rows, so it prints '—'"

template norows_metric.xml >/dev/null <<'EOF'
<report>
  <param name="office" type="text" default="Boston"/>
  <data><csv name="o" src="offices.csv"/></data>
  <metric name="released">SELECT released FROM o WHERE office = {office}</metric>
  <body>
    <p>{office}</p>
    <p>released {released|int}.</p>
  </body>
</report>
EOF
warns norows_metric 7 "placeholder \{released\|int\}: metric 'released' \(line 4\) found no rows"

template norows_ok.xml >/dev/null <<'EOF'
<report>
  <param name="year" type="int" default="2099"/>
  <data><csv name="o" src="offices.csv"/></data>
  <query name="q">SELECT office, released FROM o WHERE year = {year}</query>
  <metric name="n">SELECT count(*) FROM q</metric>
  <metric name="most">SELECT max(released) FROM q</metric>
  <body>
    <if test="{n} > 0">
      <table query="q"><column title="Office" field="office"/></table>
      <p>First: {q.office}.</p>
    </if>
    <else><p>No offices in {year}; most released: {most|int}.</p></else>
    <for-each query="q"><p>{office}</p></for-each>
  </body>
</report>
EOF
quiet norows_ok

# --- the example briefing has none of these traps (docs/examples/run.sh
# checks the guide's examples the same way) ---
B="$ROOT/examples/briefing/briefing.xml"
expect_exit 0 "briefing: check --strict" -- "$QUIRE" check "$B" --strict
expect_grep "$TMP/err" "briefing.xml: ok$" "briefing: no warning under check"
expect_exit 0 "briefing: render --strict" -- "$QUIRE" render "$B" --strict -o "$TMP/briefing.pdf"
expect_no_grep "$TMP/err" "warning|error" "briefing: render is quiet"

finish
