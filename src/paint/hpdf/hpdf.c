#include "paint/hpdf/hpdf.h"
#include "paint/hpdf/content.h"
#include "paint/hpdf/encoder.h"
#include "paint/hpdf/finish.h"
#include "paint/hpdf/fontdesc.h"
#include "paint/hpdf/meta.h"
#include "paint/hpdf/save.h"
#include "paint/hpdf/tags.h"
#include "image/image.h"
#include "util/buf.h"
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <stddef.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef struct hctx {
    HPDF_STATUS first_error;
    HPDF_STATUS detail;
} hctx;

static void on_error(HPDF_STATUS err, HPDF_STATUS detail, void *data)
{
    hctx *h = data;
    if (!h->first_error) {
        h->first_error = err;
        h->detail = detail;
    }
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The code points a face draws (font -1: every face), sorted, unique. A
 * bitmap keeps the BMP (nearly all text); only characters beyond it are
 * sorted. */
/* The code a character is drawn with: an inserted hyphen (U+00AD in the
 * text, so extraction can rejoin the word) is drawn as '-'. The subset and
 * the TJ strings both follow this. */
static uint32_t drawn_code(uint32_t cp)
{
    return cp == 0xAD ? '-' : cp;
}

static uint32_t *used_codepoints(const q_dlist *dl, int font, size_t *n)
{
    uint64_t bmp[0x10000 / 64] = {0};
    size_t cap = 64, nbig = 0, nbmp = 0;
    uint32_t *big = q_xmalloc(cap * sizeof *big);
    for (size_t p = 0; p < dl->npages; p++)
        for (size_t k = 0; k < dl->pages[p].n; k++) {
            const q_op *o = &dl->pages[p].ops[k];
            if (o->kind != DL_TEXT || (font >= 0 && o->text.font != font))
                continue;
            const char *s = o->text.utf8, *e = s + strlen(s);
            while (s < e) {
                uint32_t cp = (unsigned char)*s < 0x80 ? (unsigned char)*s++ : q_utf8_next(&s, e);
                cp = drawn_code(cp);
                if (cp < 0x10000) {
                    nbmp += !(bmp[cp >> 6] >> (cp & 63) & 1);
                    bmp[cp >> 6] |= (uint64_t)1 << (cp & 63);
                    continue;
                }
                if (nbig == cap)
                    big = q_xrealloc(big, (cap *= 2) * sizeof *big);
                big[nbig++] = cp;
            }
        }
    qsort(big, nbig, sizeof *big, cmp_u32);
    uint32_t *v = q_xmalloc((nbmp + nbig + 1) * sizeof *v);
    *n = 0;
    for (uint32_t w = 0; w < 0x10000 / 64; w++)
        for (uint64_t bits = bmp[w]; bits; bits &= bits - 1)
            v[(*n)++] = w * 64 + (uint32_t)__builtin_ctzll(bits);
    for (size_t i = 0; i < nbig; i++)
        if (i == 0 || big[i - 1] != big[i])
            v[(*n)++] = big[i];
    free(big);
    return v;
}

/* libharu reads fonts only from a path: hand it the subset through a
 * memory file, so nothing touches the disk. */
static HPDF_Font load_font(HPDF_Doc pdf, const q_dlist *dl, int id, const char *encoder, q_diags *d,
                           const char *file)
{
    q_face *face = q_fonts_get(dl->fonts, id);
    size_t n = 0;
    uint32_t *cps = used_codepoints(dl, id, &n);
    unsigned char *blob = NULL;
    size_t len = 0;
    char err[256];
    HPDF_Font font = NULL;
    if (q_face_subset(face, cps, n, &blob, &len, err, sizeof err) != 0) {
        q_diag_add(d, Q_EDATA, file, 0, 0, "font %s: %s", q_face_path(face), err);
        free(cps);
        return NULL;
    }
    int fd = memfd_create("quire-font", MFD_CLOEXEC);
    if (fd >= 0 && write(fd, blob, len) == (ssize_t)len) {
        char path[64];
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        const char *name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
        font = name ? HPDF_GetFont(pdf, name, encoder) : NULL;
        q_hpdf_font_to_unicode(font, cps, n);
        if (font && q_hpdf_font_details(pdf, font, face, cps, n) != 0)
            font = NULL;
    }
    if (fd >= 0)
        close(fd);
    free(cps);
    free(blob);
    if (!font)
        q_diag_add(d, Q_EDATA, file, 0, 0, "libharu cannot load font %s", q_face_path(face));
    return font;
}

/* "reports/briefing.xml" -> "briefing". */
static char *base_title(const char *path)
{
    const char *b = path ? strrchr(path, '/') : NULL;
    b = b ? b + 1 : path ? path : "report";
    const char *dot = strrchr(b, '.');
    return q_xstrndup(b, dot && dot != b ? (size_t)(dot - b) : strlen(b));
}

static HPDF_Date pdf_date(time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    HPDF_Date dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, 'Z', 0, 0};
    return dt;
}

