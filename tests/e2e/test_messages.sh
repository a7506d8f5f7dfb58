# One cause, one message (issue 6 §3): each broken template below gives one
# line, FILE:LINE: error:, that names the element, the attribute and what
# is allowed, with none of libxml2's follow-on complaints.
. "$(dirname "$0")/lib.sh"
cp "$FIX/offices.csv" "$TMP/offices.csv"

# one NAME WANT-REGEX DESC: `check` exits 2 with exactly one error line,
# which matches.
one() {
    expect_exit 2 "$3" -- "$QUIRE" check "$TMP/$1"
    expect_grep "$TMP/err" "$2" "$3"
    expect_true "$3: one message, not $(grep -c 'error:' "$TMP/err")" test "$(grep -c 'error:' "$TMP/err")" -eq 1
}

# --- schema ---
template zebra.xml >/dev/null <<'EOT'
<report>
  <data><csv name="offices" src="offices.csv"/></data>
  <query name="q">SELECT * FROM offices</query>
  <body>
    <table query="q" zebra="yes"/>
    <title>After</title>
  </body>
</report>
EOT
one zebra.xml 'zebra\.xml:5: error: <table zebra="yes">: zebra must be true or false$' "enumerated attribute: allowed values"

template attr.xml >/dev/null <<'EOT'
<report>
  <body>
    <title>T</title>
    <p algn="left">x</p>
    <h1>After</h1>
  </body>
</report>
EOT
one attr.xml "attr\.xml:4: error: <p> has no attribute 'algn'; did you mean 'align'\? \(<p> takes style, align and hyphenate\)" "misspelt attribute: suggestion and allowed list"

template chartattr.xml >/dev/null <<'EOT'
<report>
  <body>
    <chart id="c" type="bar" quary="q"/>
  </body>
</report>
EOT
one chartattr.xml "chartattr\.xml:3: error: <chart> has no attribute 'quary'; did you mean 'query'\?" "a misspelt required attribute is not also 'missing'"

template stem.xml >/dev/null <<'EOT'
<report language="en"><body/></report>
EOT
one stem.xml "stem\.xml:1: error: <report> has no attribute 'language'; did you mean 'lang'\?" "a name run long still finds its match"

template enum.xml >/dev/null <<'EOT'
<report>
  <body>
    <chart id="c" type="pie3d" query="q"/>
  </body>
</report>
EOT
one enum.xml "enum\.xml:3: error: <chart type=\"pie3d\">: type must be bar, hbar, .* or funnel; did you mean 'pie'\?" "enumeration: every value and the closest"

template length.xml >/dev/null <<'EOT'
<report>
  <body>
    <spacer height="12px"/>
  </body>
</report>
EOT
one length.xml 'length\.xml:3: error: <spacer height="12px">: height must be a length: .*pt, mm, cm or in' "a pattern, described in words"

template elem.xml >/dev/null <<'EOT'
<report>
  <body>
    <paragraph>hi</paragraph>
    <title>After</title>
  </body>
</report>
EOT
one elem.xml "elem\.xml:3: error: unknown element <paragraph> in <body>; did you mean <p>\?" "misspelt element"

template kind.xml >/dev/null <<'EOT'
<report>
  <data><xlsx name="x" src="x.xlsx"/></data>
  <body/>
</report>
EOT
one kind.xml "kind\.xml:2: error: unknown element <xlsx> \(<data> holds csv, json and sqlite\)" "unknown element: what the parent holds"

template place.xml >/dev/null <<'EOT'
<report>
  <data>
    <csv name="offices" src="offices.csv"/>
    <query name="q">SELECT 1</query>
  </data>
  <body/>
</report>
EOT
one place.xml "place\.xml:4: error: <query> cannot go in <data> \(<data> holds csv, json and sqlite\); <query> goes in <report>" "element in the wrong place"

template inline.xml >/dev/null <<'EOT'
<report>
  <body>
    <b>bold</b>
  </body>
