/* Chart drawing (src/chart/draw*.c) on the font map's Noto Sans: every
 * type and the hard cases of issue 7 draw inside their box, with no two
 * texts overlapping, the title, tick labels and series names present, and
 * bars from zero. With QUIRE_CHART_PNG=DIR each case is also painted to
 * DIR/NAME.png through the cairo module, for looking at. */
#include "chart/draw.h"
#include "paint/cairo/cairo.h"
#include "t.h"

#include <stdlib.h>

static const q_numfmt NF = {",", ".", "$", "\xE2\x80\x94", 0};

typedef struct ccase {
    const char *name;
    const char *const *attrs;
    int nrows, nseries;
    const char *const *x;
    const double *v;           /* v[s * nrows + i]; NAN is NULL */
    const char *const *series;
    int x_numeric, x_ordered;
    double w, h;               /* 0: 481 × 184 (a column, 65 mm) */
} ccase;

static q_chart_data make_data(const ccase *k)
{
    q_chart_data d = {0};
    d.nrows = k->nrows;
    d.nseries = k->nseries;
    d.x_text = calloc(k->nrows + 1, sizeof *d.x_text);
    d.x_num = calloc(k->nrows + 1, sizeof *d.x_num);
    d.series = calloc(k->nseries + 1, sizeof *d.series);
    d.v = calloc((size_t)k->nrows * k->nseries + 1, sizeof *d.v);
    d.is_null = calloc((size_t)k->nrows * k->nseries + 1, 1);
    for (int i = 0; i < k->nrows; i++) {
        d.x_text[i] = strdup(k->x[i]);
        d.x_num[i] = atof(k->x[i]);
    }
    d.x_numeric = k->x_numeric;
    d.x_ordered = k->x_ordered;
    for (int s = 0; s < k->nseries; s++)
        d.series[s] = strdup(k->series ? k->series[s] : "Series");
    for (int j = 0; j < k->nrows * k->nseries; j++) {
        d.is_null[j] = isnan(k->v[j]);
        d.v[j] = isnan(k->v[j]) ? 0 : k->v[j];
    }
    return d;
}

/* Text boxes from cap height to just under the baseline. */
static void text_box(const q_text *t, q_box *b)
{
    *b = (q_box){t->x, t->y - 0.72 * t->size, t->x + t->w, t->y + 0.18 * t->size};
}

static int boxes_meet(const q_box *a, const q_box *b)
{
    double e = 0.25;
    return a->x0 + e < b->x1 && b->x0 + e < a->x1 && a->y0 + e < b->y1 && b->y0 + e < a->y1;
}

static int has_text(const q_page *p, const char *s)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->ops[i].kind == DL_TEXT && strstr(p->ops[i].text.utf8, s))
            return 1;
    return 0;
}

/* Draws one case; checks what holds for every chart. Returns the page
 * (owned by dl) or NULL. */