static void rgb(uint32_t c, HPDF_REAL *r, HPDF_REAL *g, HPDF_REAL *b)
{
    *r = (HPDF_REAL)((c >> 16) & 0xFF) / 255;
    *g = (HPDF_REAL)((c >> 8) & 0xFF) / 255;
    *b = (HPDF_REAL)(c & 0xFF) / 255;
}

static int same_image(const q_image *a, const q_image *b)
{
    size_t n = (size_t)a->w * (size_t)a->h;
    return a == b || (a->w == b->w && a->h == b->h && a->channels == b->channels && !a->alpha == !b->alpha &&
                      !memcmp(a->pixels, b->pixels, n * (size_t)a->channels) &&
                      (!a->alpha || !memcmp(a->alpha, b->alpha, n)));
}

/* Pixels already decoded by quire go in raw; alpha becomes a soft mask. */
static HPDF_Image load_image(HPDF_Doc pdf, const q_image *im, int flatten)
{
    if (flatten && im->alpha) {
        /* PDF/A-1: no soft masks; the pixels are composed onto white. */
        size_t n = (size_t)im->w * (size_t)im->h, ch = (size_t)im->channels;
        unsigned char *px = q_xmalloc(n * ch);
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < ch; k++)
                px[i * ch + k] = (unsigned char)((im->pixels[i * ch + k] * im->alpha[i] + 255 * (255 - im->alpha[i]) + 127) / 255);
        HPDF_Image img = HPDF_LoadRawImageFromMem(pdf, px, (HPDF_UINT)im->w, (HPDF_UINT)im->h,
                                                  ch == 1 ? HPDF_CS_DEVICE_GRAY : HPDF_CS_DEVICE_RGB, 8);
        free(px);
        return img;
    }
    HPDF_Image img = HPDF_LoadRawImageFromMem(pdf, im->pixels, (HPDF_UINT)im->w, (HPDF_UINT)im->h,
                                              im->channels == 1 ? HPDF_CS_DEVICE_GRAY : HPDF_CS_DEVICE_RGB, 8);
    if (img && im->alpha) {
        HPDF_Image mask = HPDF_LoadRawImageFromMem(pdf, im->alpha, (HPDF_UINT)im->w, (HPDF_UINT)im->h,
                                                   HPDF_CS_DEVICE_GRAY, 8);
        if (mask)
            HPDF_Image_AddSMask(img, mask);
    }
    return img;
}

/* What a page's painting keeps between ops: libharu handles, the fill
 * colour last set (-1: unknown), the text object, open clips. */
typedef struct pctx {
    HPDF_Doc pdf;
    HPDF_Page page;
    const q_page *pg;
    const q_dlist *dl;
    HPDF_Font *fonts;
    HPDF_Image *images;
    HPDF_Page *all;
    HPDF_ExtGState *alpha;   /* one per fill opacity in 1/255 steps, made on first use */
    int in_text, cur_font, clips;
    double cur_size;
    int64_t cur_fill;
    q_tags *tags;
    size_t pno;              /* the page's index */
    int mc_open, mc_in_text; /* a marked-content sequence is open (inside BT…ET) */
    q_tag mc;                /* what it marks */
    int flatten;             /* PDF/A-1: no transparency */
} pctx;

static void set_fill(pctx *c, uint32_t color)
{
    HPDF_REAL r, g, b;
    if ((int64_t)color != c->cur_fill) {
        rgb(color, &r, &g, &b);
        HPDF_Page_SetRGBFill(c->page, r, g, b);
        c->cur_fill = color;
    }
}

static HPDF_Stream page_stream(pctx *c);

/* Adds "hhhh" for code to a hex string being built. */
static char *put_code(char *p, uint32_t code)
{
    static const char hex[] = "0123456789ABCDEF";
    for (int sh = 12; sh >= 0; sh -= 4)
        *p++ = hex[code >> sh & 0xF];
    return p;
}

/* A run is one TJ: libharu has no call for it, so the operator goes into
 * the page's content stream (as set_dash does), after libharu's own Tf
 * and rg. Codes are Unicode values (the document's encoder, encoder.c);
 * a number after a glyph turns the font's /W width into the advance
 * layout measured, kerning and stretched spaces included. */
/* ">N<": a TJ adjustment. snprintf costs thousands of instructions a
 * call, and a large table has one per cell. */
