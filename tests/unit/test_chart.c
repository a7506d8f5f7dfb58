/* Chart engine foundations (src/chart): nice ticks and their labels, axis
 * label fitting, the palette, and the <chart> model. Label fitting runs on
 * a fixed-advance measure (every code point 0.55 em) so results are exact,
 * and once on Noto Sans from the font map. */
#include "chart/labels.h"
#include "chart/model.h"
#include "chart/palette.h"
#include "chart/ticks.h"
#include "font/font.h"
#include "t.h"

#include <glob.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>

/* ================================================================ ticks */

static const q_numfmt NF = { ",", ".", "$", "-", 0 };

/* The invariants every tick set keeps. */
static int ticks_ok(const q_ticks *t, double min, double max, int zero, int target)
{
    if (t->n < 2 || t->n > target + 2 || t->n > Q_TICKS_MAX)
        return 0;
    if (t->lo != t->v[0] || t->hi != t->v[t->n - 1])
        return 0;
    if (t->lo > min || t->hi < max)                 /* covers the data */
        return 0;
    if (zero && (t->lo > 0 || t->hi < 0))
        return 0;
    if ((min >= 0 && t->lo < 0) || (max <= 0 && t->hi > 0 && !(min == 0 && max == 0)))
        return 0;                                   /* no sign the data lack (all zeros: 0..1) */
    int has_zero = 0;
    long long dm = t->m[1] - t->m[0];
    for (int i = 0; i < t->n; i++) {
        if (i && t->m[i] - t->m[i - 1] != dm)       /* even steps */
            return 0;
        has_zero |= t->m[i] == 0;
    }
    if (t->lo < 0 && t->hi > 0 && !has_zero)
        return 0;
    /* step = 1, 2, 2.5 or 5 × 10^n: strip zeros from the integer step */
    long long s = dm;
    while (s % 10 == 0)
        s /= 10;
    return s == 1 || s == 2 || s == 25 || s == 5;
}

static const char *labels_of(const q_ticks *t, const char *fmt)
{
    static char out[512];
    char lab[Q_TICKS_MAX][Q_TICK_LABEL_MAX], err[200] = "";
    if (q_ticks_labels(t, fmt, &NF, lab, err, sizeof err) != 0) {
        snprintf(out, sizeof out, "ERR:%s", err);
        return out;
    }
    out[0] = 0;
    for (int i = 0; i < t->n; i++)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", i ? " " : "", lab[i]);
    return out;
}

static void test_target(void)
{
    T_INTEQ(q_ticks_target(130, 9.6), 4);   /* a 65 mm chart's plot height */
    T_INTEQ(q_ticks_target(184, 9.6), 6);
    T_INTEQ(q_ticks_target(20, 9.6), 3);
    T_INTEQ(q_ticks_target(2000, 9.6), 7);
    T_INTEQ(q_ticks_target(100, 0), 3);
}

static void test_ticks_basic(void)
{
    q_ticks t;
    char err[200];
    /* FY2008 removals, bars from zero, a 65 mm chart */
    T_INTEQ(q_ticks_nice(0, 369221, 1, 4, &t, err, sizeof err), 0);
    T_CHECK(ticks_ok(&t, 0, 369221, 1, 4));
    T_NEAR(t.lo, 0, 0);
    T_NEAR(t.hi, 400000, 0);
    T_NEAR(t.step, 100000, 0);
    T_STREQ(labels_of(&t, NULL), "0 100,000 200,000 300,000 400,000");
    T_STREQ(labels_of(&t, "compact"), "0 100K 200K 300K 400K");
    T_STREQ(labels_of(&t, "int"), "0 100,000 200,000 300,000 400,000");

    /* the whole series, 2008–2016 */
    T_INTEQ(q_ticks_nice(235413, 409849, 1, 5, &t, err, sizeof err), 0);
    T_CHECK(ticks_ok(&t, 235413, 409849, 1, 5));
    T_STREQ(labels_of(&t, "compact"), "0 100K 200K 300K 400K 500K");

    /* without zero a line may start above it */
    T_INTEQ(q_ticks_nice(235413, 409849, 0, 5, &t, err, sizeof err), 0);
    T_CHECK(ticks_ok(&t, 235413, 409849, 0, 5));
    T_CHECK(t.lo > 0);

    /* Talbot's example: loose, so 8.1..14.1 is covered */
    T_INTEQ(q_ticks_nice(8.1, 14.1, 0, 4, &t, err, sizeof err), 0);
    T_CHECK(ticks_ok(&t, 8.1, 14.1, 0, 4));
    T_CHECK(t.hi - t.lo <= 10);
}

static void test_ticks_negative(void)
{
    q_ticks t;
    char err[200];
    T_INTEQ(q_ticks_nice(-3.2, 7.9, 1, 5, &t, err, sizeof err), 0);
    T_CHECK(ticks_ok(&t, -3.2, 7.9, 1, 5));
    T_STREQ(labels_of(&t, NULL), "\xE2\x88\x92" "4 \xE2\x88\x92" "2 0 2 4 6 8");

    /* straddling zero, not forced: 0 is still a tick */
    T_INTEQ(q_ticks_nice(-3, 97, 0, 5, &t, err, sizeof err), 0);
    T_CHECK(ticks_ok(&t, -3, 97, 0, 5));
    T_STREQ(labels_of(&t, NULL), "\xE2\x88\x92" "20 0 20 40 60 80 100");

    /* all negative bars end at zero */
    T_INTEQ(q_ticks_nice(-50, -3, 1, 5, &t, err, sizeof err), 0);
    T_CHECK(ticks_ok(&t, -50, -3, 1, 5));
    T_NEAR(t.hi, 0, 0);
    T_CHECK(t.lo <= -50);

    /* all negative line: never a positive tick */
    T_INTEQ(q_ticks_nice(-9.5, -0.2, 0, 5, &t, err, sizeof err), 0);
    T_CHECK(ticks_ok(&t, -9.5, -0.2, 0, 5));
    T_CHECK(t.hi <= 0);

    T_INTEQ(q_ticks_nice(-0.5, 0.3, 0, 5, &t, err, sizeof err), 0);
    T_CHECK(ticks_ok(&t, -0.5, 0.3, 0, 5));
    T_STREQ(labels_of(&t, NULL), "\xE2\x88\x92" "0.6 \xE2\x88\x92" "0.4 \xE2\x88\x92" "0.2 0 0.2 0.4");
}

