# Tables as a reader checks them: figures formatted and right-aligned, the
# header repeated (marked continued) on every page, groups, a total.
. "$(dirname "$0")/lib.sh"
cp "$FIX/offices.csv" "$TMP/offices.csv"
T=$(template table.xml <<'EOT'
<report>
  <data><csv name="offices" src="offices.csv"/></data>
  <query name="q">SELECT office, encountered, released, rate FROM offices ORDER BY office</query>
  <metric name="enc">SELECT sum(encountered) FROM offices</metric>
  <body>
    <table query="q">
      <column title="Office" field="office"/>
      <column title="Encountered" field="encountered" format="int"/>
      <column title="Released" value="{released|int} people"/>
      <column title="Rate" field="rate" format="pct:0"/>
      <total label="All offices"><cell value="{enc|int}"/><cell/><cell/></total>
    </table>
  </body>
</report>
EOT
)
expect_exit 0 "render a table" -- "$QUIRE" render "$T" -o "$TMP/t.pdf"
pdftotext -layout "$TMP/t.pdf" "$TMP/t.txt" 2>/dev/null
expect_grep "$TMP/t.txt" "Office +Encountered +Released +Rate" "header row"
expect_grep "$TMP/t.txt" "New York +7,571 +5,391 people +71%" "a row with fields, formats and a value"
expect_grep "$TMP/t.txt" "San Antonio +— +— people +79%" "NULLs in cells"
expect_grep "$TMP/t.txt" "All offices +11,152" "total row"
# Right alignment: the figures of a numeric column end at the same x.
pdftotext -bbox "$TMP/t.pdf" "$TMP/t.html" 2>/dev/null
ends=$(grep -E '>(7,571|3,581)<' "$TMP/t.html" | sed -E 's/.*xMax="([0-9.]+)".*/\1/' | awk '{printf "%d\n", $1 + 0.5}' | sort -u | wc -l)
expect_true "numbers right-aligned (one right edge, got $ends)" test "$ends" -eq 1
starts=$(grep -E '>(New|Newark|San)<' "$TMP/t.html" | sed -E 's/.*xMin="([0-9.]+)".*/\1/' | awk '{printf "%d\n", $1 + 0.5}' | sort -u | wc -l)
expect_true "text left-aligned (one left edge, got $starts)" test "$starts" -eq 1

