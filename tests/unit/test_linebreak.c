/* Unit tests for the line breakers (src/layout/linebreak.c). Results are
 * checked against measurements made here, independently of the breaker. */
#include "layout/linebreak.h"
#include "t.h"
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#define FIL 1e9
#define NB 4096

/* ---- building paragraphs ------------------------------------------------ */

typedef struct {
    q_item *it;
    size_t n, cap;
} para;

static void push(para *p, q_item x)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->it = realloc(p->it, p->cap * sizeof *p->it);
        if (!p->it)
            abort();
    }
    p->it[p->n++] = x;
}

static void box(para *p, double w) { push(p, (q_item){QI_BOX, w, 0, 0, 0, 0}); }
static void glue(para *p, double w, double y, double z) { push(p, (q_item){QI_GLUE, w, y, z, 0, 0}); }
/* the usual interword space */
static void space(para *p, double w) { glue(p, w, w / 2, w / 3); }
static void pen(para *p, double w, double v, int flagged) { push(p, (q_item){QI_PENALTY, w, 0, 0, v, flagged}); }
static void hyphen(para *p) { pen(p, 3, 50, 1); }
static void forced(para *p) { glue(p, 0, FIL, 0); pen(p, 0, -Q_INF_PENALTY, 0); }
static void finish(para *p) { forced(p); }

static q_break_opts opts(const double *w, size_t nw, double tol)
{
    q_break_opts o = {w, nw, tol, 10, 100, 100, 0, 0, 0, 0, 0};
    return o;
}

/* ---- independent measurement -------------------------------------------- */

static double width_of(const q_break_opts *o, size_t line)
{
    return o->line_widths[line < o->nwidths ? line : o->nwidths - 1];
}

static int is_forced(const q_item *it, size_t n, size_t i)
{
    return i == n - 1 || (it[i].type == QI_PENALTY && it[i].penalty <= -Q_INF_PENALTY);
}

/* first item of the line after a break at b */
static size_t start_after(const q_item *it, size_t n, size_t b)
{
    size_t s = b + 1;
    while (s < n && it[s].type != QI_BOX && !is_forced(it, n, s))
        s++;
    return s;
}

typedef struct {
    double w, y, z, maxbox;
    int inf, nbox;
} meas;

/* the line [s, b) plus the width of a penalty at b */
static meas measure(const q_item *it, size_t s, size_t b)
{
    meas m = {0, 0, 0, 0, 0, 0};
    for (size_t i = s; i < b; i++) {
        if (it[i].type == QI_BOX) {
            m.w += it[i].width;
            m.nbox++;
            if (it[i].width > m.maxbox)
                m.maxbox = it[i].width;
        } else if (it[i].type == QI_GLUE) {
            m.w += it[i].width;
            m.z += it[i].shrink;
            if (it[i].stretch >= 1e6)
                m.inf++;
            else
                m.y += it[i].stretch;
        }
    }
    if (s < b && it[b].type == QI_PENALTY)
        m.w += it[b].width;
    return m;
}

static double ratio_of(const meas *m, double L)
{
    double d = L - m->w;
    if (fabs(d) < 1e-9)
        return 0;
    if (d > 0)
        return m->inf ? 0 : m->y > 0 ? d / m->y : INFINITY;
    return m->z > 0 ? d / m->z : -INFINITY;
}

static int fitness(double r)
{
    return r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
}

/* Demerits of one line a->b (a == SIZE_MAX: paragraph start); INFINITY if
 * infeasible at tol, -INFINITY if overfull. *fit receives the line's
 * fitness class. */
static double line_cost(const q_item *it, size_t n, const q_break_opts *o, size_t a, size_t b,
                        size_t line, int prev_fit, double tol, int *fit)
{
    size_t s = a == SIZE_MAX ? 0 : start_after(it, n, a);
    double r;
    if (s >= b) {
        if (!is_forced(it, n, b))
            return INFINITY;
        r = 0;
    } else {
        meas m = measure(it, s, b);
        r = ratio_of(&m, width_of(o, line));
    }
    if (r < -1 - 1e-9)
        return -INFINITY;
    if (r > tol)
        return INFINITY;
    if (r < -1)
        r = -1;
    double bad = 100 * fabs(r) * fabs(r) * fabs(r);
    double d = (o->line_penalty + bad) * (o->line_penalty + bad);
    if (!is_forced(it, n, b) && it[b].type == QI_PENALTY)
        d += it[b].penalty >= 0 ? it[b].penalty * it[b].penalty : -it[b].penalty * it[b].penalty;
    if (a != SIZE_MAX && it[a].type == QI_PENALTY && it[a].flagged &&
        it[b].type == QI_PENALTY && it[b].flagged)
        d += o->flagged_demerit;
    *fit = fitness(r);
    if (abs(*fit - prev_fit) > 1)
        d += o->fitness_demerit;
    return d;
}