static void test_ticks_tiny_huge(void)
{
    q_ticks t;
    char err[200];
    T_INTEQ(q_ticks_nice(0.001, 0.009, 1, 5, &t, err, sizeof err), 0);
    T_CHECK(ticks_ok(&t, 0.001, 0.009, 1, 5));
    T_INTEQ(t.decimals, 4);
    T_CHECK(t.v[t.n - 1] == 0.01);   /* exact, not 0.010000000000000002 */
    T_STREQ(labels_of(&t, NULL), "0 0.0025 0.0050 0.0075 0.0100");
    /* compact would print 0.0025 as "0": it falls back to plain decimals */
    T_STREQ(labels_of(&t, "compact"), "0 0.0025 0.0050 0.0075 0.0100");

    T_INTEQ(q_ticks_nice(0.00012, 0.00019, 0, 5, &t, err, sizeof err), 0);
    T_CHECK(ticks_ok(&t, 0.00012, 0.00019, 0, 5));
    T_STREQ(labels_of(&t, NULL), "0.00012 0.00014 0.00016 0.00018 0.00020");

    T_INTEQ(q_ticks_nice(0, 1e9, 1, 5, &t, err, sizeof err), 0);
    T_CHECK(ticks_ok(&t, 0, 1e9, 1, 5));
    T_STREQ(labels_of(&t, "compact"), "0 250M 500M 750M 1B");
    T_STREQ(labels_of(&t, NULL), "0 250,000,000 500,000,000 750,000,000 1,000,000,000");

    T_INTEQ(q_ticks_nice(2.1e12, 9.8e12, 0, 5, &t, err, sizeof err), 0);
    T_CHECK(ticks_ok(&t, 2.1e12, 9.8e12, 0, 5));
    T_STREQ(labels_of(&t, "compact"), "2T 4T 6T 8T 10T");

    /* a small range on a large offset keeps its decimals; compact would
     * print "1M" five times */
    T_INTEQ(q_ticks_nice(1e6 + 0.1, 1e6 + 0.4, 0, 5, &t, err, sizeof err), 0);
    T_CHECK(ticks_ok(&t, 1e6 + 0.1, 1e6 + 0.4, 0, 5));
    T_STREQ(labels_of(&t, "compact"), "1,000,000.1 1,000,000.2 1,000,000.3 1,000,000.4");

    /* 0.1 + 0.2: ticks are exact decimals */
    T_INTEQ(q_ticks_nice(0, 0.3, 1, 4, &t, err, sizeof err), 0);
    T_CHECK(ticks_ok(&t, 0, 0.3, 1, 4));
    T_STREQ(labels_of(&t, NULL), "0 0.1 0.2 0.3");
    T_CHECK(t.v[3] == 0.3);
}

static void test_ticks_degenerate(void)
{
    q_ticks t;
    char err[200] = "";
    /* all zeros: a unit axis */
    T_INTEQ(q_ticks_nice(0, 0, 1, 5, &t, err, sizeof err), 0);
    T_CHECK(ticks_ok(&t, 0, 0, 1, 5));
    T_NEAR(t.lo, 0, 0);
    T_NEAR(t.hi, 1, 0);
    T_INTEQ(q_ticks_nice(0, 0, 0, 5, &t, err, sizeof err), 0);
    T_NEAR(t.lo, 0, 0);
    T_NEAR(t.hi, 1, 0);

    /* one value: bars from zero; a line around it */
    T_INTEQ(q_ticks_nice(42, 42, 1, 5, &t, err, sizeof err), 0);
    T_CHECK(ticks_ok(&t, 42, 42, 1, 5));
    T_NEAR(t.lo, 0, 0);
    T_NEAR(t.hi, 50, 0);
    T_INTEQ(q_ticks_nice(42, 42, 0, 5, &t, err, sizeof err), 0);
    T_CHECK(ticks_ok(&t, 42, 42, 0, 5));
    T_CHECK(t.lo > 30 && t.hi < 50);
    T_INTEQ(q_ticks_nice(-7, -7, 0, 5, &t, err, sizeof err), 0);
    T_CHECK(ticks_ok(&t, -7, -7, 0, 5));
    T_CHECK(t.hi < 0);
    /* nearly constant counts as one value */
    T_INTEQ(q_ticks_nice(5, 5 + 1e-13, 0, 5, &t, err, sizeof err), 0);
    T_CHECK(ticks_ok(&t, 5, 5 + 1e-13, 0, 5));

    /* rejected input, with a reason */
    T_INTEQ(q_ticks_nice(NAN, 1, 1, 5, &t, err, sizeof err), -1);
    T_CHECK(strstr(err, "not finite") != NULL);
    T_INTEQ(q_ticks_nice(0, INFINITY, 1, 5, &t, err, sizeof err), -1);
    T_INTEQ(q_ticks_nice(-INFINITY, 0, 0, 5, &t, err, sizeof err), -1);
    T_INTEQ(q_ticks_nice(3, 1, 0, 5, &t, err, sizeof err), -1);
    T_CHECK(strstr(err, "reversed") != NULL);
    T_INTEQ(q_ticks_nice(0, 1e305, 1, 5, &t, err, sizeof err), -1);

    /* counts of 60 categories */
    T_INTEQ(q_ticks_nice(1, 60, 1, 7, &t, err, sizeof err), 0);
    T_CHECK(ticks_ok(&t, 1, 60, 1, 7));
    T_STREQ(labels_of(&t, NULL), "0 10 20 30 40 50 60");
}

/* Many ranges of every sign and magnitude keep the invariants. */
static void test_ticks_property(void)
{
    uint64_t seed = 12345;
    int bad = 0, runs = 0;
    for (int i = 0; i < 3000; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        double u1 = (double)(seed >> 11) / 9007199254740992.0;
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        double u2 = (double)(seed >> 11) / 9007199254740992.0;
        double mag = pow(10, -4 + 14 * u1);
        double a = (u2 - 0.3) * mag, b = a + mag * u1 * (i % 3 + 0.01);
        int zero = i % 2, target = 3 + i % 5;
        q_ticks t;
        char err[200];
        runs++;
        if (q_ticks_nice(a, b, zero, target, &t, err, sizeof err) != 0 || !ticks_ok(&t, a, b, zero, target)) {
            if (bad++ < 5)
                fprintf(stderr, "ticks for %.17g..%.17g zero=%d target=%d fail\n", a, b, zero, target);
            continue;
        }
        char lab[Q_TICKS_MAX][Q_TICK_LABEL_MAX];
        if (q_ticks_labels(&t, NULL, &NF, lab, err, sizeof err) != 0 && bad++ < 5)
            fprintf(stderr, "labels for %.17g..%.17g: %s\n", a, b, err);
    }
    T_INTEQ(bad, 0);
    T_INTEQ(runs, 3000);
}

