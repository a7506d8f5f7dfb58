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

finish
