# --pdfa: XMP with pdfaid, an sRGB output intent, every font embedded, no
# transparency at 1b; what --pdfa and --embed-data ask of each other.
. "$(dirname "$0")/lib.sh"
T="$TMP/t"
mkdir -p "$T"
cp "$FIX/offices.csv" "$T/"
cp -r "$FIX/images" "$T/"
cat >"$T/r.xml" <<'XML'
<report title="Fish &amp; Chips &lt;2013&gt; &quot;raw&quot;" author="A &amp; B">
  <body>
    <title>Alpha &amp; omega</title>
    <p>Text in <a href="https://example.org/">a link</a>.</p>
    <image src="images/rgba.png" width="20mm" alt="A translucent square"/>
  </body>
</report>
XML

xmp() { pdfinfo -meta "$1" >"$TMP/xmp.xml" 2>/dev/null; }
for level in 2b 2u 1b; do
    PDF="$TMP/$level.pdf"
    expect_exit 0 "--pdfa=$level renders" -- "$QUIRE" render "$T/r.xml" --pdfa=$level -o "$PDF"
    xmp "$PDF"
    part=${level%?}
    conf=$(echo "${level#?}" | tr a-z A-Z)
    expect_true "$level: XMP is well-formed XML with an & in the title" xmllint --noout "$TMP/xmp.xml"
    expect_grep "$TMP/xmp.xml" "<pdfaid:part>$part</pdfaid:part>" "$level: pdfaid:part"
    expect_grep "$TMP/xmp.xml" "<pdfaid:conformance>$conf</pdfaid:conformance>" "$level: pdfaid:conformance"
    expect_grep "$TMP/xmp.xml" "<pdfuaid:part>1</pdfuaid:part>" "$level: pdfuaid:part"
    expect_grep "$TMP/xmp.xml" "Fish &amp; Chips &lt;2013&gt; &quot;raw&quot;" "$level: title escaped in XMP"
    expect_grep "$TMP/xmp.xml" "pdfaSchema:prefix>pdfuaid<" "$level: the pdfuaid schema is described for PDF/A"
    qpdf --json "$PDF" >"$TMP/json"
    expect_true "$level: qpdf --check passes" sh -c "qpdf --check '$PDF' >/dev/null 2>&1"
    oi=$(jq -r '.qpdf[1]["obj:1 0 R"].value["/OutputIntents"][0] | .["/S"] + " " + .["/OutputConditionIdentifier"]' "$TMP/json")
    expect_true "$level: sRGB output intent ($oi)" test "$oi" = "/GTS_PDFA1 u:sRGB IEC61966-2.1"
    icc=$(jq -r '.qpdf[1]["obj:1 0 R"].value["/OutputIntents"][0]["/DestOutputProfile"]' "$TMP/json")
    expect_true "$level: the profile is an embedded stream with 3 components" \
        test "$(jq -r --arg r "obj:$icc" '.qpdf[1][$r].stream.dict["/N"]' "$TMP/json")" = 3
    md=$(jq -r '.qpdf[1]["obj:1 0 R"].value["/Metadata"]' "$TMP/json")
    expect_true "$level: metadata stream is /Type /Metadata /Subtype /XML, not /SubType" \
        test "$(jq -r --arg r "obj:$md" '.qpdf[1][$r].stream.dict | .["/Type"] + .["/Subtype"] + (.["/SubType"] // "")' "$TMP/json")" = "/Metadata/XML"
    expect_true "$level: metadata readable as is (no filter)" \
        test "$(jq -r --arg r "obj:$md" '.qpdf[1][$r].stream.dict["/Filter"] // "none"' "$TMP/json")" = none
    pdffonts "$PDF" | awk 'NR > 2 && $(NF-4) != "yes"' >"$TMP/unembedded"
    expect_true "$level: every font embedded" test ! -s "$TMP/unembedded"
    expect_true "$level: link annotations printable (/F 4)" \
        test "$(jq '[.qpdf[1][] | objects | .value | objects | select(.["/Subtype"] == "/Link") | .["/F"]] | unique' -c "$TMP/json")" = "[4]"
    expect_true "$level: trailer /ID" test "$(jq -r '.qpdf[1].trailer.value["/ID"] | length' "$TMP/json")" = 2
done