/* INFINITY when a line is infeasible at tol */
static double demerits_at(const q_item *it, size_t n, const q_break_opts *o, const size_t *br,
                          size_t k, double tol)
{
    double sum = 0;
    int fit = 1;
    for (size_t j = 0; j < k; j++) {
        int f = 1;
        sum += fabs(line_cost(it, n, o, j ? br[j - 1] : SIZE_MAX, br[j], j, fit, tol, &f));
        fit = f;
    }
    return sum;
}

static double total_demerits(const q_item *it, size_t n, const q_break_opts *o,
                             const size_t *br, size_t k)
{
    return demerits_at(it, n, o, br, k, INFINITY);
}

/* Legal break points, minus those that could only leave an empty line
 * before the next forced break (as the finishing glue). */
static int breakable(const q_item *it, size_t n, size_t b)
{
    if (b == n - 1)
        return 1;
    int ok = it[b].type == QI_GLUE ? b > 0 && it[b - 1].type == QI_BOX
                                   : it[b].type == QI_PENALTY && it[b].penalty < Q_INF_PENALTY;
    if (!ok || is_forced(it, n, b))
        return ok;
    size_t s = start_after(it, n, b);
    return s < n && !is_forced(it, n, s);
}

/* Checks the contract on one result; returns a description of the first
 * violation or NULL. full: the result was not cut short by maxbreaks. */
static const char *violation(const q_item *it, size_t n, const q_break_opts *o, const size_t *br,
                             const double *ra, size_t k, int greedy, int full)
{
    static _Thread_local char msg[160];
    if (k == 0)
        return "no lines";
    for (size_t j = 0; j < k; j++) {
        size_t b = br[j];
        if (b >= n || (j && b <= br[j - 1])) {
            snprintf(msg, sizeof msg, "line %zu: break %zu out of order", j, b);
            return msg;
        }
        if (!breakable(it, n, b)) {
            snprintf(msg, sizeof msg, "line %zu: item %zu is no break point", j, b);
            return msg;
        }
        size_t s = j ? start_after(it, n, br[j - 1]) : 0;
        if (s >= b) {
            if (!is_forced(it, n, b)) {
                snprintf(msg, sizeof msg, "line %zu: empty, yet ends at unforced %zu", j, b);
                return msg;
            }
            continue;  /* a blank line */
        }
        meas m = measure(it, s, b);
        double L = width_of(o, j);
        int single_huge = m.nbox == 1 && m.maxbox > L;
        if (m.w - m.z > L + 1e-6 && !single_huge) {
            snprintf(msg, sizeof msg, "line %zu (%zu..%zu) overfull: %g-%g > %g", j, s, b, m.w, m.z, L);
            return msg;
        }
        if (greedy && b != n - 1 && m.w > L + 1e-6 && !single_huge) {
            snprintf(msg, sizeof msg, "greedy line %zu wider than %g", j, L);
            return msg;
        }
        double r = ratio_of(&m, L);
        double want = r < -1 ? -1 : isfinite(r) ? r : 0;
        if (ra && fabs(ra[j] - want) > 1e-6) {
            snprintf(msg, sizeof msg, "line %zu: ratio %g, want %g", j, ra[j], want);
            return msg;
        }
    }
    if (full && br[k - 1] != n - 1)
        return "last break is not n-1";
    return NULL;
}

#define T_VALID(it, n, o, br, ra, k, greedy) do { \
    const char *v_ = violation((it), (n), (o), (br), (ra), (k), (greedy), 1); \
    if (v_) fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, v_); \
    T_CHECK(v_ == NULL); \
} while (0)

/* Optimal demerits by exhaustive dynamic programming over (break, line,
 * fitness); INFINITY when nothing is feasible at tol. For small inputs. */