static char *put_int(char *p, int v)
{
    char tmp[12];
    int n = 0;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    do
        tmp[n++] = (char)('0' + u % 10);
    while ((u /= 10) && n < 11);
    *p++ = '>';
    if (v < 0)
        *p++ = '-';
    while (n)
        *p++ = tmp[--n];
    *p++ = '<';
    return p;
}

/* A coordinate exactly as "%.3f" prints it: near a tie (where printf
 * rounds the exact binary value) or out of range, printf decides. */
static char *put_fixed3(char *p, double v)
{
    double t = v * 1000, frac = t - floor(t);
    if (!(fabs(t) < 1e15) || fabs(frac - 0.5) < 1e-6 || (signbit(v) && t > -0.5))
        return p + snprintf(p, 32, "%.3f", v);
    long long m = llround(t);
    if (m < 0) {
        *p++ = '-';
        m = -m;
    }
    char tmp[24];
    int n = 0;
    long long ip = m / 1000;
    do
        tmp[n++] = (char)('0' + ip % 10);
    while ((ip /= 10) && n < 20);
    while (n)
        *p++ = tmp[--n];
    *p++ = '.';
    *p++ = (char)('0' + m / 100 % 10);
    *p++ = (char)('0' + m / 10 % 10);
    *p++ = (char)('0' + m % 10);
    return p;
}

static void paint_text(pctx *c, const q_text *o)
{
    HPDF_Page page = c->page;
    if (o->font != c->cur_font || o->size != c->cur_size) {
        HPDF_Page_SetFontAndSize(page, c->fonts[o->font], (HPDF_REAL)o->size);
        c->cur_font = o->font;
        c->cur_size = o->size;
    }
    set_fill(c, o->color);
    q_face *face = q_fonts_get(c->dl->fonts, o->font);
    HPDF_Stream st = page_stream(c);
    /* Built in a buffer, written to libharu's stream a few times a run. */
    char buf[1024], *p = buf;
    memcpy(p, "1 0 0 1 ", 8);
    p = put_fixed3(p + 8, o->x);
    *p++ = ' ';
    p = put_fixed3(p, c->pg->h - o->y);
    memcpy(p, " Tm\012[<", 7);
    p += 7;
    size_t len = strlen(o->utf8);
    /* Paragraph lines carry their glyphs from layout; other runs (charts,
     * rules' labels) are shaped here, as they were measured, so no glyph
     * arrays wait in memory for a large document's later pages. */
    const q_sglyph *sg = NULL;
    uint32_t ng = o->nglyphs;
    if (!ng && face)
        ng = (uint32_t)q_face_shape(face, o->utf8, len, &sg);
    for (uint32_t i = 0; i < ng; i++) {
        q_glyph gl = sg ? (q_glyph){sg[i].id, sg[i].adv, sg[i].cluster} : o->glyphs[i];
        const q_glyph *g = &gl;
        const char *s = o->utf8 + (g->cluster < len ? g->cluster : len), *end = o->utf8 + len;
        uint32_t cp = s < end ? q_utf8_next(&s, end) : 0x20;
        if (cp > 0xFFFF)
            cp = 0x20;   /* as the encoder draws what lies beyond the BMP */
        if (drawn_code(cp) != cp) {
            /* A hyphen inserted at a line's end: drawn as '-', read as
             * U+00AD, so extraction can rejoin the word (SPEC §8). */
            cp = drawn_code(cp);
            p += snprintf(p, 64, ">] TJ /Span <</ActualText <FEFF00AD>>> BDC [<");
            p = put_code(p, cp);
            p += snprintf(p, 32, ">] TJ EMC [<");
        } else {
            p = put_code(p, cp);
        }
        int adj = q_face_advance(face, cp) - g->adv;
        if (adj && i + 1 < ng)
            p = put_int(p, adj);
        if (p - buf > (ptrdiff_t)sizeof buf - 160) {
            HPDF_Stream_Write(st, (const HPDF_BYTE *)buf, (HPDF_UINT)(p - buf));
            p = buf;
        }
    }
    /* Text no face could shape (none should reach here) draws at /W widths. */
    for (const char *s = ng ? o->utf8 + len : o->utf8, *end = o->utf8 + len; s < end;) {
        uint32_t cp = q_utf8_next(&s, end);
        p = put_code(p, cp > 0xFFFF ? 0x20 : cp);
        if (p - buf > (ptrdiff_t)sizeof buf - 32) {
            HPDF_Stream_Write(st, (const HPDF_BYTE *)buf, (HPDF_UINT)(p - buf));
            p = buf;
        }
    }
    memcpy(p, ">] TJ\012", 6);
    HPDF_Stream_Write(st, (const HPDF_BYTE *)buf, (HPDF_UINT)(p + 6 - buf));
}

