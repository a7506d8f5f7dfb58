/* Unit tests for automatic table layout (src/layout/colwidth.c). Text is
 * measured by a made-up proportional font; each check is what a reader of
 * the table would see: no figure or word cut, figures at full width, the
 * table inside the text width, type shrunk only when it must. */
#include "layout/colwidth.h"
#include "t.h"
#include <ctype.h>
#include <stdlib.h>

#define AVAIL 481.9   /* A4 less 20 mm margins */
#define SIZE 9.0
#define PAD 5.0

/* A proportional face: narrow punctuation, tabular figures, wide capitals. */
static double char_w(unsigned char c)
{
    if ((c & 0xC0) == 0x80)
        return 0;   /* UTF-8 continuation */
    if (c == '.' || c == ',' || c == ' ' || c == 'i' || c == 'l')
        return 0.27;
    if (isdigit(c) || c == '$')
        return 0.57;
    if (isupper(c) || c == 'm' || c == 'w')
        return 0.72;
    return 0.52;
}

static int calls;

static double measure(void *ctx, const q_run *r, const char *s, size_t len)
{
    (void)ctx;
    calls++;
    double w = 0;
    for (size_t i = 0; i < len; i++)
        w += char_w((unsigned char)s[i]);
    return w * r->st.size;
}

static double text_w(const char *s, double size)
{
    q_run r = {QR_TEXT, {NULL, size, 0, 0, 0}, NULL, NULL, 0};
    return measure(NULL, &r, s, strlen(s));
}

/* A table as strings: ncols titles, then rows of cells (NULL = a NULL
 * cell, set as nothing). */
typedef struct table {
    int ncols, nrows;
    const char *const *titles;
    const char *const *cells;   /* nrows * ncols */
    double set[32];             /* explicit widths */
    int numeric[32];
} table;

static void para_of(q_para *p, const char *s, double size)
{
    memset(p, 0, sizeof *p);
    if (!s)
        return;
    q_tstyle st = {NULL, size, 0, 0, 0};
    q_run *r = q_para_add(p, QR_TEXT, &st);
    r->text = strdup(s);
}

static q_colw_res resolve(const table *t, double *w, int *widened)
{
    q_colw_in in[32];
    memset(in, 0, sizeof in);
    for (int k = 0; k < t->ncols; k++) {
        in[k].pad = (k > 0 ? PAD : 0) + (k + 1 < t->ncols ? PAD : 0);
        in[k].set = t->set[k];
        in[k].numeric = t->numeric[k];
        in[k].decimal = t->numeric[k];
        q_para p;
        para_of(&p, t->titles[k], SIZE);
        T_CHECK(q_colw_cell(&in[k], &p, 1, ".", measure, NULL) == 0);
        q_para_free(&p);
        for (int r = 0; r < t->nrows; r++) {
            para_of(&p, t->cells[r * t->ncols + k], SIZE);
            T_CHECK(q_colw_cell(&in[k], &p, 0, ".", measure, NULL) == 0);
            q_para_free(&p);
        }
    }
    q_colw_opts o = {AVAIL, SIZE, 7, 0.5};
    q_colw_res res;
    q_colw_resolve(in, t->ncols, &o, w, widened, &res);
    return res;
}

/* Every word of every cell and title fits its column at the chosen size;
 * returns how many did not. Words without a figure are let off when
 * words_may_break. */
static int cut_words(const table *t, const double *w, double scale, int words_may_break)
{
    int cut = 0;
    for (int k = 0; k < t->ncols; k++) {
        double room = w[k] - (k > 0 ? PAD : 0) - (k + 1 < t->ncols ? PAD : 0) + 1e-6;
        for (int r = -1; r < t->nrows; r++) {
            const char *s = r < 0 ? t->titles[k] : t->cells[r * t->ncols + k];
            char word[256];
            for (const char *p = s; p && *p;) {
                size_t n = strcspn(p, " ");
                snprintf(word, sizeof word, "%.*s", (int)n, p);
                int figure = strpbrk(word, "0123456789") != NULL;
                if (n && text_w(word, SIZE * scale) > room && (figure || !words_may_break)) {
                    fprintf(stderr, "  cut: \"%s\" in column %d (%.1f > %.1f)\n", word, k + 1,
                            text_w(word, SIZE * scale), room);
                    cut++;
                }
                p += n;
                p += strspn(p, " ");
            }
        }
    }
    return cut;
}