static void test_tick_formats(void)
{
    q_ticks t;
    char err[200], spec[64];
    T_INTEQ(q_ticks_nice(0, 1, 0, 3, &t, err, sizeof err), 0);
    T_INTEQ(t.decimals, 1);
    T_STREQ(labels_of(&t, NULL), "0 0.5 1.0");   /* one precision per axis; zero bare */

    /* release rates: pct decimals come from the ticks, not from pct:1 */
    T_INTEQ(q_ticks_nice(0, 0.79, 1, 5, &t, err, sizeof err), 0);
    T_INTEQ(q_ticks_label_format(&t, "pct:1", spec, sizeof spec, err, sizeof err), 0);
    T_STREQ(spec, "pct:0");
    T_STREQ(labels_of(&t, "pct:1"), "0% 20% 40% 60% 80%");
    T_INTEQ(q_ticks_nice(0, 0.09, 1, 5, &t, err, sizeof err), 0);
    T_STREQ(labels_of(&t, "pct"), "0% 2.5% 5.0% 7.5% 10.0%");
    T_INTEQ(q_ticks_decimals(&t, 2), 1);

    T_INTEQ(q_ticks_nice(-0.2, 0.3, 0, 5, &t, err, sizeof err), 0);
    T_STREQ(labels_of(&t, "+pct:1"), "\xE2\x88\x92" "20% \xE2\x88\x92" "10% 0% +10% +20% +30%");

    T_INTEQ(q_ticks_nice(0, 474e6, 1, 5, &t, err, sizeof err), 0);
    T_STREQ(labels_of(&t, "money:2"), "$0 $100,000,000 $200,000,000 $300,000,000 $400,000,000 $500,000,000");
    T_INTEQ(q_ticks_label_format(&t, "money:2", spec, sizeof spec, err, sizeof err), 0);
    T_STREQ(spec, "money:0");

    T_INTEQ(q_ticks_label_format(&t, "date:%Y", spec, sizeof spec, err, sizeof err), -1);
    T_CHECK(strstr(err, "not a number format") != NULL);
    T_INTEQ(q_ticks_label_format(&t, "nope", spec, sizeof spec, err, sizeof err), -1);
    T_CHECK(strstr(err, "unknown format") != NULL);

    /* group and decimal marks follow the report */
    static const q_numfmt de = { ".", ",", "€", "-", 0 };
    char lab[Q_TICKS_MAX][Q_TICK_LABEL_MAX];
    T_INTEQ(q_ticks_nice(0, 7500, 1, 4, &t, err, sizeof err), 0);
    T_INTEQ(q_ticks_labels(&t, NULL, &de, lab, err, sizeof err), 0);
    T_STREQ(lab[1], "2.500");
    T_INTEQ(q_ticks_nice(0, 0.75, 1, 4, &t, err, sizeof err), 0);
    T_INTEQ(q_ticks_labels(&t, NULL, &de, lab, err, sizeof err), 0);
    T_STREQ(lab[1], "0,25");
}

/* ================================================================ labels */

/* Every code point 0.55 em wide. */
static double fixed_measure(void *ctx, const char *s, size_t len, double size)
{
    (void)ctx;
    size_t cps = 0;
    for (size_t i = 0; i < len; i++)
        cps += ((unsigned char)s[i] & 0xC0) != 0x80;
    return (double)cps * 0.55 * size;
}

static const q_label_style ST = { fixed_measure, NULL, 10, 12, 5 };   /* 5.5 pt per char */

/* No two shown labels closer than gap; each box as wide as its widest
 * line and as tall as its lines (text runs left to right: not rotated). */
static int fit_ok(const q_label_fit *f, const q_label_style *st, double gap)
{
    for (int i = 0; i < f->n; i++) {
        const q_label *a = &f->labels[i];
        if (!a->shown)
            continue;
        double w = 0;
        for (int k = 0; k < a->nlines; k++)
            w = fmax(w, st->measure(st->ctx, a->line[k], strlen(a->line[k]), st->size));
        if (a->nlines < 1 || a->nlines > 2 || fabs(a->box.w - w) > 1e-6 ||
            fabs(a->box.h - a->nlines * st->line_height) > 1e-6)
            return 0;
        for (int j = i + 1; j < f->n; j++)
            if (f->labels[j].shown && q_box_overlap(&a->box, &f->labels[j].box, gap))
                return 0;
    }
    return 1;
}

static int shown(const q_label_fit *f)
{
    int n = 0;
    for (int i = 0; i < f->n; i++)
        n += f->labels[i].shown;
    return n;
}

static const char *FORTY[] = {
    "Enforcement and Removal Operations Office",   /* 41 */
    "Immigration and Customs Enforcement (ICE)",
    "Homeland Security Investigations Division",
    "Office of the Principal Legal Advisor HQ",
};

static void test_box_overlap(void)
{
    q_lbox a = { 0, 0, 10, 10 }, b = { 10, 0, 10, 10 }, c = { 12, 0, 5, 5 }, d = { 0, 11, 5, 5 };
    T_INTEQ(q_box_overlap(&a, &b, 0), 0);   /* touching */
    T_INTEQ(q_box_overlap(&a, &b, 1), 1);
    T_INTEQ(q_box_overlap(&a, &c, 2), 0);
    T_INTEQ(q_box_overlap(&a, &c, 3), 1);
    T_INTEQ(q_box_overlap(&a, &d, 0), 0);
    q_lbox e = { 5, 5, 10, 10 };
    T_INTEQ(q_box_overlap(&a, &e, 0), 1);
}

static void test_columns(void)
{
    q_label_fit f;
    const char *four[] = { "New York", "Newark", "San Antonio", "Washington" };
    T_INTEQ(q_labels_columns(four, 4, 120, &ST, &f), 0);
    T_INTEQ(f.status, Q_FIT_ONE_LINE);
    T_INTEQ(shown(&f), 4);
    T_CHECK(fit_ok(&f, &ST, ST.gap));
    T_NEAR(f.labels[0].box.x + f.labels[0].box.w / 2, 60, 1e-9);   /* centred in its band */
    T_NEAR(f.extent, 12, 1e-9);
    q_label_fit_free(&f);

    /* 60 pt bands: two labels wrap, evenly, the longer line first */
    T_INTEQ(q_labels_columns(four, 4, 60, &ST, &f), 0);
    T_INTEQ(f.status, Q_FIT_WRAPPED);
    T_CHECK(fit_ok(&f, &ST, ST.gap));
    T_STREQ(f.labels[0].line[0], "New York");
    T_CHECK(f.labels[0].line[1] == NULL);
    T_STREQ(f.labels[2].line[0], "San");
    T_STREQ(f.labels[2].line[1], "Antonio");
    T_NEAR(f.extent, 24, 1e-9);
    q_label_fit_free(&f);

    const char *slc[] = { "Salt Lake City", "Baltimore/Washington", "Winston-Salem" };
    T_INTEQ(q_labels_columns(slc, 3, 70, &ST, &f), 0);
    T_INTEQ(f.status, Q_FIT_WRAPPED);
    T_STREQ(f.labels[0].line[0], "Salt Lake");
    T_STREQ(f.labels[0].line[1], "City");
    T_STREQ(f.labels[1].line[0], "Baltimore/");
    T_STREQ(f.labels[1].line[1], "Washington");
    T_STREQ(f.labels[2].line[0], "Winston-");
    T_STREQ(f.labels[2].line[1], "Salem");
    T_CHECK(fit_ok(&f, &ST, ST.gap));
    q_label_fit_free(&f);

    /* "Washington" has no break and needs 55 pt: a 59 pt band is too narrow */
    T_INTEQ(q_labels_columns(four, 4, 59, &ST, &f), 0);
    T_INTEQ(f.status, Q_FIT_USE_HBAR);
    T_INTEQ(shown(&f), 0);
    q_label_fit_free(&f);

    /* 40-character labels in a 481 pt column: horizontal bars */
    T_INTEQ(q_labels_columns(FORTY, 4, 481.0 / 4, &ST, &f), 0);
    T_INTEQ(f.status, Q_FIT_USE_HBAR);
    q_label_fit_free(&f);

    /* one category */
    T_INTEQ(q_labels_columns(four, 1, 481, &ST, &f), 0);
    T_INTEQ(f.status, Q_FIT_ONE_LINE);
    T_NEAR(f.labels[0].box.x, 240.5 - 22, 1e-9);
    q_label_fit_free(&f);

    /* 60 categories */
    char buf[60][16];
    const char *sixty[60];
    for (int i = 0; i < 60; i++) {
        snprintf(buf[i], sizeof buf[i], "C%d", i + 1);
        sixty[i] = buf[i];
    }
    T_INTEQ(q_labels_columns(sixty, 60, 481.0 / 60, &ST, &f), 0);
    T_INTEQ(f.status, Q_FIT_USE_HBAR);
    q_label_fit_free(&f);
    T_INTEQ(q_labels_columns(sixty, 60, 22, &ST, &f), 0);
    T_INTEQ(f.status, Q_FIT_ONE_LINE);
    T_INTEQ(shown(&f), 60);   /* categories are never thinned */
    T_CHECK(fit_ok(&f, &ST, ST.gap));
    q_label_fit_free(&f);

    T_INTEQ(q_labels_columns(four, 4, 0, &ST, &f), -1);
    T_CHECK(f.labels == NULL);   /* nothing to free after -1 */
    T_INTEQ(q_labels_columns(four, -1, 10, &ST, &f), -1);
    T_INTEQ(q_labels_rows(four, 4, 10, 0, &ST, &f), -1);
    T_INTEQ(q_labels_ordered(four, NULL, 4, &ST, &f), -1);
    T_CHECK(f.labels == NULL);
}

