/* Nice ticks: Extended Wilkinson over Q = 1, 5, 2, 2.5 (the steps SPEC §4
 * allows, in order of preference), loose labelings only. Every candidate is
 * kept as integers (tick = index × q × 10^z) so values and decimals are
 * exact: no 0.30000000000000004. */
#include "chart/ticks.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"

static const double Q[] = { 1, 5, 2, 2.5 };
enum { NQ = 4, MAX_K = 12 };
static const double W_SIMPLE = 0.25, W_COVER = 0.2, W_DENSE = 0.5, W_LEGIBLE = 0.05;

int q_ticks_target(double length_pt, double font_pt)
{
    if (!(font_pt > 0) || !(length_pt > 0))
        return 3;
    /* intervals of 3.5 label heights, plus the tick that starts them */
    double m = floor(length_pt / (3.5 * font_pt)) + 1;
    return m < 3 ? 3 : m > 7 ? 7 : (int)m;
}

static double pow10i(int z)
{
    /* Powers of ten up to 1e22 are exact doubles; dividing by one rounds
     * correctly, multiplying by 10^-z would not. */
    return pow(10.0, z < 0 ? -z : z);
}

static double scaled(long long m, int e)
{
    return e >= 0 ? (double)m * pow10i(e) : (double)m / pow10i(e);
}

static double coverage(double dmin, double dmax, double lmin, double lmax)
{
    double r = 0.1 * (dmax - dmin);
    return 1 - 0.5 * ((dmax - lmax) * (dmax - lmax) + (dmin - lmin) * (dmin - lmin)) / (r * r);
}

static double coverage_max(double dmin, double dmax, double span)
{
    double range = dmax - dmin;
    if (span <= range)
        return 1;
    double half = (span - range) / 2, r = 0.1 * range;
    return 1 - half * half / (r * r);
}

static double density(int k, int m, double dmin, double dmax, double lmin, double lmax)
{
    double r = (k - 1) / (lmax - lmin);
    double rt = (m - 1) / (fmax(lmax, dmax) - fmin(dmin, lmin));
    return 2 - fmax(r / rt, rt / r);
}

static double density_max(int k, int m)
{
    return k >= m ? 2 - (double)(k - 1) / (m - 1) : 1;
}

typedef struct {
    double score;
    int found;
    int qi, z, k;
    long long start;   /* lmin = start × q × 10^z */
} best_t;

/* Every k-tick labeling with step q·10^z that covers the data. Ticks sit on
 * multiples of the step (Talbot's skip j and offsets give steps such as 3
 * or 4 and ticks at 39.5, 40.5, …, outside SPEC's 1, 2, 2.5, 5 × 10^n). */
static void try_starts(double dmin, double dmax, int m, int qi, int k, int z, best_t *b)
{
    double step = Q[qi] * pow(10.0, z);
    double lo = floor(dmax / step) - (k - 1);
    double hi = ceil(dmin / step);
    if (!(fabs(lo) < 1e15 && fabs(hi) < 1e15))
        return;
    double eps = 1e-9 * step;
    for (long long s = (long long)lo; s <= (long long)hi; s++) {
        long long last = s + (k - 1);
        double lmin = (double)s * step, lmax = (double)last * step;
        if (lmin > dmin + eps || lmax < dmax - eps)
            continue;                            /* not loose */
        if ((dmin >= 0 && s < 0) || (dmax <= 0 && last > 0))
            continue;                            /* a sign the data never take */
        int zero_tick = s <= 0 && last >= 0;
        double simple = zero_tick - (double)qi / (NQ - 1);
        double score = W_SIMPLE * simple + W_COVER * coverage(dmin, dmax, lmin, lmax) +
                       W_DENSE * density(k, m, dmin, dmax, lmin, lmax) + W_LEGIBLE;
        if (!b->found || score > b->score)
            *b = (best_t){ score, 1, qi, z, k, s };
    }
}

/* Upper bounds of each term prune the loops as in the paper: simplicity
 * falls with q's rank, density with k beyond the target, coverage with z. */
