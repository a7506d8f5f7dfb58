/* Fonts: fontconfig lookup, FreeType metrics, HarfBuzz subsetting.
 * A q_fonts belongs to one render (one thread): FreeType faces are not
 * thread-safe, so nothing here is shared between renders. */
#ifndef QUIRE_FONT_FONT_H
#define QUIRE_FONT_FONT_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct q_fonts q_fonts;
typedef struct q_face q_face;

q_fonts *q_fonts_new(void);
void q_fonts_free(q_fonts *fs);
/* A q_fonts for one document whose faces are opened in pool (itself a
 * q_fonts, of the same thread) and stay there for the next document:
 * a batch opens each face once per thread. Faces are numbered per
 * document, in the order it asks for them, as q_fonts_new would. pool
 * must outlive it and serve one document at a time; NULL: q_fonts_new. */
q_fonts *q_fonts_new_from(q_fonts *pool);
/* Releases fontconfig's process-wide configuration (FcFini), which
 * q_fonts_free leaves alone because other threads share it. Only for a
 * clean exit (fontconfig 2.14 otherwise leaks 288 bytes under valgrind):
 * call once, after every thread is done with fonts. */
void q_fonts_shutdown(void);

/* Resolves family + weight + slant: the font map under fonts/ first, then
 * fontconfig, then the map's metric-compatible stand-in for a few common
 * families (fonts/aliases.tsv). A family that does not match (fontconfig's
 * silent fallback) is an error: returns NULL with a reason in err, naming
 * the closest family there is. The same request returns the same q_face. */
q_face *q_fonts_find(q_fonts *fs, const char *family, int bold, int italic,
                     char *err, size_t errsz);

/* From now on, q_fonts_find answers family (bold, italic) with f (a
 * template's <font> file), so that what asks by family name (charts)
 * gets the template's faces. A request already answered stays as it is. */
void q_fonts_declare(q_fonts *fs, const char *family, int bold, int italic, q_face *f);

/* Opens a TrueType (glyf) font file; CFF/OTF and unreadable files are errors. */
q_face *q_fonts_open_file(q_fonts *fs, const char *path, char *err, size_t errsz);

/* Advance width in 1/1000 em, floor(advance * 1000 / units_per_em), as
 * libharu writes it into /W, so layout and the PDF agree. A code point the
 * font lacks measures as its .notdef glyph. */
int q_face_advance(q_face *f, uint32_t cp);
/* The glyph FreeType's cmap gives cp (0: .notdef), and its advance as
 * q_face_advance measures it: what the display list's text runs carry. */
uint32_t q_face_glyph(q_face *f, uint32_t cp, int *advance);
/* A shaped glyph: the cmap's glyph for the code point at byte cluster,
 * its advance in 1/1000 em (the /W width plus kerning). */
typedef struct q_sglyph {
    uint32_t id;
    int32_t adv;
    uint32_t cluster;
} q_sglyph;
/* Shapes UTF-8 text with HarfBuzz: kerning on, ligatures off, exactly one
 * glyph per code point, in order (shape.c). Sets *out to the glyphs,
 * valid until the next call on f; returns their count. Cached per face. */
size_t q_face_shape(q_face *f, const char *utf8, size_t len, const q_sglyph **out);
/* Sum of the shaped advances, in 1/1000 em. */
long q_face_shape_width(q_face *f, const char *utf8, size_t len);
/* Width of UTF-8 text at size pt as shaped (kerned). Invalid UTF-8 bytes
 * measure as U+FFFD. */
double q_face_text_width(q_face *f, const char *utf8, size_t len, double size);
int q_face_has_glyph(q_face *f, uint32_t cp);
/* Vertical metrics in 1/1000 em (descender negative). */
int q_face_ascender(q_face *f);
int q_face_descender(q_face *f);
int q_face_cap_height(q_face *f);
/* A face's font-descriptor metrics (PDF 32000 §9.8), in 1/1000 em and
 * degrees: from OS/2, post and hhea (metrics.c). */
typedef struct q_pdf_metrics {
    int ascent, descent, cap_height, x_height, stem_v;
    double italic_angle;
} q_pdf_metrics;
void q_face_pdf_metrics(q_face *f, q_pdf_metrics *m);
const char *q_face_path(const q_face *f);
int q_face_index(const q_face *f);
const char *q_face_family(const q_face *f);
/* Why this face may render differently elsewhere (a mapped file whose
 * checksum differs from the map), or NULL. */
const char *q_face_warning(const q_face *f);
/* Stable small id within its q_fonts (0, 1, 2 …) for the display list. */
int q_face_id(const q_face *f);
int q_fonts_count(const q_fonts *fs);
q_face *q_fonts_get(q_fonts *fs, int id);

/* Cuts the font down to the given code points (plus .notdef), without
 * hinting. Returns 0 and a malloc'd TrueType blob, or -1 with a reason. */
int q_face_subset(q_face *f, const uint32_t *cps, size_t ncps,
                  unsigned char **out, size_t *outlen, char *err, size_t errsz);

/* Prints the mapped faces and the families fontconfig offers, with the
 * file behind each (for `quire fonts`). Returns the number listed. */
int q_fonts_list(FILE *out);

/* Decodes one UTF-8 code point at *p (advancing it); invalid -> U+FFFD. */
uint32_t q_utf8_next(const char **p, const char *end);

#endif