static void test_rows(void)
{
    q_label_fit f;
    /* 40-character labels, gutter up to a third of 481 pt */
    double gutter = 481.0 / 3;
    T_INTEQ(q_labels_rows(FORTY, 4, 14, gutter, &ST, &f), 0);
    T_INTEQ(f.status, Q_FIT_SHORTENED);
    T_INTEQ(shown(&f), 4);
    T_CHECK(fit_ok(&f, &ST, 0));
    T_CHECK(f.extent <= gutter);
    for (int i = 0; i < 4; i++) {
        T_CHECK(f.labels[i].shortened);
        T_CHECK(strstr(f.labels[i].line[0], "\xE2\x80\xA6") != NULL);
        T_NEAR(f.labels[i].box.x + f.labels[i].box.w, f.extent, 1e-9);   /* right-aligned */
    }
    /* 29 characters fit: the last word stays whole */
    T_STREQ(f.labels[1].line[0], "Immigration and Customs\xE2\x80\xA6(ICE)");
    T_STREQ(f.labels[0].line[0], "Enforcement and Remova\xE2\x80\xA6Office");
    q_label_fit_free(&f);

    /* the same in bands of two lines: wrapped, not shortened */
    T_INTEQ(q_labels_rows(FORTY, 4, 30, gutter, &ST, &f), 0);
    T_INTEQ(f.status, Q_FIT_WRAPPED);
    T_CHECK(fit_ok(&f, &ST, 0));
    T_STREQ(f.labels[1].line[0], "Immigration and Customs");   /* 23 | 17 beats 15 | 25 */
    T_STREQ(f.labels[1].line[1], "Enforcement (ICE)");
    q_label_fit_free(&f);

    /* one category, centred on its band */
    T_INTEQ(q_labels_rows(FORTY + 3, 1, 100, gutter, &ST, &f), 0);
    T_INTEQ(f.status, Q_FIT_WRAPPED);
    T_NEAR(f.labels[0].box.y + f.labels[0].box.h / 2, 50, 1e-9);
    q_label_fit_free(&f);

    /* 60 categories: too dense for 65 mm, fine at 13 pt a band */
    char buf[60][48];
    const char *sixty[60];
    for (int i = 0; i < 60; i++) {
        snprintf(buf[i], sizeof buf[i], "Field office number %d of sixty", i + 1);
        sixty[i] = buf[i];
    }
    T_INTEQ(q_labels_rows(sixty, 60, 184.0 / 60, gutter, &ST, &f), 0);
    T_INTEQ(f.status, Q_FIT_TOO_DENSE);
    T_NEAR(f.need, 12, 1e-9);
    T_INTEQ(shown(&f), 0);
    q_label_fit_free(&f);
    T_INTEQ(q_labels_rows(sixty, 60, 13, 120, &ST, &f), 0);
    T_INTEQ(f.status, Q_FIT_SHORTENED);
    T_INTEQ(shown(&f), 60);
    T_CHECK(fit_ok(&f, &ST, 0));
    /* shortened labels stay distinct: the ends differ ("…of sixty" is shared) */
    int same = 0;
    for (int i = 0; i < 60; i++)
        for (int j = i + 1; j < 60; j++)
            same += !strcmp(f.labels[i].line[0], f.labels[j].line[0]);
    T_INTEQ(same, 0);
    q_label_fit_free(&f);
}

static int valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : -1;
        if (n < 0)
            return 0;
        p++;
        for (int k = 0; k < n; k++, p++)
            if ((*p & 0xC0) != 0x80)
                return 0;
    }
    return 1;
}

static void test_ellipsis(void)
{
    /* "Immigration and Customs Enforcement": 35 characters; room for 32 */
    char *s = q_label_ellipsize("Immigration and Customs Enforcement", 32 * 5.5, &ST);
    T_STREQ(s, "Immigration and Cust\xE2\x80\xA6" "Enforcement");
    free(s);
    s = q_label_ellipsize("Short", 100, &ST);
    T_STREQ(s, "Short");
    free(s);
    s = q_label_ellipsize("Anything", 3, &ST);   /* not even the ellipsis */
    T_STREQ(s, "");
    free(s);
    s = q_label_ellipsize("Anything", 6, &ST);
    T_STREQ(s, "\xE2\x80\xA6");
    free(s);
    /* never splits a UTF-8 sequence */
    for (int w = 6; w < 140; w += 3) {
        s = q_label_ellipsize("Zürich–Genève Überführungsstraße Nord", w, &ST);
        T_CHECK(valid_utf8(s));
        T_CHECK(fixed_measure(NULL, s, strlen(s), 10) <= w + 1e-9);
        free(s);
    }
    size_t e1, s2;
    double w = q_label_wrap2("Oneword", &ST, &e1, &s2);
    T_NEAR(w, 7 * 5.5, 1e-9);
    T_INTEQ(e1, 7);
    T_INTEQ(s2, 7);
}

