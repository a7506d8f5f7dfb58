#!/bin/sh
# Writes the annual report's SYNTHETIC dataset: 24 field offices x 9 fiscal
# years (FY2008-FY2016) x 4 quarters x 5 programs. The offices' names are
# ICE's; every figure is invented, shaped after the published national
# totals (data/README.md). Deterministic: the same files on every machine
# (its own random numbers, integer arithmetic only).
# usage: examples/annual/generate.sh [OUTDIR]   (default: examples/annual/data)
set -eu
out=${1:-$(cd "$(dirname "$0")" && pwd)/data}
mkdir -p "$out"
LC_ALL=C awk -v out="$out" '
# Park-Miller minimal standard generator: exact in awk doubles (< 2^53).
function rnd() { seed = (seed * 48271) % 2147483647; return seed / 2147483647 }
# A factor from lo to hi, rounded to 1/1000 so printing never depends on awk.
function between(lo, hi) { return lo + int((hi - lo) * rnd() * 1000 + 0.5) / 1000 }
BEGIN {
    seed = 20240601
    # code, name, area, relative size (per mille of the national workload)
    n = split("ATL|Atlanta|Georgia, North Carolina, South Carolina|52;" \
              "BAL|Baltimore|Maryland|14;" \
              "BOS|Boston|Connecticut, Maine, Massachusetts, New Hampshire, Rhode Island, Vermont|16;" \
              "BUF|Buffalo|Upstate New York|9;" \
              "CHI|Chicago|Illinois, Indiana, Kansas, Kentucky, Missouri, Wisconsin|48;" \
              "DAL|Dallas|Northern Texas, Oklahoma|58;" \
              "DEN|Denver|Colorado, Wyoming|17;" \
              "DET|Detroit|Michigan, Ohio|21;" \
              "ELP|El Paso|West Texas, New Mexico|47;" \
              "HOU|Houston|Southeast Texas|96;" \
              "LOS|Los Angeles|Los Angeles metropolitan area, Central Coast|88;" \
              "MIA|Miami|Florida, Puerto Rico, U.S. Virgin Islands|45;" \
              "NOL|New Orleans|Alabama, Arkansas, Louisiana, Mississippi, Tennessee|49;" \
              "NYC|New York|New York City and surrounding counties|27;" \
              "NEW|Newark|New Jersey|15;" \
              "PHI|Philadelphia|Delaware, Pennsylvania, West Virginia|17;" \
              "PHO|Phoenix|Arizona|83;" \
              "SLC|Salt Lake City|Idaho, Montana, Nevada, Utah|24;" \
              "SNA|San Antonio|Central and South Texas|92;" \
              "SND|San Diego|San Diego and Imperial counties|70;" \
              "SFR|San Francisco|Northern California, Hawaii, Guam|33;" \
              "SEA|Seattle|Alaska, Oregon, Washington|24;" \
              "SPM|St. Paul|Iowa, Minnesota, Nebraska, North Dakota, South Dakota|18;" \
              "WAS|Washington|District of Columbia, Virginia|36", offices, ";")
    # National removals per year (thousands, as published) set the trend;
    # the criminal share rose from about a third to nine in ten.
    split("369 390 393 397 410 369 316 235 240", trend, " ")
    split("0.31 0.36 0.44 0.52 0.55 0.59 0.56 0.59 0.62", crim, " ")
    np = split("Criminal Alien Program|Secure Communities / PEP|287(g)|Fugitive Operations|Other", prog, "|")
    split("0.46 0.24 0.08 0.12 0.10", pshare, " ")
    split("0.24 0.25 0.26 0.25", qshare, " ")
    of = out "/offices.csv"; af = out "/activity.csv"
    print "code,office,area,data" > of
    print "fiscal_year,office_code,quarter,program,encountered,charged,detained,released,removed,criminal_removed,data" > af
    for (o = 1; o <= n; o++) {
        split(offices[o], f, "|")
        printf "%s,%s,\"%s\",synthetic\n", f[1], f[2], f[3] > of
        size = f[4] * between(0.9, 1.1)
        for (y = 1; y <= 9; y++) {
            yf = trend[y] / 410 * between(0.92, 1.08)
            for (q = 1; q <= 4; q++)
                for (p = 1; p <= np; p++) {
                    # Removals of this office, year, quarter and program.
                    removed = int(300 * size * yf * pshare[p] * qshare[q] * between(0.8, 1.2))
                    encountered = int(removed / between(0.42, 0.62))
                    charged = int(encountered * between(0.58, 0.76))
                    detained = int(charged * between(0.70, 0.86))
                    released = int(detained * between(0.12, 0.30))
                    criminal = int(removed * crim[y] * between(0.85, 1.15))
                    if (criminal > removed) criminal = removed
                    printf "%d,%s,Q%d,\"%s\",%d,%d,%d,%d,%d,%d,synthetic\n", 2007 + y, f[1], q, prog[p],
                        encountered, charged, detained, released, removed, criminal > af
                }
        }
    }
}'
echo "wrote $out/offices.csv and $out/activity.csv (synthetic)" >&2