static q_page *draw_case(const ccase *k, q_dlist *dl, q_fonts *fonts, int expect_ok)
{
    q_diags d = {0};
    q_chart c;
    int prc = q_chart_parse(&c, k->attrs, &d, "t.xml", 1);
    T_INTEQ(prc, 0);
    q_chart_data data = make_data(k);
    double w = k->w ? k->w : 481, h = k->h ? k->h : 184.25;
    q_chart_env env = {fonts, "Noto Sans", &NF, k->w ? q_chart_look_screen(w, h) : q_chart_look_print(),
                       0, "t.xml", 1};
    double need = q_chart_height(&c, &data, &env, w, h, &d);
    T_CHECK(need >= h);
    h = need;
    q_page *page = q_dlist_add_page(dl, w + 20, h + 20);
    int rc = q_chart_draw(&c, &data, &env, 10, 10, w, h, dl, page, &d);
    if (expect_ok && rc) {
        for (size_t i = 0; i < d.n; i++)
            fprintf(stderr, "%s: %s\n", k->name, d.v[i].msg);
    }
    T_INTEQ(rc, expect_ok ? 0 : -1);
    /* inside the box, with no two texts overlapping */
    int outside = 0, overlaps = 0;
    for (size_t i = 0; i < page->n; i++) {
        q_box b;
        if (q_op_bounds(&page->ops[i], &b) == 0 &&
            (b.x0 < 10 - 1 || b.y0 < 10 - 1 || b.x1 > 10 + w + 1 || b.y1 > 10 + h + 1)) {
            outside++;
            fprintf(stderr, "%s: op %zu (kind %d) outside: %.1f %.1f %.1f %.1f\n", k->name, i,
                    page->ops[i].kind, b.x0, b.y0, b.x1, b.y1);
        }
        if (page->ops[i].kind != DL_TEXT)
            continue;
        q_box a;
        text_box(&page->ops[i].text, &a);
        for (size_t j = i + 1; j < page->n; j++) {
            if (page->ops[j].kind != DL_TEXT)
                continue;
            q_box bb;
            text_box(&page->ops[j].text, &bb);
            if (boxes_meet(&a, &bb)) {
                overlaps++;
                fprintf(stderr, "%s: texts overlap: '%s' and '%s'\n", k->name, page->ops[i].text.utf8,
                        page->ops[j].text.utf8);
            }
        }
    }
    T_INTEQ(outside, 0);
    T_INTEQ(overlaps, 0);
    if (c.title)
        T_CHECK(has_text(page, c.title) || strlen(c.title) > 60);
    q_chart_data_free(&data);
    q_chart_free(&c);
    q_diags_free(&d);
    return page;
}

/* ---- the data: FY2008–FY2016 removals and releases (ICE ERO, shared/data) ---- */

static const char *const YEARS[] = {"2008", "2009", "2010", "2011", "2012", "2013", "2014", "2015", "2016"};
static const double REMOVALS[] = {369221, 389834, 392862, 396906, 409849, 368644, 315943, 235413, 240255};
static const char *const NAMES2[] = {"Removals", "Releases"};
static const double TWO[] = {369221, 389834, 392862, 396906, 409849, 368644, 315943, 235413, 240255,
                             21000, 27000, 26000, 35000, 44000, 36000, 30558, 19723, 15000};

#define A(...) ((const char *const[]){__VA_ARGS__, NULL})

static void paint(q_dlist *dl, const char *name)
{
    const char *dir = getenv("QUIRE_CHART_PNG");
    if (!dir)
        return;
    char pat[512];
    snprintf(pat, sizeof pat, "%s/%s-{n}.png", dir, name);
    q_diags d = {0};
    q_cairo_png_opts po = {pat, 144, NULL, "t.xml"};
    q_dlist_set_glyphs(dl);
    if (q_paint_cairo_png(dl, &po, &d))
        fprintf(stderr, "%s: paint failed: %s\n", name, d.n ? d.v[0].msg : "?");
    q_diags_free(&d);
}

static void run(const ccase *k, int expect_ok)
{
    q_fonts *fonts = q_fonts_new();
    q_dlist dl = {0};
    dl.fonts = fonts;
    q_page *p = draw_case(k, &dl, fonts, expect_ok);
    (void)p;
    paint(&dl, k->name);
    q_dlist_free(&dl);
    q_fonts_free(fonts);
}

