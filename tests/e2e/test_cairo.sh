#!/bin/sh
# The cairo backend: `render --backend cairo` gives the same pages, text,
# fonts, links and bookmarks as libharu; `preview` writes PNG pages of the
# right size that look like libharu's PDF rasterised by poppler; and a
# default render never loads cairo.
. "$(dirname "$0")/lib.sh"
B="$ROOT/examples/briefing/briefing.xml"
L="$FIX/cairo-links.xml"
# A tiny comparer of two PNGs (tests/e2e/tools/pngsim.c), built here.
PNGSIM="$TMP/pngsim"
# shellcheck disable=SC2046
cc -O2 -o "$PNGSIM" "$HERE/tools/pngsim.c" $(pkg-config --cflags --libs libpng) 2>"$TMP/cc.err"
expect_true "pngsim builds: $(head -c 300 "$TMP/cc.err")" test -x "$PNGSIM"

pages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'; }
# png_size FILE: "W H" from the IHDR chunk.
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{print $3*256+$4, $7*256+$8}'; }

# --- the briefing through both backends ---
expect_exit 0 "briefing, libharu" -- "$QUIRE" render "$B" -o "$TMP/h.pdf"
expect_exit 0 "briefing, cairo" -- "$QUIRE" render "$B" --backend cairo -o "$TMP/c.pdf"
expect_true "same number of pages ($(pages "$TMP/h.pdf") and $(pages "$TMP/c.pdf"))" \
    test "$(pages "$TMP/c.pdf")" = "$(pages "$TMP/h.pdf")" -a "$(pages "$TMP/h.pdf")" = 2
pdftotext "$TMP/h.pdf" "$TMP/h.txt"; pdftotext "$TMP/c.pdf" "$TMP/c.txt"
pdftotext -layout "$TMP/h.pdf" "$TMP/hl.txt"; pdftotext -layout "$TMP/c.pdf" "$TMP/cl.txt"
expect_grep "$TMP/c.txt" "Removals fell in fiscal 2013" "cairo text extracts"
expect_true "the same text as libharu: $(diff "$TMP/h.txt" "$TMP/c.txt" | head -c 300)" cmp -s "$TMP/h.txt" "$TMP/c.txt"
expect_true "the same text layout as libharu: $(diff "$TMP/hl.txt" "$TMP/cl.txt" | head -c 300)" cmp -s "$TMP/hl.txt" "$TMP/cl.txt"
expect_true "qpdf --check passes" sh -c "qpdf --check '$TMP/c.pdf' >'$TMP/qpdf.txt' 2>&1"
pdffonts "$TMP/c.pdf" >"$TMP/fonts.txt" 2>&1
expect_grep "$TMP/fonts.txt" "NotoSans-Regular +TrueType.* yes +yes +yes" "regular face embedded, subset, with ToUnicode"
expect_grep "$TMP/fonts.txt" "NotoSans-Bold +TrueType.* yes +yes +yes" "bold face embedded"
expect_true "no face left unembedded" sh -c "! tail -n +3 '$TMP/fonts.txt' | grep -Eq ' no +(yes|no) +(yes|no) +[0-9]'"
pdfinfo "$TMP/c.pdf" >"$TMP/info.txt" 2>&1
expect_grep "$TMP/info.txt" "^Title: +Immigration Enforcement Briefing, FY2013$" "title"
expect_grep "$TMP/info.txt" "^Author: +quire example$" "author"
expect_grep "$TMP/info.txt" "^Subject: +ICE removals" "subject"
expect_grep "$TMP/info.txt" "^Keywords: +immigration" "keywords"
expect_grep "$TMP/info.txt" "^Creator: +quire$" "creator"
expect_grep "$TMP/info.txt" "^CreationDate: +Tue Nov 14 22:13:20 2023 UTC$" "creation date from SOURCE_DATE_EPOCH"
expect_grep "$TMP/info.txt" "^ModDate: +Tue Nov 14 22:13:20 2023 UTC$" "modification date"
"$QUIRE" render "$B" --backend cairo -o "$TMP/c2.pdf" 2>/dev/null
expect_true "byte-for-byte reproducible" cmp -s "$TMP/c.pdf" "$TMP/c2.pdf"
# Bookmarks: the same titles at the same pages as libharu's.
outl() { qpdf --json "$1" 2>/dev/null | tr ',' '\n' | grep -E '"(title|destpageposfrom1)"' | tr -d ' \n'; }
expect_true "bookmarks as libharu's: $(outl "$TMP/c.pdf" | head -c 200)" \
    test -n "$(outl "$TMP/c.pdf")" -a "$(outl "$TMP/c.pdf")" = "$(outl "$TMP/h.pdf")"
