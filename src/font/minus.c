/* Formatted numbers print the minus sign U+2212 (SPEC §8), but Noto Sans
 * and Noto Serif, the default families, have no glyph for it. Such a
 * face's minus is set from the Liberation face of the same weight and
 * slant instead: its minus is as wide as the figures and sits on the
 * math axis like '+', where a hyphen would sit low and narrow. Only the
 * sign changes face; the text still holds U+2212. */
#include "font/minus.h"

#include <string.h>

q_face *q_minus_face(q_fonts *fs, q_face *f, int bold, int italic)
{
    if (q_face_has_glyph(f, 0x2212))
        return NULL;
    const char *fam = q_face_family(f);
    const char *alt = strstr(fam, "Mono") ? "Liberation Mono"
                    : strstr(fam, "Serif") ? "Liberation Serif" : "Liberation Sans";
    char err[256];
    q_face *m = q_fonts_find(fs, alt, bold, italic, err, sizeof err);
    return m && m != f && q_face_has_glyph(m, 0x2212) ? m : NULL;
}

const char *q_minus_find(const char *s, size_t len)
{
    return len >= 3 ? memmem(s, len, Q_MINUS, 3) : NULL;
}
