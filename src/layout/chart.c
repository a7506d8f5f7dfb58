/* A chart in the flow: one piece, never split across pages (SPEC §4). */
#include "chart/draw.h"
#include "layout/layout_impl.h"
#include <math.h>
#include <stdlib.h>

/* The family's regular and bold faces through layout's cache first: a
 * template's <font> files then answer the chart's requests by name
 * (q_fonts_declare). */
static int chart_faces(q_faces *fc, const q_tstyle *text, int line, q_diags *d)
{
    q_tstyle st = *text;
    st.italic = 0;
    for (st.bold = 0; st.bold < 2; st.bold++)
        if (!q_faces_get(fc, &st, line, d))
            return -1;
    return 0;
}

int q_layout_chart_fonts(const q_doc *doc, q_fonts *fonts, const q_tstyle *text, const char *file, int line,
                         q_diags *d)
{
    q_faces *fc = q_faces_new(doc, fonts, file);
    int rc = chart_faces(fc, text, line, d);
    q_faces_free(fc);
    return rc;
}

/* The height of the block before b, when it keeps with b (a heading),
 * and the space between them; 0 when none or when it takes half a page. */
static double kept_above(const lctx *L, const q_block *b, const pieces *ps, double body)
{
    const q_blocks *bs = &L->doc->body;
    if (b <= bs->v || b >= bs->v + bs->n || !b[-1].st.keep_with_next || !ps->n)
        return 0;
    double h = 0;
    size_t i = ps->n;
    do {
        i--;
        h += ps->v[i].body.h + (i + 1 < ps->n ? ps->v[i + 1].before : 0);
    } while (i > 0 && !ps->v[i].first_of_block);
    h += fmax(ps->v[ps->n - 1].after, b->st.space_before);
    return h < body / 2 ? h : 0;
}

int q_l_chart(lctx *L, const q_block *b, pieces *ps)
{
    const q_chart_block *cb = b->chart;
    const q_chart *c = cb->chart;
    double w = c->width_pct ? L->text_w * c->width / 100 : c->width;
    if (w > L->text_w)
        w = L->text_w;
    if (chart_faces(L->faces, &b->st.text, b->line, L->d) != 0)
        return -1;
    q_chart_env env = {L->out->fonts, b->st.text.family, &cb->nf, q_chart_look_print(), 0, L->o->file, b->line};
    double h = q_chart_height(c, cb->data, &env, w, c->height, L->d);
    if (h < 0)
        return -1;
    /* Taller than a page: it could never fit, so it takes the whole body,
     * less the heading it keeps with, which would else stand alone. */
    double body = L->doc->page_h - L->doc->margin_t - L->doc->margin_b;
    if (h > body)
        h = body - kept_above(L, b, ps, body);
    q_page tmp = {0};
    int rc = q_chart_draw(c, cb->data, &env, 0, 0, w, h, L->out, &tmp, L->d);
    piece *p = q_l_add_piece(ps);
    p->first_of_block = 1;
    p->before = b->st.space_before;
    p->after = b->st.space_after;
    p->body.h = h;
    for (size_t k = 0; k < tmp.n; k++)
        q_tline_push(&p->body, tmp.ops[k]);
    free(tmp.ops);
    return rc;
}