static void paint_rect(pctx *c, const q_rect *o)
{
    HPDF_Page page = c->page;
    const q_page *pg = c->pg;
    set_fill(c, o->color);
    HPDF_Page_Rectangle(page, (HPDF_REAL)o->x, (HPDF_REAL)(pg->h - o->y - o->h), (HPDF_REAL)o->w, (HPDF_REAL)o->h);
    HPDF_Page_Fill(page);
}

static void paint_line(pctx *c, const q_line_op *o)
{
    HPDF_Page page = c->page;
    HPDF_REAL r, g, b;
    rgb(o->color, &r, &g, &b);
    HPDF_Page_SetRGBStroke(page, r, g, b);
    HPDF_Page_SetLineWidth(page, (HPDF_REAL)o->stroke);
    HPDF_Page_MoveTo(page, (HPDF_REAL)o->x0, (HPDF_REAL)(c->pg->h - o->y0));
    HPDF_Page_LineTo(page, (HPDF_REAL)o->x1, (HPDF_REAL)(c->pg->h - o->y1));
    HPDF_Page_Stroke(page);
}

static int same_target(const q_op *a, const q_op *b)
{
    return a->kind == DL_LINK && b->kind == DL_LINK && a->tag.elem == b->tag.elem && !a->tag.artifact &&
           !b->tag.artifact && (a->link.uri ? b->link.uri && !strcmp(a->link.uri, b->link.uri)
                                            : !b->link.uri && a->link.dest_page == b->link.dest_page);
}

/* One annotation per link element on a page: its areas (one a line) are
 * gathered when the first is met, /Rect bounds them and /QuadPoints
 * gives each, so a link across lines is one link with no dead gaps. */
static void paint_link(pctx *c, size_t k)
{
    const q_page *pg = c->pg;
    const q_op *first = &pg->ops[k];
    const q_link *o = &first->link;
    int merge = first->tag.elem != 0 && !first->tag.artifact;
    for (size_t j = 0; merge && j < k; j++)
        if (same_target(&pg->ops[j], first))
            return;   /* painted with an earlier area */
    double x0 = o->x, y0 = o->y, x1 = o->x + o->w, y1 = o->y + o->h;
    size_t nareas = 0;
    for (size_t j = k; j < pg->n && (j == k || merge); j++) {
        const q_link *l = &pg->ops[j].link;
        if (j != k && !same_target(&pg->ops[j], first))
            continue;
        x0 = l->x < x0 ? l->x : x0;
        y0 = l->y < y0 ? l->y : y0;
        x1 = l->x + l->w > x1 ? l->x + l->w : x1;
        y1 = l->y + l->h > y1 ? l->y + l->h : y1;
        nareas++;
    }
    HPDF_Rect rect = {(HPDF_REAL)x0, (HPDF_REAL)(pg->h - y1), (HPDF_REAL)x1, (HPDF_REAL)(pg->h - y0)};
    HPDF_Annotation a = NULL;
    if (o->uri) {
        a = HPDF_Page_CreateURILinkAnnot(c->page, rect, o->uri);
    } else if (o->dest_page >= 0 && (size_t)o->dest_page < c->dl->npages) {
        HPDF_Destination dst = HPDF_Page_CreateDestination(c->all[o->dest_page]);
        HPDF_Destination_SetFitH(dst, (HPDF_REAL)(c->dl->pages[o->dest_page].h - o->dest_y + 4));
        a = HPDF_Page_CreateLinkAnnot(c->page, rect, dst);
    }
    if (!a)
        return;
    if (nareas > 1) {
        /* Counter-clockwise from the lower left of each area (PDF 32000, 12.5.6.5). */
        HPDF_Array q = HPDF_Array_New(c->pdf->mmgr);
        for (size_t j = k; q && j < pg->n; j++) {
            const q_link *l = &pg->ops[j].link;
            if (j != k && !same_target(&pg->ops[j], first))
                continue;
            double lx = l->x, rx = l->x + l->w, by = pg->h - l->y - l->h, ty = pg->h - l->y;
            const double pts[8] = {lx, by, rx, by, rx, ty, lx, ty};
            for (int i = 0; i < 8; i++)
                HPDF_Array_AddReal(q, (HPDF_REAL)pts[i]);
        }
        if (q)
            HPDF_Dict_Add(a, "QuadPoints", q);
    }
    HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
    /* Printable (PDF/A), described (PDF/UA), and in the structure tree. */
    HPDF_Dict_AddNumber(a, "F", 4);
    char *what = o->uri ? q_xstrdup(o->uri) : q_asprintf("Go to page %d", o->dest_page + 1);
    HPDF_Dict_Add(a, "Contents", q_hpdf_utf16(c->pdf, what));
    free(what);
    q_tags_annot(c->tags, c->pno, first->tag.elem, a);
}

