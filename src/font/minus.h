/* The minus sign U+2212 for faces that have none (src/font/minus.c). */
#ifndef QUIRE_FONT_MINUS_H
#define QUIRE_FONT_MINUS_H
#include <stddef.h>
#include "font/font.h"

#define Q_MINUS "\xE2\x88\x92"   /* U+2212 in UTF-8 */

/* The face that sets U+2212 in place of f, which lacks it (bold and
 * italic are f's); NULL when f has it, or no stand-in has it either. */
q_face *q_minus_face(q_fonts *fs, q_face *f, int bold, int italic);

/* The first U+2212 in s[0, len), or NULL. */
const char *q_minus_find(const char *s, size_t len);

#endif
