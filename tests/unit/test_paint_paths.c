/* The libharu painter on the display list's new ops (paths, clips, dash,
 * opacity), which layout does not emit yet: a hand-built page is painted,
 * rasterised by pdftoppm at 72 dpi (1 px = 1 pt) and read pixel by pixel. */
#include "dlist/dlist.h"
#include "paint/hpdf/hpdf.h"
#include "t.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct img {
    int w, h;
    unsigned char *px;
} img;

static int load_ppm(const char *path, img *m)
{
    FILE *f = fopen(path, "rb");
    int max;
    if (!f || fscanf(f, "P6 %d %d %d", &m->w, &m->h, &max) != 3 || fgetc(f) == EOF) {
        if (f)
            fclose(f);
        return -1;
    }
    size_t n = (size_t)m->w * (size_t)m->h * 3;
    m->px = malloc(n);
    size_t got = fread(m->px, 1, n, f);
    fclose(f);
    return got == n ? 0 : -1;
}

/* The colour at (x, y) in points from the top-left, as 0xRRGGBB. */
static unsigned at(const img *m, int x, int y)
{
    const unsigned char *p = m->px + ((size_t)y * (size_t)m->w + (size_t)x) * 3;
    return (unsigned)p[0] << 16 | (unsigned)p[1] << 8 | p[2];
}

static int near(unsigned got, unsigned want, int tol)
{
    for (int s = 0; s < 24; s += 8) {
        int a = (int)(got >> s & 0xFF), b = (int)(want >> s & 0xFF);
        if (abs(a - b) > tol)
            return 0;
    }
    return 1;
}

#define NEAR(x, y, want) do { \
    unsigned g_ = at(&m, x, y); \
    if (near(g_, want, 3)) t_pass++; \
    else { t_fail++; fprintf(stderr, "%s:%d: FAIL: pixel (%d,%d) = #%06X, want #%06X\n", \
                             __FILE__, __LINE__, x, y, g_, (unsigned)(want)); } \
} while (0)

