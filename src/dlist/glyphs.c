/* Glyph ids and advances for text runs (dlist.h, q_dlist_set_glyphs). */
#include "dlist/dlist.h"
#include "util/buf.h"
#include <stdlib.h>
#include <string.h>

void q_dlist_set_glyphs(q_dlist *dl)
{
    for (size_t p = 0; p < dl->npages; p++)
        for (size_t k = 0; k < dl->pages[p].n; k++) {
            q_text *t = &dl->pages[p].ops[k].text;
            q_face *face = dl->pages[p].ops[k].kind == DL_TEXT ? q_fonts_get(dl->fonts, t->font) : NULL;
            if (!face || t->glyphs)
                continue;
            size_t len = strlen(t->utf8);
            const char *s = t->utf8, *end = s + len;
            t->glyphs = q_xmalloc((len + 1) * sizeof *t->glyphs);   /* at most a glyph a byte */
            while (s < end) {
                q_glyph *g = &t->glyphs[t->nglyphs++];
                int adv;
                g->cluster = (uint32_t)(s - t->utf8);
                g->id = q_face_glyph(face, q_utf8_next(&s, end), &adv);
                g->adv = adv;
            }
        }
}