static void test_ordered(void)
{
    q_label_fit f;
    char buf[61][16];
    const char *years[61];
    double x[61];
    for (int i = 0; i < 61; i++) {
        snprintf(buf[i], sizeof buf[i], "%d", 1960 + i);
        years[i] = buf[i];
    }
    /* FY2008–2016, a wide axis: every year */
    for (int i = 0; i < 9; i++)
        x[i] = (i + 0.5) * 480 / 9;
    T_INTEQ(q_labels_ordered(years + 48, x, 9, &ST, &f), 0);
    T_INTEQ(f.status, Q_FIT_ONE_LINE);
    T_INTEQ(shown(&f), 9);
    T_CHECK(fit_ok(&f, &ST, ST.gap));
    q_label_fit_free(&f);

    /* the same years at 25 pt apart (labels 22 pt + 5 pt gap): every 2nd,
     * 2008 … 2016, both ends */
    for (int i = 0; i < 10; i++)
        x[i] = i * 25.0;
    T_INTEQ(q_labels_ordered(years + 48, x, 9, &ST, &f), 0);
    T_INTEQ(f.status, Q_FIT_THINNED);
    T_INTEQ(f.every, 2);
    T_INTEQ(shown(&f), 5);
    T_CHECK(f.labels[0].shown && f.labels[8].shown && !f.labels[1].shown);
    T_STREQ(f.labels[8].line[0], "2016");
    T_CHECK(f.labels[1].line[0] == NULL);
    T_CHECK(fit_ok(&f, &ST, ST.gap));
    q_label_fit_free(&f);

    /* ten years: every 2nd misses 2017, every 3rd (within 1.5×) lands on it */
    T_INTEQ(q_labels_ordered(years + 48, x, 10, &ST, &f), 0);
    T_INTEQ(f.every, 3);
    T_CHECK(f.labels[0].shown && f.labels[9].shown);
    T_CHECK(fit_ok(&f, &ST, ST.gap));
    q_label_fit_free(&f);

    /* 1960–2020 in 300 pt: thinned, first kept, none overlapping */
    for (int i = 0; i < 61; i++)
        x[i] = i * 300.0 / 60;
    T_INTEQ(q_labels_ordered(years, x, 61, &ST, &f), 0);
    T_INTEQ(f.status, Q_FIT_THINNED);
    T_CHECK(f.labels[0].shown);
    T_CHECK(f.labels[60].shown);
    T_INTEQ(f.every, 6);   /* 27 pt per label ≤ 6 × 5 pt, and 6 divides 60 */
    T_CHECK(fit_ok(&f, &ST, ST.gap));
    q_label_fit_free(&f);

    /* 20 years where nothing near every-n lands on the last: the last is
     * shown only if it clears the previous label */
    for (int i = 0; i < 20; i++)
        x[i] = i * 14.0;
    T_INTEQ(q_labels_ordered(years, x, 20, &ST, &f), 0);
    T_INTEQ(f.every, 2);
    T_CHECK(f.labels[0].shown && f.labels[18].shown && !f.labels[19].shown);
    T_CHECK(fit_ok(&f, &ST, ST.gap));
    q_label_fit_free(&f);

    /* one label; and two that cannot both show */
    T_INTEQ(q_labels_ordered(years, x, 1, &ST, &f), 0);
    T_INTEQ(shown(&f), 1);
    q_label_fit_free(&f);
    x[0] = 0;
    x[1] = 3;
    T_INTEQ(q_labels_ordered(years, x, 2, &ST, &f), 0);
    T_INTEQ(shown(&f), 1);
    T_CHECK(f.labels[0].shown);
    q_label_fit_free(&f);
}

/* Random labels and bands: whatever the outcome, no two shown labels overlap. */
static void test_labels_property(void)
{
    static const char *words[] = { "New", "York", "San", "Antonio", "Salt", "Lake", "City", "of",
                                   "Enforcement", "Removal", "Operations", "Zürich", "Ö", "X" };
    uint64_t seed = 99;
    int bad = 0;
    for (int run = 0; run < 300; run++) {
        int n = 1 + run % 60;
        char buf[60][64];
        const char *text[60];
        double x[60];
        double pos = 0;
        for (int i = 0; i < n; i++) {
            buf[i][0] = 0;
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            int nw = 1 + (int)(seed >> 60) % 5;
            for (int k = 0; k < nw; k++) {
                seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
                snprintf(buf[i] + strlen(buf[i]), sizeof buf[i] - strlen(buf[i]), "%s%s", k ? " " : "",
                         words[(seed >> 33) % 14]);
            }
            text[i] = buf[i];
            pos += 3 + (double)((seed >> 20) % 40);
            x[i] = pos;
        }
        double band = 4 + (double)(run * 7 % 120);
        q_label_fit f;
        q_labels_columns(text, n, band, &ST, &f);
        bad += !fit_ok(&f, &ST, ST.gap);
        q_label_fit_free(&f);
        q_labels_rows(text, n, band / 4, 30 + run % 150, &ST, &f);
        bad += !fit_ok(&f, &ST, 0);
        q_label_fit_free(&f);
        q_labels_ordered(text, x, n, &ST, &f);
        bad += !fit_ok(&f, &ST, ST.gap) || !f.labels[0].shown;
        q_label_fit_free(&f);
    }
    T_INTEQ(bad, 0);
}

/* The 14 field offices with real metrics: columns in a 481 pt column turn
 * into horizontal bars, whose labels fit on one line. */
static void test_labels_real_font(void)
{
    static const char *offices[14] = {
        "New York City", "Newark", "San Antonio", "Washington", "Los Angeles", "Salt Lake City",
        "San Francisco", "Philadelphia", "New Orleans", "Harlingen", "Chicago", "Houston",
        "Miami", "El Paso",
    };
    char err[256] = "";
    q_fonts *fs = q_fonts_new();
    q_face *face = q_fonts_find(fs, "Noto Sans", 0, 0, err, sizeof err);
    T_CHECK(face != NULL);
    if (!face) {
        fprintf(stderr, "%s\n", err);
        q_fonts_free(fs);
        return;
    }
    q_label_style st = { q_measure_face, face, 9.6, 11.5, 4.8 };
    T_NEAR(q_measure_face(face, "Newark", 6, 9.6), q_face_text_width(face, "Newark", 6, 9.6), 1e-12);
    q_label_fit f;
    T_INTEQ(q_labels_columns(offices, 14, 481.0 / 14, &st, &f), 0);
    T_INTEQ(f.status, Q_FIT_USE_HBAR);
    q_label_fit_free(&f);
    T_INTEQ(q_labels_rows(offices, 14, 130.0 / 14 * 2, 481.0 / 3, &st, &f), 0);
    T_INTEQ(f.status, Q_FIT_ONE_LINE);
    T_INTEQ(shown(&f), 14);
    T_CHECK(fit_ok(&f, &st, 0));
    T_CHECK(f.extent > 55 && f.extent < 70);   /* "New York City", about 62 pt */
    q_label_fit_free(&f);
    /* four offices fit under columns */
    T_INTEQ(q_labels_columns(offices, 4, 481.0 / 4, &st, &f), 0);
    T_INTEQ(f.status, Q_FIT_ONE_LINE);
    T_CHECK(fit_ok(&f, &st, st.gap));
    q_label_fit_free(&f);
    q_fonts_free(fs);
}

/* ================================================================ palette */

