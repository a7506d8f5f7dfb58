/* A chart in the flow: one piece, never split across pages (SPEC §4). */
#include "chart/draw.h"
#include "layout/layout_impl.h"
#include <stdlib.h>

int q_l_chart(lctx *L, const q_block *b, pieces *ps)
{
    const q_chart_block *cb = b->chart;
    const q_chart *c = cb->chart;
    double w = c->width_pct ? L->text_w * c->width / 100 : c->width;
    if (w > L->text_w)
        w = L->text_w;
    q_chart_env env = {L->out->fonts, b->st.text.family, &cb->nf, q_chart_look_print(), 0, L->o->file, b->line};
    double h = q_chart_height(c, cb->data, &env, w, c->height, L->d);
    if (h < 0)
        return -1;
    /* Taller than a page: it could never fit, so it takes the whole body. */
    double body = L->doc->page_h - L->doc->margin_t - L->doc->margin_b;
    if (h > body)
        h = body;
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