static double sum(const double *w, int n)
{
    double s = 0;
    for (int k = 0; k < n; k++)
        s += w[k];
    return s;
}

/* The table of the issue: names, long program words, money, counts, dates. */
static const char *const contract_titles[] = {"Contractor", "Program", "Facility", "Contract value",
                                              "Per diem", "Beds", "Occupancy", "Start"};
static const char *const contract_cells[] = {
    "GEO Group Inc.", "Detention Occupancy", "Adelanto ICE Processing Center", "$41,250,001", "$140.00", "1,940",
    "93.1%", "2019-12-20",
    "CoreCivic", "Family Residential Occupancy", "South Texas Family Residential Center", "$28,500,000", "$319.79",
    "2,400", "41.2%", "2020-05-01",
    "Management & Training Corporation", "Detention Occupancy", "Otay Mesa Detention Center", "$15,875,250",
    "$122.50", "1,550", NULL, "2021-01-15",
    "LaSalle Corrections", "Transportation and Guard Services", "Richwood Correctional Center", "$3,400,125",
    "$89.25", "1,300", "76.5%", "2018-07-01",
};

static void test_contracts(void)
{
    table t = {8, 4, contract_titles, contract_cells, {0}, {0, 0, 0, 1, 1, 1, 1, 0}};
    double w[8];
    q_colw_res res = resolve(&t, w, NULL);
    T_INTEQ(cut_words(&t, w, res.scale, 0), 0);
    T_NEAR(res.scale, 1, 1e-9);
    T_CHECK(!res.broke && !res.overflow);
    T_CHECK(sum(w, 8) <= AVAIL + 1e-6);
    /* Figures keep their one-line width; the money column holds "$41,250,001". */
    T_CHECK(w[3] - 2 * PAD >= text_w("$41,250,001", SIZE) - 1e-6);
    T_CHECK(w[4] - 2 * PAD >= text_w("$140.00", SIZE) - 1e-6);
    T_CHECK(w[6] - 2 * PAD >= text_w("Occupancy", SIZE) - 1e-6);   /* a title word */
    /* The dates keep one line: a date is a word. */
    T_CHECK(w[7] - PAD >= text_w("2019-12-20", SIZE) - 1e-6);
    /* The text columns wrap, so the table fills the width. */
    T_CHECK(w[2] - 2 * PAD < text_w("South Texas Family Residential Center", SIZE));
    T_NEAR(sum(w, 8), AVAIL, 1e-6);
}

/* Text columns lose in proportion to what they can lose (max - min). */
static void test_proportional(void)
{
    static const char *const titles[] = {"A", "B", "N"};
    /* min 10 chars "xxxxxxxxxx", long lines of such words */
    static const char *const cells[] = {
        "aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa",
        ("bbbbbbbbbb bbbbbbbbbb bbbbbbbbbb bbbbbbbbbb bbbbbbbbbb bbbbbbbbbb bbbbbbbbbb bbbbbbbbbb bbbbbbbbbb bbbbbbbbbb "
         "bbbbbbbbbb bbbbbbbbbb bbbbbbbbbb bbbbbbbbbb bbbbbbbbbb bbbbbbbbbb"),
        "123,456"};
    table t = {3, 1, titles, cells, {0}, {0, 0, 1}};
    double w[3];
    q_colw_res res = resolve(&t, w, NULL);
    double word = text_w("aaaaaaaaaa", SIZE);
    double max_a = text_w(cells[0], SIZE), max_b = text_w(cells[1], SIZE);
    double lost_a = max_a + PAD - w[0], lost_b = max_b + 2 * PAD - w[1];
    T_NEAR(res.scale, 1, 1e-9);
    T_CHECK(lost_a > 0 && lost_b > 0);
    T_NEAR(lost_a / lost_b, (max_a - word) / (max_b - word), 1e-6);
    T_NEAR(w[2] - PAD, text_w("123,456", SIZE), 1e-6);   /* figures keep their width */
    T_NEAR(sum(w, 3), AVAIL, 1e-6);
}

