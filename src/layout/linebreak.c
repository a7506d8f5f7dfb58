/* Line breaking over boxes, glue and penalties: the total-fit method of
 * Knuth & Plass (1981) plus a first-fit variant for ragged text.
 *
 * Conventions shared by both breakers:
 *  - Break candidates: glue directly preceded by a box, penalties below
 *    +Q_INF_PENALTY, and always the last item (the paragraph end is forced
 *    whatever it is, so a caller that forgets the final penalty still gets
 *    every item placed).
 *  - A break after which only discardable items come before the next
 *    forced break is skipped (it could only leave an empty line), so the
 *    usual "glue(0, inf) + penalty(-inf)" ending needs no +inf penalty in
 *    front of the glue.
 *  - A line ending at glue excludes that glue; a line ending at a penalty
 *    includes the penalty's width (e.g. a hyphen).
 *  - After a break, glue and non-forced penalties are discarded up to the
 *    next box or forced penalty. The paragraph's first line is not trimmed
 *    (leading glue there is a deliberate indent).
 *  - A line holding nothing (two forced breaks in a row) is a blank line,
 *    feasible with ratio 0.
 *  - Glue stretch >= 1e6 counts as infinite: a short line containing such
 *    glue has ratio 0.
 *  - nwidths == 0 (or line_widths NULL) means unbounded lines: breaks only
 *    at forced breaks.
 *
 * Building items: a word is a box; an interword space glue(w, w/2, w/3);
 * a hyphenation point penalty(hyphen width, ~50, flagged); a no-break
 * space penalty(+inf) then glue; a line break glue(0, 1e6+) then
 * penalty(-inf); the paragraph ends the same way, with no space glue
 * right before it.
 *
 * Ratios: for line k with r = ratios[k], each glue gets width + r*stretch
 * when r >= 0 and width + r*shrink when r < 0. A short line holding glue
 * of infinite stretch gets r = 0 and that glue takes the leftover space; a
 * short line with no stretch at all also gets 0 (set at natural width).
 * r == -1 is fully shrunk, or overfull: the line then sticks out. Ragged
 * (first-fit) text ignores the ratios.
 *
 * o == NULL means tolerance 2, line penalty 10, flagged and fitness
 * demerits 100, unbounded width; a negative or NaN tolerance counts as 0.
 *
 * Total fit passes: the given tolerance, then 10, then an emergency pass
 * with no upper limit that also accepts overfull lines: when every active
 * break would be dropped, the one with the shortest overfull line is kept
 * (so an over-long word gets a line to itself). Each pass costs
 * O(items x active breaks).
 *
 * When the answer has more lines than maxbreaks, the first maxbreaks are
 * returned and the last of them does not end at n-1.
 *
 * All state lives in a per-call context, so calls are thread-safe. */
#include "layout/linebreak.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "util/buf.h"

#define LB_NONE        SIZE_MAX
#define LB_INF_STRETCH 1e6
#define LB_EPS         1e-9
#define LB_LOOSE_TOL   10.0
/* Caps badness so demerits of hopeless lines stay finite and comparable. */
#define LB_BAD_MAX     1e10

typedef struct {
    double w, y, z;   /* natural width, finite stretch, shrink */
    size_t inf;       /* glue items with infinite stretch */
} lb_sum;

/* Where a line starting after a break begins, and the totals before it. */
typedef struct {
    size_t from;      /* valid for breaks in [from, start) */
    size_t start;
    lb_sum tot;
} lb_after;

typedef struct {
    size_t pos;       /* item index of the break; LB_NONE for the start */
    size_t start;     /* first item of the line that follows */
    size_t line;      /* number of that line (0-based) */
    size_t cls;       /* line class: lines past the width table share one */
    size_t prev;      /* pool index of the previous break */
    double width;     /* width of that line, and the slack taken as exact */
    double eps;
    lb_sum after;     /* totals before `start` */
    double total;     /* demerits of the best path to here */
    double ratio;     /* output ratio of the line ending here */
    int fitness;
    int flagged;
    int run;          /* flagged breaks in a row ending here */
} lb_node;

typedef struct {
    double d;
    double ratio;
    size_t from;
} lb_cand;

typedef struct {
    const q_item *it;
    size_t n;
    const double *widths;
    size_t nw;
    double lp, fd, gd;
    double tol0, od;  /* the caller's tolerance, and demerits per line above it */
    int maxrun;       /* flagged breaks in a row allowed; 0 any */
    double rmin;      /* the caller's lowest ratio (-shrink_limit) */
    size_t maxlines;  /* 0: any */
    lb_node *pool;
    size_t npool, cpool;
    size_t *act, *nxt;
    size_t nact, nnxt, cact, cnxt;
    lb_after cache;
} lb_ctx;

