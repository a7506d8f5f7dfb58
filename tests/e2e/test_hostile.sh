# Templates from people the operator does not trust (SPEC §6).
. "$(dirname "$0")/lib.sh"
cp "$FIX/offices.csv" "$TMP/offices.csv"
sql_template() {  # sql_template NAME SQL
    cat >"$TMP/$1.xml" <<EOT
<report>
  <param name="who" type="text" default="Newark"/>
  <data><csv name="offices" src="offices.csv"/></data>
  <query name="q">$2</query>
  <body><p>rows: {q.n}</p></body>
</report>
EOT
    printf '%s\n' "$TMP/$1.xml"
}

# --- SQL is read-only ---
for stmt in "DELETE FROM offices" "INSERT INTO offices VALUES (1,2,3,4)" "DROP TABLE offices" \
            "ATTACH DATABASE '$TMP/x.db' AS x" "PRAGMA writable_schema = 1" "CREATE TABLE t (a)" \
            "SELECT load_extension('libm.so')" "PRAGMA journal_mode" "VACUUM"; do
    T=$(sql_template w "$stmt")
    expect_exit 2 "refused: $stmt" -- "$QUIRE" render "$T" -o "$TMP/x.pdf"
    expect_grep "$TMP/err" "w\.xml:4: error: query 'q'" "refusal names the query and line ($stmt)"
done
expect_true "the refused ATTACH created no file" test ! -e "$TMP/x.db"
# Two layers refuse writes: the authorizer while SQLite compiles, then
# sqlite3_stmt_readonly. PRAGMA journal_mode only reads, so only the
# authorizer refuses it; each write must be refused the same way, by the
# first layer, or that layer could vanish while the second hides it.
T=$(sql_template w "PRAGMA journal_mode")
"$QUIRE" render "$T" -o "$TMP/x.pdf" 2>"$TMP/auth.err"
expect_grep "$TMP/auth.err" "not allowed" "PRAGMA journal_mode is refused"
for stmt in "UPDATE offices SET released = 0" "DELETE FROM offices" "INSERT INTO offices VALUES (1,2,3,4)" \
            "CREATE TABLE t (a)" "DROP TABLE offices" "REPLACE INTO offices VALUES (1,2,3,4)"; do
    T=$(sql_template w "$stmt")
    "$QUIRE" render "$T" -o "$TMP/x.pdf" 2>"$TMP/w.err"
    expect_true "the authorizer refuses $stmt: $(cat "$TMP/w.err")" cmp -s "$TMP/auth.err" "$TMP/w.err"
done
# The authorizer lets UPDATE of the schema table through (pragma_table_info
# asks for it); sqlite3_stmt_readonly is what refuses a real one, even one
# that would change no row.
T=$(sql_template schema "UPDATE sqlite_master SET name = name WHERE 0")
expect_exit 2 "an UPDATE of sqlite_master is refused" -- "$QUIRE" render "$T" -o "$TMP/x.pdf"
T=$(sql_template two "SELECT 1 AS n; DELETE FROM offices")
expect_exit 2 "a second statement is refused" -- "$QUIRE" render "$T" -o "$TMP/x.pdf"
T=$(sql_template intro "SELECT count(*) AS n FROM pragma_table_info('offices')")
expect_exit 0 "introspection pragma as a table function" -- "$QUIRE" render "$T" -o "$TMP/intro.pdf"
expect_true "it counted four columns" sh -c "pdftotext '$TMP/intro.pdf' - 2>/dev/null | grep -q 'rows: 4'"
T=$(sql_template pragma "PRAGMA table_info(offices)")
sed -i 's/{q.n}/{q.name}/' "$T"
expect_exit 0 "introspection pragma statement" -- "$QUIRE" check "$T"

# --- placeholders are bound, never spliced ---
T=$(sql_template inject "SELECT count(*) AS n FROM offices WHERE office = {who}")
expect_exit 0 "a quote in a param" -- "$QUIRE" render "$T" -p "who=x' OR '1'='1" -o "$TMP/inj.pdf"
expect_true "the quote matched nothing" sh -c "pdftotext '$TMP/inj.pdf' - 2>/dev/null | grep -q 'rows: 0'"
"$QUIRE" render "$T" -p "who=Newark" -o "$TMP/inj2.pdf" 2>/dev/null
expect_true "the plain value matched one row" sh -c "pdftotext '$TMP/inj2.pdf' - 2>/dev/null | grep -q 'rows: 1'"

# --- time limit ---
T=$(sql_template slow "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT max(n) AS n FROM r")
expect_exit 1 "a runaway query stops" -- "$QUIRE" render "$T" --query-timeout 0.3 -o "$TMP/x.pdf"
expect_grep "$TMP/err" "slow\.xml:4: error: query 'q': stopped after 0\.3 s" "says it timed out"
expect_exit 2 "a bad --query-timeout" -- "$QUIRE" render "$T" --query-timeout -1

