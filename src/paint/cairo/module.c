/* The cairo painter, built as the module quire-cairo.so (cairo.h says
 * why). It only reads the display list: every glyph goes where layout put
 * it (cairo_show_glyphs at our positions, never cairo's own advances). */
#include "paint/cairo/cairo.h"
#include "image/image.h"
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <png.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const q_cairo_api *quire_cairo_entry(void);

/* One destination a link or a bookmark jumps to. Links to pages not drawn
 * yet get no /Dest in cairo 1.16 when given as page=N, so every target is
 * a named destination, set on its page and resolved by cairo at the end. */
typedef struct dest {
    int page;
    double y;
} dest;

typedef struct ctx {
    const q_cairo_job *job;
    const q_dlist *dl;
    cairo_t *cr;
    cairo_font_face_t **faces;
    cairo_font_options_t *fopts;
    cairo_surface_t **images;
    int pdf;
    dest *dests;        /* internal links in paint order, then the outline */
    size_t ndests, nlinks, next_link;
    cairo_glyph_t *glyphs;
    cairo_text_cluster_t *clusters;
    size_t gcap;
} ctx;

static void fail(const q_cairo_job *j, const char *fmt, ...)
{
    if (!j->err || !j->errsz || j->err[0])
        return;   /* the first reason is the one worth reading */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(j->err, j->errsz, fmt, ap);
    va_end(ap);
}

static void set_rgb(cairo_t *cr, uint32_t c, double alpha)
{
    cairo_set_source_rgba(cr, ((c >> 16) & 0xFF) / 255.0, ((c >> 8) & 0xFF) / 255.0, (c & 0xFF) / 255.0, alpha);
}

/* cairo opens the file itself (its own FreeType library, with its own
 * locking), so no FT_Face of ours is ever shared with it. */
static cairo_font_face_t *face(ctx *c, int id)
{
    if (id < 0 || id >= c->job->nfonts || !c->job->fonts[id].path)
        return NULL;
    if (!c->faces[id]) {
        FcPattern *pat = FcPatternCreate();
        if (!pat)
            return NULL;
        FcPatternAddString(pat, FC_FILE, (const FcChar8 *)c->job->fonts[id].path);
        FcPatternAddInteger(pat, FC_INDEX, c->job->fonts[id].index);
        c->faces[id] = cairo_ft_font_face_create_for_pattern(pat);
        FcPatternDestroy(pat);
    }
    return c->faces[id];
}

/* UTF-8 that cairo_show_text_glyphs accepts (it refuses anything else). */
static int valid_utf8(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char b = s[i];
        size_t k = b < 0x80 ? 0 : b >= 0xC2 && b <= 0xDF ? 1 : (b & 0xF0) == 0xE0 ? 2 : b >= 0xF0 && b <= 0xF4 ? 3 : 9;
        if (k == 9 || n - i <= k)
            return 0;
        uint32_t cp = k ? b & (0x3F >> k) : b;
        for (size_t m = 1; m <= k; m++) {
            if ((s[i + m] & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i + m] & 0x3F);
        }
        /* cairo's own test: no surrogates or non-characters either. */
        if (cp >= 0x110000 || (cp & 0xFFFFF800) == 0xD800 || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
            return 0;
        i += k + 1;
    }
    return 1;
}

/* The text of clusters with each minus sign (U+2212) as "-", so that a
 * negative number copies as one, as from the libharu PDF (its ToUnicode
 * says so). NULL when there is none (or no memory: the text as it is). */
static char *minus_as_hyphen(const char *s, size_t len, cairo_text_cluster_t *cl, int nc, size_t *outlen)
{
    static const char minus[] = "\xe2\x88\x92";
    if (!memmem(s, len, minus, 3))
        return NULL;
    char *o = malloc(len + 1);
    if (!o)
        return NULL;
    size_t at = 0, n = 0;
    for (int k = 0; k < nc; k++) {
        size_t end = at + (size_t)cl[k].num_bytes, start = n;
        while (at < end) {
            if (end - at >= 3 && !memcmp(s + at, minus, 3)) {
                o[n++] = '-';
                at += 3;
            } else {
                o[n++] = s[at++];
            }
        }
        cl[k].num_bytes = (int)(n - start);
    }
    o[n] = 0;
    *outlen = n;
    return o;
}