static const q_break_opts lb_defaults = {NULL, 0, 2.0, 10.0, 100.0, 100.0, 0, 0, 0, 0, 0};

static bool lb_forced(const q_item *it, size_t n, size_t i)
{
    return i == n - 1 || (it[i].type == QI_PENALTY && it[i].penalty <= -Q_INF_PENALTY);
}

static bool lb_breakable(const q_item *it, size_t n, size_t i)
{
    if (i == n - 1)
        return true;
    switch (it[i].type) {
    case QI_GLUE:    return i > 0 && it[i - 1].type == QI_BOX;
    case QI_PENALTY: return it[i].penalty < Q_INF_PENALTY;
    default:         return false;
    }
}

static void lb_add_glue(lb_sum *s, const q_item *g)
{
    s->w += g->width;
    if (g->stretch >= LB_INF_STRETCH)
        s->inf++;
    else
        s->y += g->stretch;
    s->z += g->shrink;
}

/* Skips the discardable items after break b; t holds the totals before b.
 * Consecutive breaks inside one discardable run share the answer, so the
 * cache keeps long runs of penalties linear. */
static lb_after lb_after_break(const q_item *it, size_t n, size_t b, const lb_sum *t,
                               lb_after *cache)
{
    if (cache->from != LB_NONE && b >= cache->from && b < cache->start)
        return *cache;
    lb_after a = {b, b + 1, *t};
    if (it[b].type == QI_GLUE)
        lb_add_glue(&a.tot, &it[b]);
    while (a.start < n) {
        const q_item *x = &it[a.start];
        if (x->type == QI_BOX || lb_forced(it, n, a.start))
            break;
        if (x->type == QI_GLUE)
            lb_add_glue(&a.tot, x);
        a.start++;
    }
    *cache = a;
    return a;
}

/* A break whose next line would hold nothing before a forced break (the
 * glue before the finishing glue, a space before \hfil+break) only makes an
 * empty line; the paper avoids it with a +inf penalty, callers here need
 * not. Not a candidate, then. */
static bool lb_candidate(const q_item *it, size_t n, size_t i, const lb_sum *t, lb_after *cache)
{
    if (!lb_breakable(it, n, i))
        return false;
    if (lb_forced(it, n, i) || (i + 1 < n && it[i + 1].type == QI_BOX))
        return true;  /* the common case needs no scan */
    lb_after af = lb_after_break(it, n, i, t, cache);
    return af.start < n && !lb_forced(it, n, af.start);
}

static double lb_width(const double *widths, size_t nw, size_t line)
{
    if (!widths || nw == 0)
        return INFINITY;
    return widths[line < nw ? line : nw - 1];
}

/* Slack below which a line counts as exactly full (rounding in sums). */
static inline double lb_eps(double L)
{
    double a = fabs(L);
    return LB_EPS * (a > 1 ? a : 1);
}

/* Adjustment ratio of a line with totals d (+ break width pw) set to width
 * L; +-INFINITY when it cannot be stretched/shrunk at all. */
static double lb_ratio(double L, const lb_sum *d, double pw)
{
    double diff = L - (d->w + pw);
    if (isinf(L) || fabs(diff) <= lb_eps(L))
        return 0;
    if (diff > 0) {
        if (d->inf)
            return 0;
        return d->y > 0 ? diff / d->y : INFINITY;
    }
    return d->z > 0 ? diff / d->z : -INFINITY;
}

/* What the caller gets: overfull -> -1, unstretchable underfull -> 0. */
static double lb_out_ratio(double r)
{
    if (r < -1)
        return -1;
    return isfinite(r) ? r : 0;
}

static lb_sum lb_diff(const lb_sum *t, const lb_sum *a)
{
    lb_sum d = {t->w - a->w, t->y - a->y, t->z - a->z, t->inf - a->inf};
    return d;
}

static int lb_fitness(double r)
{
    if (r < -0.5) return 0;   /* tight */
    if (r <= 0.5) return 1;   /* decent */
    if (r <= 1) return 2;     /* loose */
    return 3;                 /* very loose */
}

/* (line penalty + badness)^2; the break's own penalty is added apart. */
static double lb_line_demerits(double lp, double r)
{
    double ar = fabs(r);
    /* 100 * 464.2^3 ~ LB_BAD_MAX; capping keeps hopeless lines comparable */
    double bad = ar > 464.0 ? LB_BAD_MAX : 100.0 * ar * ar * ar;
    double base = lp + bad;
    return base * base;
}