static double brute_best(const q_item *it, size_t n, const q_break_opts *o, double tol)
{
    size_t bp[256], nb = 0;
    for (size_t i = 0; i < n; i++)
        if (breakable(it, n, i))
            bp[nb++] = i;
    size_t nl = nb + 1;
    /* state (node, line, fit); node 0 = start, node j+1 = bp[j] */
    double *dp = malloc((nb + 1) * nl * 4 * sizeof *dp);
    for (size_t i = 0; i < (nb + 1) * nl * 4; i++)
        dp[i] = INFINITY;
#define DP(node, line, f) dp[((node) * nl + (line)) * 4 + (f)]
    DP(0, 0, 1) = 0;
    for (size_t a = 0; a <= nb; a++) {
        for (size_t line = 0; line < nl; line++)
            for (int fa = 0; fa < 4; fa++) {
                double base = DP(a, line, fa);
                if (!isfinite(base) || line + 1 >= nl)
                    continue;
                size_t ai = a ? bp[a - 1] : SIZE_MAX;
                for (size_t b = a + 1; b <= nb; b++) {
                    int f;
                    double c = line_cost(it, n, o, ai, bp[b - 1], line, fa, tol, &f);
                    if (isfinite(c) && base + c < DP(b, line + 1, f))
                        DP(b, line + 1, f) = base + c;
                    /* a line never runs past a forced break; overfull lines
                     * only get longer */
                    if (is_forced(it, n, bp[b - 1]) || c == -INFINITY)
                        break;
                }
            }
    }
    double best = INFINITY;
    for (size_t line = 0; line < nl; line++)
        for (int f = 0; f < 4; f++)
            if (DP(nb, line, f) < best)
                best = DP(nb, line, f);
#undef DP
    free(dp);
    return best;
}

/* ---- deterministic randomness ------------------------------------------- */

static uint64_t lcg_state;
static uint32_t lcg(void)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(lcg_state >> 33);
}
static double uni(double lo, double hi) { return lo + (hi - lo) * (lcg() / 2147483648.0); }

/* A random paragraph of nwords words over lines at least minL wide. */
static void random_para(para *p, size_t nwords, double minL, int huge_words, int extras)
{
    p->n = 0;
    for (size_t w = 0; w < nwords; w++) {
        int huge = huge_words && lcg() % 120 == 0;
        if (w) {
            uint32_t r = lcg() % 100;
            if (extras && r < 2) {
                forced(p);
                if (lcg() % 4 == 0)
                    forced(p);  /* a blank line */
                if (lcg() % 2)
                    space(p, 10);  /* leading space: discarded */
            } else if (extras && r < 5 && !huge && p->it[p->n - 1].width <= 20) {
                pen(p, 0, Q_INF_PENALTY, 0);  /* a tie: no break here */
                space(p, uni(6, 12));
            } else if (extras && r < 8) {
                /* a double space with a break point in between: whatever
                 * follows a break is discarded */
                space(p, uni(6, 12));
                pen(p, 0, lcg() % 2 ? 0 : 200, 0);
                space(p, uni(6, 12));
            } else {
                space(p, uni(6, 12));
            }
        }
        if (huge) {
            box(p, minL * uni(1.1, 2.5));
            continue;
        }
        double ww = uni(5, 40);
        if (extras && ww > 20 && lcg() % 3 == 0) {  /* hyphenatable word */
            double a = uni(5, ww - 5);
            box(p, a);
            hyphen(p);
            box(p, ww - a);
        } else {
            box(p, ww > 20 && !extras ? 20 : ww);
        }
    }
    finish(p);
}

/* ---- tests --------------------------------------------------------------- */

/* 12 boxes of 10 with spaces of 2 on lines of 46: exactly 4 boxes a line. */
static void test_fixed_boxes(void)
{
    para p = {0};
    for (int i = 0; i < 12; i++) {
        if (i)
            glue(&p, 2, 1, 0.5);
        box(&p, 10);
    }
    finish(&p);
    double L = 46;
    q_break_opts o = opts(&L, 1, 2);
    size_t br[NB];
    double ra[NB];
    for (int g = 0; g < 2; g++) {
        size_t k = g ? q_break_lines_greedy(p.it, p.n, &o, br, ra, NB)
                     : q_break_lines(p.it, p.n, &o, br, ra, NB);
        T_INTEQ(k, 3);
        T_INTEQ(br[0], 7);   /* the glue after box 3 */
        T_INTEQ(br[1], 15);
        T_INTEQ(br[2], p.n - 1);
        T_NEAR(ra[0], 0, 1e-9);
        T_NEAR(ra[1], 0, 1e-9);
        T_NEAR(ra[2], 0, 1e-9);  /* last line: the finishing glue takes the slack */
        T_VALID(p.it, p.n, &o, br, ra, k, g);
    }
    /* same boxes on lines of 40: 3 boxes (34) stretch by 6/2 = 3 > tol 2,
     * so only the looser retry finds it; ratios say so */
    L = 40;
    size_t k = q_break_lines(p.it, p.n, &o, br, ra, NB);
    T_INTEQ(k, 4);
    T_NEAR(ra[0], 3.0, 1e-9);
    T_VALID(p.it, p.n, &o, br, ra, k, 0);
    free(p.it);
}