static void paint_text(ctx *c, const q_text *t)
{
    cairo_font_face_t *ff = face(c, t->font);
    if (!ff || !t->glyphs || !t->nglyphs)
        return;
    if (t->nglyphs > c->gcap) {
        c->gcap = t->nglyphs * 2;
        free(c->glyphs);
        free(c->clusters);
        c->glyphs = malloc(c->gcap * sizeof *c->glyphs);
        c->clusters = malloc(c->gcap * sizeof *c->clusters);
        if (!c->glyphs || !c->clusters) {
            c->gcap = 0;
            fail(c->job, "out of memory");
            return;
        }
    }
    cairo_t *cr = c->cr;
    cairo_set_font_face(cr, ff);
    cairo_set_font_size(cr, t->size);
    set_rgb(cr, t->color, 1);
    double x = t->x;
    for (uint32_t i = 0; i < t->nglyphs; i++) {
        c->glyphs[i].index = t->glyphs[i].id;
        c->glyphs[i].x = x;
        c->glyphs[i].y = t->y;
        x += t->glyphs[i].adv * t->size / 1000;
    }
    /* In the PDF the clusters tie glyphs to their text (ToUnicode, so the
     * text extracts as written); they must cover the string exactly, or
     * cairo refuses them and the context goes into an error state. */
    size_t len = strlen(t->utf8);
    int nc = 0, ok = c->pdf && len > 0 && t->glyphs[0].cluster == 0 && valid_utf8((const unsigned char *)t->utf8, len);
    for (uint32_t i = 0; ok && i < t->nglyphs; i++) {
        uint32_t at = t->glyphs[i].cluster;
        if (at >= len || (i && at < t->glyphs[i - 1].cluster)) {
            ok = 0;
        } else if (i && at == t->glyphs[i - 1].cluster) {
            c->clusters[nc - 1].num_glyphs++;
        } else {
            if (nc)
                c->clusters[nc - 1].num_bytes = (int)(at - t->glyphs[i - 1].cluster);
            c->clusters[nc].num_glyphs = 1;
            c->clusters[nc++].num_bytes = 0;
        }
    }
    if (ok) {
        c->clusters[nc - 1].num_bytes = (int)(len - t->glyphs[t->nglyphs - 1].cluster);
        /* A cluster boundary inside a character would be refused too. */
        size_t at = 0;
        for (int k = 0; ok && k < nc; k++) {
            at += (size_t)c->clusters[k].num_bytes;
            ok = at == len || ((unsigned char)t->utf8[at] & 0xC0) != 0x80;
        }
    }
    if (ok) {
        size_t n = len;
        char *text = minus_as_hyphen(t->utf8, len, c->clusters, nc, &n);
        cairo_show_text_glyphs(cr, text ? text : t->utf8, (int)n, c->glyphs, (int)t->nglyphs, c->clusters, nc, 0);
        free(text);
    } else
        cairo_show_glyphs(cr, c->glyphs, (int)t->nglyphs);
}

/* Straight alpha in the display list, premultiplied ARGB in cairo. */
static cairo_surface_t *image(ctx *c, int id)
{
    if (id < 0 || (size_t)id >= c->dl->nimages || !c->dl->images[id])
        return NULL;
    if (c->images[id])
        return c->images[id];
    const q_image *im = c->dl->images[id];
    cairo_surface_t *s = cairo_image_surface_create(im->alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, im->w, im->h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        return c->images[id] = s;   /* an error surface paints nothing */
    cairo_surface_flush(s);
    unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < im->h; y++) {
        uint32_t *row = (uint32_t *)(void *)(data + (size_t)y * (size_t)stride);
        const unsigned char *px = im->pixels + (size_t)y * (size_t)im->w * (size_t)im->channels;
        const unsigned char *al = im->alpha ? im->alpha + (size_t)y * (size_t)im->w : NULL;
        for (int x = 0; x < im->w; x++) {
            uint32_t r, g, b, a = al ? al[x] : 255;
            if (im->channels == 1) {
                r = g = b = px[x];
            } else {
                r = px[3 * x];
                g = px[3 * x + 1];
                b = px[3 * x + 2];
            }
            if (a < 255) {
                r = (r * a + 127) / 255;
                g = (g * a + 127) / 255;
                b = (b * a + 127) / 255;
            }
            row[x] = a << 24 | r << 16 | g << 8 | b;
        }
    }
    cairo_surface_mark_dirty(s);
    return c->images[id] = s;
}