static void test_types(void)
{
    ccase bar = {"bar", A("id", "r", "type", "bar", "query", "q", "title", "Removals fell after 2012",
                          "subtitle", "Removals by fiscal year", "source", "Source: ICE ERO",
                          "y-format", "compact"),
                 9, 1, YEARS, REMOVALS, NAMES2, 1, 1, 0, 0};
    run(&bar, 1);
    ccase grouped = bar;
    grouped.name = "grouped-bar";
    grouped.attrs = A("id", "r", "type", "grouped-bar", "query", "q", "title", "Removals and releases",
                      "y-format", "compact", "source", "Source: ICE ERO");
    grouped.nseries = 2;
    grouped.v = TWO;
    run(&grouped, 1);
    ccase stacked = grouped;
    stacked.name = "stacked-bar";
    stacked.attrs = A("id", "r", "type", "stacked-bar", "query", "q", "title", "Removals and releases",
                      "y-format", "compact", "values", "true");
    run(&stacked, 1);
    ccase line = grouped;
    line.name = "line";
    line.attrs = A("id", "r", "type", "line", "query", "q", "title", "Removals and releases",
                   "y-format", "compact", "source", "Source: ICE ERO");
    run(&line, 1);
    ccase area = bar;
    area.name = "area";
    area.attrs = A("id", "r", "type", "area", "query", "q", "title", "Removals", "y-format", "compact");
    run(&area, 1);
    ccase hbar = bar;
    hbar.name = "hbar";
    hbar.attrs = A("id", "r", "type", "hbar", "query", "q", "title", "Removals", "y-format", "compact",
                   "values", "true");
    run(&hbar, 1);
    static const char *const STAGES[] = {"Encountered", "Charged", "Removed"};
    static const double FUNNEL[] = {645000, 412000, 240255};
    ccase funnel = {"funnel", A("id", "f", "type", "funnel", "query", "q", "title", "From encounter to removal",
                                "y-format", "int"),
                    3, 1, STAGES, FUNNEL, NAMES2, 0, 0, 0, 0};
    run(&funnel, 1);
    static const char *const OFFICES[] = {"Houston", "Dallas", "Chicago", "Atlanta", "Miami", "Newark",
                                          "Phoenix", "Seattle"};
    static const double SHARE[] = {120, 90, 60, 50, 40, 20, 10, 5};
    ccase pie = {"pie", A("id", "p", "type", "pie", "query", "q", "title", "Removals by field office"),
                 8, 1, OFFICES, SHARE, NAMES2, 0, 0, 0, 0};
    run(&pie, 1);
    pie.name = "donut";
    pie.attrs = A("id", "p", "type", "donut", "query", "q", "title", "Removals by field office", "y-format", "int");
    run(&pie, 1);
    static const double SX[] = {10, 20, 35, 50, 80};
    static const char *const SXT[] = {"10", "20", "35", "50", "80"};
    static const double SY[] = {0.12, 0.2, 0.18, 0.33, 0.41};
    ccase scatter = {"scatter", A("id", "s", "type", "scatter", "query", "q", "title", "Release rate by size",
                                  "y-format", "pct"),
                     5, 1, SXT, SY, NAMES2, 1, 1, 0, 0};
    (void)SX;
    run(&scatter, 1);
    ccase web = line;
    web.name = "line-web";
    web.w = 800;
    web.h = 450;
    run(&web, 1);
}

