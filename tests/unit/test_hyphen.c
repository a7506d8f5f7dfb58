/* Hyphenation (src/layout/hyphen.c) and justified line quality
 * (src/layout/text.c): the points the en-US patterns give, the words never
 * hyphenated, and on a 40-paragraph stress text every justified line's
 * word space within [0.75, 1.5] of normal (except lines of paragraphs the
 * breaker reports as having no line set within tolerance), no line opening
 * with an en or em dash, at most two hyphenated lines in a row.
 *
 * `build/tests/test_hyphen -v` prints the space statistics per width. */
#include "layout/hyphen.h"
#include "layout/text.h"
#include "font/font.h"
#include "t.h"
#include <stdlib.h>

#define STRESS "tests/data/hyphen/stress40.xml"

static int verbose;

/* word with '-' at each point, as a string to compare */
static const char *hy(const q_hyph *h, const char *w)
{
    static char out[256];
    unsigned char pts[128];
    size_t n = strlen(w), k = 0;
    q_hyph_word(h, w, n, pts);
    for (size_t i = 0; i < n && k + 2 < sizeof out; i++) {
        out[k++] = w[i];
        if (pts[i])
            out[k++] = '-';
    }
    out[k] = 0;
    return out;
}

static void test_words(void)
{
    char err[600];
    const q_hyph *h = q_hyph_load(NULL, "en-US", err, sizeof err);
    T_CHECK(h != NULL);
    if (!h) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    /* as libhyphen gives them with the same patterns */
    T_STREQ(hy(h, "hyphenation"), "hy-phen-ation");
    T_STREQ(hy(h, "information"), "in-for-ma-tion");
    T_STREQ(hy(h, "international"), "in-ter-na-tional");
    T_STREQ(hy(h, "representative"), "rep-re-sen-ta-tive");
    T_STREQ(hy(h, "statistics"), "sta-tis-tics");
    T_STREQ(hy(h, "unemployment"), "un-em-ploy-ment");
    T_STREQ(hy(h, "probability"), "prob-a-bil-ity");
    T_STREQ(hy(h, "typography"), "ty-pog-ra-phy");
    /* capitals and punctuation around the word */
    T_STREQ(hy(h, "Unemployment,"), "Un-em-ploy-ment,");
    T_STREQ(hy(h, "(government)"), "(gov-ern-ment)");
    T_STREQ(hy(h, "\xE2\x80\x9CStatistics\xE2\x80\x9D"), "\xE2\x80\x9CSta-tis-tics\xE2\x80\x9D");
    /* never: numbers, words with digits, URLs, addresses, short words,
     * words with a hyphen already */
    T_STREQ(hy(h, "2,400,000"), "2,400,000");
    T_STREQ(hy(h, "abc12def"), "abc12def");
    T_STREQ(hy(h, "https://stats.example.org/tables"), "https://stats.example.org/tables");
    T_STREQ(hy(h, "www.example.com"), "www.example.com");
    T_STREQ(hy(h, "data@example.org."), "data@example.org.");
    T_STREQ(hy(h, "data"), "data");
    T_STREQ(hy(h, "Small-area"), "Small-area");
    /* at least 2 letters before and 3 after: "table" -> ta-ble, "ideal" none */
    T_STREQ(hy(h, "table"), "ta-ble");
    T_STREQ(hy(h, "ideal"), "ideal");
    /* the built-in table is the file's: same points for every word here */
    const q_hyph *file = q_hyph_load(Q_HYPHEN_DIR, "en-US", err, sizeof err);
    T_CHECK(file != NULL && file != h);
    static const char *const words[] = {"hyphenation", "information", "extraordinary", "methodological",
                                        "classifications", "confidentiality", "Questionnaire", "supercalifragilistic"};
    for (size_t i = 0; file && i < sizeof words / sizeof *words; i++) {
        char a[256];
        snprintf(a, sizeof a, "%s", hy(h, words[i]));
        T_STREQ(hy(file, words[i]), a);
    }
    q_hyph_free(file);
    q_hyph_free(h);

    /* the bare language's file when the region has none; other languages */
    h = q_hyph_load(NULL, "de-XX", err, sizeof err);
    T_CHECK(h != NULL);
    if (h)
        T_STREQ(hy(h, "Silbentrennung"), "Sil-ben-tren-nung");
    q_hyph_free(h);
    h = q_hyph_load(NULL, "xx-YY", err, sizeof err);
    T_CHECK(h == NULL);
    T_CHECK(strstr(err, "xx-YY") != NULL);
    h = q_hyph_load(NULL, "../etc/passwd", err, sizeof err);
    T_CHECK(h == NULL);
}

/* The stress text's paragraphs: the <p> elements, &amp; undone. */
static char **paragraphs(size_t *n)
{
    FILE *f = fopen(STRESS, "rb");
    static char buf[1 << 16];
    size_t len = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[len] = 0;
    char **v = NULL;
    *n = 0;
    for (char *p = strstr(buf, "<p>"); p; p = strstr(p, "<p>")) {
        p += 3;
        char *e = strstr(p, "</p>");
        if (!e)
            break;
        char *s = calloc(1, (size_t)(e - p) + 1);
        size_t k = 0;
        for (char *q = p; q < e; q++) {
            s[k++] = *q;
            if (!strncmp(q, "&amp;", 5))
                q += 4;
        }
        v = realloc(v, (*n + 1) * sizeof *v);
        v[(*n)++] = s;
        p = e;
    }
    return v;
}

static const char *line_text(const q_tline *l)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->ops[i].kind == DL_TEXT)
            return l->ops[i].text.utf8;
    return "";
}