static void paint_image(ctx *c, const q_image_op *o)
{
    cairo_surface_t *s = image(c, o->image);
    if (!s || cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        return;
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    if (w <= 0 || h <= 0 || !(o->w > 0) || !(o->h > 0))
        return;
    cairo_t *cr = c->cr;
    cairo_save(cr);
    cairo_rectangle(cr, o->x, o->y, o->w, o->h);
    cairo_clip(cr);
    cairo_translate(cr, o->x, o->y);
    cairo_scale(cr, o->w / w, o->h / h);
    cairo_set_source_surface(cr, s, 0, 0);
    cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD);
    cairo_paint(cr);
    cairo_restore(cr);
}

static void trace(cairo_t *cr, const q_path *p)
{
    cairo_new_path(cr);
    for (uint32_t i = 0; i < p->n; i++) {
        const q_seg *s = &p->segs[i];
        if (s->kind == Q_SEG_MOVE)
            cairo_move_to(cr, s->x, s->y);
        else if (s->kind == Q_SEG_LINE)
            cairo_line_to(cr, s->x, s->y);
        else if (s->kind == Q_SEG_CUBIC)
            cairo_curve_to(cr, s->x1, s->y1, s->x2, s->y2, s->x, s->y);
        else
            cairo_close_path(cr);
    }
}

static void paint_path(ctx *c, const q_path *p)
{
    static const cairo_line_cap_t caps[] = {CAIRO_LINE_CAP_BUTT, CAIRO_LINE_CAP_ROUND, CAIRO_LINE_CAP_SQUARE};
    static const cairo_line_join_t joins[] = {CAIRO_LINE_JOIN_MITER, CAIRO_LINE_JOIN_ROUND, CAIRO_LINE_JOIN_BEVEL};
    int fill = p->paint & Q_PAINT_FILL, stroke = p->paint & Q_PAINT_STROKE;
    if (!p->n || (!fill && !stroke))
        return;
    cairo_t *cr = c->cr;
    cairo_save(cr);
    trace(cr, p);
    if (fill) {
        double a = p->fill_opacity < 0 ? 0 : p->fill_opacity > 1 ? 1 : p->fill_opacity;
        set_rgb(cr, p->fill, a);
        cairo_set_fill_rule(cr, p->even_odd ? CAIRO_FILL_RULE_EVEN_ODD : CAIRO_FILL_RULE_WINDING);
        cairo_fill_preserve(cr);
    }
    if (stroke) {
        set_rgb(cr, p->stroke, 1);
        cairo_set_line_width(cr, p->width);
        cairo_set_line_cap(cr, caps[p->line_cap % 3]);
        cairo_set_line_join(cr, joins[p->line_join % 3]);
        if (p->ndash) {
            double d[Q_DASH_MAX];
            for (int i = 0; i < p->ndash && i < Q_DASH_MAX; i++)
                d[i] = p->dash[i];
            cairo_set_dash(cr, d, p->ndash < Q_DASH_MAX ? p->ndash : Q_DASH_MAX, p->dash_phase);
        }
        cairo_stroke_preserve(cr);
    }
    cairo_new_path(cr);
    cairo_restore(cr);
}

/* A tag attribute string: quotes and backslashes escaped. */
static char *quoted(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(2 * n + 1), *w = out;
    if (!out)
        return NULL;
    for (; *s; s++) {
        if (*s == '\'' || *s == '\\')
            *w++ = '\\';
        *w++ = *s;
    }
    *w = 0;
    return out;
}

/* Web links of one element on a page become one link with an area a
 * line (cairo writes /QuadPoints for several), as in the libharu PDF.
 * Links inside the document stay one per area: their destinations are
 * numbered per area (dests). */
static int same_uri(const q_op *a, const q_op *b)
{
    return a->kind == DL_LINK && b->kind == DL_LINK && a->tag.elem && !a->tag.artifact && a->tag.elem == b->tag.elem &&
           b->tag.artifact == a->tag.artifact && a->link.uri && b->link.uri && !strcmp(a->link.uri, b->link.uri);
}

