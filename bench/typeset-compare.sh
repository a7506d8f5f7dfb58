#!/bin/sh
# Justified text, quire next to Typst (issue 9): the same forty paragraphs
# (tests/data/hyphen/stress40.xml), font (Noto Sans 10 pt), measure (A4,
# 20 mm margins), justified and hyphenated. Writes page PNGs at 150 dpi
# side by side for looking, and prints each engine's word spaces on
# justified lines as a multiple of the normal space, from pdftotext -bbox.
# Typst comes from the npm registry (@myriaddreamin/typst-ts-node-compiler),
# installed once into $TYPST_DIR; nothing here runs in the tests.
# usage: bench/typeset-compare.sh [QUIRE] [OUTDIR]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
QUIRE=${1:-$ROOT/build/quire}
OUT=${2:-$(mktemp -d)}
TYPST_DIR=${TYPST_DIR:-$HOME/.cache/quire-typst}
STRESS=$ROOT/tests/data/hyphen/stress40.xml
mkdir -p "$OUT" "$TYPST_DIR"
[ -d "$TYPST_DIR/node_modules/@myriaddreamin/typst-ts-node-compiler" ] ||
    (cd "$TYPST_DIR" && npm install --silent @myriaddreamin/typst-ts-node-compiler >/dev/null)

# The paragraphs as Typst markup: its special characters escaped.
{
    printf '#set page(paper: "a4", margin: 20mm)\n'
    printf '#set text(font: "Noto Sans", size: 10pt, lang: "en", hyphenate: true, top-edge: "ascender", bottom-edge: "descender")\n'
    printf '#set par(justify: true, leading: 0.38pt, spacing: 7pt)\n'   # 14 pt lines, as quire's leading 1.4
    printf '= Justified text: forty paragraphs\n\n'
    xmllint --xpath '//p' "$STRESS" | sed 's|</p>|\n|g; s|<p>||g' | sed '/^ *$/d' |
        sed 's/[][#$*_@<>`\\/~]/\\&/g; s/$/\n/'
} >"$OUT/stress.typ"
cat >"$OUT/typst.js" <<'EOT'
const { NodeCompiler } = require(process.env.TYPST_DIR + '/node_modules/@myriaddreamin/typst-ts-node-compiler');
const fs = require('fs');
const c = NodeCompiler.create({ fontArgs: [{ fontPaths: [process.argv[4]] }] });
fs.writeFileSync(process.argv[3], c.pdf({ mainFileContent: fs.readFileSync(process.argv[2], 'utf8') }));
EOT
TYPST_DIR=$TYPST_DIR node "$OUT/typst.js" "$OUT/stress.typ" "$OUT/typst.pdf" "$ROOT/build/fonts"
"$QUIRE" render "$STRESS" -o "$OUT/quire.pdf"

# spaces PDF: the gaps between words on lines that reach the right margin
# (justified, not a paragraph's last), over the font's space (0.26 em).
spaces() {
    pdftotext -bbox "$1" - 2>/dev/null | awk -F'"' '
        /<page / { flush(); next }
        /<word / { y = $4; if (y != ly) flush(); if (n) gaps[n] = $2 - lx; n++; lx = $6; ly = y }
        function flush(  i, r) {
            if (n > 1 && lx > 530) for (i = 1; i < n; i++) { r = gaps[i] / 2.6; all++; s += r
                if (r < lo || !lo) lo = r; if (r > hi) hi = r; if (r < 0.75 || r > 1.5) out++ }
            n = 0; ly = "" }
        END { flush(); printf "%d word spaces on justified lines: %.2f to %.2f of normal, mean %.2f, %d outside [0.75, 1.5]\n", all, lo, hi, s / all, out }'
}
for e in quire typst; do
    printf '%-6s %s pages; ' "$e" "$(pdfinfo "$OUT/$e.pdf" | awk '/^Pages:/ {print $2}')"
    spaces "$OUT/$e.pdf"
    pdftoppm -png -r 150 -f 1 -l 2 "$OUT/$e.pdf" "$OUT/$e"
done
echo "pages as PNG (150 dpi): $OUT/quire-1.png $OUT/typst-1.png ..."