/* Greedy fills the first line with 4 words and is left with a line of
 * ratio 2; total fit shrinks 5 words onto the first line instead. */
static void test_total_fit_beats_first_fit(void)
{
    static const double words[] = {20, 30, 30, 20, 20, 60, 30, 40, 40};
    para p = {0};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        if (i)
            glue(&p, 10, 5, 3);
        box(&p, words[i]);
    }
    finish(&p);
    double L = 150;
    q_break_opts o = opts(&L, 1, 2);
    size_t bt[NB], bg[NB];
    double rt[NB], rg[NB];
    size_t kt = q_break_lines(p.it, p.n, &o, bt, rt, NB);
    size_t kg = q_break_lines_greedy(p.it, p.n, &o, bg, rg, NB);
    T_INTEQ(kt, 3);
    T_INTEQ(kg, 3);
    T_INTEQ(bt[0], 9);   /* after word 4 */
    T_INTEQ(bt[1], 15);  /* after word 7 */
    T_INTEQ(bg[0], 7);   /* after word 3 */
    T_INTEQ(bg[1], 13);
    T_NEAR(rt[0], -10.0 / 12, 1e-9);
    T_NEAR(rt[1], 0, 1e-9);
    T_NEAR(rg[1], 2.0, 1e-9);  /* the very loose line */
    double st = 0, sg = 0;
    for (size_t j = 0; j + 1 < kt; j++)
        st += rt[j] * rt[j];
    for (size_t j = 0; j + 1 < kg; j++)
        sg += rg[j] * rg[j];
    T_CHECK(st < sg);
    T_CHECK(total_demerits(p.it, p.n, &o, bt, kt) < total_demerits(p.it, p.n, &o, bg, kg));
    T_VALID(p.it, p.n, &o, bt, rt, kt, 0);
    T_VALID(p.it, p.n, &o, bg, rg, kg, 1);
    free(p.it);
}

static void test_forced_break(void)
{
    para p = {0};
    for (int i = 0; i < 3; i++) {
        if (i)
            space(&p, 10);
        box(&p, 20);
    }
    forced(&p);
    size_t fpen = p.n - 1;
    for (int i = 0; i < 3; i++) {
        if (i)
            space(&p, 10);
        box(&p, 20);
    }
    finish(&p);
    double L = 300;  /* everything would fit on one line */
    q_break_opts o = opts(&L, 1, 2);
    size_t br[NB];
    double ra[NB];
    for (int g = 0; g < 2; g++) {
        size_t k = g ? q_break_lines_greedy(p.it, p.n, &o, br, ra, NB)
                     : q_break_lines(p.it, p.n, &o, br, ra, NB);
        T_INTEQ(k, 2);
        T_INTEQ(br[0], fpen);
        T_INTEQ(br[1], p.n - 1);
        T_NEAR(ra[0], 0, 1e-9);
        T_VALID(p.it, p.n, &o, br, ra, k, g);
    }
    /* two forced breaks in a row make a blank line */
    p.n = 0;
    box(&p, 20);
    forced(&p);
    forced(&p);
    box(&p, 20);
    finish(&p);
    for (int g = 0; g < 2; g++) {
        size_t k = g ? q_break_lines_greedy(p.it, p.n, &o, br, ra, NB)
                     : q_break_lines(p.it, p.n, &o, br, ra, NB);
        T_INTEQ(k, 3);
        T_INTEQ(br[0], 2);
        T_INTEQ(br[1], 4);
        T_INTEQ(br[2], p.n - 1);
        T_VALID(p.it, p.n, &o, br, ra, k, g);
    }
    free(p.it);
}

/* Boxes of 10, spaces of 2, lines of 46: the natural break after box 3 is
 * tied (+inf penalty, then glue that follows no box), so it must move. */
static void test_forbidden_break(void)
{
    para p = {0};
    size_t tie_pen = 0, tie_glue = 0;
    for (int i = 0; i < 12; i++) {
        if (i == 4) {
            tie_pen = p.n;
            pen(&p, 0, Q_INF_PENALTY, 0);
            tie_glue = p.n;
        }
        if (i)
            glue(&p, 2, 1, 0.5);
        box(&p, 10);
    }
    finish(&p);
    double L = 46;
    q_break_opts o = opts(&L, 1, 2);
    size_t br[NB];
    double ra[NB];
    for (int g = 0; g < 2; g++) {
        size_t k = g ? q_break_lines_greedy(p.it, p.n, &o, br, ra, NB)
                     : q_break_lines(p.it, p.n, &o, br, ra, NB);
        T_CHECK(k >= 3);
        for (size_t j = 0; j < k; j++) {
            T_CHECK(br[j] != tie_pen);
            T_CHECK(br[j] != tie_glue);
        }
        T_INTEQ(br[0], 5);  /* 3 boxes then, the only other option */
        T_VALID(p.it, p.n, &o, br, ra, k, g);
    }
    free(p.it);
}