static void paint_link(ctx *c, const q_page *pg, size_t k)
{
    const q_link *o = &pg->ops[k].link;
    if (!c->pdf)
        return;
    for (size_t j = 0; o->uri && j < k; j++)
        if (same_uri(&pg->ops[j], &pg->ops[k]))
            return;   /* drawn with an earlier area */
    size_t cap = 160, n = 0;
    char *rect = malloc(cap);
    if (!rect)
        return;
    n = (size_t)snprintf(rect, cap, "rect=[%.3f %.3f %.3f %.3f", o->x, o->y, o->w, o->h);
    for (size_t j = k + 1; o->uri && j < pg->n; j++) {
        if (!same_uri(&pg->ops[k], &pg->ops[j]))
            continue;
        const q_link *l = &pg->ops[j].link;
        if (n + 64 > cap) {
            char *r = realloc(rect, cap *= 2);
            if (!r)
                break;
            rect = r;
        }
        n += (size_t)snprintf(rect + n, cap - n, " %.3f %.3f %.3f %.3f", l->x, l->y, l->w, l->h);
    }
    char *attr = NULL;
    if (o->uri) {
        char *q = quoted(o->uri);
        if (q && asprintf(&attr, "%s] uri='%s'", rect, q) < 0)
            attr = NULL;
        free(q);
    } else if (o->dest_page >= 0 && (size_t)o->dest_page < c->dl->npages) {
        if (asprintf(&attr, "%s] dest='d%zu'", rect, c->next_link++) < 0)
            attr = NULL;
    }
    free(rect);
    if (!attr)
        return;
    cairo_tag_begin(c->cr, CAIRO_TAG_LINK, attr);
    cairo_tag_end(c->cr, CAIRO_TAG_LINK);
    free(attr);
}

/* The named destinations on page p (a few per document: a linear scan). */
static void page_dests(ctx *c, int p)
{
    for (size_t i = 0; i < c->ndests; i++) {
        if (c->dests[i].page != p)
            continue;
        char attr[96];
        double y = c->dests[i].y - 4;
        snprintf(attr, sizeof attr, "name='d%zu' x=0 y=%.3f", i, y < 0 ? 0 : y);
        cairo_tag_begin(c->cr, CAIRO_TAG_DEST, attr);
        cairo_tag_end(c->cr, CAIRO_TAG_DEST);
    }
}

static int paint_page(ctx *c, size_t p)
{
    const q_page *pg = &c->dl->pages[p];
    cairo_t *cr = c->cr;
    int clips = 0;
    if (c->pdf) {
        page_dests(c, (int)p);
        /* Link tags outside any structure tag leave a dangling object
         * (qpdf: damaged file): the page's content is one structure part. */
        cairo_tag_begin(cr, "Part", NULL);
    }
    for (size_t k = 0; k < pg->n; k++) {
        const q_op *o = &pg->ops[k];
        switch (o->kind) {
        case DL_TEXT: paint_text(c, &o->text); break;
        case DL_RECT:
            set_rgb(cr, o->rect.color, 1);
            cairo_rectangle(cr, o->rect.x, o->rect.y, o->rect.w, o->rect.h);
            cairo_fill(cr);
            break;
        case DL_LINE:
            set_rgb(cr, o->line.color, 1);
            cairo_set_line_width(cr, o->line.stroke);
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
            cairo_move_to(cr, o->line.x0, o->line.y0);
            cairo_line_to(cr, o->line.x1, o->line.y1);
            cairo_stroke(cr);
            break;
        case DL_LINK: paint_link(c, pg, k); break;
        case DL_IMAGE: paint_image(c, &o->image); break;
        case DL_PATH: paint_path(c, &o->path); break;
        case DL_CLIP_PUSH:
            cairo_save(cr);
            clips++;
            if (o->path.n) {
                trace(cr, &o->path);
                cairo_set_fill_rule(cr, o->path.even_odd ? CAIRO_FILL_RULE_EVEN_ODD : CAIRO_FILL_RULE_WINDING);
                cairo_clip(cr);
            }
            break;
        case DL_CLIP_POP:
            if (clips) {
                cairo_restore(cr);
                clips--;
            }
            break;
        default: break;
        }
        if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
            break;
    }
    while (clips--)
        cairo_restore(cr);
    if (c->pdf)
        cairo_tag_end(cr, "Part");
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
        fail(c->job, "cairo: page %zu: %s", p + 1, cairo_status_to_string(cairo_status(cr)));
        return -1;
    }
    return 0;
}

static void prepare_cr(ctx *c)
{
    cairo_set_font_options(c->cr, c->fopts);
}

/* Every internal link in paint order, then every bookmark: their index is
 * their destination's name. */
