# The fuzzers' corpora, replayed through the command (and, in make
# check-asan, through the sanitizers): every input ends in 0, 1 or 2,
# never a crash, a hang or a sanitizer report.
. "$(dirname "$0")/lib.sh"
CORPUS="$ROOT/tests/fuzz/corpus"
export ASAN_OPTIONS="exitcode=86${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
# UBSan's default exit code (1) would pass for a render's own failure.
export UBSAN_OPTIONS="exitcode=86${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
printf 'fiscal_year,total_removals,criminal_removals,note\n2012,409849,225390,\n2013,368644,216810,"rounded, in source"\n2014,315943,,\n' >"$TMP/removals.csv"
printf '<report><data><csv name="t" src="data.csv"/></data><query name="q">SELECT count(*) AS n FROM t</query><body><p>{q.n} rows</p></body></report>\n' >"$TMP/csv.xml"
bad=0; n=0
for f in "$CORPUS"/template/* "$CORPUS"/render/*; do
    [ -f "$f" ] || continue
    cp "$f" "$TMP/t.xml"
    timeout 60 "$QUIRE" render "$TMP/t.xml" --query-timeout 1 --max-pages 50 -o "$TMP/out.pdf" >/dev/null 2>"$TMP/err"
    rc=$?; n=$((n + 1))
    if [ "$rc" -gt 2 ]; then bad=$((bad + 1)); printf 'corpus: %s: exit %d: %s\n' "$(basename "$f")" "$rc" "$(head -c 300 "$TMP/err")" >&2; fi
done
for f in "$CORPUS"/csv/*; do
    [ -f "$f" ] || continue
    cp "$f" "$TMP/data.csv"
    timeout 60 "$QUIRE" render "$TMP/csv.xml" -o "$TMP/out.pdf" >/dev/null 2>"$TMP/err"
    rc=$?; n=$((n + 1))
    if [ "$rc" -gt 1 ]; then bad=$((bad + 1)); printf 'corpus: csv %s: exit %d: %s\n' "$(basename "$f")" "$rc" "$(head -c 300 "$TMP/err")" >&2; fi
done
# JSON and images: the first byte of a JSON input picks the path, as in the fuzzer.
mkdir -p "$TMP/img"
for f in "$CORPUS"/json/* "$CORPUS"/image/*; do
    [ -f "$f" ] || continue
    case "$f" in
        */json/*)
            tail -c +2 "$f" >"$TMP/data.json"
            printf '<report><data><json name="t" src="data.json"/></data><query name="q">SELECT count(*) AS n FROM t</query><body><p>{q.n}</p></body></report>\n' >"$TMP/x.xml" ;;
        *)
            cp "$f" "$TMP/img/pic"
            printf '<report><body><image src="img/pic" alt="x"/></body></report>\n' >"$TMP/x.xml" ;;
    esac
    timeout 60 "$QUIRE" render "$TMP/x.xml" -o "$TMP/out.pdf" >/dev/null 2>"$TMP/err"
    rc=$?; n=$((n + 1))
    if [ "$rc" -gt 1 ]; then bad=$((bad + 1)); printf 'corpus: %s: exit %d: %s\n' "$f" "$rc" "$(head -c 300 "$TMP/err")" >&2; fi
done
# No figure cut across lines in a table cell (issue 9), over every corpus
# template with a table, the examples and the table fixtures. Cells are read from the display
# list's structure (the unit-test harness's dump mode, built by make test);
# pdftotext alone cannot tell a cell's second line from the next row.
DUMP="$(dirname "$QUIRE")/tests/test_layout_dump"
if [ -x "$DUMP" ]; then
    tables=0; cut=0
    for f in "$CORPUS"/template/* "$CORPUS"/render/* "$ROOT"/examples/*/*.xml "$FIX"/table-*.xml; do
        grep -q '<table' "$f" 2>/dev/null || continue
        d=$(dirname "$f"); case "$f" in "$ROOT"/examples/* | "$FIX"/*) t="$f" ;; *) cp "$f" "$TMP/t.xml"; t="$TMP/t.xml" ;; esac
        (cd "$d" && timeout 20 "$DUMP" "$t" >"$TMP/dump" 2>/dev/null)
        grep -q ' elem=td#' "$TMP/dump" || continue
        tables=$((tables + 1))
        LC_ALL=C awk -f "$ROOT/tests/tools/split-figures.awk" "$TMP/dump" >"$TMP/cuts"
        if [ -s "$TMP/cuts" ]; then cut=$((cut + 1)); printf 'corpus: %s: a figure cut: %s\n' "$(basename "$f")" "$(head -n 1 "$TMP/cuts")" >&2; fi
    done
    expect_true "no figure cut across lines in the cells of $tables rendered tables ($cut with one)" test "$cut" -eq 0
    expect_true "tables were checked ($tables)" test "$tables" -gt 20
else
    echo "test_corpus.sh: $DUMP not built (make unit): the table-cell check is skipped" >&2
fi
expect_true "replayed $n inputs, $bad ended badly" test "$bad" -eq 0
expect_true "the corpus is there" test "$n" -gt 20
finish