static void search(double dmin, double dmax, int m, best_t *b)
{
    for (int qi = 0; qi < NQ; qi++) {
        double sm = 1 - (double)qi / (NQ - 1);
        if (b->found && W_SIMPLE * sm + W_COVER + W_DENSE + W_LEGIBLE < b->score)
            return;
        /* at most two ticks over the target: the coverage term would
         * otherwise buy a tight domain with crowded labels */
        for (int k = 2; k <= m + 2 && k <= MAX_K; k++) {
            double dm = density_max(k, m);
            if (b->found && W_SIMPLE * sm + W_COVER + W_DENSE * dm + W_LEGIBLE < b->score)
                break;
            double delta = (dmax - dmin) / (k + 1) / Q[qi];
            int z0 = (int)ceil(log10(delta));
            for (int z = z0; z < z0 + 24; z++) {
                double span = Q[qi] * pow(10.0, z) * (k - 1);
                double cm = coverage_max(dmin, dmax, span);
                if (b->found && W_SIMPLE * sm + W_COVER * cm + W_DENSE * dm + W_LEGIBLE < b->score)
                    break;
                try_starts(dmin, dmax, m, qi, k, z, b);
            }
        }
    }
}

/* Removes common factors of ten from the integer form. */
static void normalise(q_ticks *t)
{
    for (;;) {
        int all = 1;
        for (int i = 0; i < t->n && all; i++)
            all = t->m[i] % 10 == 0;
        if (!all)
            break;
        for (int i = 0; i < t->n; i++)
            t->m[i] /= 10;
        t->e++;
        if (t->e > 300)
            break;   /* all zeros cannot happen (n >= 2, distinct), but stay finite */
    }
}

int q_ticks_decimals(const q_ticks *t, int pow10)
{
    int e = t->e + pow10;
    return e >= 0 ? 0 : -e;
}

int q_ticks_nice(double min, double max, int zero, int target, q_ticks *out,
                 char *err, size_t errsz)
{
    memset(out, 0, sizeof *out);
    if (!isfinite(min) || !isfinite(max)) {
        q_seterr(err, errsz, "axis range %g..%g is not finite", min, max);
        return -1;
    }
    if (min > max) {
        q_seterr(err, errsz, "axis range %g..%g is reversed", min, max);
        return -1;
    }
    if (fmax(fabs(min), fabs(max)) > 1e300) {
        q_seterr(err, errsz, "axis range %g..%g is too large", min, max);
        return -1;
    }
    if (target < 2)
        target = 2;
    if (zero) {
        min = fmin(min, 0);
        max = fmax(max, 0);
    }
    double mag = fmax(fabs(min), fabs(max));
    if (max - min <= 1e-10 * mag || max == min) {
        if (mag == 0) {            /* all zeros: a unit axis, data on the baseline */
            min = 0;
            max = 1;
        } else {                   /* one value: a margin of 5% on each side */
            double d = 0.05 * mag;
            /* keep the sign the data have: 0..1.05v, not -0.05v.. */
            min = min > 0 ? fmax(0, min - d) : min - d;
            max = max < 0 ? fmin(0, max + d) : max + d;
        }
    }
    best_t b = { 0 };
    search(min, max, target, &b);
    if (!b.found) {
        q_seterr(err, errsz, "no ticks for axis range %g..%g", min, max);
        return -1;
    }
    /* tick = idx × q × 10^z, with q = 2.5 kept as idx × 25 × 10^(z-1) */
    double q = Q[b.qi];
    long long qm = q == 2.5 ? 25 : (long long)q;
    out->e = q == 2.5 ? b.z - 1 : b.z;
    out->n = b.k;
    for (int i = 0; i < b.k; i++)
        out->m[i] = (b.start + i) * qm;
    normalise(out);
    for (int i = 0; i < out->n; i++)
        out->v[i] = scaled(out->m[i], out->e);
    out->lo = out->v[0];
    out->hi = out->v[out->n - 1];
    out->step = scaled(out->m[1] - out->m[0], out->e);
    out->decimals = q_ticks_decimals(out, 0);
    return 0;
}

/* ---- labels ---- */

typedef enum { K_NUM, K_PCT, K_MONEY, K_COMPACT, K_MONEY_COMPACT } axkind;

