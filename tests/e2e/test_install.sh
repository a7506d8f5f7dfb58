#!/bin/sh
# make install: the command finds its fonts under PREFIX/share/quire/fonts,
# and a C program builds against the library with pkg-config alone.
# install-files is install's recipe without its build step, so the build
# under test is installed as it is (never rebuilt with other flags).
. "$(dirname "$0")/lib.sh"
BUILD_DIR=$(cd "$(dirname "$QUIRE")" && pwd)
P="$TMP/prefix"
if make -s -C "$ROOT" install-files PREFIX="$P" BUILD="$BUILD_DIR" >"$TMP/install.log" 2>&1; then ok; else bad "make install: $(tail -3 "$TMP/install.log")"; fi
expect_true "fonts installed" test -f "$P/share/quire/fonts/map.tsv"
expect_true "licences installed" test -f "$P/share/quire/fonts/licenses/fonts-noto-core.copyright"
expect_true "quire.pc installed" test -f "$P/lib/pkgconfig/quire.pc"

# The installed command, run from elsewhere, with no fontconfig fonts.
printf '<?xml version="1.0"?><fontconfig><cachedir>%s</cachedir></fontconfig>\n' "$TMP" >"$TMP/empty.conf"
(cd "$TMP" && FONTCONFIG_FILE="$TMP/empty.conf" "$P/bin/quire" fonts) >"$TMP/list.txt" 2>&1
expect_grep "$TMP/list.txt" "^Noto Sans	Regular	$P/share/quire/fonts/NotoSans-Regular.ttf$" "the installed command uses the installed map"
cp "$ROOT/examples/briefing/briefing.xml" "$TMP/" 2>/dev/null
(cd "$TMP" && FONTCONFIG_FILE="$TMP/empty.conf" "$P/bin/quire" render "$ROOT/examples/briefing/briefing.xml" -o "$TMP/installed.pdf") 2>"$TMP/err"
expect_true "the installed command renders the briefing" test -s "$TMP/installed.pdf"
# The cairo module goes to PREFIX/lib/quire, where the installed command finds it.
expect_true "cairo module installed" test -f "$P/lib/quire/quire-cairo.so"
(cd "$TMP" && FONTCONFIG_FILE="$TMP/empty.conf" "$P/bin/quire" render "$ROOT/examples/briefing/briefing.xml" --backend cairo -o "$TMP/installed-cairo.pdf") 2>"$TMP/err"
expect_true "the installed command renders with cairo: $(head -c 300 "$TMP/err")" test -s "$TMP/installed-cairo.pdf"

# A tiny program built with `pkg-config --cflags --libs quire` renders in-process.
cat >"$TMP/tiny.c" <<'EOC'
#include <quire.h>
#include <stdio.h>
int main(int argc, char **argv)
{
    quire_options o = quire_options_default();
    o.template_path = argv[1];
    o.output_path = argv[2];
    o.backend = argc > 3 ? QUIRE_BACKEND_CAIRO : QUIRE_BACKEND_HPDF;
    quire_result r;
    int status = quire_render(&o, &r);
    fputs(r.messages, stderr);
    printf("%d pages\n", r.pages);
    quire_result_free(&r);
    return argc >= 3 ? status : 2;
}
EOC
# A sanitizer build's archive needs the sanitizer runtime at link time.
san=""
nm "$P/lib/libquire.a" 2>/dev/null | grep -q __asan_ && san="-fsanitize=address,undefined"
flags=$(PKG_CONFIG_PATH="$P/lib/pkgconfig" pkg-config --cflags --libs quire 2>"$TMP/pc.err")
expect_true "pkg-config knows quire: $(cat "$TMP/pc.err")" test -n "$flags"
# shellcheck disable=SC2086
if cc $san -o "$TMP/tiny" "$TMP/tiny.c" $flags 2>"$TMP/cc.err"; then ok; else bad "tiny program does not build: $(head -c 400 "$TMP/cc.err")"; fi
(cd "$TMP" && FONTCONFIG_FILE="$TMP/empty.conf" QUIRE_FONT_DIR="$P/share/quire/fonts" ./tiny "$ROOT/examples/briefing/briefing.xml" "$TMP/tiny.pdf") >"$TMP/out" 2>"$TMP/err"
expect_grep "$TMP/out" "^2 pages$" "the tiny program renders the two-page briefing"
pdfinfo "$TMP/tiny.pdf" >"$TMP/info.txt" 2>&1
expect_grep "$TMP/info.txt" "^Pages: +2$" "its PDF reads back"
# A program that is not the installed command names the module's place.
(cd "$TMP" && FONTCONFIG_FILE="$TMP/empty.conf" QUIRE_FONT_DIR="$P/share/quire/fonts" QUIRE_CAIRO_MODULE="$P/lib/quire/quire-cairo.so" ./tiny "$ROOT/examples/briefing/briefing.xml" "$TMP/tiny-cairo.pdf" cairo) >"$TMP/out" 2>"$TMP/err"
expect_grep "$TMP/out" "^2 pages$" "the tiny program renders with the cairo backend: $(head -c 300 "$TMP/err")"
pdfinfo "$TMP/tiny-cairo.pdf" >"$TMP/info.txt" 2>&1
expect_grep "$TMP/info.txt" "^Producer: +cairo" "its PDF is cairo's"
finish