/* First line narrower (34 = 3 boxes), the rest 46 (4 boxes); line 2 is past
 * the table and uses its last entry. */
static void test_varying_widths(void)
{
    para p = {0};
    for (int i = 0; i < 11; i++) {
        if (i)
            glue(&p, 2, 1, 0.5);
        box(&p, 10);
    }
    finish(&p);
    double w[] = {34, 46};
    q_break_opts o = opts(w, 2, 2);
    size_t br[NB];
    double ra[NB];
    for (int g = 0; g < 2; g++) {
        size_t k = g ? q_break_lines_greedy(p.it, p.n, &o, br, ra, NB)
                     : q_break_lines(p.it, p.n, &o, br, ra, NB);
        T_INTEQ(k, 3);
        T_INTEQ(br[0], 5);
        T_INTEQ(br[1], 13);
        T_INTEQ(br[2], p.n - 1);
        T_NEAR(ra[0], 0, 1e-9);
        T_NEAR(ra[1], 0, 1e-9);
        T_VALID(p.it, p.n, &o, br, ra, k, g);
    }
    /* a hanging shape: wide first line, then narrow ones */
    double w2[] = {46, 34, 34};
    o = opts(w2, 3, 2);
    size_t k = q_break_lines(p.it, p.n, &o, br, ra, NB);
    T_INTEQ(k, 4);
    T_INTEQ(br[0], 7);
    T_INTEQ(br[1], 13);
    T_INTEQ(br[2], 19);
    T_VALID(p.it, p.n, &o, br, ra, k, 0);
    free(p.it);
}

static void test_overlong_box(void)
{
    double L = 100;
    q_break_opts o = opts(&L, 1, 2);
    size_t br[NB];
    double ra[NB];
    para p = {0};
    box(&p, 250);
    finish(&p);
    for (int g = 0; g < 2; g++) {
        size_t k = g ? q_break_lines_greedy(p.it, p.n, &o, br, ra, NB)
                     : q_break_lines(p.it, p.n, &o, br, ra, NB);
        T_INTEQ(k, 1);
        T_INTEQ(br[0], p.n - 1);
        T_NEAR(ra[0], -1, 1e-9);
    }
    /* in running text the long word gets a line of its own */
    p.n = 0;
    const double words[] = {30, 30, 30, 250, 30, 30, 30, 30};
    size_t huge = 0;
    for (size_t i = 0; i < 8; i++) {
        if (i)
            space(&p, 10);
        if (i == 3)
            huge = p.n;
        box(&p, words[i]);
    }
    finish(&p);
    for (int g = 0; g < 2; g++) {
        size_t k = g ? q_break_lines_greedy(p.it, p.n, &o, br, ra, NB)
                     : q_break_lines(p.it, p.n, &o, br, ra, NB);
        T_CHECK(k >= 3);
        int alone = 0;
        for (size_t j = 1; j < k; j++)
            if (br[j - 1] == huge - 1 && br[j] == huge + 1) {
                alone = 1;
                T_NEAR(ra[j], -1, 1e-9);
            }
        T_CHECK(alone);
        T_VALID(p.it, p.n, &o, br, ra, k, g);
    }
    free(p.it);
}

static void test_emptyish(void)
{
    double L = 100;
    q_break_opts o = opts(&L, 1, 2);
    size_t br[4] = {99, 99, 99, 99};
    double ra[4] = {9, 9, 9, 9};
    para p = {0};
    finish(&p);
    for (int g = 0; g < 2; g++) {
        size_t k = g ? q_break_lines_greedy(p.it, p.n, &o, br, ra, 4)
                     : q_break_lines(p.it, p.n, &o, br, ra, 4);
        T_INTEQ(k, 1);
        T_INTEQ(br[0], 1);
        T_NEAR(ra[0], 0, 1e-9);
    }
    /* a lone forced penalty, and no input at all */
    p.n = 0;
    pen(&p, 0, -Q_INF_PENALTY, 0);
    T_INTEQ(q_break_lines(p.it, p.n, &o, br, ra, 4), 1);
    T_INTEQ(br[0], 0);
    T_INTEQ(q_break_lines_greedy(p.it, p.n, &o, br, ra, 4), 1);
    T_INTEQ(q_break_lines(p.it, 0, &o, br, ra, 4), 0);
    T_INTEQ(q_break_lines_greedy(p.it, 0, &o, br, ra, 4), 0);
    /* ratios may be NULL */
    T_INTEQ(q_break_lines(p.it, p.n, &o, br, NULL, 4), 1);
    free(p.it);
}

