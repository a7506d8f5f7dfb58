# quire batch (SPEC §2, §8 "Batch"): one PDF per row, params from the row,
# output names, shards, the manifest, failures, resuming after kill -9,
# -j not changing a byte, and shards as separate processes (GNU parallel).
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1

# A small report per office: the row's columns set params, and one column
# (label) only feeds the output pattern.
cat >"$TMP/offices.csv" <<'EOT'
code,office,encountered,released
NYC,New York,7571,5391
NWK,Newark,3581,2149
SAT,San Antonio,9120,7205
WAS,Washington,4410,2822
EOT
T=$(template one.xml <<'EOT'
<report title="Office {code}">
  <param name="code" type="text"/>
  <param name="scale" type="int" default="1"/>
  <param name="note" type="text" default="default note"/>
  <data><csv name="offices" src="offices.csv"/></data>
  <query name="o">SELECT office, encountered * {scale} AS encountered, released FROM offices WHERE code = {code}</query>
  <query name="all_rows">SELECT code, office AS label FROM offices ORDER BY code</query>
  <body>
    <h1>{o.office} ({code})</h1>
    <p>Encountered {o.encountered|int}, released {o.released|int}. Note: {note}.</p>
  </body>
</report>
EOT
)

# N rows give N PDFs, each with its own row's figures.
expect_exit 0 "batch over a named query" -- "$QUIRE" batch "$T" --each all_rows -o "rep/{code}.pdf" --manifest m.jsonl -j 2
n=$(ls rep/*.pdf 2>/dev/null | wc -l)
expect_true "4 rows, 4 PDFs (got $n)" test "$n" -eq 4
pdftotext rep/NYC.pdf nyc.txt 2>/dev/null
expect_grep nyc.txt "New York \(NYC\)" "row NYC's office"
expect_grep nyc.txt "Encountered 7,571, released 5,391" "row NYC's figures"
pdftotext rep/SAT.pdf sat.txt 2>/dev/null
expect_grep sat.txt "San Antonio \(SAT\)" "row SAT's office"
expect_grep sat.txt "Encountered 9,120, released 7,205" "row SAT's figures"
expect_no_grep sat.txt "New York" "no other row's values in SAT"
expect_grep "$TMP/err" "4 reports .* 4 ok, 0 failed, 0 skipped" "one-line summary"
expect_no_grep "$TMP/err" "$(printf '\r')" "no progress bar when stderr is not a terminal"
# The same as a render of that row.
"$QUIRE" render "$T" -p code=NWK -o nwk.pdf 2>/dev/null
expect_true "batch output = render of the same params" cmp -s nwk.pdf rep/NWK.pdf

# The manifest: one line per report with exactly the keys of SPEC §8.
lines=$(wc -l <m.jsonl)
expect_true "manifest: 4 lines (got $lines)" test "$lines" -eq 4
keys_ok=1
while IFS= read -r line; do
    keys=$(printf '%s\n' "$line" | grep -oE '"[a-z0-9]+":' | tr -d '":' | grep -vE '^(code|scale|note)$' | tr '\n' ' ')
    [ "$keys" = "row output params pages bytes sha256 ms status error " ] || { keys_ok=0; bad "manifest keys: $keys"; }
done <m.jsonl
[ "$keys_ok" -eq 1 ] && ok
nyc=$(grep '"output":"rep/NYC.pdf"' m.jsonl)
expect_true "manifest: NYC is row 1 in QUERY's order" sh -c "printf '%s' '$nyc' | grep -q '\"row\":1,'"
sum=$(sha256sum rep/NYC.pdf | cut -d' ' -f1)
size=$(stat -c %s rep/NYC.pdf)
expect_true "manifest: sha256 of the file" sh -c "printf '%s' '$nyc' | grep -q '\"sha256\":\"$sum\"'"
expect_true "manifest: bytes of the file" sh -c "printf '%s' '$nyc' | grep -q '\"bytes\":$size,'"
expect_true "manifest: pages, status ok, error null, params" sh -c \
    "printf '%s' '$nyc' | grep -q '\"params\":{\"code\":\"NYC\"},\"pages\":1,.*\"status\":\"ok\",\"error\":null}'"
# Appended, not replaced.
"$QUIRE" batch "$T" --each all_rows -o "rep/{code}.pdf" --manifest m.jsonl 2>/dev/null
lines=$(wc -l <m.jsonl)
expect_true "manifest appended (8 lines, got $lines)" test "$lines" -eq 8

# SQL as QUERY; a column named like a param sets it (parsed as -p would),
# the row overrides -p, NULL leaves the -p value or default.
expect_exit 0 "batch over SQL, row overrides -p" -- "$QUIRE" batch "$T" \
    --each "SELECT code, CASE code WHEN 'NYC' THEN 2 END AS scale, NULL AS note FROM offices WHERE code IN ('NYC','NWK')" \
    -o "sql/{code}.pdf" -p scale=3 -j 1
pdftotext sql/NYC.pdf s1.txt 2>/dev/null
pdftotext sql/NWK.pdf s2.txt 2>/dev/null
expect_grep s1.txt "Encountered 15,142" "row's scale=2 overrides -p scale=3"
expect_grep s2.txt "Encountered 10,743" "NULL scale leaves -p scale=3"
expect_grep s2.txt "Note: default note" "NULL note leaves the default"
expect_exit 0 "a row value parsed as the param's type" -- "$QUIRE" batch "$T" \
    --each "SELECT 'NYC' AS code, '2' AS scale" -o "typed/{code}.pdf"
pdftotext typed/NYC.pdf s3.txt 2>/dev/null
expect_grep s3.txt "Encountered 15,142" "text '2' sets the int param"
expect_exit 3 "a row value that does not parse as the param fails that report" -- "$QUIRE" batch "$T" \
    --each "SELECT 'NYC' AS code, 'two' AS scale" -o "typed/bad-{code}.pdf"
expect_grep "$TMP/err" "param 'scale': 'two' is not a valid int" "the reason"

# QUERY runs before any row: a param only rows set is not available to it.
expect_exit 2 "QUERY using a row-only param" -- "$QUIRE" batch "$T" --each "SELECT code FROM offices WHERE code = {code}" -o "x/{code}.pdf"
expect_grep "$TMP/err" "only rows set .*'code'" "says which param"
expect_exit 0 "QUERY may use -p values and defaults" -- "$QUIRE" batch "$T" \
    --each "SELECT code FROM offices WHERE encountered * {scale} > 8000" -p scale=2 -o "px/{code}.pdf"
n=$(ls px/*.pdf 2>/dev/null | wc -l)
expect_true "QUERY saw -p scale=2 (3 rows, got $n)" test "$n" -eq 3
expect_exit 2 "unknown query name, with a hint" -- "$QUIRE" batch "$T" --each all_row -o "x/{code}.pdf"
expect_grep "$TMP/err" "no query 'all_row'; did you mean 'all_rows'" "the hint"
expect_exit 2 "a placeholder that is no column" -- "$QUIRE" batch "$T" --each all_rows -o "x/{office}.pdf"
expect_grep "$TMP/err" "'\{office\}' is not a column of --each \(it has \{code\}, \{label\}\)" "names the columns"
# A template error is found once, before any report: exit 2, nothing written.
Y=$(template typo.xml <<'EOT'
<report><param name="n" type="int"/><body><p>Row {n}</p><if test="{n} = 99"><p>{nope}</p></if></body></report>
EOT
)
expect_exit 2 "an unknown name in a branch no row takes" -- "$QUIRE" batch "$Y" --each "SELECT 1 AS n" -o "x/{n}.pdf"
expect_grep "$TMP/err" "typo.xml:1: error: unknown name 'nope'" "named with its line"
expect_no_grep "$TMP/err" "row 0" "before any report"
expect_exit 2 "QUERY that writes" -- "$QUIRE" batch "$T" --each "DELETE FROM offices" -o "x/{code}.pdf"
expect_exit 2 "no --each" -- "$QUIRE" batch "$T" -o "x/{code}.pdf"
expect_exit 2 "no -o" -- "$QUIRE" batch "$T" --each all_rows
expect_exit 2 "-j 0" -- "$QUIRE" batch "$T" --each all_rows -o "x/{code}.pdf" -j 0
expect_exit 2 "bad template" -- "$QUIRE" batch "$TMP/none.xml" --each all_rows -o "x/{code}.pdf"
expect_true "nothing written by the usage errors" test ! -e x

# --shard out of range or malformed: usage errors.
for s in 0/3 4/3 1/0 3 a/b 1/3x -1/2; do
    expect_exit 2 "--shard $s" -- "$QUIRE" batch "$T" --each all_rows -o "x/{code}.pdf" --shard "$s"
done
expect_true "nothing written by bad shards" test ! -e x

# File names: values keep spaces and punctuation; '/', control
# characters become '_'; a component that a value makes empty, '.' or
# '..' becomes '_'; folders are created.
expect_exit 0 "sanitized file names" -- "$QUIRE" batch "$T" --each "SELECT * FROM (
    SELECT 'NYC' AS code, 'a/b' AS d, 'x' AS f UNION ALL
    SELECT 'NWK', '..', 'y' UNION ALL
    SELECT 'SAT', '', 'Zürich, \"Q1\" (draft) 50% & more' UNION ALL
    SELECT 'WAS', '.', 'tab' || char(9) || 'nl' || char(10) || 'end')" -o "names/{d}/{f}.pdf"
expect_true "'/' in a value became '_'" test -f "names/a_b/x.pdf"
expect_true "'..' component became '_'" test -f "names/_/y.pdf"
expect_true "spaces and punctuation kept; '' component became '_'" test -f 'names/_/Zürich, "Q1" (draft) 50% & more.pdf'
expect_true "control characters became '_'; '.' became '_'" test -f "names/_/tab_nl_end.pdf"
n=$(find names -type f | wc -l)
expect_true "four files under names/ (got $n)" test "$n" -eq 4
expect_true "nothing escaped the output folder" test ! -e y.pdf -a ! -e names/y.pdf

# Two rows mapping to one output: usage error before anything is written.
expect_exit 2 "duplicate output path" -- "$QUIRE" batch "$T" \
    --each "SELECT 'NYC' AS code, 'a/b' AS f UNION ALL SELECT 'NWK', 'a_b'" -o "dup/{f}.pdf"
expect_grep "$TMP/err" "rows 0 and 1 both write 'dup/a_b.pdf'" "names the rows and the path"
expect_true "nothing written for duplicates" test ! -e dup

# A failing row: --keep-going renders the rest and exits 3; the manifest
# says which failed and why.
F=$(template fail.xml <<'EOT'
<report>
  <param name="n" type="int"/>
  <param name="v" type="text"/>
  <body><p>Row {n}: {v|int}</p></body>
</report>
EOT
)
rows="SELECT 1 AS n, '10' AS v UNION ALL SELECT 2, 'n/a' UNION ALL SELECT 3, '30' UNION ALL SELECT 4, '40'"
expect_exit 3 "--keep-going with a failing row" -- "$QUIRE" batch "$F" --each "$rows" -o "kg/{n}.pdf" --keep-going --manifest kg.jsonl -j 1
expect_true "rows 1, 3, 4 rendered" test -f kg/1.pdf -a -f kg/3.pdf -a -f kg/4.pdf
expect_true "failed row 2 left no file" test ! -e kg/2.pdf
n=$(ls -A kg | wc -l)
expect_true "no temporary files (got $n entries)" test "$n" -eq 3
expect_grep kg.jsonl '"row":1,"output":"kg/2.pdf".*"pages":null,"bytes":null,"sha256":null,.*"status":"failed","error":".*v.*int' "manifest: failed with its error"
expect_grep "$TMP/err" "row 1 \(kg/2.pdf\) failed" "stderr names the failed row"
expect_grep "$TMP/err" "3 ok, 1 failed" "summary counts the failure"
# Without --keep-going, the first failure starts no new report.
expect_exit 3 "a failing row stops the batch" -- "$QUIRE" batch "$F" --each "$rows" -o "st/{n}.pdf" --manifest st.jsonl -j 1
expect_true "row 1 rendered before the failure" test -f st/1.pdf
expect_true "rows after the failure not started" test ! -e st/3.pdf -a ! -e st/4.pdf
expect_grep "$TMP/err" "2 not started" "summary says what was not started"
lines=$(wc -l <st.jsonl)
expect_true "manifest has the 2 reports that ran (got $lines)" test "$lines" -eq 2

# Shards 1..N of N: together every row exactly once, each shard the rows
# with i mod N = K-1.
R="WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < 22) SELECT n, n * 7 AS v FROM i"
for k in 1 2 3 4 5; do
    "$QUIRE" batch "$F" --each "$R" -o "sh/{n}.pdf" --shard "$k/5" --manifest "sh.$k.jsonl" -j 2 2>/dev/null
done
all=$(cat sh.*.jsonl | grep -oE '"row":[0-9]+' | cut -d: -f2 | sort -n | tr '\n' ' ')
expect_true "shards: union is rows 0..22, each once (got $all)" test "$all" = "$(seq 0 22 | tr '\n' ' ')"
bad_shard=0
for k in 1 2 3 4 5; do
    for r in $(grep -oE '"row":[0-9]+' "sh.$k.jsonl" | cut -d: -f2); do
        [ $((r % 5)) -eq $((k - 1)) ] || bad_shard=1
    done
done
expect_true "shard K/5 holds the rows with i mod 5 = K-1" test "$bad_shard" -eq 0
n=$(ls sh/*.pdf | wc -l)
expect_true "23 PDFs from 5 shards (got $n)" test "$n" -eq 23

# Resuming after kill -9: nothing finished is redone, nothing half-written
# stays. The batch is killed once some reports are done.
R="WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < 399) SELECT n, n AS v FROM i"
"$QUIRE" batch "$F" --each "$R" -o "kill/{n}.pdf" -j 1 2>/dev/null &
pid=$!
tries=0
while [ "$(ls kill 2>/dev/null | wc -l)" -lt 20 ] && [ "$tries" -lt 600 ]; do sleep 0.02; tries=$((tries + 1)); done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
done_before=$(ls kill | wc -l)
expect_true "killed mid-run ($done_before of 400 done)" test "$done_before" -gt 0 -a "$done_before" -lt 400
# What SIGKILL can leave: temporary files beside outputs not yet written.
for f in 398 399; do : >"kill/.$f.pdf.quire-Ab12Cd"; : >"kill/.$f.pdf.Xy34Zw"; done
: >"kill/.keep.me"   # not ours: stays
ls -l --time-style=+%s.%N kill | awk '/pdf$/ {print $6, $7}' | sort >before.txt
expect_exit 0 "resume with --skip-existing" -- "$QUIRE" batch "$F" --each "$R" -o "kill/{n}.pdf" -j 2 --skip-existing --manifest resume.jsonl
n=$(ls kill/*.pdf | wc -l)
expect_true "all 400 outputs after the resume (got $n)" test "$n" -eq 400
ls -l --time-style=+%s.%N kill | awk '/pdf$/ {print $6, $7}' | sort >after.txt
redone=$(join -1 2 -2 2 before.txt after.txt | awk '$2 != $3' | wc -l)
expect_true "no finished report redone (mtimes kept; $redone changed)" test "$redone" -eq 0
skipped=$(grep -c '"status":"skipped"' resume.jsonl)
expect_true "manifest: $done_before skipped (got $skipped)" test "$skipped" -eq "$done_before"
expect_grep "$TMP/err" "$done_before skipped" "summary counts the skipped"
temps=$(ls -A kill | grep -E '^\.[0-9]+\.pdf\.' | wc -l)
expect_true "stale temporary files removed ($temps left)" test "$temps" -eq 0
expect_true "a dot file not ours is left alone" test -e kill/.keep.me
bad_pdf=0
for f in kill/*.pdf; do head -c 5 "$f" | grep -q '%PDF-' && tail -c 6 "$f" | grep -q '%%EOF' || bad_pdf=$((bad_pdf + 1)); done
expect_true "every output is a whole PDF ($bad_pdf are not)" test "$bad_pdf" -eq 0

# -j changes nothing: the annual report, -j 1 against -j 4.
A="$ROOT/examples/annual/annual-report.xml"
expect_exit 0 "annual, -j 1" -- "$QUIRE" batch "$A" --each reports -o "j1/{office}/FY{year}.pdf" -j 1 --shard 1/8
expect_exit 0 "annual, -j 4" -- "$QUIRE" batch "$A" --each reports -o "j4/{office}/FY{year}.pdf" -j 4 --shard 1/8
n=$(find j1 -name '*.pdf' | wc -l)
expect_true "27 annual reports (got $n)" test "$n" -eq 27
expect_true "-j 1 and -j 4 give the same bytes" diff -r j1 j4
"$QUIRE" render "$A" -p office=ATL -p year=2016 -o atl.pdf 2>/dev/null
expect_true "a batch report = quire render of its row" cmp -s atl.pdf j1/ATL/FY2016.pdf
pdftotext j1/ATL/FY2016.pdf atl.txt 2>/dev/null
expect_grep atl.txt "Atlanta Field Office, fiscal year 2016" "annual: the row's office and year"
n=$(grep -c "SYNTHETIC DATA" atl.txt)
p=$(pdfinfo j1/ATL/FY2016.pdf 2>/dev/null | awk '/^Pages:/ {print $2}')
expect_true "annual: 'synthetic' on every page ($n of $p)" test "$n" -eq "$p"

# The generator writes the committed synthetic data, byte for byte, and
# every row says it is synthetic.
sh "$ROOT/examples/annual/generate.sh" "$TMP/gen" 2>/dev/null
expect_true "generate.sh reproduces offices.csv" cmp -s "$TMP/gen/offices.csv" "$ROOT/examples/annual/data/offices.csv"
expect_true "generate.sh reproduces activity.csv" cmp -s "$TMP/gen/activity.csv" "$ROOT/examples/annual/data/activity.csv"
n=$(tail -n +2 "$TMP/gen/activity.csv" | grep -vc ',synthetic$')
expect_true "every activity row is labelled synthetic ($n are not)" test "$n" -eq 0
n=$(tail -n +2 "$TMP/gen/activity.csv" | wc -l)
expect_true "24 offices x 9 years x 4 quarters x 5 programs ($n rows)" test "$n" -eq 4320

# GNU parallel runs shards as separate processes (docs/scaling.md), each
# with its own manifest; merged, they are the whole batch.
if command -v parallel >/dev/null 2>&1; then
    Q="SELECT office, year FROM reports WHERE year = 2016"
    parallel --will-cite -j 3 "$QUIRE" batch "$A" --each "'$Q'" -o "gp/{office}/FY{year}.pdf" -j 1 \
        --shard {}/3 --manifest "gp.{}.jsonl" ::: 1 2 3 2>"$TMP/err"
    expect_true "parallel: exit 0" test $? -eq 0
    n=$(find gp -name '*.pdf' | wc -l)
    expect_true "parallel: 24 PDFs (got $n)" test "$n" -eq 24
    rows=$(cat gp.*.jsonl | grep -oE '"row":[0-9]+' | cut -d: -f2 | sort -n | uniq | wc -l)
    lines=$(cat gp.*.jsonl | wc -l)
    expect_true "parallel: merged manifests hold rows 0..23 once ($rows rows, $lines lines)" test "$rows" -eq 24 -a "$lines" -eq 24
    same=0; compared=0
    for f in j1/*/FY2016.pdf; do
        compared=$((compared + 1))
        cmp -s "$f" "gp/${f#j1/}" && same=$((same + 1))
    done
    expect_true "parallel: same bytes as one process ($compared compared, $same equal)" test "$same" -eq "$compared" -a "$compared" -ge 3
else
    bad "GNU parallel is not installed (scripts/setup.sh installs it)"
fi

# Memory stays flat (SPEC §8): a 10,000-report batch peaks within 10% of a
# 216-report batch (peak resident set, /usr/bin/time). Small reports, so
# that the rows themselves weigh the most they can against the renders.
M=$(template tiny.xml <<'EOT'
<report><param name="n" type="int"/><body><p>Row {n}</p></body></report>
EOT
)
peak() {
    rm -rf mem
    /usr/bin/time -f %M -o peak.txt "$QUIRE" batch "$M" -j 2 -o "mem/{n}.pdf" \
        --each "WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < $1 - 1) SELECT n FROM i" 2>/dev/null
    cat peak.txt
}
# Under AddressSanitizer (make check-asan) freed memory waits in a
# quarantine, so the resident set grows by design: measured without it.
if nm "$QUIRE" 2>/dev/null | grep -q __asan_; then
    echo "test_batch.sh: memory of a 10,000-report batch not measured under a sanitizer"
else
    small=$(peak 216)
    large=$(peak 10000)
    n=$(ls mem | wc -l)
    rm -rf mem
    expect_true "10,000 reports written (got $n)" test "$n" -eq 10000
    expect_true "peak memory of 10,000 reports within 10% of 216 ($large KB vs $small KB)" \
        test "$large" -le $((small + small / 10))
fi

# On a terminal, a progress bar with rate and ETA (script(1) gives a pty).
if command -v script >/dev/null 2>&1; then
    script -qec "'$QUIRE' batch '$T' --each all_rows -o 'tty/{code}.pdf' -j 1" /dev/null >tty.txt 2>&1
    expect_grep tty.txt "\[#+\] 4/4 .*/s ETA" "progress bar on a terminal"
fi
# The limits reach every report of a batch, as they reach render (SPEC §8).
expect_exit 3 "batch --max-rows 3: the annual report's queries are over it" -- \
    "$QUIRE" batch "$A" --each "SELECT 'HOU' AS office, 2013 AS year" -o "$TMP/lim/{office}.pdf" --max-rows 3
expect_grep "$TMP/err" "more than 3 rows \(--max-rows\)" "names the limit"
finish