static void test_palette(void)
{
    static const uint32_t want[7] = { 0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7, 0xE69F00, 0x56B4E9, 0xF0E442 };
    for (int i = 0; i < 7; i++)
        T_INTEQ(q_rgb_to_hex(q_okabe_ito(i)), want[i]);
    T_INTEQ(q_rgb_to_hex(q_okabe_ito(7)), 0x0072B2);
    T_INTEQ(q_okabe_ito_no_text(q_okabe_ito(3)), 0);
    T_INTEQ(q_okabe_ito_no_text(q_okabe_ito(4)), 1);
    T_INTEQ(q_okabe_ito_no_text(q_okabe_ito(6)), 1);

    q_rgb white = q_rgb_hex(0xFFFFFF), black = q_rgb_hex(0);
    T_NEAR(q_rgb_contrast(white, black), 21, 1e-9);
    T_NEAR(q_rgb_contrast(q_okabe_ito(0), white), 5.17, 0.02);   /* charts.md: blue 5.2 */
    T_NEAR(q_rgb_contrast(q_okabe_ito(1), white), 3.9, 0.05);    /* vermillion 3.9 */

    /* text colours: at least 4.5:1, never the last three, same hue */
    for (int i = 0; i < 7; i++) {
        q_rgb c = q_okabe_ito(i), t = q_text_color(c, white, 4.5);
        T_CHECK(q_rgb_contrast(t, white) >= 4.5);
        T_CHECK(!q_okabe_ito_no_text(t));
        T_CHECK(q_rgb_contrast(t, white) < 7);   /* darkened no more than needed */
        T_CHECK((c.r >= c.g) == (t.r >= t.g) && (c.g >= c.b) == (t.g >= t.b));
    }
    T_INTEQ(q_rgb_to_hex(q_text_color(q_okabe_ito(0), white, 4.5)), 0x0072B2);   /* blue stays */
    T_CHECK(q_rgb_to_hex(q_text_color(q_okabe_ito(1), white, 4.5)) != 0xD55E00);
    /* on a dark ground, lightened */
    q_rgb dark = q_rgb_hex(0x222222), t = q_text_color(q_okabe_ito(0), dark, 4.5);
    T_CHECK(q_rgb_contrast(t, dark) >= 4.5);
    T_CHECK(q_rgb_luminance(t) > q_rgb_luminance(q_okabe_ito(0)));

    /* value labels inside bars (charts.md §5) */
    int ok;
    T_INTEQ(q_rgb_to_hex(q_text_on_fill(q_okabe_ito(0), &ok)), 0xFFFFFF);
    T_INTEQ(ok, 1);
    T_INTEQ(q_rgb_to_hex(q_text_on_fill(q_okabe_ito(6), &ok)), Q_CHART_INK);
    T_INTEQ(ok, 1);
    T_INTEQ(q_rgb_to_hex(q_text_on_fill(q_rgb_hex(0x777777), &ok)), 0xFFFFFF);
    T_INTEQ(ok, 0);

    /* colors="…" first, then the palette without them */
    q_rgb given[Q_CHART_MAX_COLORS];
    char err[200] = "";
    T_INTEQ(q_rgb_parse_list("#D55E00", given, Q_CHART_MAX_COLORS, err, sizeof err), 1);
    T_INTEQ(q_rgb_to_hex(q_series_color(given, 1, 0)), 0xD55E00);
    T_INTEQ(q_rgb_to_hex(q_series_color(given, 1, 1)), 0x0072B2);
    T_INTEQ(q_rgb_to_hex(q_series_color(given, 1, 2)), 0x009E73);
    T_INTEQ(q_rgb_to_hex(q_series_color(given, 1, 7)), 0xD55E00);   /* wraps after 7 */
    T_INTEQ(q_rgb_to_hex(q_series_color(NULL, 0, 1)), 0xD55E00);
    T_INTEQ(q_rgb_parse_list(" #D55E00,#009E73 ,#00f ", given, Q_CHART_MAX_COLORS, err, sizeof err), 3);
    T_INTEQ(q_rgb_to_hex(given[2]), 0x0000FF);
    T_INTEQ(q_rgb_parse_list("#E69F00 #56b4e9", given, Q_CHART_MAX_COLORS, err, sizeof err), 2);
    T_INTEQ(q_rgb_to_hex(given[1]), 0x56B4E9);
    T_INTEQ(q_rgb_parse_list("#E69F00 #12", given, Q_CHART_MAX_COLORS, err, sizeof err), -1);
    T_STREQ(err, "'#12' is not a colour (#rgb or #rrggbb)");
    T_INTEQ(q_rgb_parse_list(" , ", given, Q_CHART_MAX_COLORS, err, sizeof err), -1);
    T_INTEQ(q_rgb_parse_list("#000 #111 #222", given, 2, err, sizeof err), -1);
    q_rgb c;
    T_INTEQ(q_rgb_parse("#GG0000", &c), -1);
    T_INTEQ(q_rgb_parse("#abc", &c), 0);
    T_INTEQ(q_rgb_to_hex(c), 0xAABBCC);
}

/* ================================================================ model */

/* Parses attrs and returns every message, joined by " | ". */
static const char *parse(q_chart *c, const char *const *attrs)
{
    static char out[2048];
    q_diags d = { 0 };
    int rc = q_chart_parse(c, attrs, &d, "t.xml", 7);
    out[0] = 0;
    for (size_t i = 0; i < d.n; i++)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", i ? " | " : "", d.v[i].msg);
    if ((rc == 0) != (d.nerr == 0))
        snprintf(out, sizeof out, "return code and messages disagree");
    if (d.n && (d.v[0].line != 7 || strcmp(d.v[0].file, "t.xml") != 0))
        snprintf(out, sizeof out, "message without its location");
    q_diags_free(&d);
    return out;
}

static const char *perr(const char *const *attrs)
{
    q_chart c;
    const char *r = parse(&c, attrs);
    q_chart_free(&c);
    return r;
}

static void test_model_defaults(void)
{
    q_chart c;
    const char *a[] = { "id", "c", "type", "bar", "query", "q", NULL };
    T_STREQ(parse(&c, a), "");
    T_INTEQ(c.type, Q_CHART_BAR);
    T_CHECK(c.x == NULL && c.ny == 0 && c.nseries == 0);
    T_INTEQ(c.width_pct, 1);
    T_NEAR(c.width, 100, 0);
    T_NEAR(c.height, 184.25, 0.01);   /* 65 mm */
    T_INTEQ(c.legend, Q_LEGEND_AUTO);
    T_INTEQ(c.values, 0);
    T_INTEQ(c.ncolors, 0);
    T_INTEQ(c.stacked, 0);
    T_INTEQ(c.horizontal, 0);
    q_chart_free(&c);

    const char *full[] = {
        "id", "released", "type", "grouped-bar", "query", "by_year", "x", "fiscal_year",
        "y", "released, charged", "series", "Released,Charged", "title", "Criminal aliens released",
        "subtitle", "FY2004–FY2013", "source", "Source: ICE ERO", "y-format", "compact",
        "x-format", "int", "width", "120mm", "height", "70mm", "legend", "bottom", "values", "true",
        "palette", "okabe-ito", "alt", "Bar chart", "colors", "#D55E00 #009E73", "y-min", "-10",
        "y-max", "1.5e5", NULL,
    };
    T_STREQ(parse(&c, full), "");
    T_STREQ(c.id, "released");
    T_INTEQ(c.type, Q_CHART_GROUPED_BAR);
    T_STREQ(c.x, "fiscal_year");
    T_INTEQ(c.ny, 2);
    T_STREQ(c.y[1], "charged");
    T_STREQ(c.series[0], "Released");
    T_STREQ(c.subtitle, "FY2004–FY2013");
    T_STREQ(c.y_format, "compact");
    T_NEAR(c.width, 120 * 72 / 25.4, 1e-9);
    T_INTEQ(c.width_pct, 0);
    T_NEAR(c.height, 70 * 72 / 25.4, 1e-9);
    T_INTEQ(c.legend, Q_LEGEND_BOTTOM);
    T_INTEQ(c.values, 1);
    T_INTEQ(c.ncolors, 2);
    T_INTEQ(q_rgb_to_hex(c.colors[1]), 0x009E73);
    T_INTEQ(c.has_y_min, 1);
    T_NEAR(c.y_min, -10, 0);
    T_NEAR(c.y_max, 150000, 0);
    q_chart_free(&c);

    /* 0.1's stacked="true" on a bar chart means stacked-bar (SPEC §8) */
    const char *st[] = { "id", "s", "type", "bar", "query", "q", "stacked", "true", NULL };
    T_STREQ(parse(&c, st), "");
    T_INTEQ(c.type, Q_CHART_STACKED_BAR);
    T_INTEQ(c.stacked, 1);
    q_chart_free(&c);
    const char *sh[] = { "id", "s", "type", "hbar", "query", "q", "stacked", "true", "legend", "auto", NULL };
    T_STREQ(parse(&c, sh), "");
    T_INTEQ(c.type, Q_CHART_HBAR);
    T_INTEQ(c.horizontal, 1);
    T_INTEQ(c.stacked, 1);
    q_chart_free(&c);
    const char *sa[] = { "id", "s", "type", "area", "query", "q", "stacked", "true", "width", "50%", NULL };
    T_STREQ(parse(&c, sa), "");
    T_INTEQ(c.stacked, 1);
    T_NEAR(c.width, 50, 0);
    T_INTEQ(c.width_pct, 1);
    q_chart_free(&c);

    T_STREQ(q_chart_type_name(Q_CHART_FUNNEL), "funnel");
    T_INTEQ(q_chart_is_bar(Q_CHART_STACKED_BAR), 1);
    T_INTEQ(q_chart_is_bar(Q_CHART_LINE), 0);
    T_INTEQ(q_chart_has_axes(Q_CHART_DONUT), 0);
    T_INTEQ(q_chart_has_axes(Q_CHART_SCATTER), 1);
}