static size_t lb_new_node(lb_ctx *c)
{
    if (c->npool == c->cpool) {
        c->cpool = c->cpool ? c->cpool * 2 : 64;
        c->pool = q_xrealloc(c->pool, c->cpool * sizeof *c->pool);
    }
    return c->npool++;
}

/* Room is reserved by lb_try before it fills the next list. */
static inline void lb_push_next(lb_ctx *c, size_t ni)
{
    c->nxt[c->nnxt++] = ni;
}

static void lb_set_line(const lb_ctx *c, lb_node *x, size_t line)
{
    x->line = line;
    x->cls = c->nw == 0 ? 0 : (line < c->nw - 1 ? line : c->nw - 1);
    x->width = lb_width(c->widths, c->nw, line);
    x->eps = lb_eps(x->width);
}

static size_t lb_make_break(lb_ctx *c, size_t b, const lb_sum *t, size_t from, double d,
                            double ratio, int fit, int flagged)
{
    lb_after af = lb_after_break(c->it, c->n, b, t, &c->cache);
    size_t ni = lb_new_node(c);
    lb_node *x = &c->pool[ni];
    x->pos = b;
    x->start = af.start;
    x->after = af.tot;
    lb_set_line(c, x, c->pool[from].line + 1);
    x->prev = from;
    x->total = d;
    x->ratio = ratio;
    x->fitness = fit;
    x->flagged = flagged;
    x->run = flagged ? c->pool[from].run + 1 : 0;
    lb_push_next(c, ni);
    return ni;
}

/* Turns the best candidates of one line-number class into active nodes.
 * A candidate worse than the best by more than the fitness demerit can
 * never win later, so it is not kept. */
static void lb_flush(lb_ctx *c, lb_cand *cand, size_t b, const lb_sum *t, int flagged)
{
    double dmin = INFINITY;
    for (int f = 0; f < 4; f++)
        if (cand[f].from != LB_NONE && cand[f].d < dmin)
            dmin = cand[f].d;
    for (int f = 0; f < 4; f++) {
        if (cand[f].from == LB_NONE)
            continue;
        if (c->gd >= 0 && cand[f].d > dmin + c->gd)
            continue;
        lb_make_break(c, b, t, cand[f].from, cand[f].d, cand[f].ratio, f, flagged);
    }
    for (int f = 0; f < 4; f++)
        cand[f].from = LB_NONE;
}

/* One break candidate b against every active node. Returns false when the
 * pass is infeasible (no active node left). */
