/* The font map (fonts/map.tsv, copied into the build by `make`): the default
 * faces, found before fontconfig so that the same template gives the same
 * PDF on every machine (SPEC §1, §8). Loaded once per process from the first
 * of: $QUIRE_FONT_DIR, EXE_DIR/fonts, EXE_DIR/../fonts,
 * EXE_DIR/../share/quire/fonts, QUIRE_DATADIR/fonts. Read-only afterwards,
 * so renders on several threads share it. Private to src/font. */
#ifndef QUIRE_FONT_FONTMAP_H
#define QUIRE_FONT_FONTMAP_H
#include <stddef.h>

typedef struct q_mapped {
    char *family;
    int bold, italic;
    char *path;              /* absolute */
    char *expected;          /* SHA-256 pinned by fonts/map.tsv */
    char *built;             /* SHA-256 of the copy, as `make` found it */
    long long size, mtime;   /* of the copy, when `make` hashed it */
} q_mapped;

/* The mapped face of family nearest to bold/italic, or NULL when the map
 * has no such family. Names compare as fontconfig compares them. */
const q_mapped *q_fontmap_find(const char *family, int bold, int italic);
/* The mapped family that stands in for a family templates often name
 * ("Arial" -> "Liberation Sans"), or NULL. */
const char *q_fontmap_alias(const char *family);
/* Folder the map was read from, or NULL when none was found. */
const char *q_fontmap_dir(void);
size_t q_fontmap_count(void);
const q_mapped *q_fontmap_get(size_t i);
/* 1 when the file on disk is not the one the map pins (hashed again only
 * when its size or mtime changed since the build); the SHA-256 found is
 * written to sha (65 bytes). */
int q_fontmap_differs(const q_mapped *m, char sha[65]);
/* Frees the map at exit (for leak checkers); nothing may use it after. */
void q_fontmap_shutdown(void);
/* ASCII case and blanks do not matter: "Noto Sans" = "notosans". */
int q_same_family(const char *a, const char *b);

#endif
