# split-figures.awk: figures split across lines inside a table cell, from
# the display-list dump (tests/unit/test_layout_dump TEMPLATE). A cell is
# an element td#N or th#N; when its text moves to a new line and the last
# text before ends in a digit (or a digit and a separator) while the text
# after starts with a digit, a number was cut: "$41,250,0" / "01".
# A "figure" of more than 60 characters (fuzzer garbage) may be wider than
# the page even at 7 pt, and is then cut by design: not counted.
# Prints one line per cut: ELEMENT "BEFORE" | "AFTER".
/ text / && / elem=t[dh]#/ {
    el = $0; sub(/.* elem=/, "", el); sub(/ .*/, "", el)
    y = $0; sub(/.* y=/, "", y); sub(/ .*/, "", y)
    pg = $2
    t = $0; sub(/^[^"]*"/, "", t); sub(/"$/, "", t)
    if ((el in last) && (lasty[el] != y || lastpg[el] != pg) && last[el] ~ /[0-9][.,]?$/ && t ~ /^[0-9]/ && \
        length(lastw[el]) + length(firstw(t)) <= 60)
        printf "%s \"%s\" | \"%s\"\n", el, last[el], t
    last[el] = t; lasty[el] = y; lastpg[el] = pg
    lastw[el] = t; sub(/.* /, "", lastw[el])
}

function firstw(s) { sub(/ .*/, "", s); return s }
