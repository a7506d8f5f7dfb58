# Tagged PDF (PDF/UA-1) by default: the structure tree read back with
# qpdf --json, jq and poppler, against a fixture with every element kind.
. "$(dirname "$0")/lib.sh"
T="$TMP/t"
mkdir -p "$T"
cp "$FIX/tagged.xml" "$FIX/offices.csv" "$T/"
cp -r "$FIX/images" "$T/"
PDF="$TMP/tagged.pdf"
expect_exit 0 "render the fixture" -- "$QUIRE" render "$T/tagged.xml" -o "$PDF"
qpdf --json "$PDF" >"$TMP/json"

# jq over qpdf's objects: deref follows "N 0 R"; tree lists the structure
# types depth-first (reading order), one per line.
JQ_LIB='.qpdf[1] as $o
| def deref: if type == "string" and test("^[0-9]+ 0 R$") then $o["obj:" + .].value else . end;
  def kids: (.["/K"] // []) | if type == "array" then .[] else . end;
  def tree: deref | if type == "object" and .["/S"] then ., (kids | tree) else empty end;
  def elems: $o["obj:1 0 R"].value["/StructTreeRoot"] | deref | kids | tree;'
q() { jq -r "$JQ_LIB $1" "$TMP/json"; }

pdfinfo "$PDF" >"$TMP/info"
expect_grep "$TMP/info" "^Tagged: +yes" "pdfinfo says Tagged: yes"
expect_grep "$TMP/info" "^PDF version: +1\.7" "PDF 1.7 (object streams, structure)"
q '$o["obj:1 0 R"].value | .["/Lang"], .["/MarkInfo"]["/Marked"], .["/ViewerPreferences"]["/DisplayDocTitle"]' >"$TMP/cat"
expect_true "catalog: /Lang from the template, Marked, DisplayDocTitle: $(tr '\n' ' ' <"$TMP/cat")" \
    test "$(tr '\n' ' ' <"$TMP/cat")" = "u:en-GB true true "
q 'elems | .["/S"]' | tr '\n' ' ' >"$TMP/types"
want="/Document /Title /TOC /Caption /TOCI /Link /TOCI /Link /H1 /P /Link /L /LI /Lbl /LBody /LI /Lbl /LBody /Table /TR /TH /TH /TR /TD /TD /TR /TD /TD /TR /TD /TD /Figure /H2 /P /Figure "
expect_true "every element in the tree, in reading order: $(cat "$TMP/types")" test "$(cat "$TMP/types")" = "$want"

# Reading order of the text itself (poppler walks the tree). A contents
# entry's words and page number are two pieces: its dot leader, an
# artifact, stands between them.
pdfinfo -struct-text "$PDF" >"$TMP/struct" 2>&1
grep -o '"[^"]*"' "$TMP/struct" | tr -d '"' | grep -v '^$' | tr '\n' '|' >"$TMP/order"
want='Tagging fixture|Contents|First heading|1|Second heading|1|First heading|Alpha paragraph with |a link |inside.|1.|Item one|2.|Item two|Office|Encountered|New York|7,571|Newark|3,581|San Antonio|—|Second heading|Omega paragraph.|'
expect_true "text in logical order: $(cat "$TMP/order")" test "$(cat "$TMP/order")" = "$want"
pdftotext "$PDF" "$TMP/plain"
expect_grep "$TMP/plain" "Folio 1 of 1" "the footer is on the page"
expect_grep "$TMP/plain" "Running head" "the header is on the page"
expect_no_grep "$TMP/struct" "Folio|Running head" "header and footer are artifacts, not in the tree"

# Figures speak; header cells have a scope; links point at their annotations
# (one annotation per link: two contents entries and the paragraph's link).
expect_true "every figure has /Alt" test "$(q '[elems | select(.["/S"] == "/Figure") | .["/Alt"] // empty] | length')" = 2
expect_true "alt text kept" test "$(q '[elems | select(.["/S"] == "/Figure") | .["/Alt"]] | join(",")')" = "u:A red square,u:The same square again"
expect_true "figures have a BBox" test "$(q '[elems | select(.["/S"] == "/Figure") | .["/A"]["/BBox"] // empty] | length')" = 2
expect_true "every TH has /Scope /Column" test "$(q '[elems | select(.["/S"] == "/TH") | .["/A"]["/Scope"]] | unique | join(",")')" = "/Column"
expect_true "each Link holds an OBJR" test "$(q '[elems | select(.["/S"] == "/Link") | [kids | deref | select(type == "object" and .["/Type"] == "/OBJR")] | length > 0] | all')" = true
q '[$o[] | objects | .value | objects | select(.["/Subtype"] == "/Link")] | map((.["/StructParent"] != null) and .["/F"] == 4 and (.["/Contents"] != null)) | all, length' >"$TMP/annots"
expect_true "link annotations: StructParent, /F 4, /Contents ($(tr '\n' ' ' <"$TMP/annots"))" test "$(tr '\n' ' ' <"$TMP/annots")" = "true 3 "

# Marked content: every text and image inside BDC…EMC, balanced per page;
# artifacts typed.
qpdf --qdf --object-streams=disable "$PDF" "$TMP/qdf.pdf"
awk '/BDC$|BMC$/ { d++ } /^EMC$/ { d-- } / (Tj|TJ|Do|re|f)$/ { if (d < 1) bad++ } /^%% Page/ { if (d) unbal++ }
     END { print bad + 0, unbal + 0, d + 0 }' "$TMP/qdf.pdf" >"$TMP/mc"
expect_true "nothing painted outside marked content, sequences balanced ($(cat "$TMP/mc"))" test "$(cat "$TMP/mc")" = "0 0 0"
expect_grep "$TMP/qdf.pdf" "^/Artifact <</Type /Pagination /Subtype /Footer>> BDC" "footer marked as a pagination artifact"
expect_grep "$TMP/qdf.pdf" "^/Artifact <</Type /Pagination /Subtype /Header>> BDC" "header marked as a pagination artifact"
expect_grep "$TMP/qdf.pdf" "^/Artifact <</Type /Layout>> BDC" "zebra stripes and rules are layout artifacts"
# The parent tree has one element per MCID on each page.
mcids=$(grep -c "<</MCID [0-9]*>> BDC$" "$TMP/qdf.pdf")
expect_true "parent tree covers every MCID ($mcids)" test "$(q '[$o[] | objects | .value | objects | select(.["/Nums"]) | .["/Nums"][] | arrays | length] | add')" = "$mcids"

# An image used twice is stored once.
expect_true "one image XObject for two uses" test "$(pdfimages -list "$PDF" 2>/dev/null | awk 'NR > 2 && $3 == "image"' | awk '{print $11}' | sort -u | wc -l)" = 1
expect_true "drawn twice" test "$(pdfimages -list "$PDF" 2>/dev/null | awk 'NR > 2 && $3 == "image"' | wc -l)" = 2

# The example briefing: tagged, the same text, still small.
B="$TMP/briefing.pdf"
expect_exit 0 "render the briefing" -- "$QUIRE" render "$ROOT/examples/briefing/briefing.xml" -o "$B"
expect_grep "$(pdfinfo "$B" >"$TMP/binfo"; echo "$TMP/binfo")" "^Tagged: +yes" "briefing tagged"
pdfinfo -struct-text "$B" >"$TMP/bstruct" 2>&1
expect_no_grep "$TMP/bstruct" "Page [0-9]+ of" "briefing footer is an artifact"
expect_grep "$TMP/bstruct" "^ +TH" "briefing tables have header cells"
# Same bytes for the same inputs: /ID comes from the content.
expect_exit 0 "render again" -- "$QUIRE" render "$ROOT/examples/briefing/briefing.xml" -o "$TMP/again.pdf"
expect_true "byte-identical with the same SOURCE_DATE_EPOCH" cmp -s "$B" "$TMP/again.pdf"
expect_true "trailer /ID present" test "$(qpdf --json "$B" | jq -r '.qpdf[1].trailer.value["/ID"] | length')" = 2
SOURCE_DATE_EPOCH=1700000001 "$QUIRE" render "$ROOT/examples/briefing/briefing.xml" -o "$TMP/later.pdf"
expect_true "another date, another /ID" test "$(qpdf --json "$B" | jq -r '.qpdf[1].trailer.value["/ID"][0]')" != \
    "$(qpdf --json "$TMP/later.pdf" | jq -r '.qpdf[1].trailer.value["/ID"][0]')"
# Page labels: front matter in roman numerals, then arabic from 1.
cat >"$TMP/labels.xml" <<'XML'
<report title="Labels">
  <body>
    <page-break numbering="roman"/>
    <title>Front</title><p>Preface.</p>
    <page-break/>
    <p>More front matter.</p>
    <page-break numbering="arabic"/>
    <h1>Chapter</h1><p>Body.</p>
    <page-break/>
    <p>Body two.</p>
  </body>
</report>
XML
expect_exit 0 "render with numbering" -- "$QUIRE" render "$TMP/labels.xml" -o "$TMP/labels.pdf"
expect_true "labels i, ii, then 1, 2" test "$(qpdf --json "$TMP/labels.pdf" | jq -c '[.pagelabels[] | [.index, .label["/S"], .label["/St"]]]')" = '[[0,"/r",1],[2,"/D",1]]'
expect_true "no labels without numbering" test "$(qpdf --json "$PDF" | jq -c '.pagelabels')" = '[]'
expect_exit 2 "numbering is roman or arabic" -- "$QUIRE" check "$(sed 's/numbering="roman"/numbering="greek"/' "$TMP/labels.xml" >"$TMP/bad.xml"; echo "$TMP/bad.xml")"
finish