/* Random paragraphs: the contract holds, maxbreaks cuts a prefix of the
 * full answer, and total fit never scores worse than first fit. */
static void test_random(void)
{
    lcg_state = 12345;
    para p = {0};
    size_t bt[NB], bg[NB], bc[NB];
    double rt[NB], rg[NB], rc[NB];
    int bad_valid = 0, bad_prefix = 0, bad_score = 0, bad_count = 0, runs = 0, comparable = 0;
    for (int run = 0; run < 600; run++) {
        double w[3];
        size_t nw = 1 + lcg() % 3;
        for (size_t i = 0; i < nw; i++)
            w[i] = uni(80, 300);
        double minL = w[0];
        for (size_t i = 1; i < nw; i++)
            if (w[i] < minL)
                minL = w[i];
        random_para(&p, 1 + lcg() % 200, minL, 1, 1);
        q_break_opts o = opts(w, nw, lcg() % 2 ? 1.0 : 3.0);
        size_t kt = q_break_lines(p.it, p.n, &o, bt, rt, NB);
        size_t kg = q_break_lines_greedy(p.it, p.n, &o, bg, rg, NB);
        const char *v1 = violation(p.it, p.n, &o, bt, rt, kt, 0, 1);
        const char *v2 = violation(p.it, p.n, &o, bg, rg, kg, 1, 1);
        if ((v1 || v2) && bad_valid++ < 5)
            fprintf(stderr, "random run %d: %s\n", run, v1 ? v1 : v2);
        /* when first fit's answer is feasible at the tolerance, total fit
         * finds it or something at least as good */
        double dg = demerits_at(p.it, p.n, &o, bg, kg, o.tolerance);
        if (isfinite(dg)) {
            comparable++;
            if (total_demerits(p.it, p.n, &o, bt, kt) > dg + 1e-9 * fabs(dg))
                bad_score++;
        }
        /* maxbreaks */
        for (int g = 0; g < 2; g++) {
            size_t full = g ? kg : kt;
            const size_t *fb = g ? bg : bt;
            size_t max = full > 1 ? full / 2 : 1;
            size_t kc = g ? q_break_lines_greedy(p.it, p.n, &o, bc, rc, max)
                          : q_break_lines(p.it, p.n, &o, bc, rc, max);
            if (kc != max)
                bad_count++;
            for (size_t j = 0; j < kc && j < max; j++)
                if (bc[j] != fb[j])
                    bad_prefix++;
            const char *v = violation(p.it, p.n, &o, bc, rc, kc, g, 0);
            if (v && bad_valid++ < 5)
                fprintf(stderr, "random run %d (max %zu): %s\n", run, max, v);
        }
        runs++;
    }
    T_INTEQ(runs, 600);
    T_INTEQ(bad_valid, 0);
    T_INTEQ(bad_count, 0);
    T_INTEQ(bad_prefix, 0);
    T_INTEQ(bad_score, 0);
    T_CHECK(comparable > 50);
    free(p.it);
}

/* Small random paragraphs (hyphens, ties, forced breaks, shaped lines):
 * the breaker's demerits equal the exhaustive optimum. This is what pins
 * down the demerit rules: line penalty, +/- penalties, flagged and fitness
 * demerits, line classes. */
static void test_optimal(void)
{
    lcg_state = 777;
    para p = {0};
    size_t br[NB];
    double ra[NB];
    int compared = 0, mismatched = 0;
    for (int run = 0; run < 1500; run++) {
        double w[4] = {uni(80, 250), uni(80, 250), uni(80, 250), uni(80, 250)};
        size_t nw = 1 + lcg() % 4;
        random_para(&p, 3 + lcg() % 60, 80, 0, 1);
        static const double tols[] = {1, 2.5, 5};
        q_break_opts o = opts(w, nw, tols[lcg() % 3]);
        static const double dem[] = {0, 100, 3000, 1e6};
        o.flagged_demerit = dem[lcg() % 4];
        o.fitness_demerit = dem[lcg() % 4];
        o.line_penalty = lcg() % 2 ? 10 : 50;
        size_t k = q_break_lines(p.it, p.n, &o, br, ra, NB);
        double best = brute_best(p.it, p.n, &o, o.tolerance);
        if (!isfinite(best))
            best = brute_best(p.it, p.n, &o, 10);  /* the retry's tolerance */
        if (!isfinite(best))
            continue;
        compared++;
        double got = total_demerits(p.it, p.n, &o, br, k);
        if (fabs(got - best) > 1e-9 * fmax(1, best)) {
            if (mismatched++ < 5)
                fprintf(stderr, "optimal run %d: demerits %.10g, optimum %.10g\n", run, got, best);
        }
    }
    T_CHECK(compared > 1000);
    T_INTEQ(mismatched, 0);
    free(p.it);
}