static int collect_dests(ctx *c)
{
    const q_dlist *dl = c->dl;
    size_t n = dl->noutline;
    for (size_t p = 0; p < dl->npages; p++)
        for (size_t k = 0; k < dl->pages[p].n; k++)
            n += dl->pages[p].ops[k].kind == DL_LINK;
    c->dests = calloc(n + 1, sizeof *c->dests);
    if (!c->dests)
        return -1;
    for (size_t p = 0; p < dl->npages; p++)
        for (size_t k = 0; k < dl->pages[p].n; k++) {
            const q_op *o = &dl->pages[p].ops[k];
            if (o->kind == DL_LINK && !o->link.uri && o->link.dest_page >= 0 && (size_t)o->link.dest_page < dl->npages)
                c->dests[c->ndests++] = (dest){o->link.dest_page, o->link.dest_y};
        }
    c->nlinks = c->ndests;
    for (size_t i = 0; i < dl->noutline; i++) {
        int pg = dl->outline[i].page;
        c->dests[c->ndests++] = (dest){pg >= 0 && (size_t)pg < dl->npages ? pg : -1, dl->outline[i].y};
    }
    return 0;
}

static void outline(ctx *c, cairo_surface_t *s)
{
    int parents[4] = {CAIRO_PDF_OUTLINE_ROOT, 0, 0, 0};
    for (size_t i = 0; i < c->dl->noutline; i++) {
        const q_outline *e = &c->dl->outline[i];
        int level = e->level < 1 ? 1 : e->level > 3 ? 3 : e->level;
        int parent = CAIRO_PDF_OUTLINE_ROOT;
        for (int l = level - 1; l >= 1 && parent == CAIRO_PDF_OUTLINE_ROOT; l--)
            parent = parents[l];
        char attr[32] = "";
        if (c->dests[c->nlinks + i].page >= 0)
            snprintf(attr, sizeof attr, "dest='d%zu'", c->nlinks + i);
        parents[level] = cairo_pdf_surface_add_outline(s, parent, e->title ? e->title : "", attr,
                                                       CAIRO_PDF_OUTLINE_FLAG_OPEN);
        for (int l = level + 1; l <= 3; l++)
            parents[l] = CAIRO_PDF_OUTLINE_ROOT;
    }
}

static cairo_status_t pdf_write(void *closure, const unsigned char *data, unsigned int len)
{
    const q_cairo_job *j = closure;
    return j->write(j->closure, 0, data, len) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Ends drawing on a vector surface: its bytes are flushed to the job's
 * writer, and a cairo error becomes the job's. */
static int close_surface(ctx *c, cairo_surface_t *s, int rc)
{
    cairo_destroy(c->cr);
    c->cr = NULL;
    cairo_surface_finish(s);
    if (rc == 0 && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        fail(c->job, "cairo: %s", cairo_status_to_string(cairo_surface_status(s)));
        rc = -1;
    }
    cairo_surface_destroy(s);
    return rc;
}

static int paint_pdf(ctx *c)
{
    const q_cairo_job *j = c->job;
    const q_dlist *dl = c->dl;
    double w0 = dl->npages ? dl->pages[0].w : 595.28, h0 = dl->npages ? dl->pages[0].h : 841.89;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(pdf_write, (void *)j, w0, h0);
    struct tm tm;
    char date[32];
    gmtime_r(&j->date, &tm);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (dl->title) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, dl->title);
    if (dl->author) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, dl->author);
    if (dl->subject) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, dl->subject);
    if (dl->keywords) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, dl->keywords);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "quire");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
    c->cr = cairo_create(s);
    prepare_cr(c);
    int rc = 0;
    for (size_t p = 0; p < dl->npages && rc == 0; p++) {
        cairo_pdf_surface_set_size(s, dl->pages[p].w, dl->pages[p].h);
        rc = paint_page(c, p);
        cairo_show_page(c->cr);
    }
    if (rc == 0)
        outline(c, s);
    return close_surface(c, s, rc);
}

/* The first page as SVG 1.1 on white, its size in user units (1 pt each):
 * width="800", not cairo 1.16's default "800pt" (SPEC §8). */
static int paint_svg(ctx *c)
{
    const q_cairo_job *j = c->job;
    const q_page *pg = &c->dl->pages[0];
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(pdf_write, (void *)j, pg->w, pg->h);
    cairo_svg_surface_restrict_to_version(s, CAIRO_SVG_VERSION_1_1);
    cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_USER);
    c->cr = cairo_create(s);
    prepare_cr(c);
    cairo_set_source_rgb(c->cr, 1, 1, 1);
    cairo_paint(c->cr);
    int rc = paint_page(c, 0);
    return close_surface(c, s, rc);
}

typedef struct membuf {
    unsigned char *p;
    size_t n, cap;
    int oom;
} membuf;