/* One huge text column beside figures: it takes what is left. */
static void test_huge_column(void)
{
    static char huge[8192];
    huge[0] = 0;
    for (int i = 0; i < 400; i++)
        strcat(huge, i % 7 ? "word " : "Extraordinarily ");
    static const char *const titles[] = {"Year", "Note", "Released", "Rate"};
    const char *cells[] = {"2019", huge, "12,345,678", "12.5%", "2020", "short", "9", "3.25%"};
    table t = {4, 2, titles, cells, {0}, {1, 0, 1, 1}};
    double w[4];
    q_colw_res res = resolve(&t, w, NULL);
    T_INTEQ(cut_words(&t, w, res.scale, 0), 0);
    T_NEAR(res.scale, 1, 1e-9);
    T_NEAR(sum(w, 4), AVAIL, 1e-6);
    T_NEAR(w[2] - 2 * PAD, text_w("12,345,678", SIZE), 1e-6);
    T_CHECK(w[1] > AVAIL / 2);
}

/* Twenty narrow columns (a letter, a digit or two each): all fit, at an
 * even rhythm. */
static void test_twenty_narrow(void)
{
    static const char *titles[20];
    static const char *cells[40];
    static char names[20][16], vals[40][16];
    int numeric[32] = {0};
    for (int k = 0; k < 20; k++) {
        snprintf(names[k], sizeof names[k], "%c", 'a' + k);
        titles[k] = names[k];
        snprintf(vals[k], sizeof vals[k], "%d", k % 10);
        snprintf(vals[20 + k], sizeof vals[20 + k], "%d", k * 3);
        cells[k] = vals[k];
        cells[20 + k] = vals[20 + k];
        numeric[k] = 1;
    }
    table t = {20, 2, titles, cells, {0}, {0}};
    memcpy(t.numeric, numeric, sizeof numeric);
    double w[20];
    q_colw_res res = resolve(&t, w, NULL);
    T_INTEQ(cut_words(&t, w, res.scale, 0), 0);
    T_NEAR(res.scale, 1, 1e-9);
    T_CHECK(sum(w, 20) <= AVAIL + 1e-6);
    /* The spare width is shared evenly: middle columns differ by what their
     * contents differ. */
    double d = (w[10] - w[9]) - (text_w(vals[30], SIZE) - text_w(vals[29], SIZE));
    T_NEAR(d, 0, 1e-6);
}

/* NULL cells and an all-NULL column: finite widths, nothing below its padding. */
static void test_null_cells(void)
{
    static const char *const titles[] = {"Office", "", "Released"};
    static const char *const cells[] = {"Newark", NULL, NULL, NULL, NULL, "1,234"};
    table t = {3, 2, titles, cells, {0}, {0, 0, 1}};
    double w[3];
    q_colw_res res = resolve(&t, w, NULL);
    T_INTEQ(cut_words(&t, w, res.scale, 0), 0);
    for (int k = 0; k < 3; k++)
        T_CHECK(w[k] >= (k == 1 ? 2 * PAD : PAD) && w[k] < AVAIL);
    T_CHECK(sum(w, 3) <= AVAIL + 1e-6);
}

/* Explicit widths too narrow for a word or a figure: widened, said so, and
 * other columns give way. */