static void test_model_errors(void)
{
#define A(...) ((const char *const[]){ __VA_ARGS__, NULL })
    T_STREQ(perr(A("id", "c", "type", "bars", "query", "q")),
            "chart 'c': type 'bars' is not known; did you mean 'bar'? "
            "(one of bar, hbar, grouped-bar, stacked-bar, line, area, pie, donut, scatter, funnel)");
    T_STREQ(perr(A("id", "c", "type", "bar")), "chart 'c': needs a query (query=\"name\" of a <query>)");
    T_STREQ(perr(A("type", "bar", "query", "q")),
            "chart: needs an id (id=\"…\", used by quire chart --id)");
    T_STREQ(perr(A("id", "c", "query", "q")),
            "chart 'c': needs a type (one of bar, hbar, grouped-bar, stacked-bar, line, area, pie, donut, scatter, funnel)");
    T_STREQ(perr(A("id", "c", "type", "bar", "query", "q", "colour", "#000")),
            "chart 'c': attribute 'colour' is not known; did you mean 'colors'? (one of id, type, query, x, y, "
            "series, title, subtitle, source, y-format, x-format, width, height, legend, values, palette, alt, "
            "colors, stacked, y-min, y-max)");
    T_STREQ(perr(A("id", "c", "type", "line", "query", "q", "y", "a,b", "series", "A,B,C")),
            "chart 'c': series names 3 series but y names 2 columns; give one name per y column");
    T_STREQ(perr(A("id", "c", "type", "line", "query", "q", "y", "a,,b")),
            "chart 'c': y='a,,b' has an empty item (names are separated by single commas)");
    T_STREQ(perr(A("id", "c", "type", "line", "query", "q", "x", "a,b")),
            "chart 'c': x='a,b' must name one column");
    T_STREQ(perr(A("id", "c", "type", "pie", "query", "q", "y", "released,charged")),
            "chart 'c': a pie chart shows one value column, but y names 2 (released, …)");
    T_STREQ(perr(A("id", "c", "type", "bar", "query", "q", "y-min", "50")),
            "chart 'c': y-min=50 would cut the bars: a bar chart's axis starts at 0 (leave y-min out, or use a line chart)");
    T_STREQ(perr(A("id", "c", "type", "bar", "query", "q", "y-max", "-5")),
            "chart 'c': y-max=-5 would cut the bars: a bar chart's axis ends at 0 or above");
    T_STREQ(perr(A("id", "c", "type", "line", "query", "q", "y-min", "5", "y-max", "5")),
            "chart 'c': y-min (5) must be below y-max (5)");
    T_STREQ(perr(A("id", "c", "type", "line", "query", "q", "y-min", "{avg}")),
            "chart 'c': y-min='{avg}' is not a number");
    T_STREQ(perr(A("id", "c", "type", "pie", "query", "q", "y-max", "5")),
            "chart 'c': y-max: a pie chart has no value axis");
    T_STREQ(perr(A("id", "c", "type", "bar", "query", "q", "width", "12furlongs")),
            "chart 'c': width='12furlongs' is not a length (e.g. 120mm, 400pt or 50%)");
    T_STREQ(perr(A("id", "c", "type", "bar", "query", "q", "width", "150%")),
            "chart 'c': width='150%' is wider than the column (at most 100%)");
    T_STREQ(perr(A("id", "c", "type", "bar", "query", "q", "height", "50%")),
            "chart 'c': height='50%' is not a length (e.g. 65mm or 180pt)");
    T_STREQ(perr(A("id", "c", "type", "bar", "query", "q", "height", "0")),
            "chart 'c': height='0' is not a length (e.g. 65mm or 180pt)");
    T_STREQ(perr(A("id", "c", "type", "bar", "query", "q", "legend", "left")),
            "chart 'c': legend 'left' is not known (one of auto, top, bottom, right, none)");
    T_STREQ(perr(A("id", "c", "type", "bar", "query", "q", "legend", "bottm")),
            "chart 'c': legend 'bottm' is not known; did you mean 'bottom'? (one of auto, top, bottom, right, none)");
    T_STREQ(perr(A("id", "c", "type", "bar", "query", "q", "values", "yes")),
            "chart 'c': values='yes' must be true or false");
    T_STREQ(perr(A("id", "c", "type", "bar", "query", "q", "colors", "#E69F00 red")),
            "chart 'c': colors: 'red' is not a colour (#rgb or #rrggbb)");
    T_STREQ(perr(A("id", "c", "type", "bar", "query", "q", "palette", "okabe")),
            "chart 'c': palette 'okabe' is not known (one of okabe-ito)");
    T_STREQ(perr(A("id", "c", "type", "bar", "query", "q", "palette", "okabe-it")),
            "chart 'c': palette 'okabe-it' is not known; did you mean 'okabe-ito'? (one of okabe-ito)");
    T_STREQ(perr(A("id", "c", "type", "bar", "query", "q", "y-format", "date:%Y")),
            "chart 'c': y-format='date:%Y' cannot format the value axis (use int, num:N, pct:N, money:N or compact)");
    T_STREQ(perr(A("id", "c", "type", "line", "query", "q", "x-format", "date:%Y")), "");
    T_STREQ(perr(A("id", "c", "type", "bar", "query", "q", "y-format", "pct:x")),
            "chart 'c': y-format: bad decimals in format 'pct:x' (want 0 to 10)");
    T_STREQ(perr(A("id", "c", "type", "pie", "query", "q", "stacked", "true")),
            "chart 'c': stacked=\"true\" applies to bar, hbar, grouped-bar and area, not pie");
    T_STREQ(perr(A("id", "c", "type", "stacked-bar", "query", "q", "stacked", "false")),
            "chart 'c': stacked=\"false\" contradicts type=\"stacked-bar\" (use grouped-bar)");
    /* every problem, not just the first */
    T_STREQ(perr(A("id", "c", "type", "bar", "query", "q", "legend", "nowhere", "values", "1", "y-min", "3")),
            "chart 'c': legend 'nowhere' is not known (one of auto, top, bottom, right, none) | "
            "chart 'c': values='1' must be true or false | "
            "chart 'c': y-min=3 would cut the bars: a bar chart's axis starts at 0 (leave y-min out, or use a line chart)");
#undef A
}

