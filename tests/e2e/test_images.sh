# Images: every PNG and JPEG kind a newsroom has, and every broken one ends
# in a clear error (libharu's own decoders would abort the process).
. "$(dirname "$0")/lib.sh"
mkdir -p "$TMP/img"
cp "$FIX"/images/* "$TMP/img/"
one() {  # one FILE [ATTRS]: a template showing that image
    printf '<report><body><p>Before</p><image src="img/%s" alt="test image" %s/><p>After</p></body></report>\n' "$1" "${2:-}" >"$TMP/image.xml"
    printf '%s\n' "$TMP/image.xml"
}
for f in rgba.png gray.png palette.png palette-interlaced-trns.png deep16.png photo.jpg cmyk.jpg; do
    T=$(one "$f")
    expect_exit 0 "render $f" -- "$QUIRE" render "$T" -o "$TMP/$f.pdf"
    expect_true "$f: one image in the PDF" sh -c "pdfimages -list '$TMP/$f.pdf' 2>/dev/null | awk 'NR > 2 && \$3 == \"image\"' | grep -q ."
    expect_exit 0 "$f: qpdf --check" -- qpdf --check "$TMP/$f.pdf"
done
pdfimages -list "$TMP/rgba.png.pdf" >"$TMP/list" 2>/dev/null
expect_grep "$TMP/list" " smask " "alpha becomes a soft mask"
expect_grep "$TMP/list" " 60 +40 +rgb " "60 x 40 RGB pixels"
pdfimages -list "$TMP/gray.png.pdf" >"$TMP/list" 2>/dev/null
expect_grep "$TMP/list" " gray " "a gray PNG stays gray"

# Size: width in percent of the column; natural size at 96 dpi otherwise.
T=$(one photo.jpg 'width="50%"')
"$QUIRE" render "$T" -o "$TMP/half.pdf" 2>/dev/null
pdfimages -list "$TMP/half.pdf" >"$TMP/list" 2>/dev/null
# A4 column 481.9 pt; half is 240.9 pt for 60 px: 17.9 dpi.
expect_grep "$TMP/list" " 18 +18 " "50% of the column wide"

for f in truncated.png truncated.jpg garbage.png huge.png; do
    T=$(one "$f")
    expect_exit 1 "broken $f" -- "$QUIRE" render "$T" -o "$TMP/broken.pdf"
    expect_grep "$TMP/err" "image\.xml:1: error: image 'img/$f': " "names the image ($f)"
    expect_true "no output for $f" test ! -e "$TMP/broken.pdf"
done
expect_grep "$TMP/err" "huge.png.: not a readable PNG" "a decompression bomb is refused before allocating"
T=$(one missing.png)
expect_exit 1 "a missing image" -- "$QUIRE" render "$T" -o "$TMP/x.pdf"
expect_grep "$TMP/err" "cannot open 'img/missing.png'" "names the missing file"
printf '<report><body><image src="../../etc/passwd" alt="x"/></body></report>\n' >"$TMP/escape.xml"
expect_exit 2 "an image outside the template's folder" -- "$QUIRE" render "$TMP/escape.xml" -o "$TMP/x.pdf"
finish