static bool lb_try(lb_ctx *c, size_t b, const lb_sum *t, double tol, bool emergency)
{
    const q_item *it = &c->it[b];
    bool is_pen = it->type == QI_PENALTY;
    double pw = is_pen ? it->width : 0, pen = is_pen ? it->penalty : 0;
    bool forced = lb_forced(c->it, c->n, b);
    int flagged = is_pen && it->flagged;
    /* the line's penalty term, the same from every active node */
    double pen_d = forced ? 0 : pen >= 0 ? pen * pen : -pen * pen;
    /* measured-from-here totals: line width = a->width - (tw - a->after.w) */
    double tw = t->w + pw, ty = t->y, tz = t->z;
    size_t tinf = t->inf;
    bool unbounded = c->nw == 0;
    lb_cand cand[4];
    for (int f = 0; f < 4; f++)
        cand[f].from = LB_NONE;
    size_t group = LB_NONE, rescue = LB_NONE;
    bool any = false;

    /* Survivors, plus at most 4 new nodes per line class, plus a rescue. */
    size_t need = 5 * c->nact + 1;
    if (c->cnxt < need) {
        c->cnxt = 2 * need;
        c->nxt = q_xrealloc(c->nxt, c->cnxt * sizeof *c->nxt);
    }
    c->nnxt = 0;
    /* Locals keep the hot loop free of reloads through c; they are
     * refreshed after a flush, which may move the pool. */
    const lb_node *pool = c->pool;
    const size_t *act = c->act;
    size_t *nxt = c->nxt, nn = 0;
    for (size_t k = 0, nact = c->nact; k < nact; k++) {
        size_t ai = act[k];
        const lb_node *a = &pool[ai];
        /* The active list is sorted by line class; candidates are pooled
         * per class because lines of one class are interchangeable. */
        if (a->cls != group) {
            if (any) {
                c->nnxt = nn;
                lb_flush(c, cand, b, t, flagged);
                nn = c->nnxt;
                pool = c->pool;
                a = &pool[ai];
            }
            any = false;
            group = a->cls;
        }
        double r;
        if (a->start >= b || unbounded) {
            /* blank line, or unbounded width: only a forced break ends it */
            if (!forced) {
                nxt[nn++] = ai;
                continue;
            }
            r = 0;
        } else {
            /* Most nodes are far too loose or too tight here; those are
             * settled without a division. */
            double diff = a->width - (tw - a->after.w);
            if (diff > a->eps) {
                if (tinf != a->after.inf) {
                    r = 0;
                } else {
                    double y = ty - a->after.y;
                    r = (y > 0 && !(diff > tol * y)) ? diff / y : INFINITY;
                }
            } else if (diff < -a->eps) {
                double z = tz - a->after.z;
                r = z > 0 ? diff / z : -INFINITY;
            } else {
                r = 0;
            }
        }
        if (r < -1 - LB_EPS) {
            /* the shortest overfull line is the least bad emergency choice */
            const lb_node *q = rescue == LB_NONE ? NULL : &pool[rescue];
            if (!q || a->start > q->start || (a->start == q->start && a->total < q->total))
                rescue = ai;
            continue;
        }
        if (!forced)
            nxt[nn++] = ai;
        if (r > tol)
            continue;
        if (r < c->rmin && tol <= c->tol0)
            continue;   /* tighter than the caller allows, in the first pass */
        if (flagged && c->maxrun > 0 && a->run >= c->maxrun)
            continue;   /* a third hyphen in a row: the node stays active */
        if (r < -1)
            r = -1;
        int fit = lb_fitness(r);
        double d = a->total + lb_line_demerits(c->lp, r) + pen_d;
        /* Lines out of bounds cost most, and more the further out they
         * are: one line at three spaces is worse than two just over. */
        if (r > c->tol0 || r < c->rmin) {
            double ex = r > c->tol0 ? r - c->tol0 : c->rmin - r;
            d += c->od * (1 + 4 * ex * ex);
        }
        if (flagged && a->flagged)
            d += c->fd;
        if (fit - a->fitness > 1 || a->fitness - fit > 1)
            d += c->gd;
        if (cand[fit].from == LB_NONE || d < cand[fit].d) {
            cand[fit].d = d;
            cand[fit].from = ai;
            cand[fit].ratio = lb_out_ratio(r);
            any = true;
        }
    }
    c->nnxt = nn;
    if (any)
        lb_flush(c, cand, b, t, flagged);

    if (c->nnxt == 0) {
        if (!emergency || rescue == LB_NONE)
            return false;
        /* Nothing fits: accept one overfull line so the paragraph goes on. */
        double d = c->pool[rescue].total + lb_line_demerits(c->lp, -1) + pen_d;
        lb_make_break(c, b, t, rescue, d, -1, 0, flagged);
    }
    size_t *tmp = c->act;
    c->act = c->nxt;
    c->nxt = tmp;
    size_t tc = c->cact;
    c->cact = c->cnxt;
    c->cnxt = tc;
    c->nact = c->nnxt;
    return true;
}

/* Returns the pool index of the best final break, or LB_NONE. */
static size_t lb_pass(lb_ctx *c, double tol, bool emergency)
{
    c->npool = 0;
    c->nact = 0;
    c->cache.from = LB_NONE;
    size_t s = lb_new_node(c);
    c->pool[s] = (lb_node){.pos = LB_NONE, .start = 0, .prev = LB_NONE, .fitness = 1};
    lb_set_line(c, &c->pool[s], 0);
    if (c->cact == 0) {
        c->cact = 16;
        c->act = q_xrealloc(c->act, c->cact * sizeof *c->act);
    }
    c->act[c->nact++] = s;

    lb_sum t = {0, 0, 0, 0};
    for (size_t i = 0; i < c->n; i++) {
        const q_item *x = &c->it[i];
        if (x->type == QI_BOX)
            t.w += x->width;  /* a box can only be a break as the last item */
        if (lb_candidate(c->it, c->n, i, &t, &c->cache) && !lb_try(c, i, &t, tol, emergency))
            return LB_NONE;
        if (x->type == QI_GLUE)
            lb_add_glue(&t, x);
    }
    size_t best = LB_NONE;
    for (size_t k = 0; k < c->nact; k++) {
        size_t ai = c->act[k];
        if (c->pool[ai].pos == c->n - 1 && (!c->maxlines || c->pool[ai].line <= c->maxlines) &&
            (best == LB_NONE || c->pool[ai].total < c->pool[best].total))
            best = ai;
    }
    return best;
}

