#!/bin/sh
# Measures the example briefing as a whole process: median milliseconds per
# render, PDF size and peak memory. Numbers, not thresholds: compare runs.
# usage: bench/run.sh [QUIRE] [RUNS]
set -eu
QUIRE=${1:-build/quire}
RUNS=${2:-50}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T="$ROOT/examples/briefing/briefing.xml"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
export SOURCE_DATE_EPOCH=1700000000

"$QUIRE" render "$T" -o "$OUT/warm.pdf"   # warm the page cache and fontconfig's cache
i=0
: >"$OUT/ms"
while [ "$i" -lt "$RUNS" ]; do
    s=$(date +%s%N)
    "$QUIRE" render "$T" -o "$OUT/b.pdf"
    e=$(date +%s%N)
    echo $(( (e - s) / 1000 )) >>"$OUT/ms"
    i=$((i + 1))
done
median=$(sort -n "$OUT/ms" | awk '{v[NR]=$1} END {m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%.2f", m / 1000}')
best=$(sort -n "$OUT/ms" | head -n 1 | awk '{printf "%.2f", $1 / 1000}')
size=$(stat -c %s "$OUT/b.pdf")
peak=$(/usr/bin/time -v "$QUIRE" render "$T" -o "$OUT/c.pdf" 2>&1 | awk -F': ' '/Maximum resident/ {print $2}')
echo "briefing: median ${median} ms per render (best ${best} ms, ${RUNS} runs)"
echo "briefing: ${size} bytes per PDF, $(stat -c %s "$OUT/c.pdf") bytes again"
echo "briefing: peak memory ${peak} KB (maximum resident set)"
