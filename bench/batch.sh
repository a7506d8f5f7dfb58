#!/bin/sh
# The annual report as a batch (examples/annual: 24 offices x 9 years =
# 216 PDFs) with -j 1 and -j 2: ms per report, reports per second, the
# second core's speedup, peak memory (/usr/bin/time); then 10,000 reports,
# whose peak memory should be that of 216 (SPEC §8). Numbers, not
# thresholds: compare runs. Each figure is the median of RUNS runs.
#
# Wall-clock rates count whatever else the machine runs: the load is
# printed with them. CPU time per report is steadier on an idle machine
# (on a loaded VM it moves too); its ratio between -j 2 and -j 1 shows
# what running side by side costs each report (locks, caches). With
# INSNS=1, valgrind counts the instructions of one report (the difference
# between batches of 8 and 40 reports, -j 1): the figure to compare
# builds with on a busy machine.
# usage: [RUNS=3] [INSNS=1] bench/batch.sh [QUIRE] [BIG]   (BIG: rows of the large batch, 10000)
set -eu
QUIRE=${1:-build/quire}
BIG=${2:-10000}
RUNS=${RUNS:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
A="$ROOT/examples/annual/annual-report.xml"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
export SOURCE_DATE_EPOCH=1700000000

# run NAME ARGS...: one batch under /usr/bin/time; prints wall s, cpu s, peak KB.
run() {
    name=$1; shift
    rm -rf "$OUT/$name"
    /usr/bin/time -f '%e %U %S %M' -o "$OUT/time" "$QUIRE" batch "$A" "$@" 2>"$OUT/err" >/dev/null ||
        { cat "$OUT/err" >&2; exit 1; }
    read -r wall user sys peak <"$OUT/time"
    echo "$wall $(echo "$user $sys" | awk '{print $1 + $2}') $peak"
}

# median NAME ARGS...: RUNS runs of run; prints the median of each column,
# then the fastest wall time (the run least disturbed by other work).
median() {
    : >"$OUT/runs"
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        run "$@" >>"$OUT/runs"
        i=$((i + 1))
    done
    for col in 1 2 3; do
        sort -n -k$col,$col "$OUT/runs" | awk -v c=$col '{ v[NR] = $c } END { printf "%s ", v[int((NR + 1) / 2)] }'
    done
    sort -n -k1,1 "$OUT/runs" | head -n 1 | cut -d' ' -f1
}

echo "load before: $(uptime | sed 's/.*load average: //')"
"$QUIRE" batch "$A" --each reports -o "$OUT/warm/{office}-{year}.pdf" -j 2 2>/dev/null   # page cache, fontconfig cache
set -- $(median j1 --each reports -o "$OUT/j1/{office}/FY{year}.pdf" -j 1)
w1=$1 c1=$2 m1=$3 b1=$4
set -- $(median j2 --each reports -o "$OUT/j2/{office}/FY{year}.pdf" -j 2)
w2=$1 c2=$2 m2=$3 b2=$4
diff -r "$OUT/j1" "$OUT/j2" >/dev/null || { echo "bench: -j 1 and -j 2 differ" >&2; exit 1; }
n=216
awk -v n=$n -v w1="$w1" -v c1="$c1" -v m1="$m1" -v w2="$w2" -v c2="$c2" -v m2="$m2" -v runs="$RUNS" \
    -v b1="$b1" -v b2="$b2" 'BEGIN {
    printf "annual -j 1: %d reports in %.2f s: %.2f ms per report, %.1f reports/s (CPU %.2f ms per report), peak %.1f MB\n",
        n, w1, w1 * 1000 / n, n / w1, c1 * 1000 / n, m1 / 1024
    printf "annual -j 2: %d reports in %.2f s: %.2f ms per report, %.1f reports/s (CPU %.2f ms per report), peak %.1f MB\n",
        n, w2, w2 * 1000 / n, n / w2, c2 * 1000 / n, m2 / 1024
    printf "annual: second core speedup %.2fx; CPU per report at -j 2 / -j 1: %.2f; medians of %d runs\n",
        w1 / w2, c2 / c1, runs
    printf "annual: fastest runs: -j 1 %.1f reports/s, -j 2 %.1f reports/s, speedup %.2fx\n", n / b1, n / b2, b1 / b2
}'
bytes=$(du -sk "$OUT/j1" | cut -f1)
echo "annual: $(find "$OUT/j1" -name '*.pdf' | wc -l) PDFs, ${bytes} KB on disk"
rm -rf "$OUT/j1" "$OUT/j2" "$OUT/warm"

# The large batch: the 216 rows repeated (k = 0, 1, ...) to BIG rows.
reps=$(( (BIG + 215) / 216 ))
Q="WITH RECURSIVE k(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM k WHERE k < $reps - 1)
   SELECT office, year, k FROM reports, k ORDER BY k, office, year LIMIT $BIG"
set -- $(run big --each "$Q" -o "$OUT/big/{k}/{office}-{year}.pdf" -j 2)
awk -v n="$BIG" -v w="$1" -v c="$2" -v m="$3" -v m2="$m2" 'BEGIN {
    printf "big -j 2: %d reports in %.1f s: %.2f ms per report, %.1f reports/s (CPU %.2f ms per report), peak %.1f MB (%+.1f%% on 216 reports)\n",
        n, w, w * 1000 / n, n / w, c * 1000 / n, m / 1024, (m / m2 - 1) * 100
}'
rm -rf "$OUT/big"
echo "load after: $(uptime | sed 's/.*load average: //')"

if [ "${INSNS:-0}" = 1 ] && command -v valgrind >/dev/null 2>&1; then
    for k in 8 40; do
        valgrind --tool=callgrind --callgrind-out-file="$OUT/cg.$k" "$QUIRE" batch "$A" \
            --each "SELECT office, year FROM reports LIMIT $k" -o "$OUT/cg$k/{office}-{year}.pdf" -j 1 \
            >/dev/null 2>"$OUT/vg.$k" || { cat "$OUT/vg.$k" >&2; exit 1; }
    done
    i8=$(sed -n 's/.*refs: *//p' "$OUT/vg.8" | tr -d ,)
    i40=$(sed -n 's/.*refs: *//p' "$OUT/vg.40" | tr -d ,)
    awk -v a="$i8" -v b="$i40" 'BEGIN {
        printf "annual: %.2f M instructions per report (callgrind, 40 - 8 reports), %.1f M once per batch\n",
            (b - a) / 32 / 1e6, (a - 8 * (b - a) / 32) / 1e6 }'
fi
