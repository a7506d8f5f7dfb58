/* Automatic table layout (see colwidth.h). A column may be as narrow as
 * its widest word (min-content) and wants its widest cell on one line
 * (max-content). When the max-contents do not fit, the columns lose width
 * in this order, each class in proportion to what it can lose: text
 * columns, then explicit widths above their minimum, then figures. When
 * even the minimums do not fit, the type shrinks in steps to a floor, and
 * only then may text words (never figures) break. */
#include "layout/colwidth.h"
#include "layout/text.h"
#include <ctype.h>
#include "util/buf.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* What one paragraph needs: its widest word, widest word with a figure,
 * widest line. */
typedef struct need {
    double word, line, min, brk, max, space;
    int digit, inword;
} need;

static void end_word(need *n)
{
    if (!n->inword)
        return;
    n->min = fmax(n->min, n->word);
    if (n->digit)
        n->brk = fmax(n->brk, n->word);
    n->inword = 0;
}

static void end_line(need *n)
{
    end_word(n);
    n->max = fmax(n->max, n->line);
    n->line = 0;
    n->space = 0;
}


static int measure_para(const q_para *p, q_colw_measure m, void *ctx, need *n)
{
    memset(n, 0, sizeof *n);
    for (size_t i = 0; i < p->n; i++) {
        const q_run *r = &p->runs[i];
        if (r->kind == QR_BREAK) {
            end_line(n);
            continue;
        }
        const char *s = r->kind == QR_TEXT ? r->text : "00";   /* {page}: two digits, as layout assumes */
        while (s && *s) {
            if (q_word_space(*s)) {
                if (n->inword) {
                    end_word(n);
                    double sp = m(ctx, r, " ", 1);
                    if (sp < 0)
                        return -1;
                    n->space = sp;
                }
                s++;
                continue;
            }
            size_t len = 0;
            int digit = 0;
            while (s[len] && !q_word_space(s[len]))
                digit |= isdigit((unsigned char)s[len++]);
            double w = m(ctx, r, s, len);
            if (w < 0)
                return -1;
            if (!n->inword) {
                n->line += n->line > 0 ? n->space : 0;
                n->word = 0;
                n->digit = 0;
                n->inword = 1;
            }
            n->word += w;
            n->line += w;
            n->digit |= digit;
            s += len;
        }
    }
    end_line(n);
    return 0;
}

double q_colw_tail(const q_para *p, const char *dec, q_colw_measure m, void *ctx)
{
    size_t dl = dec ? strlen(dec) : 0, at_run = 0;
    const char *at = NULL;
    for (size_t i = 0; dl && i < p->n; i++) {
        const q_run *r = &p->runs[i];
        if (r->kind != QR_TEXT || !r->text)
            continue;
        for (const char *s = strstr(r->text, dec); s; s = strstr(s + 1, dec))
            if (s > r->text && isdigit((unsigned char)s[-1]) && isdigit((unsigned char)s[dl]))
                at = s, at_run = i;
    }
    if (!at)
        return 0;
    double w = 0;
    for (size_t i = at_run; i < p->n; i++) {
        const q_run *r = &p->runs[i];
        if (r->kind != QR_TEXT || !r->text)
            continue;
        const char *s = i == at_run ? at : r->text;
        size_t len = strlen(s);
        while (i + 1 == p->n && len && q_word_space(s[len - 1]))
            len--;
        double x = m(ctx, r, s, len);
        if (x < 0)
            return -1;
        w += x;
    }
    return w;
}

int q_colw_cell(q_colw_in *c, const q_para *p, int header, const char *dec, q_colw_measure m, void *ctx)
{
    need n;
    if (measure_para(p, m, ctx, &n) != 0)
        return -1;
    c->min = fmax(c->min, n.min);
    c->brk = fmax(c->brk, n.brk);
    if (header) {
        c->hdr = fmax(c->hdr, n.max);
        return 0;
    }
    c->max = fmax(c->max, n.max);
    if (c->decimal) {
        double tail = q_colw_tail(p, dec, m, ctx);
        if (tail < 0)
            return -1;
        c->head = fmax(c->head, n.max - tail);
        c->tail = fmax(c->tail, tail);
    }
    return 0;
}

void q_colw_span(q_colw_in *c, int first, int span, double min, double outer)
{
    double room = -outer;
    for (int k = first; k < first + span; k++)
        room += c[k].pad + fmax(c[k].min, c[k].decimal ? c[k].head + c[k].tail : 0);
    for (int k = first; k < first + span && min > room; k++)
        c[k].min += (min - room) / span;
}

