#!/bin/sh
# Runs each fuzz target for SECONDS, seeded from the project's own templates
# and data, keeping the corpus it grows in build-fuzz/corpus/.
# usage: tests/fuzz/run.sh SECONDS TARGET...
set -u
secs=$1; shift
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/build-fuzz"
mkdir -p "$out/artifacts"
export LSAN_OPTIONS="suppressions=$root/tests/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
status=0
for t in "$@"; do
    corpus="$out/corpus/$t"
    mkdir -p "$corpus"
    case "$t" in
        csv) find "$root/examples" "$root/tests" -name '*.csv' -exec cp {} "$corpus/" \; ;;
        json) find "$root/examples" "$root/tests" "$root/docs" -name '*.json' -exec cp {} "$corpus/" \; ;;
        image) find "$root/examples" "$root/tests" "$root/docs" \( -name '*.png' -o -name '*.jpg' \) -exec cp {} "$corpus/" \; ;;
        *) find "$root/examples" "$root/tests" "$root/templates" -name '*.xml' -exec cp {} "$corpus/" \; ;;
    esac
    # The seeds kept in the tree (such as nested loops and large for-each,
    # which -rss_limit_mb holds to their --max-pages budget).
    [ -d "$root/tests/fuzz/corpus/$t" ] && cp "$root/tests/fuzz/corpus/$t"/* "$corpus/" 2>/dev/null
    echo "fuzz_$t: ${secs}s"
    "$out/fuzz_$t" "$corpus" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$out/artifacts/$t-" >"$out/fuzz_$t.log" 2>&1 || status=1
    grep -E "^stat::number_of_executed_units|^stat::average_exec_per_sec|^stat::peak_rss_mb|cov:" "$out/fuzz_$t.log" | tail -n 4
    grep -E "ERROR: |SUMMARY: " "$out/fuzz_$t.log" | head -n 5
done
exit $status
