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
            /* The same shaping that measured the text (q_face_text_width). */
            const q_sglyph *g;
            size_t n = q_face_shape(face, t->utf8, strlen(t->utf8), &g);
            t->glyphs = q_xmalloc((n + 1) * sizeof *t->glyphs);
            for (size_t i = 0; i < n; i++)
                t->glyphs[i] = (q_glyph){g[i].id, g[i].adv, g[i].cluster};
            t->nglyphs = (uint32_t)n;
        }
}