typedef struct stats {
    int lines, out, hy;   /* lines but the last of each paragraph; out of bounds; inserted hyphens */
} stats;

/* Sets the stress text at width w; checks every line. */
static stats stress(q_faces *fc, char **paras, size_t np, double w, int nohyph)
{
    q_bstyle st = {{NULL, 10, 0, 0, 0}, 1.4, QA_JUSTIFY, 0, 7, 0, 0, nohyph, -1};
    st.text.family = "Noto Sans";
    double lo = 9, hi = 0;
    int lines = 0, loose = 0, out = 0, hy = 0, run = 0, maxrun = 0, dash = 0;
    for (size_t i = 0; i < np; i++) {
        q_para p = {0};
        q_run r = {QR_TEXT, st.text, paras[i], NULL, 0};
        p.runs = &r;
        p.n = 1;
        q_diags d = {0};
        q_tline *tl;
        size_t n = q_typeset(fc, &p, &st, w, NULL, NULL, 1, NULL, &tl, &d);
        T_CHECK(n > 0);
        for (size_t k = 0; k < n; k++) {
            const char *t = line_text(&tl[k]);
            dash += !strncmp(t, "\xE2\x80\x93", 3) || !strncmp(t, "\xE2\x80\x94", 3);
            hy += tl[k].hyphen == 1;
            run = tl[k].hyphen ? run + 1 : 0;
            maxrun = run > maxrun ? run : maxrun;
            if (k + 1 == n)
                continue;
            lines++;
            if (tl[k].loose) {
                if (verbose > 1 && k == 0)
                    printf("  loose: paragraph %zu, first line %.3f: %s\n", i, tl[k].space, line_text(&tl[k]));
                loose++;
                out += tl[k].space < 0.75 - 1e-9 || tl[k].space > 1.5 + 1e-9;
                continue;
            }
            lo = tl[k].space < lo ? tl[k].space : lo;
            hi = tl[k].space > hi ? tl[k].space : hi;
            if (tl[k].space < 0.75 - 1e-9 || tl[k].space > 1.5 + 1e-9)
                fprintf(stderr, "width %g, paragraph %zu line %zu: space %.3f\n", w, i, k, tl[k].space);
            T_CHECK(tl[k].space >= 0.75 - 1e-9 && tl[k].space <= 1.5 + 1e-9);
        }
        q_tlines_free(tl, n);
        q_diags_free(&d);
    }
    if (verbose)
        printf("width %5.1f%s: %d lines, spaces %.3f-%.3f; %d in paragraphs with no feasible set, %d of them "
               "out of bounds; %d hyphenated (at most %d in a row)\n", w, nohyph ? " (no hyphens)" : "", lines, lo,
               hi, loose, out, hy, maxrun);
    T_INTEQ(dash, 0);
    T_CHECK(maxrun <= 2);
    return (stats){lines, out, hy};
}

static void test_stress(void)
{
    size_t np;
    char **paras = paragraphs(&np);
    T_INTEQ(np, 40);
    q_fonts *fonts = q_fonts_new();
    q_doc doc = {0};
    doc.lang = "en-US";
    q_faces *fc = q_faces_new(&doc, fonts, "t.xml");
    /* A4 text column, two-column widths, a narrow sidebar */
    const double widths[] = {481.9, 300, 233, 180};
    int total = 0;
    for (size_t i = 0; i < sizeof widths / sizeof *widths; i++)
        total += stress(fc, paras, np, widths[i], 0).hy;
    T_CHECK(total > 0);
    /* On the A4 column, lines out of bounds (all in paragraphs with no
     * feasible set) are fewer than a fifth, and fewer than half of those
     * without hyphenation. */
    stats a4 = stress(fc, paras, np, 481.9, 0), plain = stress(fc, paras, np, 481.9, 1);
    T_CHECK(a4.out * 5 < a4.lines);
    T_CHECK(a4.out * 2 < plain.out);
    /* hyphenate="false": no inserted hyphen anywhere */
    T_INTEQ(stress(fc, paras, np, 233, 1).hy, 0);
    q_faces_free(fc);
    /* a language with no patterns: a warning, no hyphens */
    doc.lang = "xx";
    fc = q_faces_new(&doc, fonts, "t.xml");
    q_bstyle st = {{"Noto Sans", 10, 0, 0, 0}, 1.4, QA_JUSTIFY, 0, 7, 0, 0, 0, -1};
    q_diags d = {0};
    int lines_hy = 0;
    for (size_t i = 0; i < np; i++) {
        q_run r = {QR_TEXT, st.text, paras[i], NULL, 0};
        q_para p = {&r, 1, 1};
        q_tline *tl;
        size_t n = q_typeset(fc, &p, &st, 180, NULL, NULL, 1, NULL, &tl, &d);
        for (size_t k = 0; k < n; k++)
            lines_hy += tl[k].hyphen == 1;
        q_tlines_free(tl, n);
    }
    T_INTEQ(lines_hy, 0);
    T_INTEQ(d.n, 1);            /* one warning, however many paragraphs */
    T_CHECK(!q_diags_failed(&d));
    q_diags_free(&d);
    q_faces_free(fc);
    q_fonts_free(fonts);
    for (size_t i = 0; i < np; i++)
        free(paras[i]);
    free(paras);
}

int main(int argc, char **argv)
{
    verbose = argc > 1 && !strcmp(argv[1], "-v") ? 1 : argc > 1 && !strcmp(argv[1], "-vv") ? 2 : 0;
    test_words();
    test_stress();
    T_DONE();
}