static void test_hard_cases(void)
{
    static const double NEG[] = {-3.2, 5, 7.9, -1, 2, NAN, 4, 6, 1};
    ccase neg = {"negative", A("id", "n", "type", "bar", "query", "q", "title", "Negative and NULL"),
                 9, 1, YEARS, NEG, NAMES2, 1, 1, 0, 0};
    run(&neg, 1);
    neg.name = "negative-line";
    neg.attrs = A("id", "n", "type", "line", "query", "q", "title", "A gap");
    run(&neg, 1);
    static const double ONE[] = {42};
    static const char *const ONEX[] = {"Houston"};
    ccase one = {"one", A("id", "o", "type", "bar", "query", "q", "title", "One category"),
                 1, 1, ONEX, ONE, NAMES2, 0, 0, 0, 0};
    run(&one, 1);
    static const double ZERO[] = {0, 0, 0};
    ccase zeros = {"zeros", A("id", "z", "type", "bar", "query", "q", "title", "All zeros"),
                   3, 1, YEARS, ZERO, NAMES2, 1, 1, 0, 0};
    run(&zeros, 1);
    zeros.name = "zeros-pie";
    zeros.attrs = A("id", "z", "type", "pie", "query", "q", "title", "All zeros");
    run(&zeros, 1);
    static const double WIDE[] = {0.001, 1e9, 50};
    ccase wide = {"wide-range", A("id", "w", "type", "bar", "query", "q", "title", "0.001 to a billion",
                                  "y-format", "compact"),
                  3, 1, YEARS, WIDE, NAMES2, 1, 1, 0, 0};
    run(&wide, 1);
    ccase none = {"no-rows", A("id", "e", "type", "line", "query", "q", "title", "Nothing"),
                  0, 1, YEARS, ZERO, NAMES2, 0, 0, 0, 0};
    run(&none, 1);
    /* 40-character labels and 60 categories */
    static char lbuf[60][48];
    static const char *LONG[60];
    static double many[60];
    for (int i = 0; i < 60; i++) {
        snprintf(lbuf[i], sizeof lbuf[i], "Field office number %d of the sixty-two", i + 1);
        LONG[i] = lbuf[i];
        many[i] = 1000 + 37 * i;
    }
    ccase longl = {"long-labels", A("id", "l", "type", "bar", "query", "q", "title", "Long labels"),
                   8, 1, LONG, many, NAMES2, 0, 0, 0, 0};
    run(&longl, 1);
    ccase sixty = longl;
    sixty.name = "sixty";
    sixty.nrows = 60;
    run(&sixty, 1);
    static char ybuf[60][16];
    static const char *YRS[60];
    for (int i = 0; i < 60; i++) {
        snprintf(ybuf[i], sizeof ybuf[i], "%d", 1960 + i);
        YRS[i] = ybuf[i];
    }
    ccase sixty_years = {"sixty-years", A("id", "y", "type", "bar", "query", "q", "title", "Sixty years"),
                         60, 1, YRS, many, NAMES2, 1, 1, 0, 0};
    run(&sixty_years, 1);
    static const double PNEG[] = {3, -1};
    ccase pie_neg = {"pie-negative", A("id", "p", "type", "pie", "query", "q", "title", "Negative slice"),
                     2, 1, YEARS, PNEG, NAMES2, 0, 0, 0, 0};
    run(&pie_neg, 0);
}