/* Flagged demerits steer away from two hyphenated lines in a row. */
static void test_flagged(void)
{
    lcg_state = 4242;
    para p = {0};
    size_t br[NB];
    int fewer = 0, more = 0;
    for (int run = 0; run < 300; run++) {
        double L = uni(90, 160);
        random_para(&p, 10 + lcg() % 40, L, 0, 1);
        q_break_opts o = opts(&L, 1, 2);
        int pairs[2];
        for (int v = 0; v < 2; v++) {
            o.flagged_demerit = v ? 1e12 : 0;  /* outweighs any other demerits */
            size_t k = q_break_lines(p.it, p.n, &o, br, NULL, NB);
            pairs[v] = 0;
            for (size_t j = 1; j < k; j++)
                if (p.it[br[j]].type == QI_PENALTY && p.it[br[j]].flagged &&
                    p.it[br[j - 1]].type == QI_PENALTY && p.it[br[j - 1]].flagged)
                    pairs[v]++;
        }
        fewer += pairs[1] < pairs[0];
        more += pairs[1] > pairs[0];
    }
    T_INTEQ(more, 0);
    T_CHECK(fewer > 0);  /* the setting made a difference somewhere */
    free(p.it);
}

/* The options text.c uses for justified text: strict (nothing rather
 * than looser), a shrink limit, a cap on flagged breaks in a row, demerits
 * per line over the bounds in the retries, and a cap on the line count. */