expect_grep "$TMP/c.txt" "Releases from custody" "heading text"
qpdf --json "$TMP/c.pdf" >"$TMP/c.json" 2>/dev/null
expect_grep "$TMP/c.json" '"title": "What the figures do not say"' "an h3 bookmark"
# Rasterised by poppler, the two PDFs are the same picture.
pdftoppm -r 96 -png "$TMP/h.pdf" "$TMP/hp"; pdftoppm -r 96 -png "$TMP/c.pdf" "$TMP/cp"
for n in 1 2; do
    s=$("$PNGSIM" "$TMP/cp-$n.png" "$TMP/hp-$n.png" 1 24 0.002); rc=$?
    expect_true "cairo PDF page $n looks like libharu's (share differing $s)" test "$rc" -eq 0
done

# --- links (inside the document, to later pages, and URIs) and bookmarks ---
expect_exit 0 "links, libharu" -- "$QUIRE" render "$L" -o "$TMP/lh.pdf"
expect_exit 0 "links, cairo" -- "$QUIRE" render "$L" --backend cairo -o "$TMP/lc.pdf"
expect_true "links: qpdf --check passes" sh -c "qpdf --check '$TMP/lc.pdf' >/dev/null 2>&1"
expect_true "links: same text" sh -c "pdftotext '$TMP/lh.pdf' - | cmp -s - '$TMP/lc.txt' || { pdftotext '$TMP/lc.pdf' '$TMP/lc.txt'; pdftotext '$TMP/lh.pdf' - | cmp -s - '$TMP/lc.txt'; }"
qpdf --json "$TMP/lc.pdf" >"$TMP/lc.json" 2>/dev/null
expect_grep "$TMP/lc.json" "\"/URI\": \"u:https://www.ice.gov/remove/removal-statistics\?a='b'&c=d\"" "URI link, quotes and & intact"
qpdf --json "$TMP/lh.pdf" >"$TMP/lh.json" 2>/dev/null
nl=$(grep -c '"/Subtype": "/Link"' "$TMP/lc.json"); nh=$(grep -c '"/Subtype": "/Link"' "$TMP/lh.json")
expect_true "as many link annotations as libharu ($nl, $nh)" test "$nl" -eq "$nh" -a "$nh" -gt 3
expect_true "three links inside the document" test "$(grep -Ec '"/Dest": "u:d[012]"' "$TMP/lc.json")" -eq 3
# Every named destination a link uses resolves to the page of its heading:
# the contents on page 1 point at pages 2, 2 and 3.
pdfinfo -dests "$TMP/lc.pdf" >"$TMP/dests.txt" 2>&1
for d in d0:2 d1:2 d2:3; do
    expect_grep "$TMP/dests.txt" "^ +${d#*:} .*\"${d%%:*}\"$" "link ${d%%:*} goes to page ${d#*:}"
done
expect_true "link bookmarks as libharu's" test "$(outl "$TMP/lc.pdf")" = "$(outl "$TMP/lh.pdf")"
expect_grep "$TMP/lc.json" '"title": "A subsection"|"title": "A section"' "h2 bookmark"

# --- images ---
mkdir -p "$TMP/img/img"
cp "$FIX/images/rgba.png" "$FIX/images/photo.jpg" "$FIX/images/gray.png" "$TMP/img/img/"
cat >"$TMP/img/t.xml" <<'EOT'
<report><body><p>Images</p><image src="img/rgba.png" alt="a"/><image src="img/photo.jpg" alt="b"/><image src="img/gray.png" alt="c"/></body></report>
EOT
expect_exit 0 "images through cairo" -- "$QUIRE" render "$TMP/img/t.xml" --backend cairo -o "$TMP/img.pdf"
expect_true "images: qpdf --check" sh -c "qpdf --check '$TMP/img.pdf' >/dev/null 2>&1"
expect_true "three images in the PDF" test "$(pdfimages -list "$TMP/img.pdf" 2>/dev/null | awk 'NR>2 && $3=="image"' | wc -l)" -eq 3
"$QUIRE" render "$TMP/img/t.xml" -o "$TMP/imgh.pdf" 2>/dev/null
pdftoppm -r 50 -png "$TMP/img.pdf" "$TMP/ic"; pdftoppm -r 50 -png "$TMP/imgh.pdf" "$TMP/ih"
s=$("$PNGSIM" "$TMP/ic-1.png" "$TMP/ih-1.png" 2 24 0.01); rc=$?
expect_true "images look as in libharu's PDF (share differing $s)" test "$rc" -eq 0

