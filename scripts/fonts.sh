#!/bin/sh
# Copies the mapped fonts (fonts/map.tsv) from their Debian packages into
# DEST, checks each SHA-256, and writes DEST/map.tsv for quire to read at run
# time: family, weight, style, file, expected and actual SHA-256, size, mtime.
# The size and mtime let quire trust the build's checksum without hashing
# the file on every render. A differing checksum is a warning, not an error
# (SPEC §8): the font is still used, and quire warns when it does.
set -eu
src=${1:?usage: scripts/fonts.sh FONTS_DIR DEST}
dest=${2:?usage: scripts/fonts.sh FONTS_DIR DEST}
tab=$(printf '\t')
tmp="$dest.tmp.$$"
rm -rf "$tmp"
mkdir -p "$tmp/licenses"
trap 'rm -rf "$tmp"' EXIT
missing=""
: >"$tmp/map.tsv"
while IFS="$tab" read -r family weight style package from sha; do
    case "$family" in ''|'#'*) continue ;; esac
    if [ ! -f "$from" ]; then
        case " $missing " in *" $package "*) ;; *) missing="$missing $package" ;; esac
        continue
    fi
    file=$(basename "$from")
    cp "$from" "$tmp/$file"
    got=$(sha256sum "$tmp/$file" | cut -d' ' -f1)
    [ "$got" = "$sha" ] || echo "quire: warning: $from differs from the font map (SHA-256 $got); renders may differ from other machines" >&2
    stamp=$(stat -c '%s	%Y' "$tmp/$file")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$family" "$weight" "$style" "$file" "$sha" "$got" "$stamp" >>"$tmp/map.tsv"
    copyright="/usr/share/doc/$package/copyright"
    [ -f "$copyright" ] && cp "$copyright" "$tmp/licenses/$package.copyright"
done <"$src/map.tsv"
if [ -n "$missing" ]; then
    echo "quire: error: the font map needs the Debian packages:$missing (run scripts/setup.sh, or apt-get install$missing)" >&2
    exit 1
fi
cp "$src/aliases.tsv" "$src/LICENSES.md" "$tmp/"
rm -rf "$dest"
mv "$tmp" "$dest"
trap - EXIT
