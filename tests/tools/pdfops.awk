# pdfops.awk: what quire's content streams draw, one item a line, from
# `qpdf --qdf --object-streams=disable` output (run with LC_ALL=C):
#
#   text PAGE X Y SIZE FONT #RRGGBB TEXT      X, Y: baseline start
#   rect PAGE X Y W H #RRGGBB                 X, Y: bottom-left corner
#   line PAGE X1 Y1 X2 Y2 WIDTH #RRGGBB
#   image PAGE X Y W H
#
# in PDF points (origin bottom-left, y up), in drawing order. Colours are the
# fill (rg) or stroke (RG) operands times 255, rounded. Text is decoded from
# libharu's 2-byte codes (Unicode values, Identity-H) to UTF-8. One
# operator a line; a text run is placed by Tm (quire's TJ runs) or moved by
# Td (libharu's own text calls); a TJ's numbers (kerning, spaces) are
# left out of the text.
function hex2(v) { return sprintf("%02X", int(v * 255 + 0.5)) }
function colour(r, g, b) { return "#" hex2(r) hex2(g) hex2(b) }
function hexval(h,    i, v) {
    v = 0
    for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789ABCDEF", toupper(substr(h, i, 1))) - 1
    return v
}
function utf8(c) {
    if (c < 128) return sprintf("%c", c)
    if (c < 2048) return sprintf("%c%c", 192 + int(c / 64), 128 + c % 64)
    return sprintf("%c%c%c", 224 + int(c / 4096), 128 + int(c / 64) % 64, 128 + c % 64)
}
function decode(s,    out, i) {
    out = ""
    for (i = 2; i + 3 < length(s); i += 4) out = out utf8(hexval(substr(s, i, 4)))
    return out
}
function num(v) { return sprintf("%.2f", v) }
/^%% Contents for page / { page = $NF; next }
page && /^stream$/ { inside = 1; fill = "#000000"; stroke = "#000000"; lw = 1; next }
/^endstream$/ { inside = 0; page = 0; next }
!inside { next }
{ op = $NF }
op == "BT" { tx = 0; ty = 0; next }
op == "Tf" { font = $1; size = $2; next }
op == "Td" { tx += $1; ty += $2; next }
op == "Tm" { tx = $5; ty = $6; next }
op == "TJ" {
    s = $0; t = ""
    while (match(s, /<[0-9A-Fa-f]*>/)) { t = t decode(substr(s, RSTART, RLENGTH)); s = substr(s, RSTART + RLENGTH) }
    print "text", page, num(tx), num(ty), size, font, fill, t
    next
}
op == "Tj" {
    s = $0; sub(/ Tj$/, "", s)
    print "text", page, num(tx), num(ty), size, font, fill, decode(s)
    next
}
op == "rg" { fill = colour($1, $2, $3); next }
op == "RG" { stroke = colour($1, $2, $3); next }
op == "w" { lw = $1; next }
op == "re" { rx = $1; ry = $2; rw = $3; rh = $4; next }
op == "f" { print "rect", page, num(rx), num(ry), num(rw), num(rh), fill; next }
op == "m" { mx = $1; my = $2; next }
op == "l" { lx = $1; ly = $2; next }
op == "S" { print "line", page, num(mx), num(my), num(lx), num(ly), lw, stroke; next }
op == "cm" { ix = $5; iy = $6; iw = $1; ih = $4; next }
op == "Do" { print "image", page, num(ix), num(iy), num(iw), num(ih); next }