# --- preview ---
expect_exit 0 "preview into a folder" -- "$QUIRE" preview "$B" -o "$TMP/pv/"
expect_true "page-1.png and page-2.png written" test -s "$TMP/pv/page-1.png" -a -s "$TMP/pv/page-2.png"
expect_true "no page-3.png" test ! -e "$TMP/pv/page-3.png"
# A4 at 96 dpi: round(595.28 × 96 / 72) × round(841.89 × 96 / 72).
expect_true "96 dpi: 794 × 1123 ($(png_size "$TMP/pv/page-1.png"))" test "$(png_size "$TMP/pv/page-1.png")" = "794 1123"
expect_true "page 2 too" test "$(png_size "$TMP/pv/page-2.png")" = "794 1123"
expect_exit 0 "preview at 50 dpi, a pattern" -- "$QUIRE" preview "$B" --dpi 50 -o "$TMP/p50/brief-{n}.png"
expect_true "50 dpi: 413 × 585 ($(png_size "$TMP/p50/brief-1.png"))" test "$(png_size "$TMP/p50/brief-1.png")" = "413 585"
expect_exit 0 "--pages 2" -- "$QUIRE" preview "$B" --pages 2 -o "$TMP/sel/"
expect_true "--pages 2 writes page 2 only" sh -c "test -s '$TMP/sel/page-2.png' && test ! -e '$TMP/sel/page-1.png'"
expect_exit 0 "--pages 1-2,1" -- "$QUIRE" preview "$B" --pages 1-2,1 --dpi 20 -o "$TMP/sel2/"
expect_true "--pages 1-2,1 writes both" sh -c "test -s '$TMP/sel2/page-1.png' && test -s '$TMP/sel2/page-2.png'"
expect_exit 0 "one page to one file" -- "$QUIRE" preview "$B" --pages 1 --dpi 20 -o "$TMP/one.png"
expect_true "one page to one file: written" test -s "$TMP/one.png"
# The preview looks like libharu's PDF rasterised by poppler at the same
# resolution. Averaged over 4×4 squares: the two rasterisers anti-alias and
# snap glyphs differently (about 4% of squares), a page of other content
# differs on over 20%.
for n in 1 2; do
    s=$("$PNGSIM" "$TMP/pv/page-$n.png" "$TMP/hp-$n.png" 4 24 0.07); rc=$?
    expect_true "preview page $n looks like libharu's PDF (share differing $s)" test "$rc" -eq 0
done
s=$("$PNGSIM" "$TMP/pv/page-1.png" "$TMP/hp-2.png" 4 24 0.07); rc=$?
expect_true "the comparison tells pages apart (share differing $s)" test "$rc" -eq 1

# --- usage errors (2) and a missing module (1) ---
expect_exit 2 "several pages, one file" -- "$QUIRE" preview "$B" -o "$TMP/bad/x.png"
expect_true "nothing written for a refused pattern" test ! -e "$TMP/bad"
expect_exit 2 "--pages beyond the last page" -- "$QUIRE" preview "$B" --pages 3 -o "$TMP/bad2/"
expect_exit 2 "--pages garbage" -- "$QUIRE" preview "$B" --pages 1,x -o "$TMP/bad3/"
expect_exit 2 "--pages backwards" -- "$QUIRE" preview "$B" --pages 2-1 -o "$TMP/bad3/"
expect_exit 2 "--pages 0" -- "$QUIRE" preview "$B" --pages 0 -o "$TMP/bad3/"
expect_exit 2 "--dpi 0" -- "$QUIRE" preview "$B" --dpi 0 -o "$TMP/bad3/"
expect_exit 2 "--dpi abc" -- "$QUIRE" preview "$B" --dpi abc -o "$TMP/bad3/"
expect_exit 2 "preview without -o" -- "$QUIRE" preview "$B"
expect_exit 2 "preview -o -" -- "$QUIRE" preview "$B" -o -
expect_exit 2 "--backend unknown" -- "$QUIRE" render "$B" --backend skia -o "$TMP/x.pdf"
expect_exit 2 "--dpi is not a render option" -- "$QUIRE" render "$B" --dpi 96 -o "$TMP/x.pdf"
expect_true "no stray outputs" test ! -e "$TMP/bad3"
"$QUIRE" --help >"$TMP/help.txt"
expect_grep "$TMP/help.txt" "--backend hpdf\|cairo" "--help names --backend"
expect_grep "$TMP/help.txt" "quire preview TEMPLATE" "--help names preview"
QUIRE_CAIRO_MODULE=/nonexistent/quire-cairo.so expect_exit 1 "cairo module missing" -- "$QUIRE" render "$B" --backend cairo -o "$TMP/nomod.pdf"
expect_grep "$TMP/err" "cannot open /nonexistent/quire-cairo.so" "the missing module is named"
QUIRE_CAIRO_MODULE=/nonexistent/quire-cairo.so expect_exit 0 "the default render does not need it" -- "$QUIRE" render "$B" -o "$TMP/nomod.pdf"

# --- a default render does not load cairo; the cairo backend does ---
expect_true "quire is not linked against cairo" sh -c "! ldd '$QUIRE' | grep -q libcairo"
LD_DEBUG=libs "$QUIRE" render "$B" -o "$TMP/d.pdf" 2>"$TMP/ld.txt" >/dev/null
expect_grep "$TMP/ld.txt" "calling init: .*libhpdf" "LD_DEBUG shows the libraries loaded"
expect_true "default render: no libcairo loaded" sh -c "! grep -q 'calling init: .*libcairo' '$TMP/ld.txt'"
LD_DEBUG=libs "$QUIRE" render "$B" --backend cairo -o "$TMP/d.pdf" 2>"$TMP/ld2.txt" >/dev/null
expect_grep "$TMP/ld2.txt" "calling init: .*libcairo\.so" "--backend cairo loads libcairo"
finish
