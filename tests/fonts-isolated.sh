# Sourced by the test runners: fontconfig sees only the font map's copies
# and the font packages scripts/setup.sh installs, never what this machine
# happens to have (a green run once hid fonts setup never installed).
# Needs FONT_MAP_DIR (BUILD/fonts).
: "${FONT_MAP_DIR:?set FONT_MAP_DIR to BUILD/fonts}"
QUIRE_FC_DIR=$(mktemp -d)
cat >"$QUIRE_FC_DIR/fonts.conf" <<EOC
<?xml version="1.0"?>
<fontconfig>
  <dir>$FONT_MAP_DIR</dir>
  <dir>/usr/share/fonts/truetype/noto</dir>
  <dir>/usr/share/fonts/truetype/liberation2</dir>
  <dir>/usr/share/fonts/opentype/cantarell</dir>
  <cachedir>$QUIRE_FC_DIR/cache</cachedir>
</fontconfig>
EOC
export FONTCONFIG_FILE="$QUIRE_FC_DIR/fonts.conf"
unset FONTCONFIG_PATH
# HOME's own fonts and rules stay out too.
export XDG_CONFIG_HOME="$QUIRE_FC_DIR" XDG_DATA_HOME="$QUIRE_FC_DIR" XDG_CACHE_HOME="$QUIRE_FC_DIR"