static void trace(pctx *c, const q_path *p)
{
    double h = c->pg->h;
    for (uint32_t i = 0; i < p->n; i++) {
        const q_seg *s = &p->segs[i];
        if (s->kind == Q_SEG_MOVE)
            HPDF_Page_MoveTo(c->page, (HPDF_REAL)s->x, (HPDF_REAL)(h - s->y));
        else if (s->kind == Q_SEG_LINE)
            HPDF_Page_LineTo(c->page, (HPDF_REAL)s->x, (HPDF_REAL)(h - s->y));
        else if (s->kind == Q_SEG_CUBIC)
            HPDF_Page_CurveTo(c->page, (HPDF_REAL)s->x1, (HPDF_REAL)(h - s->y1), (HPDF_REAL)s->x2,
                              (HPDF_REAL)(h - s->y2), (HPDF_REAL)s->x, (HPDF_REAL)(h - s->y));
        else
            HPDF_Page_ClosePath(c->page);
    }
}

/* libharu's SetDash takes whole points only: the operator is written out. */
static void set_dash(pctx *c, const q_path *p)
{
    HPDF_Stream st = ((HPDF_PageAttr)c->page->attr)->stream;
    HPDF_Stream_WriteStr(st, "[");
    for (int i = 0; i < p->ndash; i++) {
        HPDF_Stream_WriteReal(st, p->dash[i]);
        HPDF_Stream_WriteStr(st, " ");
    }
    HPDF_Stream_WriteStr(st, "] ");
    HPDF_Stream_WriteReal(st, p->dash_phase);
    HPDF_Stream_WriteStr(st, " d\012");
}

/* PDF/A-1 has no transparency: a translucent fill becomes the opaque
 * colour it shows on white (charts and pages are white underneath). */
static uint32_t over_white(uint32_t color, int alpha)
{
    uint32_t out = 0;
    for (int sh = 16; sh >= 0; sh -= 8) {
        int v = (int)((color >> sh) & 0xFF);
        out |= (uint32_t)((v * alpha + 255 * (255 - alpha) + 127) / 255) << sh;
    }
    return out;
}

/* A path is painted inside q/Q: its dash, caps and opacity end with it. */
static void paint_path(pctx *c, const q_path *p)
{
    HPDF_Page page = c->page;
    HPDF_REAL r, g, b;
    int fill = p->paint & Q_PAINT_FILL, stroke = p->paint & Q_PAINT_STROKE;
    if (!p->n || (!fill && !stroke))
        return;
    HPDF_Page_GSave(page);
    if (fill) {
        int a = (int)(p->fill_opacity * 255 + 0.5);
        uint32_t color = p->fill;
        if (c->flatten && a < 255) {
            color = over_white(color, a < 0 ? 0 : a);
            a = 255;
        }
        rgb(color, &r, &g, &b);
        HPDF_Page_SetRGBFill(page, r, g, b);
        if (a < 255) {
            a = a < 0 ? 0 : a;
            if (!c->alpha[a] && (c->alpha[a] = HPDF_CreateExtGState(c->pdf)))
                HPDF_ExtGState_SetAlphaFill(c->alpha[a], (HPDF_REAL)a / 255);
            if (c->alpha[a])
                HPDF_Page_SetExtGState(page, c->alpha[a]);
        }
    }
    if (stroke) {
        rgb(p->stroke, &r, &g, &b);
        HPDF_Page_SetRGBStroke(page, r, g, b);
        HPDF_Page_SetLineWidth(page, (HPDF_REAL)p->width);
        HPDF_Page_SetLineCap(page, (HPDF_LineCap)(p->line_cap % 3));
        HPDF_Page_SetLineJoin(page, (HPDF_LineJoin)(p->line_join % 3));
        if (p->ndash)
            set_dash(c, p);
    }
    trace(c, p);
    if (fill && stroke)
        p->even_odd ? HPDF_Page_EofillStroke(page) : HPDF_Page_FillStroke(page);
    else if (fill)
        p->even_odd ? HPDF_Page_Eofill(page) : HPDF_Page_Fill(page);
    else
        HPDF_Page_Stroke(page);
    HPDF_Page_GRestore(page);
}

static void clip_push(pctx *c, const q_path *p)
{
    HPDF_Page_GSave(c->page);
    c->clips++;
    if (!p->n)
        return;   /* nothing to clip to: a push that only pairs its pop */
    trace(c, p);
    p->even_odd ? HPDF_Page_Eoclip(c->page) : HPDF_Page_Clip(c->page);
    HPDF_Page_EndPath(c->page);
}

static void clip_pop(pctx *c)
{
    if (!c->clips)
        return;
    HPDF_Page_GRestore(c->page);
    c->clips--;
    c->cur_fill = -1;   /* Q brought back the fill from before the push */
}