# PDF/A-1 is PDF 1.4: no object streams, no soft masks, no constant alpha.
P1="$TMP/1b.pdf"
expect_true "1b: header %PDF-1.4" test "$(head -c 8 "$P1")" = "%PDF-1.4"
expect_true "1b: no object or xref streams" sh -c "! grep -qa '/ObjStm\|/XRef' '$P1'"
pdfimages -list "$P1" 2>/dev/null | awk 'NR > 2' >"$TMP/imgs1"
expect_no_grep "$TMP/imgs1" "smask" "1b: image alpha flattened (no soft mask)"
expect_grep "$TMP/imgs1" "image" "1b: the image is still there"
expect_true "1b: no transparency in any graphics state" \
    test "$(jq '[.qpdf[1][] | objects | .value | objects | select(.["/Type"] == "/ExtGState") | select((.["/ca"] // 1) < 1 or (.["/CA"] // 1) < 1)] | length' "$(qpdf --json "$P1" >"$TMP/j1"; echo "$TMP/j1")")" = 0
pdfimages -list "$TMP/2b.pdf" 2>/dev/null | awk 'NR > 2' >"$TMP/imgs2"
expect_grep "$TMP/imgs2" "smask" "2b keeps the soft mask (transparency allowed)"
# Flattened onto white: the page looks the same as with the soft mask.
pdftoppm -r 30 -png -singlefile "$P1" "$TMP/p1"
pdftoppm -r 30 -png -singlefile "$TMP/2b.pdf" "$TMP/p2"
# (pngdiff's default tolerance: compositing rounds a level here and there)
expect_true "1b looks like 2b" sh -c "\"$(dirname "$QUIRE")/pngdiff\" -m 0 '$TMP/p2.png' '$TMP/p1.png' >/dev/null"

# With --embed-data: PDF/A-3 of the same conformance, attachments typed.
P3="$TMP/3u.pdf"
cat >"$T/d.xml" <<'XML'
<report title="Data">
  <data><csv name="offices" src="offices.csv"/></data>
  <metric name="n">SELECT count(*) FROM offices</metric>
  <body><p>{n} offices.</p></body>
</report>
XML
expect_exit 0 "--embed-data --pdfa=2u" -- "$QUIRE" render "$T/d.xml" --embed-data --pdfa=2u -o "$P3"
xmp "$P3"
expect_grep "$TMP/xmp.xml" "<pdfaid:part>3</pdfaid:part>" "embedded data makes PDF/A-3"
expect_grep "$TMP/xmp.xml" "<pdfaid:conformance>U</pdfaid:conformance>" "of the same conformance"
qpdf --json "$P3" >"$TMP/j3"
expect_true "every attachment /AFRelationship /Source" \
    test "$(jq -c '[.qpdf[1][] | objects | .value | objects | select(.["/Type"] == "/Filespec") | .["/AFRelationship"]] | unique' "$TMP/j3")" = '["/Source"]'
expect_true "every attachment listed in the catalog's /AF" \
    test "$(jq '.qpdf[1]["obj:1 0 R"].value["/AF"] | length' "$TMP/j3")" = 3
expect_true "embedded files carry a MIME type and a ModDate" \
    test "$(jq -c '[.qpdf[1][] | objects | .stream.dict? // empty | select(.["/Type"] == "/EmbeddedFile") | (.["/Subtype"] != null and .["/Params"]["/ModDate"] != null)] | unique' "$TMP/j3")" = '[true]'

# Usage errors (exit 2), nothing written.
expect_exit 2 "--embed-data --pdfa=1b" -- "$QUIRE" render "$T/d.xml" --embed-data --pdfa=1b -o "$TMP/u1.pdf"
expect_grep "$TMP/err" "PDF/A-3" "the message says why"
expect_exit 2 "--backend cairo --pdfa" -- "$QUIRE" render "$T/d.xml" --backend cairo --pdfa -o "$TMP/u2.pdf"
expect_exit 2 "--backend cairo --embed-data" -- "$QUIRE" render "$T/d.xml" --backend cairo --embed-data -o "$TMP/u3.pdf"
expect_exit 2 "--pdfa=3b is not a level" -- "$QUIRE" render "$T/d.xml" --pdfa=3b -o "$TMP/u4.pdf"
expect_exit 0 "--pdfa alone is 2b" -- "$QUIRE" render "$T/d.xml" --pdfa -o "$TMP/def.pdf"
xmp "$TMP/def.pdf"
expect_grep "$TMP/xmp.xml" "<pdfaid:part>2</pdfaid:part>" "--pdfa defaults to part 2"
expect_grep "$TMP/xmp.xml" "<pdfaid:conformance>B</pdfaid:conformance>" "--pdfa defaults to B"
finish
