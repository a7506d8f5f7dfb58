#!/bin/sh
# Charts as whole processes: one chart to SVG and to PNG (quire chart), a
# document of 50 charts, and the example briefing with and without its
# charts. Mean and best milliseconds of RUNS runs, and peak memory. Numbers,
# not thresholds (issue 7's targets: export under 30 ms, a chart adds under
# 1 ms to a render): compare runs on the same machine.
# usage: bench/charts.sh [QUIRE] [RUNS]
set -eu
QUIRE=${1:-build/quire}
RUNS=${2:-30}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
E="$ROOT/examples/charts/charts.xml"
B="$ROOT/examples/briefing/briefing.xml"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
export SOURCE_DATE_EPOCH=1700000000

# measure NAME OUTPUT CMD...: RUNS runs of CMD, then one under time -v.
measure() {
    name=$1; out=$2; shift 2
    "$@" >/dev/null   # warm the page cache and fontconfig's cache
    : >"$OUT/ms"
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        s=$(date +%s%N)
        "$@" >/dev/null
        e=$(date +%s%N)
        echo $(( (e - s) / 1000 )) >>"$OUT/ms"
        i=$((i + 1))
    done
    stats=$(awk '{t += $1; if (NR == 1 || $1 < b) b = $1} END {printf "mean %.2f ms (best %.2f ms, %d runs)", t / NR / 1000, b / 1000, NR}' "$OUT/ms")
    peak=$(/usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}')
    echo "$name: $stats, peak ${peak} KB, $(stat -c %s "$out") bytes"
}

measure "chart line -> SVG" "$OUT/c.svg" "$QUIRE" chart "$E" --id line -o "$OUT/c.svg"
measure "chart line -> PNG" "$OUT/c.png" "$QUIRE" chart "$E" --id line -o "$OUT/c.png"
measure "chart line -> PNG --scale 2" "$OUT/c2.png" "$QUIRE" chart "$E" --id line -o "$OUT/c2.png" --scale 2
measure "chart line -> PDF" "$OUT/c.pdf" "$QUIRE" chart "$E" --id line -o "$OUT/c.pdf"

# 50 charts: the ten of examples/charts five times, in one document.
mkdir -p "$OUT/fifty"
cp -R "$ROOT/examples/charts/data" "$OUT/fifty/"
perl -0pe 'if (/(<body>.*<\/body>)/s) { my $b = $1; my $all = ""; for my $k (1..5) { (my $c = $b) =~ s/<\/?body>//g; $c =~ s/id="([^"]+)"/id="$1-$k"/g; $all .= $c; } s/<body>.*<\/body>/<body>$all<\/body>/s }' \
    "$E" >"$OUT/fifty/fifty.xml"
n=$(grep -c '<chart ' "$OUT/fifty/fifty.xml")
measure "document of $n charts" "$OUT/fifty.pdf" "$QUIRE" render "$OUT/fifty/fifty.xml" -o "$OUT/fifty.pdf"
measure "document of $n charts, cairo" "$OUT/fifty-c.pdf" "$QUIRE" render "$OUT/fifty/fifty.xml" --backend cairo -o "$OUT/fifty-c.pdf"

# The briefing as it is, and a copy beside it without its <chart>s.
perl -0pe 's/\s*<chart\b.*?(?:\/>|<\/chart>)//gs' "$B" >"$(dirname "$B")/.bench-nocharts.xml"
trap 'rm -rf "$OUT" "$(dirname "$B")/.bench-nocharts.xml"' EXIT
nb=$(grep -c '<chart ' "$B" || true)
measure "briefing ($nb charts)" "$OUT/b.pdf" "$QUIRE" render "$B" -o "$OUT/b.pdf"
measure "briefing without charts" "$OUT/b0.pdf" "$QUIRE" render "$(dirname "$B")/.bench-nocharts.xml" -o "$OUT/b0.pdf"
