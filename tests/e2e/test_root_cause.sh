# One cause, one message; a failed render writes nothing (issue 6 §2, §3).
# Each case counts the error lines: what follows from the first failure
# (the same missing font met again, a name whose query failed) is not
# reported, and no PDF is left at -o.
. "$(dirname "$0")/lib.sh"
cp "$FIX/offices.csv" "$TMP/offices.csv"

# errors_are N DESC: exactly N error lines in the last command's stderr.
errors_are() {
    got=$(grep -c 'error:' "$TMP/err")
    [ "$got" -eq "$1" ] && ok || bad "$2: $got error lines, want $1: $(head -c 600 "$TMP/err")"
}

# --- a missing font: exit 1, one message, no output (render and check) ---
font_case() {  # font_case NAME STYLE BODY
    T=$(template "$1.xml" <<EOT
<report>
  <data><csv name="offices" src="offices.csv"/></data>
  <query name="q">SELECT office, encountered FROM offices</query>
  <styles><style name="$2" font="No Such Family"/></styles>
  <body>
$3
  </body>
</report>
EOT
)
    expect_exit 1 "$1: render" -- "$QUIRE" render "$T" -o "$TMP/$1.pdf"
    errors_are 1 "$1: render"
    expect_grep "$TMP/err" "$1\.xml:[0-9]+: error: font family 'No Such Family' not found" "$1: names the family"
    expect_exit 1 "$1: check" -- "$QUIRE" check "$T"
    errors_are 1 "$1: check"
}
TABLE='<table query="q"><column title="Office" field="office"/><column title="Encountered" field="encountered" format="int"/></table>'
font_case td-font td "<p>Before the table.</p>$TABLE"
font_case th-font th "$TABLE"
font_case kpi-font kpi-value '<kpis><kpi value="12" label="things"/><kpi value="13" label="more"/></kpis>'
font_case kpi-label-font kpi-label '<kpis><kpi value="12" label="things"/><kpi value="13" label="more"/></kpis>'
# toc entries: an empty title leaves only the entries, in the toc's style
font_case toc-font h2 '<toc title=""/><h1>One</h1><p>x</p><h1>Two</h1>'
font_case written-td-font td '<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>'

# --- what follows from a failed statement, dataset or param (SPEC §8) ---
# A query with a misspelt column, used by metrics, text, an <if>, a
# for-each and a grouped table: only the query's own error.
chain() {  # chain NAME: the template below, with its sed edits on stdin's args
    template "$1.xml" <<'EOT'
<report>
  <param name="year" type="int" default="2013"/>
  <data><csv name="offices" src="offices.csv"/></data>
  <query name="q">SELECT office, encountered, released FROM offices</query>
  <metric name="total">SELECT sum(encountered) FROM q</metric>
  <metric name="share">SELECT 1.0 * {total} / 100</metric>
  <metric name="first">SELECT office FROM "Q" LIMIT 1</metric>
  <metric name="later">SELECT {year} + 1</metric>
  <body>
    <p>{total|int} {share|pct:1} {first} {q.office} {later} {year}</p>
    <if test="{total} > 5 AND {q.released} > 1"><p>big</p></if>
    <for-each query="q"><p>{office}: {encountered|int}</p></for-each>
    <table query="q" group-by="office">
      <column title="Office" field="office"/>
      <column title="Rate" value="{released|int} of {encountered|int}"/>
    </table>
  </body>
</report>
EOT
}
T=$(chain col)
sed -i 's/SELECT office, encountered, released/SELECT office, encounterd AS encountered, released/' "$T"
expect_exit 2 "misspelt column: check" -- "$QUIRE" check "$T"
errors_are 1 "misspelt column: check"
expect_grep "$TMP/err" "col\.xml:4: error: query 'q': .*encounterd" "names the query and the column"
expect_exit 2 "misspelt column: render" -- "$QUIRE" render "$T" -o "$TMP/col.pdf"
errors_are 1 "misspelt column: render"

T=$(chain nodata)
sed -i 's/offices\.csv/nope.csv/' "$T"
expect_exit 1 "missing dataset: check" -- "$QUIRE" check "$T"
errors_are 1 "missing dataset: check"
expect_grep "$TMP/err" "nodata\.xml:3: error: cannot open 'nope\.csv'" "names the dataset file"
expect_exit 1 "missing dataset: render" -- "$QUIRE" render "$T" -o "$TMP/nodata.pdf"
errors_are 1 "missing dataset: render"

T=$(chain noparam)
sed -i 's/ default="2013"//' "$T"
expect_exit 2 "param not given: check" -- "$QUIRE" check "$T"
errors_are 1 "param not given: check"
expect_grep "$TMP/err" "noparam\.xml:2: error: param 'year' has no default" "names the param"
expect_exit 2 "param of the wrong type" -- "$QUIRE" check "$T" -p year=soon
errors_are 1 "param of the wrong type"
expect_grep "$TMP/err" "param 'year': 'soon' is not a valid int" "names the param and the value"
# A misspelt -p is the cause; that year then has no value follows from it.
expect_exit 2 "misspelt -p" -- "$QUIRE" check "$T" -p yaer=2013
errors_are 1 "misspelt -p"
expect_grep "$TMP/err" "-p yaer: the template has no param 'yaer'; did you mean 'year'\?" "the typo, with a hint"

# Problems that do not follow from the failure are still each reported.
T=$(chain two)
sed -i 's/offices\.csv/nope.csv/; s|<p>big</p>|<p>{totl}</p>|; s|<metric name="later">SELECT {year} + 1|<metric name="later">SELECT {yaer} + 1|' "$T"
expect_exit 1 "independent causes" -- "$QUIRE" check "$T"
errors_are 3 "independent causes: the dataset, the metric, the typo"
expect_grep "$TMP/err" "two\.xml:8: error: unknown name 'yaer'" "the metric's own typo"
expect_grep "$TMP/err" "two\.xml:11: error: unknown name 'totl'" "the text's own typo"

# The example briefing without its year: one message, not one per use.
mkdir "$TMP/briefing"
cp -r "$ROOT/examples/briefing/data" "$TMP/briefing/"
sed 's/ default="2013"//' "$ROOT/examples/briefing/briefing.xml" >"$TMP/briefing/b.xml"
expect_exit 2 "briefing without -p year" -- "$QUIRE" check "$TMP/briefing/b.xml"
errors_are 1 "briefing without -p year"
expect_grep "$TMP/err" "b\.xml:[0-9]+: error: param 'year' has no default and was not given" "names the param"
expect_exit 0 "briefing with -p year" -- "$QUIRE" check "$TMP/briefing/b.xml" -p year=2013
sed 's/FROM removals WHERE fiscal_year = {year}</FROM removal WHERE fiscal_year = {year}</' \
    "$ROOT/examples/briefing/briefing.xml" >"$TMP/briefing/t.xml"
expect_exit 2 "briefing with a misspelt table" -- "$QUIRE" check "$TMP/briefing/t.xml"
errors_are 1 "briefing with a misspelt table"
expect_grep "$TMP/err" "t\.xml:[0-9]+: error: query 'fy': .*removal" "names the query and the table"

finish
