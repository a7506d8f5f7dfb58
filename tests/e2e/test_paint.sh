# What the content streams draw, where and in which colour: the things a
# page image is too coarse to pin (a stripe a row off paints the text over
# but pdftotext still finds it; a colour off by one channel looks alike).
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1700000000

# has OPS AWK-CONDITION DESC: some drawn item matches.
has() {
    if awk "$2 { found = 1 } END { exit !found }" "$1"; then ok; else bad "$3: no item with $2 in $(basename "$1"): $(head -c 400 "$1")"; fi
}
# none OPS AWK-CONDITION DESC: no drawn item matches.
none() {
    if awk "$2 { found = 1 } END { exit !found }" "$1"; then bad "$3: $(awk "$2" "$1" | head -n 3)"; else ok; fi
}

"$QUIRE" render "$ROOT/examples/briefing/briefing.xml" -o "$TMP/briefing.pdf" 2>"$TMP/err"
pdf_ops "$TMP/briefing.pdf" >"$TMP/briefing.ops"
"$QUIRE" render "$ROOT/docs/examples/table.xml" -o "$TMP/table.pdf" 2>>"$TMP/err"
pdf_ops "$TMP/table.pdf" >"$TMP/table.ops"
"$QUIRE" render "$ROOT/docs/examples/blocks.xml" -o "$TMP/blocks.pdf" 2>>"$TMP/err"
pdf_ops "$TMP/blocks.pdf" >"$TMP/blocks.ops"
"$QUIRE" render "$ROOT/docs/examples/styles.xml" -o "$TMP/styles.pdf" 2>>"$TMP/err"
pdf_ops "$TMP/styles.pdf" >"$TMP/styles.ops"
expect_true "the four renders are quiet: $(head -c 300 "$TMP/err")" test ! -s "$TMP/err"
# (a line's words in one style are one run: about 180 runs)
expect_true "the dump reads text from the briefing" test "$(grep -c '^text ' "$TMP/briefing.ops")" -gt 150

# --- zebra stripes sit behind their rows ---
# zebra OPS: "striped: YEARS" (year cells whose baseline lies inside a
# stripe drawn before them) and "covered: TEXTS" (text drawn before a
# stripe that then paints over it).
zebra() {
    awk '
    $1 == "text" { nt++; tp[nt] = $2; ty[nt] = $4; ts[nt] = $5; tt[nt] = $8 }
    $1 == "rect" && $7 == "#F2F4F7" {
        ns++; sp[ns] = $2; sb[ns] = $4; st[ns] = $4 + $6
        # Text painted earlier under this stripe is hidden by it: its glyphs
        # rise from just below the baseline to about 0.7 of the size.
        for (i = 1; i <= nt; i++)
            if (tp[i] == $2 && ty[i] + 0.7 * ts[i] > $4 && ty[i] - 0.2 * ts[i] < $4 + $6) covered = covered " " tt[i]
        next
    }
    $1 == "text" && $8 ~ /^20[0-9][0-9]$/ {
        for (i = 1; i <= ns; i++) if (sp[i] == $2 && $4 > sb[i] && $4 < st[i]) { striped = striped " " $8; break }
    }
    END { print "striped:" striped; print "covered:" covered; print "stripes: " ns }' "$1"
}
zebra "$TMP/table.ops" >"$TMP/table.zebra"
expect_grep "$TMP/table.zebra" "^striped: 2009 2011 2013 2015$" "docs table: every second row striped, behind its own text"
expect_grep "$TMP/table.zebra" "^covered:$" "docs table: no stripe paints over text drawn before it"
expect_grep "$TMP/table.zebra" "^stripes: 4$" "docs table: four stripes for nine rows"
zebra "$TMP/briefing.ops" >"$TMP/briefing.zebra"
expect_grep "$TMP/briefing.zebra" "^striped: 2009 2011 2013 2015$" "briefing trend table: 2009, 2011, 2013, 2015 striped"
expect_grep "$TMP/briefing.zebra" "^covered:$" "briefing: no stripe paints over text"
# Stripes start again under each group title: its first row is plain.
printf 'office,year\nA,2001\nA,2002\nA,2003\nB,2004\nB,2005\nB,2006\n' >"$TMP/groups.csv"
T=$(template groups.xml <<'EOT'
<report><data><csv name="g" src="groups.csv"/></data>
<query name="q">SELECT office, year FROM g ORDER BY office, year</query>
<body><table query="q" group-by="office" zebra="true"><column title="Year" field="year" align="left"/></table></body></report>
EOT
)
expect_exit 0 "render a grouped striped table" -- "$QUIRE" render "$T" -o "$TMP/groups.pdf"
pdf_ops "$TMP/groups.pdf" >"$TMP/groups.ops"
zebra "$TMP/groups.ops" >"$TMP/groups.zebra"
expect_grep "$TMP/groups.zebra" "^striped: 2002 2005$" "each group's second row striped, its first plain"
# A stripe spans the table's width: from the left margin to the right one.
has "$TMP/table.ops" '$1 == "rect" && $7 == "#F2F4F7" && $3 == "56.69" && $5 == "481.89"' "stripe spans the text block"