static HPDF_Stream page_stream(pctx *c)
{
    return ((HPDF_PageAttr)c->page->attr)->stream;
}

static void mc_end(pctx *c)
{
    if (c->mc_open)
        HPDF_Stream_WriteStr(page_stream(c), "EMC\012");
    c->mc_open = 0;
}

/* Marked content wraps ops, it never changes how they are painted: an
 * element's content is "/TAG <</MCID n>> BDC … EMC", an artifact's
 * "/Artifact <<…>> BDC … EMC". A sequence opened inside BT…ET closes
 * before ET, so the two always nest. */
static void mc_begin(pctx *c, q_tag tag)
{
    static const char *const art[] = {
        "", "/Type /Pagination /Subtype /Header", "/Type /Pagination /Subtype /Footer", "/Type /Pagination",
        "/Type /Layout", "/Type /Layout", "/Type /Background"};
    if (c->mc_open && c->mc.elem == tag.elem && c->mc.artifact == tag.artifact)
        return;
    mc_end(c);
    char buf[96];
    if (tag.artifact)
        snprintf(buf, sizeof buf, "/Artifact <<%s>> BDC\012", art[tag.artifact < 7 ? tag.artifact : 4]);
    else
        snprintf(buf, sizeof buf, "/%s <</MCID %d>> BDC\012", q_tags_role(c->dl, tag.elem),
                 q_tags_mcid(c->tags, c->pno, tag.elem));
    HPDF_Stream_WriteStr(page_stream(c), buf);
    c->mc_open = 1;
    c->mc_in_text = c->in_text;
    c->mc = tag;
}

static void paint_page(pctx *c)
{
    const q_page *pg = c->pg;
    HPDF_Page page = c->page;
    c->in_text = 0;
    c->cur_font = -1;
    c->cur_size = -1;
    c->cur_fill = -1;
    c->clips = 0;
    c->mc_open = 0;
    for (size_t k = 0; k < pg->n; k++) {
        const q_op *o = &pg->ops[k];
        if (!o->tag.artifact)
            q_tags_op(c->tags, c->pno, o, pg->h);
        if (o->kind == DL_TEXT) {
            if (!c->in_text)
                mc_end(c);   /* BT opens inside the sequence that follows */
            if (!c->in_text) {
                HPDF_Page_BeginText(page);
                c->in_text = 1;
                c->cur_font = -1;
            }
            mc_begin(c, o->tag);
            paint_text(c, &o->text);
            continue;
        }
        if (c->in_text) {
            if (c->mc_in_text)
                mc_end(c);
            HPDF_Page_EndText(page);
            c->in_text = 0;
        }
        /* Clips and links mark nothing: a clip's q…Q stays outside every
         * sequence, so the two nest. */
        if (o->kind == DL_CLIP_PUSH || o->kind == DL_CLIP_POP)
            mc_end(c);
        else if (o->kind != DL_LINK)
            mc_begin(c, o->tag);
        switch (o->kind) {
        case DL_RECT: paint_rect(c, &o->rect); break;
        case DL_LINE: paint_line(c, &o->line); break;
        case DL_LINK: paint_link(c, k); break;
        case DL_PATH: paint_path(c, &o->path); break;
        case DL_CLIP_PUSH: clip_push(c, &o->path); break;
        case DL_CLIP_POP: clip_pop(c); break;
        case DL_IMAGE:
            if (c->images[o->image.image]) {
                const q_image_op *im = &o->image;
                HPDF_Page_DrawImage(page, c->images[im->image], (HPDF_REAL)im->x, (HPDF_REAL)(pg->h - im->y - im->h),
                                    (HPDF_REAL)im->w, (HPDF_REAL)im->h);
            }
            break;
        default: break;
        }
    }
    if (c->in_text) {
        if (c->mc_in_text)
            mc_end(c);
        HPDF_Page_EndText(page);
    }
    mc_end(c);
    while (c->clips)
        clip_pop(c);
}

static void outline(HPDF_Doc pdf, const q_dlist *dl)
{
    HPDF_Outline parents[4] = {NULL, NULL, NULL, NULL};
    HPDF_Encoder utf8 = HPDF_GetCurrentEncoder(pdf);
    for (size_t i = 0; i < dl->noutline; i++) {
        const q_outline *e = &dl->outline[i];
        int level = e->level < 1 ? 1 : e->level > 3 ? 3 : e->level;
        HPDF_Outline parent = NULL;
        for (int l = level - 1; l >= 1 && !parent; l--)
            parent = parents[l];
        HPDF_Outline ol = HPDF_CreateOutline(pdf, parent, e->title, utf8);
        if (!ol)
            continue;
        HPDF_Outline_SetOpened(ol, HPDF_TRUE);
        HPDF_Page page = HPDF_GetPageByIndex(pdf, (HPDF_UINT)e->page);
        if (page) {
            HPDF_Destination dst = HPDF_Page_CreateDestination(page);
            HPDF_Destination_SetFitH(dst, (HPDF_REAL)(dl->pages[e->page].h - e->y + 4));
            HPDF_Outline_SetDestination(ol, dst);
        }
        parents[level] = ol;
        for (int l = level + 1; l <= 3; l++)
            parents[l] = NULL;
    }
}