static const char *ref(q_chart *c, const char *const *attrs, int *failed)
{
    static char out[512];
    q_diags d = { 0 };
    q_chart_add_ref_line(c, attrs, &d, "t.xml", 9);
    out[0] = 0;
    for (size_t i = 0; i < d.n; i++)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", i ? " | " : "", d.v[i].msg);
    *failed = q_diags_failed(&d);
    q_diags_free(&d);
    return out;
}

static void test_model_ref_lines(void)
{
    q_chart c;
    int failed;
    const char *a[] = { "id", "line", "type", "line", "query", "q", NULL };
    T_STREQ(parse(&c, a), "");
    T_STREQ(ref(&c, (const char *const[]){ "y", "0.42", "label", "average", NULL }, &failed), "");
    T_INTEQ(failed, 0);
    T_STREQ(ref(&c, (const char *const[]){ "x", "2013", NULL }, &failed), "");
    T_STREQ(ref(&c, (const char *const[]){ "x", "FY2013", NULL }, &failed), "");   /* a category */
    T_INTEQ(c.nrefs, 3);
    T_INTEQ(c.refs[0].axis, 'y');
    T_NEAR(c.refs[0].value, 0.42, 0);
    T_STREQ(c.refs[0].label, "average");
    T_INTEQ(c.refs[1].axis, 'x');
    T_INTEQ(c.refs[1].numeric, 1);
    T_INTEQ(c.refs[2].numeric, 0);
    T_STREQ(c.refs[2].at, "FY2013");
    T_INTEQ(c.refs[2].line, 9);

    /* valid in 0.1's schema: a warning, drawn as nothing */
    T_STREQ(ref(&c, (const char *const[]){ NULL }, &failed),
            "chart 'line': a <ref-line> without y=\"…\" or x=\"…\" draws nothing");
    T_INTEQ(failed, 0);
    T_INTEQ(c.nrefs, 3);
    T_STREQ(ref(&c, (const char *const[]){ "y", "1", "x", "2", NULL }, &failed),
            "chart 'line': a <ref-line> takes y=\"…\" (a value) or x=\"…\" (a position on the x axis), not both");
    T_INTEQ(failed, 1);
    T_STREQ(ref(&c, (const char *const[]){ "y", "high", NULL }, &failed),
            "chart 'line': <ref-line y='high'>: y must be a number on the value axis");
    T_INTEQ(failed, 1);
    T_INTEQ(c.nrefs, 3);
    q_chart_free(&c);

    const char *p[] = { "id", "p", "type", "donut", "query", "q", NULL };
    T_STREQ(parse(&c, p), "");
    T_STREQ(ref(&c, (const char *const[]){ "y", "1", NULL }, &failed),
            "chart 'p': a donut chart has no axes for a <ref-line>");
    q_chart_free(&c);
}

/* Every <chart> the schema's valid samples hold parses (SPEC §8
 * Compatibility), with placeholders standing for numbers. */
static void test_model_schema_samples(void)
{
    glob_t g;
    T_INTEQ(glob("tests/schema/valid/*.xml", 0, NULL, &g), 0);
    int charts = 0, refs = 0, errors = 0;
    for (size_t k = 0; k < g.gl_pathc; k++) {
        xmlDoc *doc = xmlReadFile(g.gl_pathv[k], NULL, XML_PARSE_NONET);
        if (!doc)
            continue;
        /* a depth-first walk */
        xmlNode *stack[64];
        int sp = 0;
        stack[sp++] = xmlDocGetRootElement(doc);
        while (sp) {
            xmlNode *n = stack[--sp];
            for (xmlNode *ch = n->children; ch && sp < 64; ch = ch->next)
                if (ch->type == XML_ELEMENT_NODE)
                    stack[sp++] = ch;
            if (strcmp((const char *)n->name, "chart"))
                continue;
            const char *attrs[64];
            char *vals[32];
            int na = 0;
            for (xmlAttr *a = n->properties; a && na < 31; a = a->next) {
                char *v = (char *)xmlNodeGetContent((xmlNode *)a);
                vals[na] = strchr(v, '{') ? strcpy(v, "1") : v;
                attrs[2 * na] = (const char *)a->name;
                attrs[2 * na + 1] = vals[na];
                na++;
            }
            attrs[2 * na] = NULL;
            q_chart c;
            q_diags d = { 0 };
            q_chart_parse(&c, attrs, &d, g.gl_pathv[k], 1);
            for (xmlNode *r = n->children; r; r = r->next) {
                if (r->type != XML_ELEMENT_NODE)
                    continue;
                const char *ra[8];
                char *rv[3];
                int nr = 0;
                for (xmlAttr *a = r->properties; a && nr < 3; a = a->next) {
                    char *v = (char *)xmlNodeGetContent((xmlNode *)a);
                    rv[nr] = strchr(v, '{') ? strcpy(v, "1") : v;
                    ra[2 * nr] = (const char *)a->name;
                    ra[2 * nr + 1] = rv[nr];
                    nr++;
                }
                ra[2 * nr] = NULL;
                q_chart_add_ref_line(&c, ra, &d, g.gl_pathv[k], 1);
                for (int i = 0; i < nr; i++)
                    xmlFree(rv[i]);
            }
            for (size_t i = 0; i < d.n; i++)
                if (d.v[i].code != Q_OK)
                    fprintf(stderr, "%s: chart '%s': %s\n", g.gl_pathv[k], c.id ? c.id : "?", d.v[i].msg);
            errors += (int)d.nerr;
            charts++;
            refs += c.nrefs;
            q_diags_free(&d);
            q_chart_free(&c);
            for (int i = 0; i < na; i++)
                xmlFree(vals[i]);
        }
        xmlFreeDoc(doc);
    }
    globfree(&g);
    T_CHECK(charts >= 10);
    T_CHECK(refs >= 2);
    T_INTEQ(errors, 0);
}

int main(void)
{
    test_target();
    test_ticks_basic();
    test_ticks_negative();
    test_ticks_tiny_huge();
    test_ticks_degenerate();
    test_ticks_property();
    test_tick_formats();
    test_box_overlap();
    test_columns();
    test_rows();
    test_ellipsis();
    test_ordered();
    test_labels_property();
    test_labels_real_font();
    test_palette();
    test_model_defaults();
    test_model_errors();
    test_model_ref_lines();
    test_model_schema_samples();
    xmlCleanupParser();
    T_DONE();
}