</report>
EOT
one inline.xml "inline\.xml:3: error: <b> cannot go directly in <body>; put it in a <p>" "inline element among blocks"

template required.xml >/dev/null <<'EOT'
<report>
  <body>
    <image src="x.png"/>
  </body>
</report>
EOT
one required.xml "required\.xml:3: error: <image> needs the attribute alt" "missing required attribute"

template text.xml >/dev/null <<'EOT'
<report>
  <body>
    Loose words.
  </body>
</report>
EOT
one text.xml "text\.xml:3: error: text is not allowed directly in <body>; put it in a <p>" "text where none is allowed"

template listtext.xml >/dev/null <<'EOT'
<report>
  <body>
    <list>one, two</list>
  </body>
</report>
EOT
one listtext.xml "listtext\.xml:3: error: text is not allowed in <list> \(<list> holds item\)" "text in a list is one message, not also 'needs an item'"

template order.xml >/dev/null <<'EOT'
<report>
  <body/>
  <param name="year" type="int" default="2013"/>
</report>
EOT
one order.xml "order\.xml:3: error: <param> must come before <body> in <report>" "order"

template else.xml >/dev/null <<'EOT'
<report>
  <body>
    <p>x</p>
    <else><p>y</p></else>
  </body>
</report>
EOT
one else.xml "else\.xml:4: error: <else> must come right after an <if>" "else without if"

template nobody.xml >/dev/null <<'EOT'
<report>
  <bdy><p>x</p></bdy>
</report>
EOT
one nobody.xml "nobody\.xml:2: error: unknown element <bdy> in <report>; did you mean <body>\?" "a misspelt body is not also a missing one"

template two.xml >/dev/null <<'EOT'
<report>
  <page><header/><header/></page>
  <body/>
</report>
EOT
one two.xml "two\.xml:2: error: <page> may hold only one <header>" "one allowed, two given"

# Independent mistakes are each reported, once.
template many.xml >/dev/null <<'EOT'
<report>
  <styles><style name="x" weight="heavy"/></styles>
  <body>
    <kpis><kpi value="1" label="a" colour="#000"/></kpis>
    <spacer/>
  </body>
</report>
EOT
expect_exit 2 "three mistakes" -- "$QUIRE" check "$TMP/many.xml"
expect_true "three mistakes, three lines" test "$(grep -c 'error:' "$TMP/err")" -eq 3
expect_grep "$TMP/err" "many\.xml:2: error: <style weight=\"heavy\">: weight must be normal or bold" "first of three"
expect_grep "$TMP/err" "many\.xml:4: error: <kpi> has no attribute 'colour'; did you mean 'color'\?" "second of three"
expect_grep "$TMP/err" "many\.xml:5: error: <spacer> needs the attribute height" "third of three"

# --- SQL ---
sqlt() {  # sqlt NAME SQL: a template with one dataset, a query q and a later one
    template "$1" >/dev/null <<EOT
<report>
  <data><csv name="offices" src="offices.csv"/></data>
  <query name="q">$2</query>
  <query name="later">SELECT 1 AS one</query>
  <body><p>x</p></body>
</report>
EOT
}
sqlt undeclared.xml 'SELECT * FROM det'
one undeclared.xml "undeclared\.xml:3: error: query 'q': no such table: det; the template has no dataset 'det': declare it in <data>" "an undeclared dataset: declare it in <data>"
sqlt tabletypo.xml 'SELECT * FROM ofices'
one tabletypo.xml "tabletypo\.xml:3: error: query 'q': no such table: ofices; did you mean 'offices'\?" "a misspelt dataset: the closest declared one"
sqlt below.xml 'SELECT * FROM later'
one below.xml "below\.xml:3: error: query 'q': no such table: later; 'later' is defined below" "a query defined below: say so"
sqlt coltypo.xml 'SELECT office, relased FROM offices'
one coltypo.xml "coltypo\.xml:3: error: query 'q': no such column: relased; did you mean 'released'\?" "a misspelt column: the closest column"
sqlt colalias.xml 'SELECT o.office FROM offices o WHERE o.encountred > 0'
one colalias.xml "colalias\.xml:3: error: query 'q': no such column: o\.encountred; did you mean 'encountered'\?" "a misspelt column behind an alias"
sqlt colnone.xml 'SELECT office, nope FROM offices'
one colnone.xml "colnone\.xml:3: error: query 'q': no such column: nope \(offices has office, encountered, released and rate\)" "no close column: the table's columns"

