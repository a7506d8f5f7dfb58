#!/bin/sh
# Installs the Debian 12 packages quire needs, only those missing.
# Build: compiler, pkg-config, the libraries of docs/dependencies.md.
# Fonts: the font map's packages (fonts/map.tsv). Tests: poppler-utils, qpdf, xmllint,
# the sqlite3 shell (to make a database fixture), a CFF font (fonts-cantarell),
# GNU parallel (batch shards as separate processes, docs/scaling.md), time
# (a batch's peak memory).
# jq (tests read qpdf --json). ghostscript: its txtwrite is an extractor
# the shaping tests read the text back with. icc-profiles-free: the sRGB profile built
# into quire for --pdfa's output intent.
set -eu
packages="build-essential pkg-config libxml2-dev libsqlite3-dev libfontconfig-dev
libfreetype-dev libharfbuzz-dev libglib2.0-dev libhpdf-dev libcsv-dev libpng-dev libjpeg-dev
libcairo2-dev
fonts-noto-core fonts-noto-mono fonts-liberation2
icc-profiles-free hyphen-en-us hyphen-de
poppler-utils qpdf libxml2-utils sqlite3 fonts-cantarell parallel time jq ghostscript"
for extra in "$@"; do
    case "$extra" in
        --valgrind) packages="$packages valgrind" ;;      # make check-valgrind
        --fuzz) packages="$packages clang" ;;              # make fuzz (libFuzzer)
        --bench) packages="$packages time" ;;              # make bench (/usr/bin/time -v)
        *) echo "usage: scripts/setup.sh [--valgrind] [--fuzz] [--bench]" >&2; exit 2 ;;
    esac
done

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "quire: installing:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet.
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