static void png_mem_write(png_structp png, png_bytep data, png_size_t len)
{
    membuf *b = png_get_io_ptr(png);
    if (b->n + len > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        while (cap < b->n + len)
            cap *= 2;
        unsigned char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            png_error(png, "out of memory");
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, data, len);
    b->n += len;
}

static void png_flush(png_structp png)
{
    (void)png;
}

/* An opaque page as 8-bit RGB, fast settings: cairo's own PNG writer
 * (level 6, adaptive filters) takes three times as long. */
static int encode_png(cairo_surface_t *s, double dpi, membuf *out, unsigned char *row)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    png_set_write_fn(png, out, png_mem_write, png_flush);
    png_set_compression_level(png, 1);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
    png_uint_32 ppm = (png_uint_32)(dpi / 0.0254 + 0.5);
    png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    png_write_info(png, info);
    for (int y = 0; y < h; y++) {
        const uint32_t *src = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++) {
            row[3 * x] = (unsigned char)(src[x] >> 16);
            row[3 * x + 1] = (unsigned char)(src[x] >> 8);
            row[3 * x + 2] = (unsigned char)src[x];
        }
        png_write_row(png, row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return 0;
}

static int paint_png(ctx *c)
{
    const q_cairo_job *j = c->job;
    const q_dlist *dl = c->dl;
    double scale = j->dpi / 72;
    int rc = 0;
    for (size_t p = 0; p < dl->npages && rc == 0; p++) {
        if (j->pages && !j->pages[p])
            continue;
        double pw = dl->pages[p].w * scale + 0.5, ph = dl->pages[p].h * scale + 0.5;
        if (!(pw >= 1 && ph >= 1 && pw < 32768 && ph < 32768)) {
            fail(j, "page %zu is too large at %g dpi", p + 1, j->dpi);
            return -1;
        }
        int w = (int)pw, h = (int)ph;
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
        c->cr = cairo_create(s);
        prepare_cr(c);
        cairo_set_source_rgb(c->cr, 1, 1, 1);
        cairo_paint(c->cr);
        cairo_scale(c->cr, scale, scale);
        rc = paint_page(c, p);
        cairo_destroy(c->cr);
        c->cr = NULL;
        cairo_surface_flush(s);
        membuf b = {0};
        unsigned char *row = malloc((size_t)w * 3);
        if (rc == 0 && (!row || cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || encode_png(s, j->dpi, &b, row) != 0)) {
            fail(j, "cannot encode page %zu as PNG", p + 1);
            rc = -1;
        }
        if (rc == 0 && j->write(j->closure, (int)p, b.p, b.n) != 0)
            rc = -1;
        free(row);
        free(b.p);
        cairo_surface_destroy(s);
    }
    return rc;
}

static int paint(const q_cairo_job *j)
{
    ctx c = {.job = j, .dl = j->dl, .pdf = j->format == Q_CAIRO_PDF};
    int rc = -1;
    c.faces = calloc((size_t)j->nfonts + 1, sizeof *c.faces);
    c.images = calloc(j->dl->nimages + 1, sizeof *c.images);
    c.fopts = cairo_font_options_create();
    if (c.faces && c.images && collect_dests(&c) == 0) {
        /* Glyphs go where layout measured them: no hinting of outlines or
         * metrics, which would move and widen text on the image surface. */
        cairo_font_options_set_hint_metrics(c.fopts, CAIRO_HINT_METRICS_OFF);
        cairo_font_options_set_hint_style(c.fopts, CAIRO_HINT_STYLE_NONE);
        cairo_font_options_set_antialias(c.fopts, CAIRO_ANTIALIAS_GRAY);
        rc = c.pdf ? paint_pdf(&c) : j->format == Q_CAIRO_SVG ? (j->dl->npages ? paint_svg(&c) : -1) : paint_png(&c);
    } else {
        fail(j, "out of memory");
    }
    for (int i = 0; c.faces && i < j->nfonts; i++)
        if (c.faces[i])
            cairo_font_face_destroy(c.faces[i]);
    for (size_t i = 0; c.images && i < j->dl->nimages; i++)
        if (c.images[i])
            cairo_surface_destroy(c.images[i]);
    cairo_font_options_destroy(c.fopts);
    free(c.faces);
    free(c.images);
    free(c.dests);
    free(c.glyphs);
    free(c.clusters);
    if (rc != 0)
        fail(j, "cairo: painting failed");
    return rc;
}

const q_cairo_api *quire_cairo_entry(void)
{
    static const q_cairo_api api = {Q_CAIRO_ABI, sizeof(q_dlist), sizeof(q_op), paint};
    return &api;
}