# A long table: the header repeats on every page, marked as continued.
{
    echo 'year,office,removals'
    i=0
    while [ "$i" -lt 120 ]; do echo "$((2000 + i % 17)),Office $((i % 7)),$((i * 1013))"; i=$((i + 1)); done
} >"$TMP/long.csv"
T=$(template long.xml <<'EOT'
<report>
  <data><csv name="l" src="long.csv"/></data>
  <query name="q">SELECT office, year, removals FROM l ORDER BY office, year</query>
  <body>
    <h1>Removals by office</h1>
    <table query="q" group-by="office" zebra="true">
      <column title="Year" field="year" align="left"/>
      <column title="Removals" field="removals" format="int"/>
    </table>
    <p>After the table.</p>
  </body>
</report>
EOT
)
expect_exit 0 "render a long table" -- "$QUIRE" render "$T" -o "$TMP/long.pdf"
pages=$(pdfinfo "$TMP/long.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
expect_true "spans pages ($pages)" test "${pages:-0}" -ge 3
p=2; repeated=0
while [ "$p" -le "${pages:-0}" ]; do
    pdftotext -f "$p" -l "$p" -layout "$TMP/long.pdf" - 2>/dev/null | tr -d '\f' | grep -v '^[[:space:]]*$' | head -n 1 >"$TMP/first"
    grep -Eq "Year \(continued\) +Removals" "$TMP/first" && repeated=$((repeated + 1))
    p=$((p + 1))
done
expect_true "header repeated with 'continued' on each later page ($repeated of $((pages - 1)))" test "$repeated" -eq $((pages - 1))
pdftotext -layout "$TMP/long.pdf" "$TMP/long.txt" 2>/dev/null
expect_true "one group row per office" test "$(grep -cE '^ *Office [0-6] *$' "$TMP/long.txt")" -eq 7
expect_true "every row is there" test "$(grep -cE '^ *20[01][0-9] +[0-9,]+ *$' "$TMP/long.txt")" -eq 120

# Rows written out, with no query.
T=$(template tr.xml <<'EOT'
<report><body><table>
  <column title="Stage"/><column title="People" align="right"/>
  <tr><td>Encountered</td><td>722,000</td></tr>
  <tr><td>Charged</td><td><b>195,000</b></td></tr>
</table></body></report>
EOT
)
expect_exit 0 "render written rows" -- "$QUIRE" render "$T" -o "$TMP/tr.pdf"
expect_true "written rows" sh -c "pdftotext -layout '$TMP/tr.pdf' - 2>/dev/null | grep -Eq 'Charged +195,000'"
# A row taller than a page breaks inside its cells; nothing is lost.
{
    printf '<report><body><table><column title="Office" width="25%%"/><column title="Notes"/>'
    printf '<tr><td>Short</td><td>Fine</td></tr><tr><td>New York</td><td>'
    i=0
    while [ "$i" -lt 300 ]; do printf 'Note%d of a long cell that goes on. ' "$i"; i=$((i + 1)); done
    printf 'END</td></tr><tr><td>After</td><td>Last row</td></tr></table></body></report>\n'
} >"$TMP/tall.xml"
expect_exit 0 "a row taller than a page" -- "$QUIRE" render "$TMP/tall.xml" -o "$TMP/tall.pdf"
pdftotext "$TMP/tall.pdf" "$TMP/tall.txt" 2>/dev/null
expect_true "every note of the tall cell is there" test "$(grep -oE 'Note[0-9]+' "$TMP/tall.txt" | sort -u | wc -l)" -eq 300
expect_grep "$TMP/tall.txt" "END" "the cell's end"
expect_grep "$TMP/tall.txt" "Last row" "the row after it"
bottom=$(pdftotext -bbox "$TMP/tall.pdf" - 2>/dev/null | grep -oE 'yMax="[0-9.]+"' | grep -oE '[0-9.]+' | sort -n | tail -n 1)
expect_true "no text below the bottom margin (${bottom} <= 785.3)" awk "BEGIN { exit !($bottom <= 785.3) }"

# A total never starts a page alone: the row above comes with it. The spacer
# pushes the table down a millimetre at a time across the page's foot.
alone=0; overleaf=0; mm=212
while [ "$mm" -le 224 ]; do
    printf '<report><body><p>Above</p><spacer height="%smm"/><table><column title="Year"/><column title="Removals" align="right"/><tr><td>2011</td><td>1</td></tr><tr><td>2012</td><td>2</td></tr><tr><td>2013</td><td>3</td></tr><total label="Total"><cell value="6"/></total></table></body></report>\n' "$mm" >"$TMP/total.xml"
    "$QUIRE" render "$TMP/total.xml" -o "$TMP/total.pdf" 2>/dev/null
    pdftotext -f 2 -l 2 -layout "$TMP/total.pdf" - 2>/dev/null | tr -d '\f' | grep -v '^[[:space:]]*$' >"$TMP/p2"
    grep -q '^ *Total' "$TMP/p2" && overleaf=$((overleaf + 1))
    sed -n 2p "$TMP/p2" | grep -q '^ *Total' && alone=$((alone + 1))
    mm=$((mm + 1))
done
expect_true "some totals went overleaf ($overleaf), so the check below saw one" test "$overleaf" -gt 0
expect_true "no total alone under the repeated header ($alone)" test "$alone" -eq 0

# colspan: a note across both columns stays on one line.
T=$(template span.xml <<'EOT'
<report><body><table>
  <column title="Agency" width="30%"/><column title="Removals" align="right"/>
  <tr><td>ICE</td><td>368,644</td></tr>
  <tr><td colspan="2">Other agencies are not covered by this table at all</td></tr>
</table></body></report>
EOT
)
expect_exit 0 "render a colspan" -- "$QUIRE" render "$T" -o "$TMP/span.pdf"
expect_true "the spanning cell is one line" sh -c "pdftotext -layout '$TMP/span.pdf' - 2>/dev/null | grep -q 'Other agencies are not covered by this table at all'"

T=$(template badfield.xml <<'EOT'
<report><data><csv name="o" src="offices.csv"/></data><query name="q">SELECT * FROM o</query>
<body><table query="q"><column title="X" field="ofice"/></table></body></report>
EOT
)
expect_exit 2 "a field the query lacks" -- "$QUIRE" check "$T"
expect_grep "$TMP/err" "unknown name 'ofice'; did you mean 'office'\?" "suggests the column"
finish
