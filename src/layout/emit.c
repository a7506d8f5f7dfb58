/* Building a line's ops from its words (layout/words.h). */
#include "layout/words.h"
#include "util/buf.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>


static q_tag frag_tag(tagger *tg, const q_run *run)
{
    q_tag t = tg->to ? tg->to->tag : (q_tag){0, 0};
    const q_run *prev = tg->last;
    tg->last = run;
    if (!run->href || !tg->to || t.artifact)
        return t;
    if (tg->run != run) {
        int same = prev && prev == tg->run && !strcmp(prev->href, run->href);
        tg->run = run;
        if (!same)
            tg->link = (q_tag){q_dlist_add_elem(tg->to->dl, Q_EL_LINK, t.elem, tg->line), 0};
    }
    return tg->link;
}

emitter q_emit_start(q_tline *l)
{
    return (emitter){l, (size_t)-1, NULL, {0, 0}, 0, 0, l->h, 0, 0};
}

/* A run of one fragment, no space: its glyphs are exactly what shaping
 * its text gives, so the painter shapes it again rather than every page's
 * glyph arrays waiting in memory for the last page (a large table's
 * cells). Kept when spaces were stretched or pieces shaped apart. */
static void close_run(emitter *e)
{
    q_text *t = e->cur != (size_t)-1 ? &e->l->ops[e->cur].text : NULL;
    if (t && e->nfrag == 1 && !e->spaced && !strstr(t->utf8, "\xC2\xAD")) {
        free(t->glyphs);
        t->glyphs = NULL;
        t->nglyphs = 0;
    }
    e->nfrag = e->spaced = 0;
}


static void flush_link(emitter *e)
{
    if (e->lrun)
        q_tline_push(e->l, q_op_uri_link(e->ltag, e->lx0, 0, e->lx1 - e->lx0, e->lh, e->lrun->href));
    e->lrun = NULL;
}

static q_text *open_run(emitter *e)
{
    return e->cur != (size_t)-1 ? &e->l->ops[e->cur].text : NULL;
}

/* Appends glyphs (cluster offsets relative to the appended text). */
static void add_glyphs(q_text *t, const q_sglyph *g, size_t n, uint32_t at)
{
    t->glyphs = q_xrealloc(t->glyphs, (t->nglyphs + n + 1) * sizeof *t->glyphs);
    for (size_t i = 0; i < n; i++) {
        t->glyphs[t->nglyphs + i] = (q_glyph){g[i].id, g[i].adv, g[i].cluster + at};
        t->w += g[i].adv * t->size / 1000;
    }
    t->nglyphs += (uint32_t)n;
}

void q_emit_word(emitter *e, const words *ws, const word *wd, double x, double base, tagger *tg)
{
    for (size_t j = 0; j < wd->n; j++) {
        const frag *f = &ws->f[wd->first + j];
        q_tag tag = frag_tag(tg, f->run);
        q_text *t = open_run(e);
        const q_op *prev = t ? &e->l->ops[e->cur] : NULL;
        /* A fragment continues the run when style and element match and it
         * starts where the run ends (within a rounding step of a space). */
        if (!t || t->font != q_face_id(f->face) || t->size != f->run->st.size || t->color != f->run->st.color ||
            prev->tag.elem != tag.elem || prev->tag.artifact != tag.artifact ||
            fabs(t->x + t->w - x) > t->size / 1000) {
            close_run(e);
            q_op op = q_op_text(tag, x, base, q_face_id(f->face), f->run->st.size, f->run->st.color, "", 0, 0);
            q_tline_push(e->l, op);
            e->cur = e->l->n - 1;
            t = &e->l->ops[e->cur].text;
        }
        size_t old = strlen(t->utf8);
        t->utf8 = q_xrealloc(t->utf8, old + f->len + 1);
        memcpy(t->utf8 + old, f->s, f->len);
        t->utf8[old + f->len] = 0;
        const q_sglyph *g;
        size_t n = q_face_shape(f->face, f->s, f->len, &g);
        add_glyphs(t, g, n, (uint32_t)old);
        e->nfrag++;
        if (f->run->href) {
            /* One area for the link's words on this line, styles and all. */
            int same = e->lrun && (e->lrun == f->run || (tag.elem && !tag.artifact && e->ltag.elem == tag.elem &&
                                                           !e->ltag.artifact && !strcmp(e->lrun->href, f->run->href)));
            if (!same) {
                flush_link(e);
                e->lrun = f->run;
                e->ltag = tag;
                e->lx0 = x;
            }
            e->lrun = f->run;
            e->lx1 = x + f->w;
        } else {
            flush_link(e);
        }
        x += f->w;
    }
}

/* The hyphen after a word piece that ends a line, in its last style. */
void q_emit_hyphen(emitter *e, const words *ws, const word *wd, double x, double base, tagger *tg)
{
    const frag *f = &ws->f[wd->first + wd->n - 1];
    words one = {.f = (frag[]){{f->run, f->face, "-", 1, wd->hyw, 0}}, .nf = 1};
    word w = {0, 1, wd->hyw, 0, 0, 0, 0, 0, 0};
    q_emit_word(e, &one, &w, x, base, tg);
    /* Shaped and drawn as '-', the run's text says U+00AD: the painter
     * marks it /ActualText U+00AD so extraction can rejoin the word
     * (SPEC §8). */
    q_text *t = open_run(e);
    size_t len = t ? strlen(t->utf8) : 0;
    if (len && t->utf8[len - 1] == '-') {
        t->utf8 = q_xrealloc(t->utf8, len + 2);
        memcpy(t->utf8 + len - 1, "\xC2\xAD", 3);
    }
}

/* The space after a word, as a glyph of the open run whose advance
 * reaches x_next (rounded to 1/1000 em, so errors never add up). */
void q_emit_space(emitter *e, q_face *face, double x_next)
{
    q_text *t = open_run(e);
    if (!t)
        return;
    int adv;
    uint32_t id = q_face_glyph(face, ' ', &adv);
    size_t old = strlen(t->utf8);
    t->utf8 = q_xrealloc(t->utf8, old + 2);
    t->utf8[old] = ' ';
    t->utf8[old + 1] = 0;
    double units = (x_next - t->x) * 1000 / t->size;
    long sum = 0;
    for (uint32_t i = 0; i < t->nglyphs; i++)
        sum += t->glyphs[i].adv;
    q_sglyph sp = {id, (int32_t)lround(units - (double)sum), 0};
    add_glyphs(t, &sp, 1, (uint32_t)old);
    e->spaced = 1;
    t->w = (double)(sum + sp.adv) * t->size / 1000;
}

void q_emit_end(emitter *e)
{
    close_run(e);
    flush_link(e);
}