static void test_explicit_too_narrow(void)
{
    table t = {8, 4, contract_titles, contract_cells, {0}, {0, 0, 0, 1, 1, 1, 1, 0}};
    for (int k = 0; k < 8; k++)
        t.set[k] = AVAIL * (k == 0 ? 0.30 : 0.10);   /* 100% in all; Beds, Occupancy at 10% are fine */
    t.set[6] = AVAIL * 0.08;   /* the "Occup|." */
    t.set[0] = AVAIL * 0.32;
    double w[8];
    int widened[8];
    q_colw_res res = resolve(&t, w, widened);
    T_INTEQ(cut_words(&t, w, res.scale, 0), 0);
    T_CHECK(widened[6]);
    T_INTEQ(res.widened, widened[0] + widened[1] + widened[2] + widened[3] + widened[4] + widened[5] + 1 +
                             widened[7]);
    T_CHECK(w[6] - 2 * PAD >= text_w("Occupancy", SIZE) - 1e-6);
    T_CHECK(sum(w, 8) <= AVAIL + 1e-6);
    T_CHECK(w[0] < AVAIL * 0.32);   /* the wide text column gave the room */
    /* Widths that hold their words are kept as written. */
    table u = {8, 4, contract_titles, contract_cells, {0}, {0, 0, 0, 1, 1, 1, 1, 0}};
    u.set[5] = 60;
    q_colw_res r2 = resolve(&u, w, widened);
    T_INTEQ(r2.widened, 0);
    T_NEAR(w[5], 60, 1e-9);
}

/* Figures only, wider than the page: the type shrinks, in steps, not below
 * 7 pt; figures are never cut, and it says so in res. */
static void test_numeric_shrink(void)
{
    static const char *titles[16];
    static const char *cells[32];
    static char names[16][16];
    for (int k = 0; k < 16; k++) {
        snprintf(names[k], sizeof names[k], "Y%d", 2000 + k);
        titles[k] = names[k];
        cells[k] = "$41,250,001";
        cells[16 + k] = "$140.00";
    }
    for (int n = 8; n <= 16; n++) {
        table t = {n, 2, titles, cells, {0}, {0}};
        for (int k = 0; k < n; k++)
            t.numeric[k] = 1;
        /* cells[] is laid out for 16 columns; use one row for n < 16 */
        t.nrows = 1;
        double w[16];
        q_colw_res res = resolve(&t, w, NULL);
        double s = SIZE * res.scale;
        T_CHECK(s >= 7 - 1e-9 && s <= SIZE + 1e-9);
        T_NEAR(fmod(SIZE - s, 0.5), 0, 1e-9);
        if (!res.overflow) {
            T_INTEQ(cut_words(&t, w, res.scale, 0), 0);
            T_CHECK(sum(w, n) <= AVAIL + 1e-6);
        } else {
            /* Even at 7 pt it cannot fit: still no figure is cut. */
            T_NEAR(s, 7, 1e-9);
            T_INTEQ(cut_words(&t, w, res.scale, 0), 0);
        }
        if (n == 8)
            T_NEAR(res.scale, 1, 1e-9);   /* fits as styled: no shrink */
        if (n == 9)
            T_CHECK(res.scale < 1 && !res.broke && !res.overflow);
        if (n == 16)
            T_CHECK(res.overflow);
    }
}

/* Text so wide that even 7 pt does not hold its words: text words break
 * (only then), figures in text columns do not. */
static void test_words_break(void)
{
    static const char *titles[12];
    static const char *cells[12];
    for (int k = 0; k < 12; k++) {
        titles[k] = "Responsibilities";
        cells[k] = k % 2 ? "Intercontinentalisation 2019-12-20" : "Counterrevolutionaries";
    }
    table t = {12, 1, titles, cells, {0}, {0}};
    double w[12];
    q_colw_res res = resolve(&t, w, NULL);
    T_NEAR(SIZE * res.scale, 7, 1e-9);
    T_CHECK(res.broke && !res.overflow);
    T_INTEQ(cut_words(&t, w, res.scale, 1), 0);
    T_CHECK(sum(w, 12) <= AVAIL + 1e-6);
}

