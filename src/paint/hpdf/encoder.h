/* Per-font UTF-8 encoders for libharu that describe only the characters a
 * document draws (see encoder.c for why). */
#ifndef QUIRE_PAINT_HPDF_ENCODER_H
#define QUIRE_PAINT_HPDF_ENCODER_H
#include <hpdf.h>
#include <stddef.h>
#include <stdint.h>

/* A Type0 font for the loaded TrueType font_name that takes UTF-8 text.
 * cps: the code points drawn with it, sorted ascending. NULL on failure. */
HPDF_Font q_hpdf_font(HPDF_Doc pdf, const char *font_name, int id, const uint32_t *cps, size_t n);

#endif