enum { C_TEXT, C_SET, C_FIGURES, NCLASS };

static int klass(const q_colw_in *c)
{
    return c->set > 0 ? C_SET : c->numeric ? C_FIGURES : C_TEXT;
}

/* A column's least width at type scale f; brk: text words may break. */
static double least(const q_colw_in *c, double f, double size, int brk)
{
    double m = c->min;
    if (c->decimal)
        m = fmax(m, c->head + c->tail);
    if (brk && !c->numeric)
        m = fmin(m, fmax(c->brk, size));
    return c->pad + f * m;
}

/* The width it would like: its cells on one line, or its explicit width. */
static double wanted(const q_colw_in *c, double f, double lo)
{
    if (c->set > 0)
        return fmax(c->set, lo);
    double m = c->decimal ? fmax(c->max, c->head + c->tail) : c->max;
    return fmax(c->pad + f * m, lo);
}

/* Widths at scale f: 0, or -1 when even the least widths do not fit. */
static int fit(const q_colw_in *c, int n, const q_colw_opts *o, double f, int brk, double *w, double *lo)
{
    double sum_lo = 0, sum = 0;
    int nauto = 0, nset = 0;
    for (int k = 0; k < n; k++) {
        lo[k] = least(&c[k], f, o->size, brk);
        w[k] = wanted(&c[k], f, lo[k]);
        sum_lo += lo[k];
        sum += w[k];
        nauto += c[k].set <= 0;
        nset += c[k].set > 0;
    }
    if (sum_lo > o->avail + 1e-9)
        return -1;
    double excess = sum - o->avail;
    for (int cl = 0; cl < NCLASS && excess > 0; cl++) {
        double cap = 0;
        for (int k = 0; k < n; k++)
            cap += klass(&c[k]) == cl ? w[k] - lo[k] : 0;
        if (cap <= 0)
            continue;
        double take = fmin(excess, cap);
        for (int k = 0; k < n; k++)
            if (klass(&c[k]) == cl)
                w[k] -= take * (w[k] - lo[k]) / cap;
        excess -= take;
    }
    if (excess >= 0 || !nauto)
        return 0;
    /* Room to spare: a table of few narrow columns is set narrower rather
     * than stretched into islands; titles get their line first, then the
     * rest is shared evenly, so figures keep an even rhythm. */
    double target = o->avail;
    if (!nset && sum < 0.5 * o->avail)
        target = fmin(o->avail, fmax(1.5 * sum, 0.45 * o->avail));
    double slack = target - sum, short_of = 0;
    for (int k = 0; k < n; k++)
        if (c[k].set <= 0)
            short_of += fmax(c[k].pad + f * c[k].hdr - w[k], 0);
    double give = fmin(slack, short_of);
    for (int k = 0; k < n && give > 0; k++)
        if (c[k].set <= 0)
            w[k] += give * fmax(c[k].pad + f * c[k].hdr - w[k], 0) / short_of;
    slack -= give;
    for (int k = 0; k < n && slack > 0; k++)
        if (c[k].set <= 0)
            w[k] += slack / nauto;
    return 0;
}

void q_colw_resolve(const q_colw_in *c, int n, const q_colw_opts *o, double *w, int *widened, q_colw_res *res)
{
    *res = (q_colw_res){1, 0, 0, 0};
    if (n <= 0)
        return;
    double *lo = q_xmalloc((size_t)n * sizeof *lo);
    double size = o->size > 0 ? o->size : 1, floor = fmin(o->floor, size), step = o->step > 0 ? o->step : 0.5;
    double s = size;
    for (;; s -= step) {
        if (s < floor + 1e-9)
            s = floor;
        if (fit(c, n, o, s / size, 0, w, lo) == 0)
            break;
        if (s <= floor) {
            res->broke = 1;
            if (fit(c, n, o, s / size, 1, w, lo) != 0) {
                /* Figures stay whole and the table runs into the margin;
                 * but a "figure" wider than the page cannot, and is cut. */
                res->overflow = 1;
                for (int k = 0; k < n; k++)
                    w[k] = fmin(lo[k], o->avail);
            }
            break;
        }
    }
    res->scale = s / size;
    for (int k = 0; k < n; k++) {
        int wide = c[k].set > 0 && c[k].set < lo[k] - 1e-9;
        res->widened += wide;
        if (widened)
            widened[k] = wide;
    }
    free(lo);
}
