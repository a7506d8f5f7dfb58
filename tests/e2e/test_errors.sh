# Every failure: the exit code of SPEC §2, FILE:LINE: error: MESSAGE, and no
# partial output (an existing file stays as it was).
. "$(dirname "$0")/lib.sh"
S="$FIX/small.xml"

# A template beside the fixtures' data, built from small.xml with one change.
variant() {  # variant NAME SED-EXPR
    sed "$2" "$S" >"$FIX/.tmp-$1.xml"
    printf '%s\n' "$FIX/.tmp-$1.xml"
}
trap 'rm -rf "$TMP" "$FIX"/.tmp-*.xml' EXIT

# --- usage errors: exit 2 ---
expect_exit 2 "no command" -- "$QUIRE"
expect_exit 2 "unknown command" -- "$QUIRE" frobnicate
expect_exit 2 "unknown option" -- "$QUIRE" render "$S" --frob
expect_grep "$TMP/err" "unknown option '--frob'" "names the option"
expect_exit 2 "option without its value" -- "$QUIRE" render "$S" -o
expect_exit 2 "missing template" -- "$QUIRE" render "$TMP/nope.xml" -o "$TMP/x.pdf"
expect_grep "$TMP/err" "nope.xml: error: cannot open template" "names the missing file"
expect_exit 2 "-p without =" -- "$QUIRE" render "$S" -p year -o "$TMP/x.pdf"
expect_exit 2 "-p value of the wrong type" -- "$QUIRE" render "$S" -p year=twenty -o "$TMP/x.pdf"
expect_grep "$TMP/err" "param 'year': 'twenty' is not a valid int" "names the param"
expect_exit 2 "-p for a param the template lacks" -- "$QUIRE" render "$S" -p yaer=2013 -o "$TMP/x.pdf"
expect_grep "$TMP/err" "no param 'yaer'" "names the unknown param"
T=$(variant noparam 's/ default="2013"//')
expect_exit 2 "a param without default, not given" -- "$QUIRE" render "$T" -o "$TMP/x.pdf"
expect_grep "$TMP/err" "\.tmp-noparam\.xml:3: error: param 'year' has no default" "line of the param"
expect_exit 0 "the same param given" -- "$QUIRE" render "$T" -p year=2014 -o "$TMP/x.pdf"

printf '<report><body><p>unclosed</body></report>\n' >"$TMP/bad.xml"
expect_exit 2 "malformed XML" -- "$QUIRE" render "$TMP/bad.xml" -o "$TMP/x.pdf"
expect_grep "$TMP/err" "bad\.xml:1: error: " "FILE:LINE of the parser error"
printf '<report>\n<body>\n<para>hi</para>\n</body>\n</report>\n' >"$TMP/schema.xml"
expect_exit 2 "schema error" -- "$QUIRE" render "$TMP/schema.xml" -o "$TMP/x.pdf"
expect_grep "$TMP/err" "schema\.xml:3: error: " "line of the unknown element"
: >"$TMP/empty.xml"
expect_exit 2 "empty template" -- "$QUIRE" render "$TMP/empty.xml" -o "$TMP/x.pdf"
head -c 3000 /dev/urandom >"$TMP/binary.xml"
expect_exit 2 "binary template" -- "$QUIRE" render "$TMP/binary.xml" -o "$TMP/x.pdf"
head -c 400 "$S" >"$TMP/truncated.xml"
expect_exit 2 "truncated template" -- "$QUIRE" render "$TMP/truncated.xml" -o "$TMP/x.pdf"

T=$(variant typo 's/{release_rate|pct:1}/{relase_rate|pct:1}/')
expect_exit 2 "unknown name" -- "$QUIRE" render "$T" -o "$TMP/x.pdf"
expect_grep "$TMP/err" "\.tmp-typo\.xml:11: error: unknown name 'relase_rate'; did you mean 'release_rate'\?" "suggestion"
T=$(variant typos 's/{release_rate|pct:1}/{relase_rate|pct:1}/; s/{total|int}/{totl|int}/')
expect_exit 2 "check finds every problem" -- "$QUIRE" check "$T"
expect_true "two problems, two lines" test "$(grep -c 'error:' "$TMP/err")" -eq 2
T=$(variant badfmt 's/{total|int}/{total|percent}/')
expect_exit 2 "unknown format" -- "$QUIRE" check "$T"
expect_grep "$TMP/err" "unknown format 'percent'" "names the format"
T=$(variant brace 's/Total /Total { /')
expect_exit 2 "a lone brace" -- "$QUIRE" check "$T"
expect_grep "$TMP/err" "write '\{\{' for a literal brace" "hint for literal braces"
T=$(variant literal 's/Total /Total {{x}} /')
expect_exit 0 "doubled braces are literal" -- "$QUIRE" render "$T" -o "$TMP/lit.pdf"
expect_true "literal braces in the text" sh -c "pdftotext '$TMP/lit.pdf' - 2>/dev/null | grep -q 'Total {x}'"