static void test_bounds(void)
{
    lcg_state = 777;
    para p = {0};
    size_t br[NB], br2[NB];
    double r[NB];
    int strict_ok = 0, strict_none = 0, bad = 0, capped = 0, over_less = 0;
    double sum[2] = {0, 0}, worst[2] = {0, 0};
    for (int run = 0; run < 300; run++) {
        double L = uni(120, 260);
        random_para(&p, 20 + lcg() % 60, L, 0, 1);
        q_break_opts o = opts(&L, 1, 1);
        o.strict = 1;
        o.shrink_limit = 0.75;
        o.max_flagged_run = 2;
        size_t k = q_break_lines(p.it, p.n, &o, br, r, NB);
        strict_none += k == 0;
        strict_ok += k > 0;
        int run_len = 0;
        for (size_t j = 0; j < k; j++) {
            int last = j + 1 == k || is_forced(p.it, p.n, br[j]);
            if (!last && (r[j] > 1 + 1e-9 || r[j] < -0.75 - 1e-9))
                bad++;
            run_len = p.it[br[j]].type == QI_PENALTY && p.it[br[j]].flagged ? run_len + 1 : 0;
            bad += run_len > 2;
        }
        /* the retries: demerits for lines over the bounds, growing with how
         * far out they are (1 + 4 excess²): less of that over all the
         * paragraphs, and no line further out than without them */
        o.strict = 0;
        double over[2];
        for (int v = 0; v < 2; v++) {
            o.over_demerit = v ? 1e8 : 0;
            size_t m = q_break_lines(p.it, p.n, &o, br2, r, NB);
            over[v] = 0;
            for (size_t j = 0; j + 1 < m; j++) {
                double ex = r[j] > 1 + 1e-9 ? r[j] - 1 : r[j] < -0.75 - 1e-9 ? -0.75 - r[j] : -1;
                if (!is_forced(p.it, p.n, br2[j]) && ex >= 0) {
                    over[v] += 1 + 4 * ex * ex;
                    if (ex > worst[v])
                        worst[v] = ex;
                }
            }
            if (v == 0 && m > 2) {
                /* at most m - 1 lines, one class per line number */
                double ws[NB];
                for (size_t j = 0; j < m; j++)
                    ws[j] = L;
                q_break_opts c = o;
                c.line_widths = ws;
                c.nwidths = m;
                c.max_lines = m - 1;
                size_t got = q_break_lines(p.it, p.n, &c, br2, r, NB);
                bad += got > m - 1;
                capped += got > 0;
            }
        }
        over_less += over[1] < over[0] - 1e-9;
        sum[0] += over[0];
        sum[1] += over[1];
    }
    T_INTEQ(bad, 0);
    T_CHECK(strict_ok > 0 && strict_none > 0);   /* both happen on these paragraphs */
    T_CHECK(sum[1] < sum[0]);
    T_CHECK(worst[1] <= worst[0] + 1e-9);
    T_CHECK(over_less > 0);
    T_CHECK(capped > 0);
    free(p.it);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Sanitizer and unoptimized builds run these too, much slower. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || !defined(__OPTIMIZE__)
#define SLOW 30.0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SLOW 30.0
#endif
#endif
#ifndef SLOW
#define SLOW 1.0
#endif

/* Time bounds: the best of several batches, so a busy machine does not
 * fail them; a quadratic blow-up on 5,000 words costs far more. */
static void test_speed(void)
{
    lcg_state = 99;
    para p = {0};
    size_t *br = malloc(20000 * sizeof *br);
    double *ra = malloc(20000 * sizeof *ra);
    double L = 300;
    q_break_opts o = opts(&L, 1, 2);

    random_para(&p, 200, L, 0, 0);
    double per200 = INFINITY;
    for (int rep = 0; rep < 10; rep++) {
        double t0 = now();
        for (int i = 0; i < 20; i++)
            q_break_lines(p.it, p.n, &o, br, ra, 20000);
        double t = (now() - t0) / 20;
        if (t < per200)
            per200 = t;
    }
    printf("200 words: %.1f us\n", per200 * 1e6);
    T_CHECK(per200 < 1e-4 * SLOW);

    /* 5,000 words: plain; with long words (emergency pass); wide lines */
    for (int c = 0; c < 3; c++) {
        L = c == 2 ? 3000 : 300;
        random_para(&p, 5000, L, c == 1, 1);
        double tt = INFINITY, tg = INFINITY;
        size_t k = 0, kg = 0;
        for (int rep = 0; rep < 3; rep++) {
            double t0 = now();
            k = q_break_lines(p.it, p.n, &o, br, ra, 20000);
            tt = fmin(tt, now() - t0);
            t0 = now();
            kg = q_break_lines_greedy(p.it, p.n, &o, br, ra, 20000);
            tg = fmin(tg, now() - t0);
        }
        printf("5000 words, case %d: %zu lines in %.2f ms (greedy %.2f ms)\n", c, k, tt * 1e3, tg * 1e3);
        T_CHECK(k > 0 && kg > 0);
        T_CHECK(tt < 0.03 * SLOW);
        T_CHECK(tg < 0.005 * SLOW);
    }
    free(br);
    free(ra);
    free(p.it);
}

/* Concurrent calls share nothing: each thread gets the serial answer. */
typedef struct {
    const para *p;
    const q_break_opts *o;
    const size_t *want;
    size_t nwant;
    int bad;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    size_t br[NB];
    for (int i = 0; i < 40; i++) {
        size_t k = q_break_lines(j->p->it, j->p->n, j->o, br, NULL, NB);
        if (k != j->nwant || memcmp(br, j->want, k * sizeof *br) != 0)
            j->bad++;
    }
    return NULL;
}

static void test_threads(void)
{
    lcg_state = 5;
    para p = {0};
    random_para(&p, 1000, 200, 1, 1);
    double L = 200;
    q_break_opts o = opts(&L, 1, 2);
    size_t want[NB];
    size_t nwant = q_break_lines(p.it, p.n, &o, want, NULL, NB);
    pthread_t th[4];
    job jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (job){&p, &o, want, nwant, 0};
        T_CHECK(pthread_create(&th[i], NULL, worker, &jobs[i]) == 0);
    }
    int bad = 0;
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        bad += jobs[i].bad;
    }
    T_INTEQ(bad, 0);
    free(p.it);
}

/* No options: unbounded lines, so only forced breaks break. */
static void test_defaults(void)
{
    para p = {0};
    for (int i = 0; i < 50; i++) {
        if (i)
            space(&p, 10);
        box(&p, 20);
    }
    forced(&p);
    size_t mid = p.n - 1;
    box(&p, 20);
    finish(&p);
    size_t br[8];
    double ra[8];
    for (int g = 0; g < 2; g++) {
        size_t k = g ? q_break_lines_greedy(p.it, p.n, NULL, br, ra, 8)
                     : q_break_lines(p.it, p.n, NULL, br, ra, 8);
        T_INTEQ(k, 2);
        T_INTEQ(br[0], mid);
        T_INTEQ(br[1], p.n - 1);
        T_NEAR(ra[0], 0, 0);
    }
    free(p.it);
}

int main(void)
{
    test_fixed_boxes();
    test_total_fit_beats_first_fit();
    test_forced_break();
    test_forbidden_break();
    test_varying_widths();
    test_overlong_box();
    test_emptyish();
    test_random();
    test_optimal();
    test_flagged();
    test_bounds();
    test_defaults();
    test_threads();
    test_speed();
    T_DONE();
}
