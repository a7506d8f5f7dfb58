# --embed-data and `quire verify`: the attachments, provenance.json, the
# reader's recipe of docs/provenance.md, and verify on good and bad PDFs.
. "$(dirname "$0")/lib.sh"
EX="$ROOT/examples/briefing"
PDF="$TMP/briefing.pdf"
expect_exit 0 "render with --embed-data" -- "$QUIRE" render "$EX/briefing.xml" --embed-data -o "$PDF"
pdfdetach -list "$PDF" >"$TMP/list" 2>&1
expect_grep "$TMP/list" "^5 embedded files" "five attachments"
for f in briefing.xml catch_and_release_fy2013.csv field_offices_fy2013_partial.csv ice_removals_fy2008_2016.csv provenance.json; do
    expect_grep "$TMP/list" "^[0-9]+: $f$" "attachment $f under its base name"
done
mkdir "$TMP/src"
pdfdetach -saveall -o "$TMP/src" "$PDF"
P="$TMP/src/provenance.json"
expect_true "provenance.json is JSON" jq -e . "$P" >/dev/null
expect_true "template attached unchanged" cmp -s "$TMP/src/briefing.xml" "$EX/briefing.xml"
for f in "$EX"/data/*.csv; do
    b=$(basename "$f")
    expect_true "$b attached unchanged" cmp -s "$TMP/src/$b" "$f"
    want=$(sha256sum "$f" | cut -d' ' -f1)
    expect_true "$b: recorded SHA-256 is the file's" test "$(jq -r --arg n "$b" '.files[] | select(.name == $n) | .sha256' "$P")" = "$want"
done
expect_true "template's SHA-256" test "$(jq -r '.files[] | select(.role == "template") | .sha256' "$P")" = "$(sha256sum "$EX/briefing.xml" | cut -d' ' -f1)"
expect_true "render time from SOURCE_DATE_EPOCH" test "$(jq -r '.render_time, .render_date' "$P" | tr '\n' ' ')" = "1700000000 2023-11-14T22:13:20Z "
expect_true "quire version" test "$(jq -r .quire "$P")" = "$("$QUIRE" --version | cut -d' ' -f2)"
# Font hashes: of the files the map names.
font=$(jq -r '.fonts[0].file' "$P")
fpath=$(find "$(dirname "$QUIRE")/fonts" -name "$font" | head -1)
expect_true "font $font hashed" test "$(jq -r '.fonts[0].sha256' "$P")" = "$(sha256sum "$fpath" | cut -d' ' -f1)"
expect_true "every statement has SQL, bound values and rows" \
    test "$(jq '[.statements[] | has("sql") and has("bound") and has("rows") and has("rows_sha256")] | all' "$P")" = true
expect_true "a metric's value" test "$(jq -r '.statements[] | select(.what == "metric '"'"'criminal_released'"'"'") | .value' "$P")" = 67879
expect_true "its bound values" test "$(jq -c '.statements[] | select(.what == "query '"'"'fy'"'"'") | .bound' "$P")" = '{"year":2013}'
expect_true "-p values recorded" sh -c "'$QUIRE' render '$EX/briefing.xml' --embed-data -p year=2014 -o '$TMP/y.pdf' &&
    pdfdetach -save 5 -o '$TMP/y.json' '$TMP/y.pdf' && test \"\$(jq -c .params '$TMP/y.json')\" = '{\"year\":\"2014\"}'"

# The reader's recipe (docs/provenance.md): a figure recomputed with the
# sqlite3 shell from the attachments alone.
rate=$(cd "$TMP/src" && sqlite3 :memory: \
    'CREATE TABLE funnel(population TEXT, stage TEXT, "order" INTEGER, count INTEGER)' \
    '.import --csv --skip 1 catch_and_release_fy2013.csv funnel' \
    "SELECT 1.0 * (SELECT count FROM funnel WHERE population = 'criminal aliens' AND stage = 'released')
                / (SELECT count FROM funnel WHERE population = 'criminal aliens' AND stage = 'encountered')")
recorded=$(jq -r '.statements[] | select(.what == "metric '"'"'release_rate'"'"'") | .value' "$P")
expect_true "release rate recomputed ($rate) equals the recorded one ($recorded)" \
    test "$(printf '%.12f' "$rate")" = "$(printf '%.12f' "$recorded")"
sql=$(jq -r '.statements[] | select(.what == "query '"'"'fy'"'"'") | .sql' "$P")
rows=$(cd "$TMP/src" && sqlite3 :memory: \
    '.import --csv ice_removals_fy2008_2016.csv removals' '.parameter set ?1 2013' "SELECT count(*) FROM ($sql)" 2>&1)
expect_true "a query re-run with its bound value gives its row count ($rows)" \
    test "$rows" = "$(jq -r '.statements[] | select(.what == "query '"'"'fy'"'"'") | .rows' "$P")"

# A render that took its time from the clock verifies too (the time is
# recorded, verify renders with it).
expect_true "clock-dated render verifies" sh -c "env -u SOURCE_DATE_EPOCH '$QUIRE' render '$EX/briefing.xml' --embed-data -o '$TMP/clock.pdf' && '$QUIRE' verify '$TMP/clock.pdf' >/dev/null 2>&1"
# verify: an untouched PDF passes.
expect_exit 0 "verify an untouched PDF" -- "$QUIRE" verify "$PDF"
expect_grep "$TMP/out" "ok" "verify says so"
# A swapped attachment fails, naming it and the figure it changes.
sed 's/^criminal aliens,released,\(.*\),67879$/criminal aliens,released,\1,67880/' "$TMP/src/catch_and_release_fy2013.csv" >"$TMP/catch_and_release_fy2013.csv"
expect_true "the fixture really changed" sh -c "! cmp -s '$TMP/catch_and_release_fy2013.csv' '$TMP/src/catch_and_release_fy2013.csv'"
(cd "$TMP" && qpdf "$PDF" --remove-attachment=catch_and_release_fy2013.csv \
    --add-attachment catch_and_release_fy2013.csv --key=catch_and_release_fy2013.csv -- swapped.pdf)
expect_exit 1 "verify a PDF with a swapped attachment" -- "$QUIRE" verify "$TMP/swapped.pdf"
expect_grep "$TMP/err" "attachment catch_and_release_fy2013.csv differs" "names the attachment"
expect_grep "$TMP/err" "metric 'criminal_released' \(line [0-9]+\): recorded 67879, now 67880" "names the figure that moved"
# Same attachments, other bytes: a PDF edited after the render.
qpdf --object-streams=disable "$PDF" "$TMP/rewritten.pdf"
expect_exit 1 "verify a rewritten PDF" -- "$QUIRE" verify "$TMP/rewritten.pdf"
expect_grep "$TMP/err" "bytes differ from a new render \(every recorded figure matches\)" "says only the bytes differ"
# No attachments: exit 2.
expect_exit 0 "render without --embed-data" -- "$QUIRE" render "$EX/briefing.xml" -o "$TMP/plain.pdf"
expect_exit 2 "verify a PDF without quire attachments" -- "$QUIRE" verify "$TMP/plain.pdf"
expect_grep "$TMP/err" "no quire attachments" "says why"
expect_exit 2 "verify a file that is not there" -- "$QUIRE" verify "$TMP/missing.pdf"
expect_exit 2 "verify without a PDF" -- "$QUIRE" verify
# Hostile or broken files: an error, never a crash.
head -c 15000 "$PDF" >"$TMP/trunc.pdf"
expect_exit 2 "verify a truncated PDF" -- "$QUIRE" verify "$TMP/trunc.pdf"
head -c 4096 /dev/urandom >"$TMP/random.pdf"
expect_exit 2 "verify random bytes" -- "$QUIRE" verify "$TMP/random.pdf"
printf 'not json {' >"$TMP/provenance.json"
(cd "$TMP" && qpdf "$PDF" --remove-attachment=provenance.json --add-attachment provenance.json --key=provenance.json -- badjson.pdf)
expect_exit 2 "verify with provenance.json that is not quire's" -- "$QUIRE" verify "$TMP/badjson.pdf"
printf '{"quire": "0.1.0", "files": [{"role": "template", "name": "../x.xml", "sha256": "0"}]}' >"$TMP/provenance.json"
(cd "$TMP" && qpdf "$PDF" --remove-attachment=provenance.json --add-attachment provenance.json --key=provenance.json -- escape.pdf)
expect_exit 1 "verify refuses a name that leaves its folder" -- "$QUIRE" verify "$TMP/escape.pdf"
expect_grep "$TMP/err" "attachment \.\./x\.xml is missing" "and says which"
# --embed-data with PDF/A: verify renders it the same way.
expect_exit 0 "render --embed-data --pdfa" -- "$QUIRE" render "$EX/briefing.xml" --embed-data --pdfa -o "$TMP/a3.pdf"
expect_exit 0 "verify a PDF/A-3" -- "$QUIRE" verify "$TMP/a3.pdf"
finish