# A query that fails to compile fails the render even when unused.
T=$(variant badsql 's|<metric name="total">|<metric name="unused">SELECT nope FROM offices</metric><metric name="total">|')
expect_exit 2 "query that does not compile" -- "$QUIRE" render "$T" -o "$TMP/x.pdf"
expect_grep "$TMP/err" "metric 'unused': no such column: nope" "SQLite's message with the metric's name"

# --- data and rendering errors: exit 1 ---
T=$(variant nodata 's/offices.csv/missing.csv/')
expect_exit 1 "missing dataset" -- "$QUIRE" render "$T" -o "$TMP/x.pdf"
expect_grep "$TMP/err" "\.tmp-nodata\.xml:5: error: cannot open 'missing.csv'" "names the dataset file"
expect_exit 1 "ragged CSV row" -- "$QUIRE" render "$S" -d "offices=$FIX/ragged.csv" -o "$TMP/x.pdf"
expect_grep "$TMP/err" "ragged\.csv:3:[0-9]+: error: " "CSV error with line and column"
expect_exit 1 "empty CSV" -- "$QUIRE" render "$S" -d "offices=$FIX/empty.csv" -o "$TMP/x.pdf"
expect_grep "$TMP/err" "empty\.csv: error: " "names the empty file"
T=$(variant textnum 's/{one.office} encountered/{one.office|int} encountered/')
expect_exit 1 "text given a number format" -- "$QUIRE" render "$T" -o "$TMP/x.pdf"
expect_grep "$TMP/err" ":11: error: placeholder \{one.office\|int\}: 'Newark' is not a number" "names the placeholder"
T=$(variant font 's|<body>|<styles><style name="body" font="No Such Family"/></styles><body>|')
expect_exit 1 "missing font family" -- "$QUIRE" render "$T" -o "$TMP/x.pdf"
expect_grep "$TMP/err" "font family 'No Such Family' not found" "names the family"
T=$(variant pages 's|<p>Total|<for-each query="many"><p>row {n}</p></for-each><p>Total|; s|<metric name="total">|<query name="many">WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE 400 > n) SELECT n FROM r</query><metric name="total">|')
expect_exit 1 "too many pages" -- "$QUIRE" render "$T" --max-pages 3 -o "$TMP/x.pdf"
expect_grep "$TMP/err" "more than 3 pages" "says the limit"
expect_exit 0 "the same with room" -- "$QUIRE" render "$T" -o "$TMP/many.pdf"

# --- nothing partial, an existing file untouched ---
printf 'precious' >"$TMP/keep.pdf"
"$QUIRE" render "$S" -d "offices=$FIX/ragged.csv" -o "$TMP/keep.pdf" 2>/dev/null
expect_true "existing output untouched after a failure" test "$(cat "$TMP/keep.pdf")" = precious
"$QUIRE" render "$S" -d "offices=$FIX/ragged.csv" -o "$TMP/new.pdf" 2>/dev/null
expect_true "no output after a failure" test ! -e "$TMP/new.pdf"
expect_true "no temporary files left" test -z "$(ls -A "$TMP" | grep '^\.')"
expect_exit 1 "unwritable output folder" -- "$QUIRE" render "$S" -o "$TMP/no/such/dir/x.pdf"
expect_grep "$TMP/err" "x\.pdf: error: cannot write" "names the output"

# --- other commands ---
expect_exit 0 "--version" -- "$QUIRE" --version
expect_grep "$TMP/out" "^quire [0-9]+\.[0-9]+\.[0-9]+$" "version line"
expect_exit 0 "--help" -- "$QUIRE" --help
expect_grep "$TMP/out" "quire render TEMPLATE" "usage"
expect_exit 0 "fonts" -- "$QUIRE" fonts
expect_grep "$TMP/out" "^Noto Sans	Regular	/.*NotoSans-Regular\.ttf$" "Noto Sans and its file"
finish
