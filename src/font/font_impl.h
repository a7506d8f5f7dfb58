/* Private to src/font: the layout of q_face shared by font.c and subset.c. */
#ifndef QUIRE_FONT_FONT_IMPL_H
#define QUIRE_FONT_FONT_IMPL_H
#include "font/font.h"
#include <ft2build.h>
#include FT_FREETYPE_H

/* Code points below this get a direct-indexed width slot (Latin, Greek,
 * Cyrillic, general punctuation, currency: nearly all report text). */
#define Q_FACE_LO_MAX 0x2100u
/* Direct-mapped cache for the rest; a collision just re-measures. */
#define Q_FACE_HI_SLOTS 256u
/* Unmeasured marker in the low table (widths in 1/1000 em never reach it). */
#define Q_WIDTH_UNSET 0xFFFFu

struct q_face {
    int id;
    char *path;
    int index;          /* FreeType face index as fontconfig gives it */
    char *family;
    char *warning;      /* a mapped file that differs from the map, or NULL */
    int checked;        /* the map's checksum was compared (warning set if it differs) */
    struct hb_face_t *hb; /* HarfBuzz's face of the file, for subsets (subset.c), or NULL */
    struct hb_font_t *hbfont; /* for shaping, made once (shape.c), or NULL */
    struct q_shape_cache *shaped; /* words already shaped (shape.c), or NULL */
    FT_Face ft;         /* owned; only ever touched by the q_fonts' thread */
    long upem;
    int ascender, descender, cap_height;   /* 1/1000 em */
    int notdef_width;
    uint16_t *lo;       /* Q_FACE_LO_MAX widths then their glyph ids, allocated on first use */
    struct { uint32_t cp; int32_t width; uint32_t gid; } hi[Q_FACE_HI_SLOTS]; /* cp 0 = empty */
};

/* subset.c: HarfBuzz's face of the file, read on first use (NULL: unreadable). */
struct hb_face_t *q_face_hb(q_face *f);
/* subset.c: releases f->hb. */
void q_face_subset_free(q_face *f);
/* shape.c: releases f->hbfont and the shaping cache. */
void q_face_shape_free(q_face *f);

/* cmap.c: gives a subset few cmap segments (libharu looks them up linearly). */
int q_sfnt_compact_cmap(unsigned char **blob, size_t *len, const uint32_t *cps, size_t n);

#endif