# A '<' or '&' in SQL breaks the XML before SQL sees it.
sqlt lt.xml 'SELECT * FROM offices WHERE released < 3000'
one lt.xml "lt\.xml:3: error: a '<' in the SQL of <query> starts an XML tag: write '&lt;' or wrap the SQL in <!\[CDATA\[ \.\.\. \]\]>" "'<' in SQL"
template ltmetric.xml >/dev/null <<'EOT'
<report>
  <data><csv name="offices" src="offices.csv"/></data>
  <metric name="m">
    SELECT count(*) FROM offices
    WHERE released<3000
  </metric>
  <body><p>x</p></body>
</report>
EOT
one ltmetric.xml "ltmetric\.xml:5: error: a '<' in the SQL of <metric> starts an XML tag" "'<' in a metric, on its line"
sqlt amp.xml "SELECT 'AT&T' AS office"
one amp.xml "amp\.xml:3: error: a '&' in the SQL of <query> starts an XML entity: write '&amp;'" "'&' in SQL"
template ltattr.xml >/dev/null <<'EOT'
<report>
  <body><if test="1 < 2"><p>x</p></if></body>
</report>
EOT
one ltattr.xml "ltattr\.xml:2: error: a '<' in an attribute value must be written '&lt;'" "'<' in an attribute"
template cdata.xml >/dev/null <<'EOT'
<report>
  <data><csv name="offices" src="offices.csv"/></data>
  <query name="q"><![CDATA[SELECT office FROM offices WHERE released < 3000]]></query>
  <body><p>{q.office}</p></body>
</report>
EOT
expect_exit 0 "CDATA SQL with '<' is fine" -- "$QUIRE" check "$TMP/cdata.xml"

# --- a CSV value that is not a date: the cell, FILE:LINE:COL ---
printf 'office,opened\nNewark,2013-10-01\n"Long\nName",2013-11-01\nBoston,2013/10/02\n' >"$TMP/dates.csv"
template dates.xml >/dev/null <<'EOT'
<report>
  <data><csv name="d" src="dates.csv"/></data>
  <query name="q">SELECT office, opened FROM d</query>
  <body>
    <for-each query="q"><p>{office}: {opened|date:%d %B %Y}</p></for-each>
  </body>
</report>
EOT
expect_exit 1 "a date that is not one" -- "$QUIRE" render "$TMP/dates.xml" -o "$TMP/dates.pdf"
expect_grep "$TMP/err" "dates\.csv:5:2: error: column 'opened': '2013/10/02' is not a date \(YYYY-MM-DD\), for placeholder \{opened\|date:%d %B %Y\} at .*dates\.xml:5$" "names the CSV file, line and column"
expect_true "one message for the bad date" test "$(grep -c 'error:' "$TMP/err")" -eq 1
template datemetric.xml >/dev/null <<'EOT'
<report>
  <data><csv name="d" src="dates.csv"/></data>
  <metric name="first_bad">SELECT max(opened) FROM d</metric>
  <body><p>{first_bad|date:%Y}</p></body>
</report>
EOT
expect_exit 1 "a bad date through a metric" -- "$QUIRE" render "$TMP/datemetric.xml" -o "$TMP/dates.pdf"
expect_grep "$TMP/err" "dates\.csv:5:2: error: column 'opened': '2013/10/02' is not a date" "found through a metric of another name"

finish