static int axis_kind(const char *fmt, axkind *kind, int *plus, char *err, size_t errsz)
{
    *plus = 0;
    *kind = K_NUM;
    if (!fmt || !*fmt)
        return 0;
    char why[160];
    if (q_format_check(fmt, why, sizeof why) != 0 && strcmp(fmt, "money-compact") != 0) {
        q_seterr(err, errsz, "%s", why);
        return -1;
    }
    const char *name = fmt;
    if (*name == '+') {
        *plus = 1;
        name++;
    }
    size_t n = strcspn(name, ":");
#define IS(s) (n == sizeof(s) - 1 && memcmp(name, s, n) == 0)
    if (IS("int") || IS("num"))
        *kind = K_NUM;
    else if (IS("pct"))
        *kind = K_PCT;
    else if (IS("money"))
        *kind = K_MONEY;
    else if (IS("compact"))
        *kind = K_COMPACT;
    else if (IS("money-compact"))
        *kind = K_MONEY_COMPACT;
    else {
        q_seterr(err, errsz,
                 "axis format '%s' is not a number format (use int, num:N, pct:N, money:N or compact)",
                 fmt);
        return -1;
    }
#undef IS
    return 0;
}

static void fixed_spec(axkind kind, int plus, int d, char *out, size_t outsz)
{
    const char *name = kind == K_PCT ? "pct" : kind == K_MONEY || kind == K_MONEY_COMPACT ? "money" : "num";
    snprintf(out, outsz, "%s%s:%d", plus ? "+" : "", name, d);
}

static int tick_precision(const q_ticks *t, axkind kind)
{
    int d = q_ticks_decimals(t, kind == K_PCT ? 2 : 0);
    return d > 10 ? 10 : d;   /* the most q_format_value prints */
}

/* Formats every tick with spec; zero as the 0-decimal, unsigned form. */
static int format_all(const q_ticks *t, const char *spec, axkind kind, const q_numfmt *nf,
                      char labels[][Q_TICK_LABEL_MAX], char *err, size_t errsz)
{
    char zspec[32];
    fixed_spec(kind, 0, 0, zspec, sizeof zspec);
    if (kind == K_COMPACT || kind == K_MONEY_COMPACT)
        snprintf(zspec, sizeof zspec, "%s", spec);
    q_buf b = { 0 };
    for (int i = 0; i < t->n; i++) {
        q_value v = { .type = QV_REAL, .r = t->v[i] };
        q_buf_reset(&b);
        if (q_format_value(&v, t->m[i] == 0 ? zspec : spec, nf, &b, err, errsz) != 0) {
            q_buf_free(&b);
            return -1;
        }
        snprintf(labels[i], Q_TICK_LABEL_MAX, "%s", q_buf_str(&b));
    }
    q_buf_free(&b);
    return 0;
}

static int distinct(const q_ticks *t, char labels[][Q_TICK_LABEL_MAX])
{
    for (int i = 1; i < t->n; i++)
        if (strcmp(labels[i], labels[i - 1]) == 0)
            return 0;
    return 1;
}

int q_ticks_label_format(const q_ticks *t, const char *axis_fmt,
                         char *out, size_t outsz, char *err, size_t errsz)
{
    axkind kind;
    int plus;
    if (axis_kind(axis_fmt, &kind, &plus, err, errsz) != 0)
        return -1;
    if (kind == K_COMPACT || kind == K_MONEY_COMPACT) {
        /* compact if its labels stay apart (decided with the default marks:
         * the marks never make two labels equal or unequal) */
        static const q_numfmt plain = { ",", ".", "$", "-", 0 };
        char labels[Q_TICKS_MAX][Q_TICK_LABEL_MAX];
        if (q_format_check(axis_fmt, NULL, 0) == 0 &&
            format_all(t, axis_fmt, kind, &plain, labels, NULL, 0) == 0 && distinct(t, labels)) {
            snprintf(out, outsz, "%s", axis_fmt);
            return 0;
        }
    }
    fixed_spec(kind, plus, tick_precision(t, kind), out, outsz);
    return 0;
}

int q_ticks_labels(const q_ticks *t, const char *axis_fmt, const q_numfmt *nf,
                   char labels[][Q_TICK_LABEL_MAX], char *err, size_t errsz)
{
    char spec[64];
    if (q_ticks_label_format(t, axis_fmt, spec, sizeof spec, err, errsz) != 0)
        return -1;
    axkind kind;
    int plus;
    axis_kind(spec, &kind, &plus, NULL, 0);
    if (format_all(t, spec, kind, nf, labels, err, errsz) != 0)
        return -1;
    if (!distinct(t, labels)) {
        q_seterr(err, errsz, "tick labels of axis %g..%g print alike at %d decimals", t->lo, t->hi,
                 tick_precision(t, kind));
        return -1;
    }
    return 0;
}
