/* Font layer: the font map, fontconfig lookup, metrics, UTF-8, subsetting
 * (checked against libharu, which embeds the result), threads. Needs the
 * font map in BUILD/fonts and the packages scripts/setup.sh installs
 * (fonts-noto-core for fontconfig families outside the map, fonts-cantarell
 * for a CFF font). */
#include "font/font.h"
#include "font/fontmap.h"
#include "t.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hpdf.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define NOTO "/usr/share/fonts/truetype/noto/"
#define CANTARELL "/usr/share/fonts/opentype/cantarell/Cantarell-Regular.otf"

static int ends_with(const char *s, const char *suffix)
{
    size_t a = s ? strlen(s) : 0, b = strlen(suffix);
    return s && a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Reference advance straight from FreeType, independent of the cache:
 * floor(hmtx advance * 1000 / upem). */
static int ft_advance(FT_Face ft, uint32_t cp)
{
    FT_UInt gid = FT_Get_Char_Index(ft, cp);
    if (FT_Load_Glyph(ft, gid, FT_LOAD_NO_SCALE))
        return -1;
    return (int)(ft->glyph->metrics.horiAdvance * 1000 / ft->units_per_EM);
}

static void test_find(void)
{
    char err[256] = "";
    q_fonts *fs = q_fonts_new();
    T_CHECK(fs != NULL);

    q_face *reg = q_fonts_find(fs, "Noto Sans", 0, 0, err, sizeof err);
    q_face *bold = q_fonts_find(fs, "Noto Sans", 1, 0, err, sizeof err);
    q_face *serif_it = q_fonts_find(fs, "Noto Serif", 0, 1, err, sizeof err);
    T_CHECK(reg && bold && serif_it);
    if (!reg || !bold || !serif_it) {
        fprintf(stderr, "find: %s\n", err);
        q_fonts_free(fs);
        return;
    }
    T_CHECK(ends_with(q_face_path(reg), "/NotoSans-Regular.ttf"));
    T_CHECK(ends_with(q_face_path(bold), "/NotoSans-Bold.ttf"));
    T_CHECK(strcmp(q_face_path(reg), q_face_path(bold)) != 0);
    T_CHECK(ends_with(q_face_path(serif_it), "/NotoSerif-Italic.ttf"));
    T_STREQ(q_face_family(reg), "Noto Sans");
    T_STREQ(q_face_family(serif_it), "Noto Serif");
    T_INTEQ(q_face_index(reg), 0);

    /* The same request (any case) is the same face; ids follow creation. */
    T_CHECK(q_fonts_find(fs, "Noto Sans", 0, 0, err, sizeof err) == reg);
    T_CHECK(q_fonts_find(fs, "noto sans", 0, 0, err, sizeof err) == reg);
    T_CHECK(q_fonts_find(fs, "Noto Sans", 2, 0, err, sizeof err) == bold);  /* any true = bold */
    T_INTEQ(q_face_id(reg), 0);
    T_INTEQ(q_face_id(bold), 1);
    T_INTEQ(q_face_id(serif_it), 2);
    T_INTEQ(q_fonts_count(fs), 3);
    T_CHECK(q_fonts_get(fs, 1) == bold);
    T_CHECK(q_fonts_get(fs, 3) == NULL);
    T_CHECK(q_fonts_get(fs, -1) == NULL);

    /* The same file reached another way shares the face. */
    char err2[256] = "";
    q_face *again = q_fonts_open_file(fs, q_face_path(bold), err2, sizeof err2);
    T_CHECK(again == bold);
    T_INTEQ(q_fonts_count(fs), 3);

    /* No italic Noto Sans Mono is installed: the upright file is accepted
     * (and shared with a plain request for it). */
    q_face *mono_it = q_fonts_find(fs, "Noto Sans Mono", 0, 1, err, sizeof err);
    T_CHECK(mono_it && ends_with(q_face_path(mono_it), "/NotoSansMono-Regular.ttf"));
    T_CHECK(q_fonts_find(fs, "Noto Sans Mono", 0, 0, err, sizeof err) == mono_it);

    /* Liberation Sans bold italic exists as its own file. */
    q_face *lib = q_fonts_find(fs, "Liberation Sans", 1, 1, err, sizeof err);
    T_CHECK(lib && ends_with(q_face_path(lib), "/LiberationSans-BoldItalic.ttf"));
    q_fonts_free(fs);
}

static void test_find_errors(void)
{
    char err[256] = "";
    q_fonts *fs = q_fonts_new();
    q_face *f = q_fonts_find(fs, "Foo Sans", 0, 0, err, sizeof err);
    T_CHECK(f == NULL);
    T_CHECK(strstr(err, "'Foo Sans'") != NULL);
    T_CHECK(strstr(err, "not found") != NULL);
    T_CHECK(strstr(err, "quire fonts") != NULL);   /* says where to look */
    T_CHECK(strstr(err, "instead") == NULL);       /* not fontconfig's machine-made fallback */
    T_INTEQ(q_fonts_count(fs), 0);
    /* A misspelt family names the closest one quire has. */
    T_CHECK(q_fonts_find(fs, "Noto Sanz", 0, 0, err, sizeof err) == NULL);
    T_CHECK(strstr(err, "did you mean 'Noto Sans'?") != NULL);

    /* A failed lookup is not cached as a success; a good one still works. */
    T_CHECK(q_fonts_find(fs, "Foo Sans", 0, 0, err, sizeof err) == NULL);
    T_CHECK(q_fonts_find(fs, "Noto Sans", 0, 0, err, sizeof err) != NULL);

    /* Cantarell (fonts-cantarell) is installed as CFF .otf only. */
    err[0] = 0;
    T_CHECK(q_fonts_find(fs, "Cantarell", 0, 0, err, sizeof err) == NULL);
    T_CHECK(strstr(err, "is not a TrueType (glyf) font") != NULL);
    T_CHECK(strstr(err, "Cantarell") != NULL);
    q_fonts_free(fs);
}

static void test_open_file(void)
{
    char err[256] = "";
    q_fonts *fs = q_fonts_new();

    T_CHECK(q_fonts_open_file(fs, "/nonexistent/dir/Missing.ttf", err, sizeof err) == NULL);
    T_CHECK(strstr(err, "/nonexistent/dir/Missing.ttf") != NULL);
    T_CHECK(strstr(err, "No such file") != NULL);

    char tmp[] = "/tmp/quire-test-font-XXXXXX";
    int fd = mkstemp(tmp);
    T_CHECK(fd >= 0);
    if (fd >= 0) {
        const char text[] = "this is not a font, just some text\n";
        T_CHECK(write(fd, text, sizeof text - 1) == (ssize_t)(sizeof text - 1));
        close(fd);
        err[0] = 0;
        T_CHECK(q_fonts_open_file(fs, tmp, err, sizeof err) == NULL);
        T_CHECK(strstr(err, "not a font") != NULL);
        T_CHECK(strstr(err, tmp) != NULL);
        unlink(tmp);
    }

    err[0] = 0;
    T_CHECK(q_fonts_open_file(fs, "/tmp", err, sizeof err) == NULL);
    T_CHECK(strstr(err, "not a regular file") != NULL);

    err[0] = 0;
    T_CHECK(q_fonts_open_file(fs, CANTARELL, err, sizeof err) == NULL);
    T_CHECK(strstr(err, "is not a TrueType (glyf) font") != NULL);

    q_face *f = q_fonts_open_file(fs, NOTO "NotoSans-Regular.ttf", err, sizeof err);
    T_CHECK(f != NULL);
    if (f) {
        T_STREQ(q_face_family(f), "Noto Sans");
        T_INTEQ(q_face_id(f), 0);
        /* A different spelling of the same path is the same face. */
        T_CHECK(q_fonts_open_file(fs, NOTO "../noto/NotoSans-Regular.ttf", err, sizeof err) == f);
    }
    T_INTEQ(q_fonts_count(fs), f ? 1 : 0);
    q_fonts_free(fs);
}

/* Noto Sans regular in a new font set; NULL (checked, set freed) if absent. */
static q_face *noto_sans(q_fonts *fs)
{
    char err[256] = "";
    q_face *f = q_fonts_find(fs, "Noto Sans", 0, 0, err, sizeof err);
    T_CHECK(f != NULL);
    if (!f)
        q_fonts_free(fs);
    return f;
}

static void test_metrics(void)
{
    q_fonts *fs = q_fonts_new();
    q_face *f = noto_sans(fs);
    if (!f)
        return;
    FT_Library lib;
    FT_Face ft;
    T_CHECK(FT_Init_FreeType(&lib) == 0);
    T_CHECK(FT_New_Face(lib, q_face_path(f), 0, &ft) == 0);

    int m = q_face_advance(f, 'M');
    T_INTEQ(m, ft_advance(ft, 'M'));
    T_CHECK(m > 0);
    T_CHECK(q_face_advance(f, 'i') < m);
    T_INTEQ(q_face_advance(f, 'M'), m);                 /* cached value */
    T_INTEQ(q_face_advance(f, 0x20AC), ft_advance(ft, 0x20AC));   /* € */
    T_INTEQ(q_face_advance(f, 0x2014), ft_advance(ft, 0x2014));   /* — */
    T_INTEQ(q_face_advance(f, 0xFB01), ft_advance(ft, 0xFB01));   /* beyond the table */
    T_INTEQ(q_face_advance(f, 0x1D11E), ft_advance(ft, 0x1D11E)); /* not in the font */

    /* A missing character measures as .notdef (glyph 0). */
    T_CHECK(!q_face_has_glyph(f, 0x10FFFD));
    T_CHECK(q_face_has_glyph(f, 'A'));
    FT_Load_Glyph(ft, 0, FT_LOAD_NO_SCALE);
    int notdef = (int)(ft->glyph->metrics.horiAdvance * 1000 / ft->units_per_EM);
    T_INTEQ(q_face_advance(f, 0x10FFFD), notdef);
    T_INTEQ(q_face_advance(f, 0xE123), notdef);          /* private use, low table */
    /* Hash collisions in the high cache still give the right width. */
    for (uint32_t cp = 0x2100; cp < 0x2100 + 2000; cp += 7)
        if (q_face_advance(f, cp) != ft_advance(ft, cp)) {
            T_CHECK(!"high cache mismatch");
            break;
        }
    T_INTEQ(q_face_advance(f, 0xFB01), ft_advance(ft, 0xFB01));

    /* Tabular digits: Noto Sans figures share one width by default. */
    int d0 = q_face_advance(f, '0'), same = 1;
    for (uint32_t c = '1'; c <= '9'; c++)
        same &= q_face_advance(f, c) == d0;
    T_CHECK(same);
    printf("Noto Sans digit width %d/1000 em, tabular: %s\n", d0, same ? "yes" : "no");

    /* "Hello" at 10 pt = sum of the 1/1000 em advances * 10 / 1000. */
    const char *hello = "Hello";
    long sum = 0;
    for (const char *p = hello; *p; p++)
        sum += ft_advance(ft, (unsigned char)*p);
    T_NEAR(q_face_text_width(f, hello, 5, 10.0), sum * 10.0 / 1000.0, 1e-9);
    T_CHECK(q_face_text_width(f, hello, 5, 10.0) > 15 && q_face_text_width(f, hello, 5, 10.0) < 35);
    T_NEAR(q_face_text_width(f, hello, 5, 20.0), 2 * q_face_text_width(f, hello, 5, 10.0), 1e-9);
    T_NEAR(q_face_text_width(f, "", 0, 10.0), 0.0, 0.0);
    /* Multi-byte text and an invalid byte (measured as U+FFFD). */
    T_NEAR(q_face_text_width(f, "\xe2\x82\xac" "1", 4, 10.0),
           (ft_advance(ft, 0x20AC) + ft_advance(ft, '1')) / 100.0, 1e-9);
    T_NEAR(q_face_text_width(f, "a\xff", 2, 10.0),
           (ft_advance(ft, 'a') + q_face_advance(f, 0xFFFD)) / 100.0, 1e-9);

    /* Vertical metrics (Noto Sans: typo 1069/-293, cap 714 per 1000). */
    T_CHECK(q_face_ascender(f) > 700 && q_face_ascender(f) < 1200);
    T_CHECK(q_face_descender(f) < -100 && q_face_descender(f) > -400);
    T_CHECK(q_face_cap_height(f) > 600 && q_face_cap_height(f) < 800);
    printf("Noto Sans ascender %d, descender %d, cap height %d\n",
           q_face_ascender(f), q_face_descender(f), q_face_cap_height(f));

    FT_Done_Face(ft);
    FT_Done_FreeType(lib);
    q_fonts_free(fs);
}

/* Shaping: kerning, one glyph per code point, no ligatures, the cache. */
static void test_shape(void)
{
    q_fonts *fs = q_fonts_new();
    q_face *f = noto_sans(fs);
    if (!f)
        return;
    const q_sglyph *g;
    int a, v;
    uint32_t ga = q_face_glyph(f, 'A', &a), gv = q_face_glyph(f, 'V', &v);
    T_INTEQ(q_face_shape(f, "AV", 2, &g), 2);
    T_INTEQ(g[0].id, ga);
    T_INTEQ(g[1].id, gv);
    int kern = g[0].adv - a;
    T_CHECK(kern < 0);                       /* A and V sit closer */
    T_INTEQ(g[1].adv, v);                    /* the last glyph keeps its /W width */
    T_INTEQ(q_face_shape_width(f, "AV", 2), a + v + kern);
    T_NEAR(q_face_text_width(f, "AV", 2, 10.0), (a + v + kern) / 100.0, 1e-9);
    printf("Noto Sans kerns AV by %d/1000 em\n", kern);
    /* The same pair inside other text: the same kerning (pairs are learnt). */
    T_INTEQ(q_face_shape(f, "NAVY", 4, &g), 4);
    T_INTEQ(g[1].adv - a, kern);
    /* No ligatures: "office" stays six glyphs, each at its byte. */
    T_INTEQ(q_face_shape(f, "office", 6, &g), 6);
    int same = 1;
    for (uint32_t i = 0; i < 6; i++) {
        int w;
        same &= g[i].cluster == i && g[i].id == q_face_glyph(f, (uint32_t)"office"[i], &w);
    }
    T_CHECK(same);
    /* Multi-byte text: clusters are byte offsets. */
    T_INTEQ(q_face_shape(f, "T\xc3\xa9l", 4, &g), 3);
    T_INTEQ(g[1].cluster, 1);
    T_INTEQ(g[2].cluster, 3);
    T_INTEQ(q_face_shape(f, "", 0, &g), 0);
    /* Far more words than the cache keeps: each still measures right. */
    long first = q_face_shape_width(f, "Wave", 4);
    char word[32];
    int ok = 1;
    for (int i = 0; i < 40000; i++) {
        int n = snprintf(word, sizeof word, "To%dAV", i);
        long w = q_face_shape_width(f, word, (size_t)n), sum = 0;
        const char *p = word, *end = word + n;
        while (p < end)
            sum += q_face_advance(f, q_utf8_next(&p, end));
        ok &= w < sum;   /* "To" and "AV" both kern */
    }
    T_CHECK(ok);
    T_INTEQ(q_face_shape_width(f, "Wave", 4), first);
    q_fonts_free(fs);
}

static void test_utf8(void)
{
    const char *s = "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80Z";   /* A é € 😀 Z */
    const char *p = s, *end = s + strlen(s);
    T_INTEQ(q_utf8_next(&p, end), 'A');
    T_INTEQ(q_utf8_next(&p, end), 0xE9);
    T_INTEQ(q_utf8_next(&p, end), 0x20AC);
    T_INTEQ(q_utf8_next(&p, end), 0x1F600);
    T_INTEQ(q_utf8_next(&p, end), 'Z');
    T_CHECK(p == end);
    T_INTEQ(q_utf8_next(&p, end), 0);        /* at the end: nothing, no move */
    T_CHECK(p == end);

    /* Each invalid sequence: U+FFFD, then one byte further. */
    static const struct { const char *in; size_t n; uint32_t first; size_t adv; } bad[] = {
        { "\x80", 1, 0xFFFD, 1 },                   /* stray continuation */
        { "\xc0\xaf", 2, 0xFFFD, 1 },               /* overlong '/' */
        { "\xc1\xbf", 2, 0xFFFD, 1 },               /* overlong */
        { "\xe0\x80\xaf", 3, 0xFFFD, 1 },           /* overlong 3-byte */
        { "\xe0\x9f\xbf", 3, 0xFFFD, 1 },           /* overlong U+07FF */
        { "\xf0\x8f\xbf\xbf", 4, 0xFFFD, 1 },       /* overlong 4-byte */
        { "\xed\xa0\x80", 3, 0xFFFD, 1 },           /* surrogate D800 */
        { "\xed\xbf\xbf", 3, 0xFFFD, 1 },           /* surrogate DFFF */
        { "\xf4\x90\x80\x80", 4, 0xFFFD, 1 },       /* U+110000 */
        { "\xf5\x80\x80\x80", 4, 0xFFFD, 1 },
        { "\xff", 1, 0xFFFD, 1 },
        { "\xe2\x82", 2, 0xFFFD, 1 },               /* truncated */
        { "\xc3", 1, 0xFFFD, 1 },                   /* truncated at end */
        { "\xe2\x28\xa1", 3, 0xFFFD, 1 },           /* bad continuation */
        /* valid edges */
        { "\xc2\x80", 2, 0x80, 2 },
        { "\xdf\xbf", 2, 0x7FF, 2 },
        { "\xe0\xa0\x80", 3, 0x800, 3 },
        { "\xed\x9f\xbf", 3, 0xD7FF, 3 },
        { "\xee\x80\x80", 3, 0xE000, 3 },
        { "\xef\xbf\xbf", 3, 0xFFFF, 3 },
        { "\xf0\x90\x80\x80", 4, 0x10000, 4 },
        { "\xf4\x8f\xbf\xbf", 4, 0x10FFFF, 4 },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        const char *q = bad[i].in;
        uint32_t cp = q_utf8_next(&q, bad[i].in + bad[i].n);
        if (cp != bad[i].first || (size_t)(q - bad[i].in) != bad[i].adv) {
            fprintf(stderr, "utf8 case %zu: got U+%04X after %td bytes\n", i, (unsigned)cp,
                    q - bad[i].in);
            T_CHECK(!"utf8 case");
        } else {
            t_pass++;
        }
    }

    /* Resynchronisation: "a", bad lead + 'b' (truncated sequence), "c". */
    const char *r = "a\xe2" "bc";
    const char *q = r, *re = r + 4;
    uint32_t got[4];
    int n = 0;
    while (q < re && n < 4)
        got[n++] = q_utf8_next(&q, re);
    T_INTEQ(n, 4);
    T_INTEQ(got[0], 'a');
    T_INTEQ(got[1], 0xFFFD);
    T_INTEQ(got[2], 'b');
    T_INTEQ(got[3], 'c');
    /* The end bound is honoured even mid-sequence. */
    const char *e3 = "\xe2\x82\xac";
    q = e3;
    T_INTEQ(q_utf8_next(&q, e3 + 2), 0xFFFD);
    T_CHECK(q == e3 + 1);
}

/* 40 code points typical of a report: letters, digits, punctuation, €, —, curly quotes. */
static const char subset_text[] =
    "Quarterly Revenue 2024: \xe2\x82\xac" "1,234.56 \xe2\x80\x94 \xe2\x80\x9cgrowth\xe2\x80\x9d up 7%";

static size_t collect(const char *s, uint32_t *cps, size_t max)
{
    size_t n = 0;
    const char *p = s, *end = s + strlen(s);
    while (p < end) {
        uint32_t cp = q_utf8_next(&p, end);
        size_t i = 0;
        while (i < n && cps[i] != cp)
            i++;
        if (i == n && n < max)
            cps[n++] = cp;
    }
    /* Pad with more letters to exactly 40 distinct code points. */
    for (uint32_t c = 'a'; c <= 'z' && n < max; c++) {
        size_t i = 0;
        while (i < n && cps[i] != c)
            i++;
        if (i == n)
            cps[n++] = c;
    }
    return n;
}

static void test_subset(void)
{
    q_fonts *fs = q_fonts_new();
    q_face *f = noto_sans(fs);
    if (!f)
        return;
    char err[256] = "";
    uint32_t cps[40];
    size_t n = collect(subset_text, cps, 40);
    T_INTEQ(n, 40);

    unsigned char *blob = NULL;
    size_t len = 0;
    T_INTEQ(q_face_subset(f, cps, n, &blob, &len, err, sizeof err), 0);
    T_CHECK(blob != NULL);
    struct stat st;
    T_CHECK(stat(q_face_path(f), &st) == 0);
    printf("Noto Sans subset of %zu code points: %zu bytes (file %lld bytes)\n", n, len,
           (long long)st.st_size);
    T_CHECK(len > 1000 && len < 15 * 1024);
    T_CHECK((long long)len * 20 < (long long)st.st_size);

    /* FreeType reads it: glyf outlines, only the requested glyphs (+ .notdef),
     * and the same widths as the full font. */
    FT_Library lib;
    FT_Face sub;
    T_CHECK(FT_Init_FreeType(&lib) == 0);
    T_CHECK(FT_New_Memory_Face(lib, blob, (FT_Long)len, 0, &sub) == 0);
    /* One glyph per code point plus .notdef: nothing pulled in through
     * GSUB closure (the text has 'f' and 'i', Noto Sans has an fi ligature). */
    T_INTEQ(sub->num_glyphs, n + 1);
    int widths_ok = 1, glyphs_ok = 1;
    for (size_t i = 0; i < n; i++) {
        if (!FT_Get_Char_Index(sub, cps[i]))
            glyphs_ok = 0;
        if (ft_advance(sub, cps[i]) != q_face_advance(f, cps[i]))
            widths_ok = 0;
    }
    T_CHECK(glyphs_ok);
    T_CHECK(widths_ok);
    T_CHECK(FT_Get_Char_Index(sub, 'Z') == 0);      /* not requested, not kept */
    FT_Done_Face(sub);
    FT_Done_FreeType(lib);

    /* libharu 2.3.0 loads it from a memfd and reports the same widths. */
    int mfd = memfd_create("quire-subset", MFD_CLOEXEC);
    T_CHECK(mfd >= 0);
    T_CHECK(write(mfd, blob, len) == (ssize_t)len);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", mfd);
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    T_CHECK(pdf != NULL);
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(pdf);
    const char *name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
    T_CHECK(name != NULL);
    HPDF_Font font = name ? HPDF_GetFont(pdf, name, "UTF-8") : NULL;
    T_CHECK(font != NULL);
    if (!name || !font)
        fprintf(stderr, "libharu error 0x%04lX/%lu\n", (unsigned long)HPDF_GetError(pdf),
                (unsigned long)HPDF_GetErrorDetail(pdf));
    if (font) {
        int hpdf_ok = 1;
        for (size_t i = 0; i < n; i++)
            if (HPDF_Font_GetUnicodeWidth(font, (HPDF_UNICODE)cps[i]) != q_face_advance(f, cps[i])) {
                fprintf(stderr, "U+%04X: libharu %d, quire %d\n", (unsigned)cps[i],
                        (int)HPDF_Font_GetUnicodeWidth(font, (HPDF_UNICODE)cps[i]),
                        q_face_advance(f, cps[i]));
                hpdf_ok = 0;
            }
        T_CHECK(hpdf_ok);
        HPDF_Page page = HPDF_AddPage(pdf);
        HPDF_Page_SetFontAndSize(page, font, 12);
        HPDF_Page_BeginText(page);
        HPDF_Page_TextOut(page, 50, 700, subset_text);
        HPDF_Page_EndText(page);
        char out[] = "/tmp/quire-test-subset-XXXXXX";
        int ofd = mkstemp(out);
        T_CHECK(ofd >= 0);
        if (ofd >= 0) {
            close(ofd);
            T_INTEQ(HPDF_SaveToFile(pdf, out), HPDF_OK);
            struct stat ps;
            T_CHECK(stat(out, &ps) == 0);
            printf("one-page PDF with the subset: %lld bytes\n", (long long)ps.st_size);
            T_CHECK(ps.st_size > 1000 && ps.st_size < 30 * 1024);
            unlink(out);
        }
    }
    HPDF_Free(pdf);
    close(mfd);
    free(blob);

    /* Bold subset too, and an empty request still yields a valid font. */
    q_face *b = q_fonts_find(fs, "Noto Sans", 1, 0, err, sizeof err);
    T_CHECK(b != NULL);
    if (b) {
        T_INTEQ(q_face_subset(b, cps, n, &blob, &len, err, sizeof err), 0);
        printf("Noto Sans Bold subset: %zu bytes\n", len);
        T_CHECK(len < 15 * 1024);
        free(blob);
        T_INTEQ(q_face_subset(b, NULL, 0, &blob, &len, err, sizeof err), 0);
        T_CHECK(len > 0 && len < 4096);
        free(blob);
    }
    q_fonts_free(fs);
}

/* The map: found beside the build, first for its families, standing in
 * for Arial; its checksums pinned. */
static void test_map(void)
{
    const char *dir = q_fontmap_dir();
    T_CHECK(dir && ends_with(dir, "/fonts"));
    if (!dir)
        return;
    T_CHECK(q_fontmap_count() == 22);
    char err[256] = "";
    q_fonts *fs = q_fonts_new();
    q_face *reg = q_fonts_find(fs, "Noto Sans", 0, 0, err, sizeof err);
    T_CHECK(reg && strncmp(q_face_path(reg), dir, strlen(dir)) == 0);
    T_CHECK(reg && q_face_warning(reg) == NULL);
    q_face *mono_it = q_fonts_find(fs, "Noto Sans Mono", 0, 1, err, sizeof err);
    T_CHECK(mono_it && strncmp(q_face_path(mono_it), dir, strlen(dir)) == 0);
    /* The tests' fontconfig has no Arial: the map's metric twin stands in. */
    q_face *arial = q_fonts_find(fs, "Arial", 1, 0, err, sizeof err);
    T_CHECK(arial && ends_with(q_face_path(arial), "/LiberationSans-Bold.ttf"));
    T_STREQ(q_fontmap_alias("times new roman"), "Liberation Serif");
    T_CHECK(q_fontmap_alias("Noto Sans") == NULL);
    q_fonts_free(fs);

    /* A copy whose stamp changed is hashed again; a wrong pin is caught. */
    const q_mapped *m = q_fontmap_find("Noto Sans", 0, 0);
    T_CHECK(m != NULL);
    if (!m)
        return;
    char sha[65];
    T_INTEQ(q_fontmap_differs(m, sha), 0);
    q_mapped changed = *m;
    changed.mtime = 1;
    T_INTEQ(q_fontmap_differs(&changed, sha), 0);
    T_STREQ(sha, m->expected);
    changed.expected = "0000000000000000000000000000000000000000000000000000000000000000";
    T_INTEQ(q_fontmap_differs(&changed, sha), 1);
    T_STREQ(sha, m->built);
}

static void test_list(void)
{
    char *text = NULL;
    size_t size = 0;
    FILE *m = open_memstream(&text, &size);
    int n = q_fonts_list(m);
    fclose(m);
    T_CHECK(n > 10);
    /* Mapped families list the map's files, once, and not fontconfig's. */
    T_CHECK(strstr(text, "/fonts/NotoSans-Bold.ttf\n") != NULL);
    T_CHECK(strstr(text, "Noto Sans\tRegular\t") != NULL);
    T_CHECK(strstr(text, NOTO "NotoSans-Regular.ttf") == NULL);
    T_CHECK(strstr(text, "Liberation Mono\tBold Italic\t") != NULL);
    /* Families outside the map come from fontconfig. */
    T_CHECK(strstr(text, "Noto Sans Display\tRegular\t" NOTO "NotoSansDisplay-Regular.ttf\n") != NULL);
    T_CHECK(strstr(text, "Cantarell") == NULL);          /* CFF fonts are not offered */
    int lines = 0;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    T_INTEQ(lines, n);
    /* Sorted by family: "Liberation Sans" comes before "Noto Sans". */
    const char *l = strstr(text, "Liberation Sans\t"), *o = strstr(text, "Noto Sans\t");
    T_CHECK(l && o && l < o);
    free(text);
    T_INTEQ(q_fonts_list(NULL), n);
}

/* Two renders on two threads, each with its own q_fonts. */
struct job { double widths[4]; int adv[128]; size_t subset_len; int ok; };

static const char *const thread_texts[4] = {
    "The quick brown fox jumps over the lazy dog",
    "\xe2\x80\x9cQuoted\xe2\x80\x9d \xe2\x80\x94 \xe2\x82\xac 1.234,56 caf\xc3\xa9 na\xc3\xafve",
    "0123456789 0123456789 %%% ###",
    "Stra\xc3\x9f\x65 \xce\xb1\xce\xb2\xce\xb3 \xd0\x96\xd0\xb8\xd0\xb7\xd0\xbd\xd1\x8c",
};

static void *run_job(void *arg)
{
    struct job *j = arg;
    char err[256];
    j->ok = 1;
    for (int round = 0; round < 20; round++) {
        q_fonts *fs = q_fonts_new();
        q_face *f = q_fonts_find(fs, "Noto Sans", 0, 0, err, sizeof err);
        q_face *s = q_fonts_find(fs, "Noto Serif", 1, 1, err, sizeof err);
        if (!f || !s) {
            j->ok = 0;
            q_fonts_free(fs);
            return NULL;
        }
        for (int i = 0; i < 4; i++)
            j->widths[i] = q_face_text_width(f, thread_texts[i], strlen(thread_texts[i]), 10) +
                           q_face_text_width(s, thread_texts[i], strlen(thread_texts[i]), 9);
        for (uint32_t c = 0; c < 128; c++)
            j->adv[c] = q_face_advance(f, c) + q_face_advance(s, c + 0x380);
        uint32_t cps[] = { 'a', 'b', 'c', 0x20AC, 0x201C };
        unsigned char *blob = NULL;
        if (q_face_subset(f, cps, 5, &blob, &j->subset_len, err, sizeof err) != 0)
            j->ok = 0;
        free(blob);
        q_fonts_free(fs);
    }
    return NULL;
}

static void test_threads(void)
{
    struct job ref, a, b;
    memset(&ref, 0, sizeof ref);
    memset(&a, 0xAA, sizeof a);
    memset(&b, 0x55, sizeof b);
    /* Threads first (main runs this test before any other), so they also
     * race on fontconfig's first initialisation. */
    pthread_t ta, tb;
    T_INTEQ(pthread_create(&ta, NULL, run_job, &a), 0);
    T_INTEQ(pthread_create(&tb, NULL, run_job, &b), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    run_job(&ref);
    T_CHECK(ref.ok);
    T_CHECK(a.ok && b.ok);
    T_CHECK(memcmp(a.widths, ref.widths, sizeof ref.widths) == 0);
    T_CHECK(memcmp(b.widths, ref.widths, sizeof ref.widths) == 0);
    T_CHECK(memcmp(a.adv, ref.adv, sizeof ref.adv) == 0);
    T_CHECK(memcmp(b.adv, ref.adv, sizeof ref.adv) == 0);
    T_INTEQ(a.subset_len, ref.subset_len);
    T_INTEQ(b.subset_len, ref.subset_len);
    T_CHECK(ref.widths[0] > 100);
}

int main(void)
{
    test_threads();
    test_utf8();
    test_find();
    test_find_errors();
    test_open_file();
    test_metrics();
    test_shape();
    test_subset();
    test_list();
    test_map();
    q_fonts_shutdown();
    T_DONE();
}