static void build(q_dlist *dl)
{
    q_tag t = {0, 0};
    q_page *pg = q_dlist_add_page(dl, 200, 200);
    /* A filled path, and a half-transparent one over white. */
    q_path_rect(&q_page_push(pg, q_op_path(t, Q_PAINT_FILL, 0xFF0000, 0, 0))->path, 10, 10, 50, 50);
    q_op *half = q_page_push(pg, q_op_path(t, Q_PAINT_FILL, 0x0000FF, 0, 0));
    half->path.fill_opacity = 0.5f;
    q_path_rect(&half->path, 70, 10, 50, 50);
    /* A fill clipped to a narrow band. */
    q_path_rect(&q_page_push(pg, q_op_clip_push(t))->path, 130, 10, 30, 50);
    q_path_rect(&q_page_push(pg, q_op_path(t, Q_PAINT_FILL, 0x00A000, 0, 0))->path, 120, 0, 70, 70);
    q_page_push(pg, q_op_clip_pop(t));
    /* Rects on both sides of a clip in one colour: the fill set inside the
     * clip ends with it, so the painter must set it again after the pop. */
    q_page_push(pg, q_op_rect(t, 10, 80, 20, 20, 0x000000));
    q_path_rect(&q_page_push(pg, q_op_clip_push(t))->path, 40, 80, 20, 20);
    q_page_push(pg, q_op_rect(t, 40, 80, 20, 20, 0xFF0000));
    q_page_push(pg, q_op_clip_pop(t));
    q_page_push(pg, q_op_rect(t, 70, 80, 20, 20, 0xFF0000));
    /* Even-odd: a square with a square hole. */
    q_op *ring = q_page_push(pg, q_op_path(t, Q_PAINT_FILL, 0x0000FF, 0, 0));
    ring->path.even_odd = 1;
    q_path_rect(&ring->path, 100, 80, 40, 40);
    q_path_rect(&ring->path, 110, 90, 20, 20);
    /* A disc from four cubics, filled and stroked. */
    q_op *disc = q_page_push(pg, q_op_path(t, Q_PAINT_FILL | Q_PAINT_STROKE, 0xE69F00, 0x000000, 2));
    double cx = 170, cy = 100, r = 20, k = 0.5523 * r;
    q_path *p = &disc->path;
    q_path_move(p, cx + r, cy);
    q_path_cubic(p, cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    q_path_cubic(p, cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    q_path_cubic(p, cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    q_path_cubic(p, cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    q_path_close(p);
    /* A dashed stroke, 10 on 10 off, with butt caps; then a solid one to
     * show the dash ended with its path. */
    q_op *dash = q_page_push(pg, q_op_path(t, Q_PAINT_STROKE, 0, 0x000000, 6));
    double on_off[] = {10, 10};
    q_path_dash(&dash->path, on_off, 2, 0);
    q_path_move(&dash->path, 10, 150);
    q_path_line(&dash->path, 190, 150);
    q_op *solid = q_page_push(pg, q_op_path(t, Q_PAINT_STROKE, 0, 0x000000, 6));
    q_path_move(&solid->path, 10, 170);
    q_path_line(&solid->path, 190, 170);
    /* A fractional dash (written out: libharu's SetDash takes integers). */
    q_op *fine = q_page_push(pg, q_op_path(t, Q_PAINT_STROKE, 0, 0x000000, 1));
    double fine_dash[] = {2.5, 1.5};
    q_path_dash(&fine->path, fine_dash, 2, 0.5);
    q_path_move(&fine->path, 10, 190);
    q_path_line(&fine->path, 190, 190);
    /* An unbalanced push: the page closes it. */
    q_path_rect(&q_page_push(pg, q_op_clip_push(t))->path, 0, 0, 1, 1);
}

int main(void)
{
    q_dlist dl = {0};
    dl.fonts = q_fonts_new();
    build(&dl);
    q_buf pdf = {0};
    q_diags d = {0};
    q_hpdf_opts ho = {0, "paths"};
    T_INTEQ(q_paint_hpdf(&dl, &ho, &pdf, &d), 0);
    T_INTEQ(d.n, 0);
    char dir[] = "/tmp/quire-paths-XXXXXX", path[64], cmd[256], ppm[80];
    if (!mkdtemp(dir))
        return 1;
    snprintf(path, sizeof path, "%s/p.pdf", dir);
    FILE *f = fopen(path, "wb");
    fwrite(pdf.s, 1, pdf.n, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "qpdf --check %s >/dev/null 2>&1", path);
    T_INTEQ(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "pdftoppm -r 72 -aa no -aaVector no %s %s/p 2>/dev/null", path, dir);
    T_INTEQ(system(cmd), 0);
    snprintf(ppm, sizeof ppm, "%s/p-1.ppm", dir);
    img m = {0};
    T_INTEQ(load_ppm(ppm, &m), 0);
    if (m.px && m.w == 200 && m.h == 200) {
        NEAR(35, 35, 0xFF0000);
        NEAR(5, 5, 0xFFFFFF);
        NEAR(95, 35, 0x7F7FFF);   /* half blue over white */
        NEAR(145, 35, 0x00A000);  /* inside the clip */
        NEAR(125, 35, 0xFFFFFF);  /* outside it, on either side */
        NEAR(175, 35, 0xFFFFFF);
        NEAR(20, 90, 0x000000);
        NEAR(50, 90, 0xFF0000);
        NEAR(80, 90, 0xFF0000);   /* not black: the fill was set again */
        NEAR(105, 100, 0x0000FF); /* the ring */
        NEAR(120, 100, 0xFFFFFF); /* its hole */
        NEAR(170, 100, 0xE69F00); /* the disc */
        NEAR(170, 81, 0x000000);  /* its outline, one point inside the top */
        NEAR(153, 83, 0xFFFFFF);  /* outside the curve, inside its box */
        NEAR(15, 150, 0x000000);  /* dash on */
        NEAR(25, 150, 0xFFFFFF);  /* off */
        NEAR(35, 150, 0x000000);  /* on */
        NEAR(25, 170, 0x000000);  /* the next stroke is solid */
        NEAR(100, 175, 0xFFFFFF); /* 6 pt wide: 3 each side */
    } else {
        T_CHECK(!"a 200 x 200 page");
    }
    free(m.px);
    m.px = NULL;
    /* PDF/A-1 forbids transparency: the half-blue fill is flattened to the
     * colour it shows on white, and no graphics state carries alpha. */
    q_buf a1 = {0};
    q_hpdf_archive pdfa1 = {1, 'B', NULL, 0};
    T_INTEQ(q_paint_hpdf_archive(&dl, &ho, &pdfa1, &a1, &d), 0);
    T_CHECK(a1.n > 8 && !memcmp(a1.s, "%PDF-1.4", 8));
    T_CHECK(!memmem(a1.s, a1.n, "/ca ", 4) && !memmem(a1.s, a1.n, "/ExtGState", 10));
    f = fopen(path, "wb");
    fwrite(a1.s, 1, a1.n, f);
    fclose(f);
    T_INTEQ(system(cmd), 0);
    T_INTEQ(load_ppm(ppm, &m), 0);
    if (m.px && m.w == 200 && m.h == 200) {
        NEAR(95, 35, 0x7F7FFF);   /* the same colour, now opaque */
        NEAR(35, 35, 0xFF0000);
    } else {
        T_CHECK(!"a 200 x 200 page at 1b");
    }
    free(m.px);
    q_buf_free(&a1);
    unlink(ppm);
    unlink(path);
    rmdir(dir);
    q_buf_free(&pdf);
    q_diags_free(&d);
    q_fonts *fonts = dl.fonts;
    q_dlist_free(&dl);
    q_fonts_free(fonts);
    T_DONE();
}
