#!/bin/sh
# Large data (issue 10): a 1,000,000-row CSV summed in a metric, and a
# 100,000-row table. Prints wall time and peak memory of each render
# (/usr/bin/time -v). Targets, for a report, not a test: the metric under
# 1.5 s; the table under 3 s and 150 MB.
# usage: bench/large.sh [QUIRE]
set -eu
QUIRE=${1:-build/quire}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
export SOURCE_DATE_EPOCH=1700000000

awk 'BEGIN { srand(1); print "office,fiscal_year,encountered,released";
             for (i = 1; i <= 1000000; i++) printf "Office %d,%d,%d,%d\n", i % 97, 2004 + i % 10, int(rand() * 90000), int(rand() * 60000) }' \
    >"$OUT/million.csv"
head -n 100001 "$OUT/million.csv" >"$OUT/hundredk.csv"
cat >"$OUT/metric.xml" <<'EOT'
<report title="Sum of a million rows">
  <data><csv name="e" src="million.csv"/></data>
  <metric name="total">SELECT sum(released) FROM e</metric>
  <body><p>Released in all: {total|int}</p></body>
</report>
EOT
cat >"$OUT/table.xml" <<'EOT'
<report title="A table of 100,000 rows">
  <data><csv name="e" src="hundredk.csv"/></data>
  <query name="rows">SELECT office, fiscal_year, encountered, released FROM e</query>
  <body>
    <table query="rows">
      <column title="Office" field="office"/>
      <column title="Year" field="fiscal_year"/>
      <column title="Encountered" field="encountered" format="int"/>
      <column title="Released" field="released" format="int"/>
    </table>
  </body>
</report>
EOT
run() {   # run NAME TEMPLATE
    /usr/bin/time -v "$QUIRE" render "$2" --max-pages 100000 -o "$OUT/$1.pdf" 2>"$OUT/$1.time" >/dev/null || {
        echo "$1: render failed:"; grep -v '^\s' "$OUT/$1.time" | head -n 5; return; }
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$OUT/$1.time")
    cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "%.2f", u + s}' "$OUT/$1.time")
    peak=$(awk -F': ' '/Maximum resident/ {print $2}' "$OUT/$1.time")
    pages=$(pdfinfo "$OUT/$1.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
    # CPU time too: on a shared machine the wall clock mostly measures the others.
    echo "$1: ${wall} wall, ${cpu} s CPU, peak ${peak} KB, ${pages:-?} pages (load $(cut -d' ' -f1 /proc/loadavg))"
}
"$QUIRE" render "$OUT/metric.xml" -o "$OUT/warm.pdf" >/dev/null 2>&1 || true
run metric-1m "$OUT/metric.xml"
run table-100k "$OUT/table.xml"
