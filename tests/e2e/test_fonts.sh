#!/bin/sh
# The font map: default faces come from BUILD/fonts whatever the machine
# has, a changed mapped file is a warning, fontconfig's own variables are
# honoured, common families get their metric twins.
. "$(dirname "$0")/lib.sh"
MAP=$(cd "$(dirname "$QUIRE")/fonts" && pwd)

# fontconfig given nothing at all: the default render still works, from the map.
mkdir -p "$TMP/nofonts"
printf '<?xml version="1.0"?><fontconfig><cachedir>%s/nofonts</cachedir></fontconfig>\n' "$TMP" >"$TMP/empty.conf"
FONTCONFIG_FILE="$TMP/empty.conf" expect_exit 0 "briefing with no fontconfig fonts" -- \
    "$QUIRE" render "$ROOT/examples/briefing/briefing.xml" -o "$TMP/b.pdf"
pdffonts "$TMP/b.pdf" >"$TMP/fonts.txt" 2>&1
expect_grep "$TMP/fonts.txt" "NotoSans-Regular" "the map's Noto Sans is embedded"
expect_no_grep "$TMP/err" "." "no message at all"

# A family outside the map: found through FONTCONFIG_FILE's folders only.
T=$(template display.xml <<'EOT'
<report><styles><style name="body" font="Noto Sans Display"/></styles><body><p>Display</p></body></report>
EOT
)
FONTCONFIG_FILE="$TMP/empty.conf" expect_exit 1 "FONTCONFIG_FILE with no fonts hides a family" -- \
    "$QUIRE" render "$T" -o "$TMP/d.pdf"
expect_grep "$TMP/err" "font family 'Noto Sans Display' not found" "names the family"
mkdir -p "$TMP/onefont"
cp /usr/share/fonts/truetype/noto/NotoSansDisplay-Regular.ttf "$TMP/onefont/"
printf '<?xml version="1.0"?><fontconfig><dir>%s/onefont</dir><cachedir>%s/onefont</cachedir></fontconfig>\n' "$TMP" "$TMP" >"$TMP/one.conf"
FONTCONFIG_FILE="$TMP/one.conf" expect_exit 0 "FONTCONFIG_FILE's folder is searched" -- \
    "$QUIRE" render "$T" -o "$TMP/d.pdf"
pdffonts "$TMP/d.pdf" >"$TMP/fonts.txt" 2>&1
expect_grep "$TMP/fonts.txt" "NotoSansDisplay-Regular" "the family from FONTCONFIG_FILE is embedded"
mkdir -p "$TMP/fcpath"
cp "$TMP/one.conf" "$TMP/fcpath/fonts.conf"
expect_exit 0 "FONTCONFIG_PATH is honoured" -- \
    env -u FONTCONFIG_FILE FONTCONFIG_PATH="$TMP/fcpath" "$QUIRE" render "$T" -o "$TMP/d.pdf"

# Arial, absent from the tests' fontconfig, is set in Liberation Sans.
T=$(template arial.xml <<'EOT'
<report><styles><style name="body" font="Arial"/></styles><body><p>Arial <b>bold</b></p></body></report>
EOT
)
expect_exit 0 "Arial renders" -- "$QUIRE" render "$T" -o "$TMP/a.pdf"
pdffonts "$TMP/a.pdf" >"$TMP/fonts.txt" 2>&1
expect_grep "$TMP/fonts.txt" "\\+LiberationSans +CID" "Arial's stand-in is Liberation Sans"
expect_grep "$TMP/fonts.txt" "LiberationSans-Bold" "and its bold"

# A misspelt family names the closest.
T=$(template typo.xml <<'EOT'
<report><styles><style name="body" font="Liberation Serf"/></styles><body><p>x</p></body></report>
EOT
)
expect_exit 1 "misspelt family" -- "$QUIRE" render "$T" -o "$TMP/t.pdf"
expect_grep "$TMP/err" "typo.xml:1: error: font family 'Liberation Serf' not found; did you mean 'Liberation Serif'\\?" "suggests the closest family"

# A mapped file that is not the pinned one: rendered, with a warning naming it.
cp -Rp "$MAP" "$TMP/map"
awk -F'\t' 'BEGIN { OFS = "\t" } $4 == "NotoSans-Regular.ttf" { $5 = "00" substr($5, 3) } { print }' \
    "$MAP/map.tsv" >"$TMP/map/map.tsv"
QUIRE_FONT_DIR="$TMP/map" expect_exit 0 "a changed pin still renders" -- \
    "$QUIRE" render "$ROOT/examples/briefing/briefing.xml" -o "$TMP/w.pdf"
expect_true "the PDF is written" test -s "$TMP/w.pdf"
expect_grep "$TMP/err" "warning: font file '$TMP/map/NotoSans-Regular.ttf' differs from quire's font map" "warns naming the file"
expect_true "one warning for the face" test "$(grep -c 'differs from' "$TMP/err")" -eq 1
QUIRE_FONT_DIR="$TMP/map" expect_exit 2 "--strict refuses it" -- \
    "$QUIRE" render "$ROOT/examples/briefing/briefing.xml" --strict -o "$TMP/s.pdf"
expect_grep "$TMP/err" "differs from quire's font map.*--strict" "says --strict made it an error"

# A file changed after the build (its size and mtime no longer match) is hashed again.
cp -Rp "$MAP" "$TMP/map2"
chmod u+w "$TMP/map2/NotoSans-Bold.ttf"
printf 'x' >>"$TMP/map2/NotoSans-Bold.ttf"
QUIRE_FONT_DIR="$TMP/map2" expect_exit 0 "a tampered face still renders" -- \
    "$QUIRE" render "$ROOT/examples/briefing/briefing.xml" -o "$TMP/w.pdf"
expect_grep "$TMP/err" "warning: font file '$TMP/map2/NotoSans-Bold.ttf' differs" "the tampered file is named"

# quire fonts shows the map's files for its families.
"$QUIRE" fonts >"$TMP/list.txt" 2>&1
expect_grep "$TMP/list.txt" "^Noto Sans	Regular	$MAP/NotoSans-Regular.ttf$" "fonts lists the mapped file"
expect_grep "$TMP/list.txt" "^Liberation Mono	Italic	$MAP/LiberationMono-Italic.ttf$" "every mapped family is listed"

finish
