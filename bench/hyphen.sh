#!/bin/sh
# Hyphenation and line quality (issue 9): instructions (callgrind, whole
# process) to render the briefing and the 40-paragraph stress text, and the
# word spaces of justified lines as a multiple of the normal space, for a
# build and optionally a baseline build to compare with. Numbers, not
# thresholds; instruction counts do not depend on the machine's load.
# usage: bench/hyphen.sh [BUILD] [BASE_BUILD]     (build directories: BUILD/quire,
#        BUILD/tests/test_layout_dump; `make build/tests/test_layout_dump` first)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
NEW=${1:-$ROOT/build}
BASE=${2:-}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
export SOURCE_DATE_EPOCH=1700000000
BRIEFING="$ROOT/examples/briefing/briefing.xml"
STRESS="$ROOT/tests/data/hyphen/stress40.xml"
command -v valgrind >/dev/null || { echo "bench/hyphen.sh: needs valgrind (scripts/setup.sh --valgrind)" >&2; exit 1; }

instr() {  # instr QUIRE TEMPLATE: instructions of one render
    valgrind --tool=callgrind --callgrind-out-file="$OUT/cg" "$1" render "$2" -o "$OUT/x.pdf" 2>&1 |
        sed -n 's/.*I *refs: *//p' | tr -d ,
}

# spaces DUMP TEMPLATE: justified lines' word spaces from the display list
# (one text op per word on a stretched or shrunk line), as a multiple of the
# 10 pt Noto Sans space (2.6 pt); a paragraph's last line is left out.
spaces() {
    "$1" "$2" 2>/dev/null | LC_ALL=C awk '
        $3 == "text" && / size=10 / && /elem=p#/ {
            for (i = 4; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
            key = $2 " " v["y"] " " v["elem"]
            if (!(key in n)) { order[++nl] = key; el[key] = v["elem"] }
            k = ++n[key]; x[key, k] = v["x"]; w[key, k] = v["w"]
            last[v["elem"]] = key
        }
        END {
            lo = 9; hi = 0; lines = 0; out = 0
            for (j = 1; j <= nl; j++) {
                key = order[j]
                if (last[el[key]] == key || n[key] < 2) continue
                sum = 0; c = 0
                for (k = 2; k <= n[key]; k++) {
                    g = x[key, k] - x[key, k - 1] - w[key, k - 1]
                    if (g > 0.05) { sum += g; c++ }
                }
                if (!c) continue
                r = sum / c / 2.6; lines++
                if (r < lo) lo = r; if (r > hi) hi = r
                if (r < 0.75 - 1e-6 || r > 1.5 + 1e-6) out++
            }
            printf "%d justified lines, spaces %.2f-%.2f of normal, %d outside [0.75, 1.5]", lines, lo, hi, out
        }'
}

report() {  # report NAME BUILD
    for t in "$BRIEFING" "$STRESS"; do
        name=$(basename "$t" .xml)
        i=$(instr "$2/quire" "$t")
        q=""
        [ -x "$2/tests/test_layout_dump" ] && q="; $(spaces "$2/tests/test_layout_dump" "$t")"
        echo "$1 $name: $i instructions$q"
        eval "I_$1_$(echo "$name" | tr -c 'a-z0-9\n' _)=$i"
    done
}

report new "$NEW"
if [ -n "$BASE" ]; then
    report base "$BASE"
    awk -v a="$I_new_briefing" -v b="$I_base_briefing" -v c="$I_new_stress40" -v d="$I_base_stress40" 'BEGIN {
        printf "briefing: %+.1f%% instructions; stress40: %+.1f%%\n", (a / b - 1) * 100, (c / d - 1) * 100 }'
fi
