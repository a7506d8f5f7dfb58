#!/bin/sh
# Renders the examples, and fails on purpose in a few ways, under valgrind:
# any memory error or leak fails the run.
# usage: tests/valgrind.sh QUIRE
set -u
quire=$1
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
run() {  # run DESC ARGS...
    desc=$1; shift
    valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
        "$quire" "$@" >"$tmp/out" 2>"$tmp/log"
    if [ $? -eq 99 ]; then fail=$((fail + 1)); echo "valgrind: FAIL: $desc"; cat "$tmp/log"; else pass=$((pass + 1)); fi
}
export SOURCE_DATE_EPOCH=1700000000
run "example briefing" render "$root/examples/briefing/briefing.xml" -o "$tmp/b.pdf"
run "briefing FY2014" render "$root/examples/briefing/briefing.xml" -p year=2014 -o "$tmp/b.pdf"
run "briefing, cairo" render "$root/examples/briefing/briefing.xml" --backend cairo -o "$tmp/c.pdf"
run "preview" preview "$root/examples/briefing/briefing.xml" --dpi 30 -o "$tmp/pv/"
run "check" check "$root/examples/briefing/briefing.xml"
run "fixture" render "$root/tests/e2e/fixtures/small.xml" -o "$tmp/s.pdf"
run "ragged CSV" render "$root/tests/e2e/fixtures/small.xml" -d "offices=$root/tests/e2e/fixtures/ragged.csv" -o "$tmp/x.pdf"
run "bad param" render "$root/tests/e2e/fixtures/small.xml" -p year=abc -o "$tmp/x.pdf"
run "every chart type" render "$root/examples/charts/charts.xml" -o "$tmp/charts.pdf"
for ext in svg png pdf; do
    run "chart to $ext" chart "$root/examples/charts/charts.xml" --id line -o "$tmp/line.$ext"
done
run "unknown chart id" chart "$root/examples/charts/charts.xml" --id lines -o "$tmp/x.svg"
mkdir -p "$tmp/img/img"
cp "$root"/tests/e2e/fixtures/images/* "$tmp/img/img/"
for f in rgba.png palette-interlaced-trns.png cmyk.jpg truncated.png truncated.jpg; do
    printf '<report><body><image src="img/%s" alt="x"/></body></report>\n' "$f" >"$tmp/img/t.xml"
    run "image $f" render "$tmp/img/t.xml" -o "$tmp/i.pdf"
done
echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