size_t q_break_lines(const q_item *items, size_t n, const q_break_opts *o,
                     size_t *breaks, double *ratios, size_t maxbreaks)
{
    if (!items || n == 0 || !breaks || maxbreaks == 0)
        return 0;
    if (!o)
        o = &lb_defaults;
    lb_ctx c = {.it = items, .n = n, .widths = o->line_widths,
                .nw = o->line_widths ? o->nwidths : 0,
                .lp = o->line_penalty, .fd = o->flagged_demerit, .gd = o->fitness_demerit,
                .od = o->over_demerit > 0 ? o->over_demerit : 0,
                .maxrun = o->max_flagged_run > 0 ? o->max_flagged_run : 0,
                .rmin = o->shrink_limit > 0 && o->shrink_limit < 1 ? -o->shrink_limit : -1,
                .maxlines = o->max_lines};
    double tol = o->tolerance >= 0 ? o->tolerance : 0;
    c.tol0 = tol;

    size_t best = lb_pass(&c, tol, false);
    if (best == LB_NONE && o->strict) {
        free(c.pool);
        free(c.act);
        free(c.nxt);
        return 0;
    }
    if (best == LB_NONE && tol < LB_LOOSE_TOL)
        best = lb_pass(&c, LB_LOOSE_TOL, false);
    if (best == LB_NONE)
        best = lb_pass(&c, INFINITY, true);

    size_t count = 0;
    if (best != LB_NONE) {
        size_t lines = 0;
        for (size_t x = best; c.pool[x].prev != LB_NONE; x = c.pool[x].prev)
            lines++;
        /* Walk back from the end; keep only the first maxbreaks lines. */
        size_t k = lines;
        for (size_t x = best; c.pool[x].prev != LB_NONE; x = c.pool[x].prev) {
            k--;
            if (k < maxbreaks) {
                breaks[k] = c.pool[x].pos;
                if (ratios)
                    ratios[k] = c.pool[x].ratio;
            }
        }
        count = lines < maxbreaks ? lines : maxbreaks;
    }
    free(c.pool);
    free(c.act);
    free(c.nxt);
    /* The emergency pass cannot fail (but for max_lines); this is only a
     * guard against a bug. */
    if (count == 0 && o->max_lines)
        return 0;
    if (count == 0)
        return q_break_lines_greedy(items, n, o, breaks, ratios, maxbreaks);
    return count;
}

size_t q_break_lines_greedy(const q_item *items, size_t n, const q_break_opts *o,
                            size_t *breaks, double *ratios, size_t maxbreaks)
{
    if (!items || n == 0 || !breaks || maxbreaks == 0)
        return 0;
    if (!o)
        o = &lb_defaults;
    const double *widths = o->line_widths;
    size_t nw = widths ? o->nwidths : 0;
    lb_after cache = {LB_NONE, 0, {0, 0, 0, 0}};
    lb_sum t = {0, 0, 0, 0}, st = {0, 0, 0, 0};  /* running / line-start totals */
    size_t s = 0, k = 0;
    /* last break of the current line whose natural width fits */
    size_t fit = LB_NONE;
    lb_sum fit_t = {0, 0, 0, 0};
    double fit_r = 0;

    for (size_t i = 0; i < n; i++) {
        const q_item *x = &items[i];
        if (x->type == QI_BOX)
            t.w += x->width;
        if (lb_candidate(items, n, i, &t, &cache)) {
            bool forced = lb_forced(items, n, i);
            double pw = x->type == QI_PENALTY ? x->width : 0;
            for (;;) {
                size_t brk = LB_NONE;
                double r = 0;
                const lb_sum *bt = &t;
                double L = lb_width(widths, nw, k);
                if (s >= i) {                    /* empty line */
                    if (forced)
                        brk = i;
                } else {
                    lb_sum d = lb_diff(&t, &st);
                    double nat = d.w + pw;
                    r = lb_ratio(L, &d, pw);
                    if (nat <= L + lb_eps(L)) {
                        if (forced) {
                            brk = i;
                        } else {
                            fit = i;
                            fit_t = t;
                            fit_r = r;
                        }
                    } else if (fit != LB_NONE) {
                        brk = fit;
                        bt = &fit_t;
                        r = fit_r;
                    } else {
                        brk = i;                 /* nothing fits: overfull */
                    }
                }
                if (brk == LB_NONE)
                    break;
                breaks[k] = brk;
                if (ratios)
                    ratios[k] = lb_out_ratio(r);
                if (++k == maxbreaks)
                    return k;
                lb_after af = lb_after_break(items, n, brk, bt, &cache);
                s = af.start;
                st = af.tot;
                fit = LB_NONE;
                if (brk == i)
                    break;
                /* broke earlier: measure item i again on the new line */
            }
        }
        if (x->type == QI_GLUE)
            lb_add_glue(&t, x);
    }
    return k;
}
