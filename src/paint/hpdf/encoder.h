/* A UTF-8 encoder for libharu that describes only the characters a
 * document draws (see encoder.c for why). */
#ifndef QUIRE_PAINT_HPDF_ENCODER_H
#define QUIRE_PAINT_HPDF_ENCODER_H
#include <hpdf.h>
#include <stddef.h>
#include <stdint.h>

/* Registers the document's encoder, listing cps (every code point any font
 * draws, sorted), and makes it current for document info and bookmarks.
 * Returns its name for HPDF_GetFont, or NULL on failure. */
const char *q_hpdf_encoder(HPDF_Doc pdf, const uint32_t *cps, size_t n);

/* After HPDF_GetFont(pdf, name, q_hpdf_encoder(...)): replaces libharu's
 * ToUnicode stream with a correct one for the code points this font draws. */
void q_hpdf_font_to_unicode(HPDF_Font font, const uint32_t *cps, size_t n);

#endif