/* The decimal tail: from the last mark between digits to the end. */
static void test_tail(void)
{
    q_para p;
    para_of(&p, "$140.00", SIZE);
    T_NEAR(q_colw_tail(&p, ".", measure, NULL), text_w(".00", SIZE), 1e-9);
    q_para_free(&p);
    para_of(&p, "12.5%", SIZE);
    T_NEAR(q_colw_tail(&p, ".", measure, NULL), text_w(".5%", SIZE), 1e-9);
    q_para_free(&p);
    para_of(&p, "1,940", SIZE);
    T_NEAR(q_colw_tail(&p, ".", measure, NULL), 0, 1e-9);
    q_para_free(&p);
    para_of(&p, "1.234,56 €", SIZE);
    T_NEAR(q_colw_tail(&p, ",", measure, NULL), text_w(",56 €", SIZE), 1e-9);
    q_para_free(&p);
    para_of(&p, "n.a.", SIZE);
    T_NEAR(q_colw_tail(&p, ".", measure, NULL), 0, 1e-9);
    q_para_free(&p);
    /* A decimal column is as wide as its widest head plus its widest tail. */
    static const char *const titles[] = {"Label", "Value"};
    static const char *const cells[] = {"a", "1,234,567", "b", "3.14159"};
    table t = {2, 2, titles, cells, {0}, {0, 1}};
    double w[2];
    resolve(&t, w, NULL);
    T_CHECK(w[1] - PAD >= text_w("1,234,567", SIZE) + text_w(".14159", SIZE) - 1e-6);
}

/* A cell across two narrow columns keeps its figure whole: the columns it
 * spans widen to hold it; a cell that fits changes nothing. */
static void test_span(void)
{
    static const char *const titles[] = {"Agency", "Q1", "Q2"};
    static const char *const cells[] = {"ICE", "1", "2"};
    table t = {3, 1, titles, cells, {0}, {0, 1, 1}};
    q_colw_in in[3];
    memset(in, 0, sizeof in);
    q_para p;
    for (int k = 0; k < 3; k++) {
        in[k].pad = (k > 0 ? PAD : 0) + (k + 1 < 3 ? PAD : 0);
        in[k].numeric = t.numeric[k];
        para_of(&p, titles[k], SIZE);
        q_colw_cell(&in[k], &p, 1, ".", measure, NULL);
        q_para_free(&p);
        para_of(&p, cells[k], SIZE);
        q_colw_cell(&in[k], &p, 0, ".", measure, NULL);
        q_para_free(&p);
    }
    double before[3] = {in[0].min, in[1].min, in[2].min};
    q_colw_span(in, 1, 2, text_w("Q1", SIZE), PAD);   /* fits already */
    T_NEAR(in[1].min, before[1], 1e-9);
    T_NEAR(in[2].min, before[2], 1e-9);
    double fig = text_w("$41,250,001,000,000,000,000", SIZE);
    q_colw_span(in, 1, 2, fig, PAD);
    /* At every size the table may shrink to, the spanned pair holds it. */
    double w[3];
    q_colw_opts o = {AVAIL, SIZE, 7, 0.5};
    q_colw_res res;
    q_colw_resolve(in, 3, &o, w, NULL, &res);
    T_CHECK(w[1] + w[2] - PAD >= fig * res.scale - 1e-6);
    T_NEAR(in[1].min, in[2].min, 1e-9);   /* in equal parts */
    o.avail = 150;   /* so narrow the type shrinks */
    q_colw_resolve(in, 3, &o, w, NULL, &res);
    T_CHECK(res.scale < 1 && !res.overflow);
    T_CHECK(w[1] + w[2] - PAD >= fig * res.scale - 1e-6);
}

int main(void)
{
    test_contracts();
    test_proportional();
    test_huge_column();
    test_twenty_narrow();
    test_null_cells();
    test_explicit_too_narrow();
    test_numeric_shrink();
    test_words_break();
    test_tail();
    test_span();
    T_DONE();
}