# --- paths stay inside the template's folder ---
mkdir -p "$TMP/inner" "$TMP/outside"
cp "$FIX/offices.csv" "$TMP/outside/o.csv"
cat >"$TMP/inner/escape.xml" <<'EOT'
<report><data><csv name="o" src="../outside/o.csv"/></data><body><p>x</p></body></report>
EOT
expect_exit 2 "a .. escape is refused" -- "$QUIRE" render "$TMP/inner/escape.xml" -o "$TMP/x.pdf"
expect_grep "$TMP/err" "escape\.xml:1: error: path '\.\./outside/o\.csv' leaves the template's folder" "names the path"
expect_exit 0 "--allow-path widens it" -- "$QUIRE" render "$TMP/inner/escape.xml" --allow-path "$TMP/outside" -o "$TMP/x.pdf"
cat >"$TMP/inner/abs.xml" <<'EOT'
<report><data><csv name="o" src="/etc/passwd"/></data><body><p>x</p></body></report>
EOT
expect_exit 2 "an absolute path elsewhere is refused" -- "$QUIRE" render "$TMP/inner/abs.xml" -o "$TMP/x.pdf"
cat >"$TMP/inner/nx.xml" <<'EOT'
<report><data><csv name="o" src="../../../../nonexistent/o.csv"/></data><body><p>x</p></body></report>
EOT
expect_exit 2 "an escape to a missing file is refused as an escape" -- "$QUIRE" render "$TMP/inner/nx.xml" -o "$TMP/x.pdf"
expect_exit 0 "-d paths are the operator's" -- "$QUIRE" render "$TMP/inner/escape.xml" -d "o=$TMP/outside/o.csv" -o "$TMP/x.pdf"

# --- XML attacks ---
cat >"$TMP/bomb.xml" <<'EOT'
<?xml version="1.0"?>
<!DOCTYPE report [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<report><body><p>&g;</p></body></report>
EOT
expect_exit 2 "an entity bomb is refused" -- timeout 10 "$QUIRE" render "$TMP/bomb.xml" -o "$TMP/x.pdf"
expect_grep "$TMP/err" "bomb\.xml:[0-9]+: error: " "with a location"
cat >"$TMP/xxe.xml" <<'EOT'
<?xml version="1.0"?>
<!DOCTYPE report [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
<report><body><p>&x;</p></body></report>
EOT
expect_exit 2 "an external entity is refused" -- "$QUIRE" render "$TMP/xxe.xml" -o "$TMP/xxe.pdf"
printf '<!DOCTYPE report [ <!ENTITY a "x"> ]>\n<report><body><p>hi</p></body></report>\n' >"$TMP/dtd.xml"
expect_exit 2 "any DOCTYPE is refused, even a harmless one" -- "$QUIRE" render "$TMP/dtd.xml" -o "$TMP/dtd.pdf"
expect_grep "$TMP/err" "dtd\.xml:1: error: .*DOCTYPE" "says what is refused, at its line"
printf '<?xml version="1.0"?>\n<!DOCTYPE report>\n<report><body><p>hi</p></body></report>\n' >"$TMP/dtd2.xml"
expect_exit 2 "a DOCTYPE after the XML declaration" -- "$QUIRE" check "$TMP/dtd2.xml"
expect_grep "$TMP/err" "dtd2\.xml:2: error: a DOCTYPE is not allowed" "names the DOCTYPE's line"
# libxml2 recovers from some errors and still returns a tree; quire does not.
printf '<report xmlns:q=""><body><p>hi</p></body></report>\n' >"$TMP/ns.xml"
expect_exit 2 "a recoverable XML error still fails" -- "$QUIRE" render "$TMP/ns.xml" -o "$TMP/ns.pdf"
expect_grep "$TMP/err" "ns\.xml:1: error: .*namespace" "the parser's message"
expect_true "and nothing of it was written" test ! -e "$TMP/xxe.pdf"
{ printf "<report><body>"; i=0; while [ $i -lt 3000 ]; do printf "<if test=\"1\">"; i=$((i + 1)); done; i=0; while [ $i -lt 3000 ]; do printf "</if>"; i=$((i + 1)); done; printf "</body></report>\n"; } >"$TMP/deep.xml"
expect_exit 2 "deep nesting is refused" -- timeout 10 "$QUIRE" render "$TMP/deep.xml" -o "$TMP/x.pdf"

{ printf '<report><body><p>'; head -c 17000000 /dev/zero | tr '\0' 'a'; printf '</p></body></report>\n'; } >"$TMP/huge.xml"
expect_exit 2 "a template over 16 MB is refused" -- timeout 20 "$QUIRE" render "$TMP/huge.xml" -o "$TMP/x.pdf"
expect_grep "$TMP/err" "huge\.xml: error: template is larger than 16 MB" "says the limit"
rm -f "$TMP/huge.xml"

# --- numbers too large, text where numbers go ---
printf 'n\n99999999999999999999999999\n' >"$TMP/huge.csv"
cat >"$TMP/huge.xml" <<'EOT'
<report><data><csv name="h" src="huge.csv"/></data><query name="q">SELECT n FROM h</query>
<body><p>{q.n|int} {q.n|compact}</p></body></report>
EOT
expect_exit 0 "a number too large for 64 bits still formats" -- "$QUIRE" render "$TMP/huge.xml" -o "$TMP/huge.pdf"
expect_true "as a grouped figure" sh -c "pdftotext '$TMP/huge.pdf' - 2>/dev/null | grep -Eq '^100,000,000,000,000,[0-9,]+ '"
finish
