/* Font details for libharu's embedded TrueType fonts: every glyph of the
 * subset kept (text is drawn with TJ, which libharu does not see), a
 * subset tag from the characters carried, and a font descriptor with the
 * face's own metrics (CapHeight, StemV, ItalicAngle, Ascent, Descent). */
#ifndef QUIRE_PAINT_HPDF_FONTDESC_H
#define QUIRE_PAINT_HPDF_FONTDESC_H
#include "font/font.h"
#include <hpdf.h>

/* Call once, right after HPDF_GetFont. cps: the characters the subset
 * carries. Returns 0, or -1 when libharu failed (its error handler has
 * the reason). */
int q_hpdf_font_details(HPDF_Doc pdf, HPDF_Font font, q_face *face, const uint32_t *cps, size_t n);

#endif