/* Front matter in roman numerals, then arabic from 1 (<page-break
 * numbering>): what a viewer shows as the page number. */
static void page_labels(HPDF_Doc pdf, const q_dlist *dl)
{
    if (!dl->nlabels)
        return;
    if (dl->labels[0].page != 0)
        HPDF_AddPageLabel(pdf, 0, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL);
    for (size_t i = 0; i < dl->nlabels; i++)
        if ((size_t)dl->labels[i].page < dl->npages)
            HPDF_AddPageLabel(pdf, (HPDF_UINT)dl->labels[i].page,
                              dl->labels[i].roman ? HPDF_PAGE_NUM_STYLE_LOWER_ROMAN : HPDF_PAGE_NUM_STYLE_DECIMAL, 1,
                              NULL);
}

int q_paint_hpdf(const q_dlist *dl, const q_hpdf_opts *o, q_buf *out, q_diags *d)
{
    return q_paint_hpdf_archive(dl, o, NULL, out, d);
}

static int paint(const q_dlist *dl, q_dlist *consume, const q_hpdf_opts *o, const q_hpdf_archive *arch,
                 q_buf *out, q_diags *d);

int q_paint_hpdf_archive(const q_dlist *dl, const q_hpdf_opts *o, const q_hpdf_archive *a, q_buf *out,
                         q_diags *d)
{
    return paint(dl, NULL, o, a, out, d);
}

int q_paint_hpdf_consume(q_dlist *dl, const q_hpdf_opts *o, const q_hpdf_archive *a, q_buf *out, q_diags *d)
{
    return paint(dl, dl, o, a, out, d);
}