# --- the house style's colours, exactly (docs/guide.md, "Styles") ---
has "$TMP/briefing.ops" '$1 == "text" && $5 == 22 && $7 == "#222222" && /Removals fell in fiscal 2013/' "title: 22 pt near-black #222222"
has "$TMP/briefing.ops" '$1 == "text" && $5 == 12 && $7 == "#666666" && /What the published figures show/' "subtitle: 12 pt grey #666666"
has "$TMP/briefing.ops" '$1 == "text" && $5 == 22 && $7 == "#0B5394" && $8 == "368,644"' "key figure in the accent #0B5394"
has "$TMP/briefing.ops" '$1 == "rect" && $7 == "#0B5394" && $6 == "1.50"' "accent rule above a key figure"
has "$TMP/briefing.ops" '$1 == "text" && $7 == "#666666" && $5 == 7.5 && /Page 1 of 2/' "footer: 7.5 pt grey"
has "$TMP/briefing.ops" '$1 == "text" && $5 == 16 && $7 == "#222222" && /Fewer removals/' "h1: 16 pt near-black"
has "$TMP/briefing.ops" '$1 == "text" && $5 == 10 && $7 == "#222222" && /Immigration/' "body: 10 pt near-black"
has "$TMP/table.ops" '$1 == "line" && $8 == "#333333" && $7 == 0.8' "table rule under the header: 0.8 pt #333333"
# (white: a chart's value labels inside its bars)
none "$TMP/briefing.ops" '$1 == "text" && $7 !~ /^#(222222|666666|0B5394|FFFFFF)$/' "the briefing uses the house colours only"
# Colours a template sets: every channel is its own byte.
has "$TMP/styles.ops" '$1 == "text" && $7 == "#7A1F1F" && $5 == 16 && /Removals fell/' "h1 styled dark red #7a1f1f"
has "$TMP/styles.ops" '$1 == "text" && $7 == "#555555" && /Figures are from/' "aside in #555555"
has "$TMP/blocks.ops" '$1 == "text" && $7 == "#B35806" && $5 == 22 && $8 == "67,879"' "key figure with color=#b35806"
has "$TMP/blocks.ops" '$1 == "rect" && $7 == "#B35806"' "its rule in the same colour"
has "$TMP/blocks.ops" '$1 == "text" && $7 == "#B35806" && $5 == 10 && $8 == "67,879"' "span color=#b35806"
has "$TMP/blocks.ops" '$1 == "text" && $7 == "#0B5394" && $8 == "internal" && $10 == "documents"' "a link in the accent colour"
has "$TMP/blocks.ops" '$1 == "text" && $7 == "#222222" && $8 == "Of"' "the paragraph around it near-black"
has "$TMP/blocks.ops" '$1 == "line" && $8 == "#BBBBBB" && $7 == 0.5 && $3 == "56.69" && $5 == "538.59"' "a plain rule: 0.5 pt #bbbbbb across the text block"
has "$TMP/blocks.ops" '$1 == "line" && $8 == "#B35806" && $7 == 1.5' "a rule with weight and color"
# #rgb doubles each digit: #b58 is #bb5588.
T=$(template short.xml <<'EOT'
<report><body><p>Plain <span color="#b58">short</span> and <span color="#0f0">green</span>.</p><rule color="#a1c"/></body></report>
EOT
)
expect_exit 0 "render #rgb colours" -- "$QUIRE" render "$T" -o "$TMP/short.pdf"
pdf_ops "$TMP/short.pdf" >"$TMP/short.ops"
has "$TMP/short.ops" '$1 == "text" && $7 == "#BB5588" && $8 == "short"' "#b58 is #bb5588"
has "$TMP/short.ops" '$1 == "text" && $7 == "#00FF00" && $8 == "green"' "#0f0 is #00ff00"
has "$TMP/short.ops" '$1 == "line" && $8 == "#AA11CC"' "a rule in #a1c is #aa11cc"
finish
