/* quire chart: see export.h. */
#include "export.h"
#include "chart/draw.h"
#include "layout/layout.h"
#include "paint/cairo/cairo.h"
#include "paint/hpdf/hpdf.h"
#include "util/suggest.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { FMT_NONE = -1, FMT_SVG, FMT_PNG, FMT_PDF };
static const char *const fmt_names[] = {"svg", "png", "pdf"};

/* The format asked for, else the output's extension. */
static int format_of(const quire_options *o)
{
    const char *f = o->chart_format;
    if (!f && o->output_path) {
        const char *dot = strrchr(o->output_path, '.'), *slash = strrchr(o->output_path, '/');
        f = dot && (!slash || dot > slash) ? dot + 1 : NULL;
    }
    for (int i = 0; f && i < 3; i++)
        if (!strcasecmp(f, fmt_names[i]))
            return i;
    return FMT_NONE;
}

/* Every <chart id> of the template, in document order. */
static void chart_ids(const xmlNode *n, void (*cb)(void *, const char *), void *arg)
{
    for (const xmlNode *k = q_first_elem(n); k; k = q_next_elem(k)) {
        if (q_is(k, "chart")) {
            char *id = q_attr(k, "id");
            if (id)
                cb(arg, id);
            free(id);
        } else {
            chart_ids(k, cb, arg);
        }
    }
}

typedef struct id_search {
    const char *want;
    int found;
    q_suggest s;
    q_buf all;
    int n;
} id_search;

static void id_seen(void *arg, const char *id)
{
    id_search *is = arg;
    is->found |= !strcmp(id, is->want);
    q_suggest_add(&is->s, id);
    q_buf_printf(&is->all, "%s%s", is->n++ ? ", " : "", id);
}

static int check_size(const char *what, double v, q_diags *d)
{
    if (v == 0 || (v >= 16 && v <= 14400))
        return 0;
    q_diag_add(d, Q_EUSAGE, NULL, 0, 0, "--%s wants a size from 16 to 14400 pixels, not %g", what, v);
    return -1;
}

int q_export_check(const q_template *t, const quire_options *o, q_diags *d)
{
    int rc = 0;
    if (format_of(o) == FMT_NONE) {
        if (o->chart_format)
            q_diag_add(d, Q_EUSAGE, NULL, 0, 0, "chart format '%s' is not svg, png or pdf", o->chart_format);
        else
            q_diag_add(d, Q_EUSAGE, NULL, 0, 0, "chart -o %s: the name must end in .svg, .png or .pdf",
                       o->output_path ? o->output_path : "(none)");
        rc = -1;
    }
    if (check_size("width", o->chart_width, d) != 0 || check_size("height", o->chart_height, d) != 0)
        rc = -1;
    double scale = o->chart_scale > 0 ? o->chart_scale : 1;
    double w = o->chart_width > 0 ? o->chart_width : Q_CHART_EXPORT_W;
    double h = o->chart_height > 0 ? o->chart_height : Q_CHART_EXPORT_H;
    if (o->chart_scale < 0 || scale > 16 || w * scale > 32000 || h * scale > 32000) {
        q_diag_add(d, Q_EUSAGE, NULL, 0, 0, "--scale %g: wants a factor up to 16 and at most 32000 pixels a side",
                   o->chart_scale);
        rc = -1;
    }
    id_search is = {.want = o->chart_id};
    q_suggest_init(&is.s, o->chart_id);
    chart_ids(t->root, id_seen, &is);
    if (!is.found) {
        if (q_suggest_best(&is.s))
            q_diag_add(d, Q_EUSAGE, t->path, 0, 0, "no chart has id '%s'; did you mean '%s'?", o->chart_id,
                       q_suggest_best(&is.s));
        else if (is.n)
            q_diag_add(d, Q_EUSAGE, t->path, 0, 0, "no chart has id '%s' (the template's charts: %s)", o->chart_id,
                       q_buf_str(&is.all));
        else
            q_diag_add(d, Q_EUSAGE, t->path, 0, 0, "no chart has id '%s': the template has no <chart>", o->chart_id);
        rc = -1;
    }
    q_buf_free(&is.all);
    return rc;
}

static void xml_escaped(q_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '&') q_buf_puts(b, "&amp;");
        else if (ch == '<') q_buf_puts(b, "&lt;");
        else if (ch == '>') q_buf_puts(b, "&gt;");
        else if (ch == '"') q_buf_puts(b, "&quot;");
        else if (ch >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r') q_buf_putc(b, *s);
        /* other control characters cannot stand in XML 1.0 */
    }
}