static int paint(const q_dlist *dl, q_dlist *consume, const q_hpdf_opts *o, const q_hpdf_archive *arch,
                 q_buf *out, q_diags *d)
{
    const q_hpdf_archive none = {0};
    const q_hpdf_archive *a = arch ? arch : &none;
    hctx h = {0};
    HPDF_Doc pdf = HPDF_New(on_error, &h);
    if (!pdf) {
        q_diag_add(d, Q_EDATA, o->file, 0, 0, "libharu: cannot create a document");
        return -1;
    }
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    size_t nall = 0;
    uint32_t *all = used_codepoints(dl, -1, &nall);
    const char *encoder = q_hpdf_encoder(pdf, all, nall);
    free(all);
    int nfonts = q_fonts_count(dl->fonts);
    HPDF_Font *fonts = q_xcalloc((size_t)nfonts + 1, sizeof *fonts);
    int failed = !encoder;
    if (!encoder)
        q_diag_add(d, Q_EDATA, o->file, 0, 0, "libharu: cannot create the text encoder");
    /* Only faces that draw something are embedded. */
    for (int id = 0; id < nfonts && !failed; id++) {
        int used = 0;
        for (size_t p = 0; p < dl->npages && !used; p++)
            for (size_t k = 0; k < dl->pages[p].n && !used; k++)
                used = dl->pages[p].ops[k].kind == DL_TEXT && dl->pages[p].ops[k].text.font == id;
        if (used && !(fonts[id] = load_font(pdf, dl, id, encoder, d, o->file)))
            failed = 1;
    }
    q_tags *tags = q_tags_new(dl);
    if (!failed) {
        /* PDF/UA wants a title: the template's, else its file's name. */
        char *title = dl->title && *dl->title ? q_xstrdup(dl->title) : base_title(o->file);
        HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, title);
        if (dl->author) HPDF_SetInfoAttr(pdf, HPDF_INFO_AUTHOR, dl->author);
        if (dl->subject) HPDF_SetInfoAttr(pdf, HPDF_INFO_SUBJECT, dl->subject);
        if (dl->keywords) HPDF_SetInfoAttr(pdf, HPDF_INFO_KEYWORDS, dl->keywords);
        HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "quire");
        /* The document's language, for screen readers and hyphenation in
         * viewers; libharu has no call for it, its catalog takes it. */
        HPDF_Dict_Add(pdf->catalog, "Lang",
                      HPDF_String_New(pdf->mmgr, dl->lang && *dl->lang ? dl->lang : "en-US", NULL));
        HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, "quire " QUIRE_VERSION " (libharu)");
        HPDF_Date dt = pdf_date(o->date);
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, dt);
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, dt);
        HPDF_Image *images = q_xcalloc(dl->nimages + 1, sizeof *images);
        for (size_t i = 0; i < dl->nimages; i++) {
            /* An image drawn several times is stored once. */
            for (size_t j = 0; j < i && !images[i]; j++)
                if (same_image(dl->images[i], dl->images[j]))
                    images[i] = images[j];
            if (!images[i])
                images[i] = load_image(pdf, dl->images[i], a->pdfa == 1);
        }
        /* Every page exists before any is painted: links may point ahead. */
        HPDF_Page *pages = q_xcalloc(dl->npages + 1, sizeof *pages);
        for (size_t p = 0; p < dl->npages; p++) {
            pages[p] = HPDF_AddPage(pdf);
            HPDF_Page_SetWidth(pages[p], (HPDF_REAL)dl->pages[p].w);
            HPDF_Page_SetHeight(pages[p], (HPDF_REAL)dl->pages[p].h);
        }
        HPDF_ExtGState alpha[256] = {0};
        pctx c = {.pdf = pdf, .dl = dl, .fonts = fonts, .images = images, .all = pages, .alpha = alpha,
                  .tags = tags, .flatten = a->pdfa == 1};
        for (size_t p = 0; p < dl->npages; p++) {
            c.page = pages[p];
            c.pg = &dl->pages[p];
            c.pno = p;
            paint_page(&c);
            /* Deflated now, not all at once at the end (large data). */
            if (q_hpdf_deflate_page(pages[p], q_hpdf_deflate_level(dl->npages)) != 0 && !failed) {
                q_diag_add(d, Q_EDATA, o->file, 0, 0, "zlib: cannot compress page %zu", p + 1);
                failed = 1;
            }
            if (consume) {
                q_page *done = &consume->pages[p];
                for (size_t k = 0; k < done->n; k++)
                    q_op_free(&done->ops[k]);
                free(done->ops);
                done->ops = NULL;
                done->n = done->cap = 0;
            }
        }
        outline(pdf, dl);
        page_labels(pdf, dl);
        if (q_tags_write(tags, pdf, pages) != 0 || q_hpdf_xmp(pdf, dl, title, o, a) != 0 ||
            (a->pdfa && q_hpdf_output_intent(pdf) != 0) || q_hpdf_attach(pdf, o, a) != 0) {
            q_diag_add(d, Q_EDATA, o->file, 0, 0, "libharu: cannot write the document structure");
            failed = 1;
        }
        free(title);
        free(pages);
        free(images);
        if (h.first_error) {
            q_diag_add(d, Q_EDATA, o->file, 0, 0, "libharu error 0x%04X (detail %u)", (unsigned)h.first_error,
                       (unsigned)h.detail);
            failed = 1;
        }
    }
    q_buf raw = {0};
    char err[128];
    q_hpdf_saved file;
    int saved = q_hpdf_save(pdf, failed, &file, err, sizeof err);   /* frees pdf */
    pdf = NULL;
    if (saved == -2) {
        q_diag_add(d, Q_EDATA, o->file, 0, 0, "libharu: %s", err);
        failed = 1;
    } else if (saved != 0 && !failed) {
        q_diag_add(d, Q_EDATA, o->file, 0, 0, "libharu cannot write the PDF (error 0x%04X)", (unsigned)h.first_error);
        failed = 1;
    }
    /* PDF/A-1 is PDF 1.4: no object streams. */
    q_hpdf_subst sub = {0};
    sub.text = q_tags_text(tags, &sub.first, &sub.count, &sub.off);
    sub.spent = q_tags_drop_text;
    sub.arg = tags;
    if (consume) {   /* the tree is text now: its elements are not read again */
        q_dlist_trim_elems(consume, 0);
        free(consume->elems);
        consume->elems = NULL;
        consume->nelems = consume->capelems = 0;
    }
    /* The file last: it, libharu and the tree's making are never together. */
    if (q_hpdf_read(&file, &raw, err, sizeof err) != 0 && !failed) {
        q_diag_add(d, Q_EDATA, o->file, 0, 0, "libharu: %s", err);
        failed = 1;
    }
    if (!failed && q_hpdf_finish(raw.s, raw.n, a->pdfa == 1 ? "1.4" : "1.7", a->pdfa == 1, &sub, out, err, sizeof err)) {
        q_diag_add(d, Q_EDATA, o->file, 0, 0, "libharu's output: %s", err);
        failed = 1;
    }
    q_buf_free(&raw);
    q_tags_free(tags);
    free(fonts);
    return failed ? -1 : 0;
}