/* Legends in every place, reference lines, value labels, crowded line ends. */
static void test_options(void)
{
    static const char *const S3[] = {"Removals", "Releases", "Charges"};
    static const double THREE[] = {369221, 389834, 392862, 396906, 409849, 368644, 315943, 235413, 240255,
                                   21000, 27000, 26000, 35000, 44000, 36000, 30558, 19723, 15000,
                                   -50000, 80000, -20000, 90000, 100000, -30000, 60000, 70000, 20000};
    const char *const *legends[] = {
        A("id", "a", "type", "grouped-bar", "query", "q", "title", "Legend bottom", "legend", "bottom",
          "values", "true", "y-format", "compact"),
        A("id", "a", "type", "stacked-bar", "query", "q", "title", "Legend right, mixed signs", "legend", "right",
          "y-format", "compact"),
        A("id", "a", "type", "line", "query", "q", "title", "Legend top", "legend", "top", "y-format", "compact"),
        A("id", "a", "type", "area", "query", "q", "title", "Stacked area", "stacked", "true", "y-format", "compact"),
        A("id", "a", "type", "line", "query", "q", "title", "Values", "values", "true", "y-format", "compact"),
    };
    const char *names[] = {"legend-bottom", "legend-right", "legend-top", "stacked-area", "line-values"};
    for (int i = 0; i < 5; i++) {
        ccase k = {names[i], legends[i], 9, 3, YEARS, THREE, S3, 1, 1, 0, 0};
        if (i == 3)
            k.v = TWO, k.nseries = 2;
        run(&k, 1);
    }
    ccase ref = {"ref-lines", NULL, 9, 1, YEARS, REMOVALS, NAMES2, 1, 1, 0, 0};
    const char *const rattrs[] = {"id", "r", "type", "bar", "query", "q", "title", "Reference lines", NULL};
    const char *const y_ref[] = {"y", "350000", "label", "average", NULL};
    const char *const x_ref[] = {"x", "2012", "label", "policy change", NULL};
    q_fonts *fonts = q_fonts_new();
    q_dlist dl = {0};
    dl.fonts = fonts;
    q_diags d = {0};
    q_chart c;
    T_INTEQ(q_chart_parse(&c, rattrs, &d, "t.xml", 1), 0);
    T_INTEQ(q_chart_add_ref_line(&c, y_ref, &d, "t.xml", 2), 0);
    T_INTEQ(q_chart_add_ref_line(&c, x_ref, &d, "t.xml", 3), 0);
    q_chart_data data = make_data(&ref);
    q_chart_env env = {fonts, "Noto Sans", &NF, q_chart_look_print(), 0, "t.xml", 1};
    q_page *page = q_dlist_add_page(&dl, 500, 200);
    T_INTEQ(q_chart_draw(&c, &data, &env, 10, 10, 481, 184.25, &dl, page, &d), 0);
    T_CHECK(has_text(page, "average"));
    T_CHECK(has_text(page, "policy change"));
    int dashed = 0;
    for (size_t i = 0; i < page->n; i++)
        dashed += page->ops[i].kind == DL_PATH && page->ops[i].path.ndash > 0;
    T_INTEQ(dashed, 2);
    /* no alt attribute: one is made from the type, title and values */
    T_STREQ(dl.elems[1].alt, "Bar chart: Reference lines. 9 values for 2008 to 2016, from 235,413 to 409,849.");
    paint(&dl, "ref-lines");
    q_chart_data_free(&data);
    q_chart_free(&c);
    q_diags_free(&d);
    q_dlist_free(&dl);
    q_fonts_free(fonts);
    /* eight lines ending on one value: names moved apart, never overlapping */
    static double ends[8 * 9];
    static const char *const EIGHT[] = {"Atlanta", "Baltimore", "Boston", "Buffalo", "Chicago", "Dallas",
                                        "Denver", "Detroit"};
    for (int s = 0; s < 8; s++)
        for (int i = 0; i < 9; i++)
            ends[s * 9 + i] = i == 8 ? 100 : 50 + s * 7 + i;
    ccase crowd = {"crowded-ends", A("id", "c", "type", "line", "query", "q", "title", "Eight lines, one end"),
                   9, 7, YEARS, ends, EIGHT, 1, 1, 0, 0};
    run(&crowd, 1);
    crowd.name = "eight-lines";
    crowd.nseries = 8;
    run(&crowd, 1);
}

/* The palette: Okabe–Ito in SPEC order by default, `colors` first. */
static void test_colors(void)
{
    const char *const *sets[] = {
        A("id", "a", "type", "grouped-bar", "query", "q", "title", "Default palette"),
        A("id", "a", "type", "grouped-bar", "query", "q", "title", "Own colours", "colors", "#aa3377, #228833"),
    };
    const uint32_t want[2][2] = {{0x0072B2, 0xD55E00}, {0xAA3377, 0x228833}};
    for (int k = 0; k < 2; k++) {
        ccase c = {"colors", sets[k], 9, 2, YEARS, TWO, NAMES2, 1, 1, 0, 0};
        q_fonts *fonts = q_fonts_new();
        q_dlist dl = {0};
        dl.fonts = fonts;
        q_page *p = draw_case(&c, &dl, fonts, 1);
        int seen[2] = {0, 0}, other = 0;
        for (size_t i = 0; i < p->n; i++) {
            if (p->ops[i].kind != DL_RECT)
                continue;
            uint32_t col = p->ops[i].rect.color;
            if (col == want[k][0])
                seen[0]++;
            else if (col == want[k][1])
                seen[1]++;
            else
                other++;
        }
        /* nine bars of each series plus its legend swatch */
        T_INTEQ(seen[0], 10);
        T_INTEQ(seen[1], 10);
        T_INTEQ(other, 0);
        q_dlist_free(&dl);
        q_fonts_free(fonts);
    }
}

int main(void)
{
    test_colors();
    test_options();
    test_types();
    test_hard_cases();
    T_DONE();
}