char *q_svg_add_title(const char *svg, size_t n, const char *title, const char *desc, size_t *outn)
{
    const char *p = svg, *end = svg + n, *tag = NULL;
    /* The first element's start tag, past the declaration and comments. */
    while (!tag && (p = memchr(p, '<', (size_t)(end - p)))) {
        const char *close = !strncmp(p, "<!--", 4) ? "-->" : p[1] == '?' ? "?>" : p[1] == '!' ? ">" : NULL;
        if (!close) {
            if ((size_t)(end - p) > 4 && !strncmp(p, "<svg", 4) && strchr(" \t\r\n>/", p[4]))
                tag = p;
            else
                return NULL;
            break;
        }
        p = memmem(p + 2, (size_t)(end - p - 2), close, strlen(close));
        if (!p)
            return NULL;
    }
    if (!tag)
        return NULL;
    char quote = 0;
    for (p = tag + 4; p < end && (quote || *p != '>'); p++)
        if (quote ? *p == quote : (*p == '"' || *p == '\''))
            quote = quote ? 0 : *p;
    if (p == end || p[-1] == '/')
        return NULL;
    q_buf b = {0};
    q_buf_add(&b, svg, (size_t)(p + 1 - svg));
    if (title && *title) {
        q_buf_puts(&b, "\n<title>");
        xml_escaped(&b, title);
        q_buf_puts(&b, "</title>");
    }
    if (desc && *desc) {
        q_buf_puts(&b, "\n<desc>");
        xml_escaped(&b, desc);
        q_buf_puts(&b, "</desc>");
    }
    q_buf_add(&b, p + 1, (size_t)(end - p - 1));
    *outn = b.n;
    return q_buf_take(&b);
}

static const q_block *find_chart(const q_blocks *bs, const char *id)
{
    for (size_t i = 0; i < bs->n; i++)
        if (bs->v[i].kind == QB_CHART && !strcmp(bs->v[i].chart->chart->id, id))
            return &bs->v[i];
    return NULL;
}

/* The figure's alt text: the chart's alt, or what drawing made of it. */
static const char *figure_alt(const q_dlist *dl)
{
    for (size_t i = 1; i < dl->nelems; i++)
        if (dl->elems[i].kind == Q_EL_FIGURE)
            return dl->elems[i].alt;
    return NULL;
}

/* The chart drawn on a page of its own; SVG gets its title and alt text. */
static int paint(const q_dlist *dl, const q_chart *c, int fmt, double scale, const char *file, time_t when,
                 q_buf *out, q_diags *d)
{
    if (fmt == FMT_PDF) {
        q_hpdf_opts ho = {when, file};
        return q_paint_hpdf(dl, &ho, out, d);
    }
    if (fmt == FMT_PNG)
        return q_paint_cairo_image(dl, Q_CAIRO_PNG, 72 * scale, file, out, d);
    q_buf svg = {0};
    int rc = q_paint_cairo_image(dl, Q_CAIRO_SVG, 72, file, &svg, d);
    size_t n = 0;
    char *titled = rc == 0 ? q_svg_add_title(svg.s, svg.n, c->title, figure_alt(dl), &n) : NULL;
    if (rc == 0 && !titled) {
        q_diag_add(d, Q_EDATA, file, 0, 0, "cairo wrote an SVG without an <svg> element");
        rc = -1;
    }
    if (titled)
        q_buf_add(out, titled, n);
    free(titled);
    q_buf_free(&svg);
    return rc;
}

int q_export_chart(const q_template *t, const q_doc *doc, q_fonts *fonts, const quire_options *o, time_t when,
                   q_buf *out, q_diags *d)
{
    const q_block *b = find_chart(&doc->body, o->chart_id);
    if (!b) {
        q_diag_add(d, Q_EUSAGE, t->path, 0, 0,
                   "chart '%s' is not drawn with these parameters: it stands in an <if> not taken or a <for-each> "
                   "whose query found no rows",
                   o->chart_id);
        return -1;
    }
    if (q_layout_chart_fonts(doc, fonts, &b->st.text, t->path, b->line, d) != 0)
        return -1;
    const q_chart_block *cb = b->chart;
    double w = o->chart_width > 0 ? o->chart_width : Q_CHART_EXPORT_W;
    double h = o->chart_height > 0 ? o->chart_height : Q_CHART_EXPORT_H;
    q_chart_env env = {fonts, b->st.text.family, &cb->nf, q_chart_look_screen(w, h), 0, t->path, b->line};
    /* alone on a page, a chart keeps a margin, as Datawrapper's exports do */
    double m = env.look.pad * 1.4;
    if (!(o->chart_height > 0)) {
        /* No height asked for: a chart whose rows need more gets it. */
        double need = q_chart_height(cb->chart, cb->data, &env, w - 2 * m, h - 2 * m, d);
        if (need < 0)
            return -1;
        need += 2 * m;
        h = need > 14400 ? 14400 : need > h ? need : h;
    }
    q_dlist dl = {0};
    dl.fonts = fonts;
    dl.title = cb->chart->title && *cb->chart->title ? cb->chart->title : doc->title;
    dl.author = doc->author;
    dl.subject = doc->subject;
    dl.keywords = doc->keywords;
    dl.lang = doc->lang;
    q_page *pg = q_dlist_add_page(&dl, w, h);
    int rc = q_chart_draw(cb->chart, cb->data, &env, m, m, w - 2 * m, h - 2 * m, &dl, pg, d);
    if (rc == 0 && !q_diags_failed(d)) {
        q_dlist_set_glyphs(&dl);
        rc = paint(&dl, cb->chart, format_of(o), o->chart_scale > 0 ? o->chart_scale : 1, t->path, when, out, d);
    }
    q_dlist_free(&dl);
    return rc == 0 && !q_diags_failed(d) ? 0 : -1;
}
