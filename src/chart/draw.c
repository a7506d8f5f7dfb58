/* Chart drawing: the frame (title, subtitle, legend, source line), the
 * text and shape helpers every drawer uses, and the dispatch by type.
 * docs/charts.md, "Drawing". */
#include "chart/draw_impl.h"
#include "font/minus.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

#define LEADING 1.2

void q_chart_data_free(q_chart_data *data)
{
    if (!data)
        return;
    for (int i = 0; i < data->nrows; i++)
        free(data->x_text ? data->x_text[i] : NULL);
    for (int s = 0; s < data->nseries; s++)
        free(data->series ? data->series[s] : NULL);
    free(data->x_text);
    free(data->x_num);
    free(data->series);
    free(data->v);
    free(data->is_null);
    memset(data, 0, sizeof *data);
}

/* FT print frame sizes (charts.md §9), a little smaller for a 65 mm chart
 * beside 10 pt body text. */
q_chart_look q_chart_look_print(void)
{
    q_chart_look k = {11, 8.8, 8, 7, 7.5, 1.75, 0.4, 0.8, 2.6, 6};
    return k;
}

/* Datawrapper-like web sizes at 800 × 450, scaled with the smaller side. */
q_chart_look q_chart_look_screen(double w, double h)
{
    q_chart_look k = {22, 16, 14, 12, 13, 3, 1, 1.5, 4.5, 12};
    double s = fmin(w / 800, h / 450);
    s = fmax(0.45, fmin(1.5, s));
    k.title *= s; k.subtitle *= s; k.label *= s; k.source *= s; k.value *= s;
    k.line *= s; k.marker *= s; k.pad *= s; k.grid *= fmax(s, 0.5); k.baseline *= fmax(s, 0.5);
    return k;
}

/* ---- helpers ---- */

/* The face that sets a U+2212 f lacks (font/minus.c), or NULL. */
static q_face *minus_face(cdraw *cd, q_face *f, const char *s, size_t len)
{
    return q_minus_find(s, len) ? q_minus_face(cd->env->fonts, f, f == cd->bold, 0) : NULL;
}

double cd_width(cdraw *cd, q_face *f, double size, const char *s, size_t len)
{
    q_face *alt = minus_face(cd, f, s, len);
    double w = 0;
    for (const char *m; alt && (m = q_minus_find(s, len));) {
        w += q_face_text_width(f, s, (size_t)(m - s), size) + q_face_text_width(alt, m, 3, size);
        len -= (size_t)(m - s) + 3;
        s = m + 3;
    }
    return w + (len ? q_face_text_width(f, s, len, size) : 0);
}

double cd_ascent(q_face *f, double size)
{
    return q_face_ascender(f) * size / 1000;
}

double cd_text(cdraw *cd, q_face *f, double size, uint32_t color, double x, double y,
               const char *s, size_t len, int align)
{
    double w = cd_width(cd, f, size, s, len);
    if (align == CA_CENTER)
        x -= w / 2;
    else if (align == CA_RIGHT)
        x -= w;
    if (!cd->page || !len)
        return w;
    q_face *alt = minus_face(cd, f, s, len);
    for (const char *m; alt && (m = q_minus_find(s, len));) {
        double w0 = q_face_text_width(f, s, (size_t)(m - s), size), wm = q_face_text_width(alt, m, 3, size);
        if (m > s)
            q_page_push(cd->page, q_op_text(cd->tag, x, y, q_face_id(f), size, color, s, (size_t)(m - s), w0));
        q_page_push(cd->page, q_op_text(cd->tag, x + w0, y, q_face_id(alt), size, color, m, 3, wm));
        x += w0 + wm;
        len -= (size_t)(m - s) + 3;
        s = m + 3;
    }
    if (len)
        q_page_push(cd->page, q_op_text(cd->tag, x, y, q_face_id(f), size, color, s, len,
                                        q_face_text_width(f, s, len, size)));
    return w;
}

int cd_wrap(cdraw *cd, q_face *f, double size, const char *s, double w,
            size_t *start, size_t *end, int max)
{
    size_t len = strlen(s), i = 0;
    int n = 0;
    while (i < len && n < max) {
        while (i < len && s[i] == ' ')
            i++;
        if (i >= len)
            break;
        size_t best = 0, j = i;
        while (j <= len) {
            size_t k = j;
            while (k < len && s[k] != ' ')
                k++;
            if (best && cd_width(cd, f, size, s + i, k - i) > w)
                break;
            best = k;
            if (k >= len)
                break;
            j = k + 1;
        }
        /* the last line takes the rest: nothing is dropped */
        if (n == max - 1)
            best = len;
        start[n] = i;
        end[n++] = best;
        i = best;
    }
    return n;
}

void cd_rect(cdraw *cd, double x, double y, double w, double h, uint32_t color)
{
    if (cd->page && w > 0 && h > 0)
        q_page_push(cd->page, q_op_rect(cd->tag, x, y, w, h, color));
}

void cd_hline(cdraw *cd, double x0, double x1, double y, double width, uint32_t color)
{
    if (cd->page)
        q_page_push(cd->page, q_op_line(cd->tag, x0, y, x1, y, width, color));
}

void cd_vline(cdraw *cd, double x, double y0, double y1, double width, uint32_t color)
{
    if (cd->page)
        q_page_push(cd->page, q_op_line(cd->tag, x, y0, x, y1, width, color));
}

q_path *cd_path(cdraw *cd, int paint, uint32_t fill, uint32_t stroke, double width)
{
    if (!cd->page)
        return NULL;
    return &q_page_push(cd->page, q_op_path(cd->tag, paint, fill, stroke, width))->path;
}

uint32_t cd_series_color(const cdraw *cd, int s)
{
    return q_rgb_to_hex(q_series_color(cd->c->colors, cd->c->ncolors, s));
}

uint32_t cd_series_text_color(const cdraw *cd, int s)
{
    q_rgb c = q_series_color(cd->c->colors, cd->c->ncolors, s);
    return q_rgb_to_hex(q_text_color(c, q_rgb_hex(Q_CHART_WHITE), 4.5));
}

int cd_format(cdraw *cd, double v, const char *fmt, char *out, size_t outsz)
{
    q_value qv = {QV_REAL, 0, v, NULL};
    if (v == floor(v) && fabs(v) < 9e15) {
        qv.type = QV_INT;
        qv.i = (int64_t)v;
    }
    q_buf b = {0};
    char err[200];
    int rc = q_format_value(&qv, fmt, cd->env->nf, &b, err, sizeof err);
    if (rc) {
        q_diag_add(cd->d, Q_EDATA, cd->env->file, cd->env->line, 0, "chart '%s': %s", cd->c->id, err);
        cd->failed = 1;
        snprintf(out, outsz, "%s", "");
    } else {
        snprintf(out, outsz, "%s", b.s ? b.s : "");
    }
    q_buf_free(&b);
    return rc;
}

int cd_repel(const double *t, const double *h, int n, double pad, double lo, double hi, double *y)
{
    if (n <= 0)
        return 0;
    int *ord = q_xmalloc(n * sizeof *ord);
    double *u = q_xmalloc(n * sizeof *u), *off = q_xmalloc(n * sizeof *off);
    int *bstart = q_xmalloc(n * sizeof *bstart);
    double *bsum = q_xmalloc(n * sizeof *bsum);
    for (int i = 0; i < n; i++)
        ord[i] = i;
    for (int i = 1; i < n; i++)   /* insertion sort by target: n is small */
        for (int j = i; j > 0 && t[ord[j]] < t[ord[j - 1]]; j--) {
            int tmp = ord[j]; ord[j] = ord[j - 1]; ord[j - 1] = tmp;
        }
    /* offsets of each centre from the first, stacked tight */
    off[0] = 0;
    for (int i = 1; i < n; i++)
        off[i] = off[i - 1] + (h[ord[i - 1]] + h[ord[i]]) / 2 + pad;
    double top = lo + h[ord[0]] / 2, bottom = hi - h[ord[n - 1]] / 2 - off[n - 1];
    int fits = bottom >= top - 1e-9;
    for (int i = 0; i < n; i++)
        u[i] = t[ord[i]] - off[i];
    /* pool adjacent violators: u must not decrease */
    int nb = 0;
    for (int i = 0; i < n; i++) {
        bstart[nb] = i;
        bsum[nb] = u[i];
        nb++;
        while (nb > 1) {
            int len_a = bstart[nb - 1] - bstart[nb - 2], len_b = i + 1 - bstart[nb - 1];
            if (bsum[nb - 2] / len_a <= bsum[nb - 1] / len_b)
                break;
            bsum[nb - 2] += bsum[nb - 1];
            nb--;
        }
    }
    for (int b = 0; b < nb; b++) {
        int end = b + 1 < nb ? bstart[b + 1] : n;
        double mean = bsum[b] / (end - bstart[b]);
        mean = fits ? fmin(fmax(mean, top), bottom) : top;
        for (int i = bstart[b]; i < end; i++)
            y[ord[i]] = mean + off[i];
    }
    free(ord); free(u); free(off); free(bstart); free(bsum);
    return fits ? 0 : -1;
}

size_t cd_mark(const cdraw *cd)
{
    return cd->page ? cd->page->n : 0;
}

/* A text's ink, cap height to just under the baseline, with room around. */
static void ink(const q_text *t, double *b)
{
    double room = t->size * 0.15;
    b[0] = t->x - room;
    b[1] = t->y - 0.72 * t->size - room;
    b[2] = t->x + t->w + room;
    b[3] = t->y + 0.18 * t->size + room;
}

void cd_values_keep(cdraw *cd, size_t mark)
{
    if (!cd->page)
        return;
    q_page *p = cd->page;
    int clash = 0;
    for (size_t i = mark; i < p->n && !clash; i++) {
        if (p->ops[i].kind != DL_TEXT)
            continue;
        double a[4];
        ink(&p->ops[i].text, a);
        for (size_t j = cd->first; j < p->n && !clash; j++) {
            if (j == i || p->ops[j].kind != DL_TEXT)
                continue;
            double b[4];
            ink(&p->ops[j].text, b);
            clash = a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
        }
    }
    if (!clash)
        return;
    for (size_t i = mark; i < p->n; i++)
        q_op_free(&p->ops[i]);
    p->n = mark;
    q_warn_add(cd->d, cd->env->file, cd->env->line, 0,
               "chart '%s': the value labels do not fit without overlapping; they are left out "
               "(a wider chart, fewer series or values=\"false\")", cd->c->id);
}

void cd_empty(cdraw *cd, const char *msg)
{
    double cx = (cd->px0 + cd->px1) / 2, cy = (cd->py0 + cd->py1) / 2;
    cd_text(cd, cd->reg, cd->k.label, Q_CHART_MUTED, cx, cy + cd->k.label / 3, msg, strlen(msg),
            CA_CENTER);
}

/* ---- the frame ---- */

/* A block of wrapped text from the top (y) or upwards from the bottom;
 * returns its height. */
static double text_block(cdraw *cd, q_face *f, double size, uint32_t color, const char *s,
                         double y, int max)
{
    if (!s || !*s)
        return 0;
    size_t st[8], en[8];
    int n = cd_wrap(cd, f, size, s, cd->w, st, en, max > 8 ? 8 : max);
    double lh = size * LEADING;
    for (int i = 0; i < n; i++)
        cd_text(cd, f, size, color, cd->x, y + i * lh + cd_ascent(f, size), s + st[i],
                en[i] - st[i], CA_LEFT);
    return n * lh;
}

/* The colour key: swatches and names in rows, left-aligned from y, or
 * one item a line right of the plot (legend="right"). Returns the height
 * it takes (right: its width). */
static double legend(cdraw *cd, double y, int draw, int right)
{
    const q_chart_data *dt = cd->data;
    double sz = cd->k.label, sw = sz * 0.8, gap = sz * 0.4, item_gap = sz * 1.2, lh = sz * 1.4;
    int line_key = cd->c->type == Q_CHART_LINE;
    double x = cd->x, top = y, widest = 0;
    for (int s = 0; s < dt->nseries; s++) {
        const char *name = dt->series[s];
        double iw = sw + gap + cd_width(cd, cd->reg, sz, name, strlen(name));
        widest = fmax(widest, iw);
        if (right) {
            x = cd->px1 + sz;
            top = y + s * lh;
        } else if (x > cd->x && x + iw > cd->x + cd->w) {
            x = cd->x;   /* the next row */
            top += lh;
        }
        if (draw) {
            double mid = top + lh / 2;
            if (line_key)
                cd_hline(cd, x, x + sw, mid, cd->k.line, cd_series_color(cd, s));
            else
                cd_rect(cd, x, mid - sw / 2, sw, sw, cd_series_color(cd, s));
            cd_text(cd, cd->reg, sz, Q_CHART_INK, x + sw + gap, mid + sz * 0.35, name, strlen(name),
                    CA_LEFT);
        }
        x += iw + item_gap;
    }
    return right ? widest + sz : top + lh - y;
}

static int legend_kind(cdraw *cd)
{
    if (cd->data->nseries < 2 || cd->c->legend == Q_LEGEND_NONE)
        return Q_LEGEND_NONE;
    q_chart_type t = cd->c->type;
    if (t == Q_CHART_PIE || t == Q_CHART_DONUT || t == Q_CHART_FUNNEL)
        return Q_LEGEND_NONE;
    if (cd->c->legend == Q_LEGEND_AUTO)
        return cd_xy_wants_legend(cd) ? Q_LEGEND_TOP : Q_LEGEND_NONE;
    return cd->c->legend;
}

static int draw_all(cdraw *cd)
{
    const q_chart *c = cd->c;
    q_chart_look *k = &cd->k;
    double y = cd->y;
    y += text_block(cd, cd->bold, k->title, Q_CHART_INK, c->title, y, 3);
    y += text_block(cd, cd->reg, k->subtitle, Q_CHART_MUTED, c->subtitle, y, 3);
    if ((c->title && *c->title) || (c->subtitle && *c->subtitle))
        y += k->pad;
    double bottom = cd->y + cd->h;
    if (c->source && *c->source) {
        size_t st[4], en[4];
        int n = cd_wrap(cd, cd->reg, k->source, c->source, cd->w, st, en, 4);
        double hgt = n * k->source * LEADING + k->source * 0.2;   /* the last line's descenders */
        bottom -= hgt;
        text_block(cd, cd->reg, k->source, Q_CHART_MUTED, c->source, bottom, 4);
        bottom -= k->pad;
    }
    cd->px0 = cd->x;
    cd->px1 = cd->x + cd->w;
    cd->py0 = y;
    cd->py1 = bottom;
    int lg = cd->data->nrows ? legend_kind(cd) : Q_LEGEND_NONE;
    if (lg == Q_LEGEND_TOP) {
        cd->py0 += legend(cd, cd->py0, 1, 0) + k->pad * 0.5;
    } else if (lg == Q_LEGEND_BOTTOM) {
        double lh = legend(cd, 0, 0, 0);
        legend(cd, cd->py1 - lh, 1, 0);
        cd->py1 -= lh + k->pad * 0.5;
    } else if (lg == Q_LEGEND_RIGHT) {
        double lw = legend(cd, 0, 0, 1);
        cd->px1 -= lw;
        legend(cd, cd->py0, 1, 1);
    }
    cd->legend_items = lg != Q_LEGEND_NONE;
    /* a chart squeezed below a few lines of plot draws what it can */
    if (cd->py1 - cd->py0 < k->label * 2) {
        cd->need_h = fmax(cd->need_h, cd->h + k->label * 2 - (cd->py1 - cd->py0));
        cd->py1 = cd->py0 + k->label * 2;
    }
    if (cd->data->nrows == 0) {
        cd_empty(cd, "No data to show");
        return 0;
    }
    switch (c->type) {
    case Q_CHART_PIE:
    case Q_CHART_DONUT:
        return cd_draw_round(cd);
    case Q_CHART_FUNNEL:
        return cd_draw_funnel(cd);
    default:
        return cd_draw_xy(cd);
    }
}

static int setup(cdraw *cd, const q_chart *c, const q_chart_data *data, const q_chart_env *env,
                 double x, double y, double w, double h, q_dlist *dl, q_page *page, q_diags *d)
{
    memset(cd, 0, sizeof *cd);
    cd->c = c;
    cd->data = data;
    cd->env = env;
    cd->k = env->look;
    cd->dl = dl;
    cd->page = page;
    cd->d = d;
    cd->x = x;
    cd->y = y;
    cd->w = w;
    cd->h = h;
    cd->horizontal = c->horizontal;
    char err[256];
    cd->reg = q_fonts_find(env->fonts, env->family, 0, 0, err, sizeof err);
    if (cd->reg)
        cd->bold = q_fonts_find(env->fonts, env->family, 1, 0, err, sizeof err);
    if (!cd->reg || !cd->bold) {
        q_diag_add(d, Q_EDATA, env->file, env->line, 0, "chart '%s': %s", c->id, err);
        return -1;
    }
    cd->ls = (q_label_style){q_measure_face, cd->reg, cd->k.label, cd->k.label * LEADING,
                             cd->k.label * 0.5};
    return 0;
}

double q_chart_height(const q_chart *c, const q_chart_data *data, const q_chart_env *env,
                      double w, double h, q_diags *d)
{
    cdraw cd;
    if (setup(&cd, c, data, env, 0, 0, w, h, NULL, NULL, d))
        return -1;
    q_diags quiet = {0};   /* problems are reported once, by the drawing */
    cd.d = &quiet;
    draw_all(&cd);
    q_diags_free(&quiet);
    return fmax(h, cd.need_h);
}

/* Alt text for a chart without one: its type, title, what runs along x
 * and the range of the values ("Bar chart: Removals fell after 2012.
 * 9 values for 2008 to 2016, from 235,413 to 409,849."). */
static char *generated_alt(cdraw *cd)
{
    const q_chart *c = cd->c;
    const q_chart_data *dt = cd->data;
    static const char *const names[] = {"Bar chart", "Horizontal bar chart", "Grouped bar chart",
                                        "Stacked bar chart", "Line chart", "Area chart", "Pie chart",
                                        "Donut chart", "Scatter plot", "Funnel chart"};
    q_buf b = {0};
    q_buf_printf(&b, "%s", names[c->type]);
    if (c->title && *c->title)
        q_buf_printf(&b, ": %s", c->title);
    q_buf_printf(&b, ".");
    double lo = INFINITY, hi = -INFINITY;
    int n = 0;
    for (int s = 0; s < dt->nseries; s++)
        for (int i = 0; i < dt->nrows; i++)
            if (cd_has(cd, s, i)) {
                lo = fmin(lo, cd_v(cd, s, i));
                hi = fmax(hi, cd_v(cd, s, i));
                n++;
            }
    if (n == 0) {
        q_buf_printf(&b, " No data.");
        return q_buf_take(&b);
    }
    q_diags quiet = {0};   /* a format the values refuse is reported by the drawing */
    q_diags *d = cd->d;
    cd->d = &quiet;
    char a[64], z[64];
    const char *fmt = c->y_format ? c->y_format : lo == floor(lo) && hi == floor(hi) ? "int" : "num:2";
    cd_format(cd, lo, fmt, a, sizeof a);
    cd_format(cd, hi, fmt, z, sizeof z);
    cd->d = d;
    cd->failed = 0;
    q_diags_free(&quiet);
    q_buf_printf(&b, " %d value%s", n, n == 1 ? "" : "s");
    if (dt->nseries > 1)
        q_buf_printf(&b, " in %d series", dt->nseries);
    if (dt->nrows > 1)
        q_buf_printf(&b, " for %s to %s", dt->x_text[0], dt->x_text[dt->nrows - 1]);
    if (lo == hi)
        q_buf_printf(&b, ", all %s.", a);
    else
        q_buf_printf(&b, ", from %s to %s.", a, z);
    return q_buf_take(&b);
}

int q_chart_draw(const q_chart *c, const q_chart_data *data, const q_chart_env *env,
                 double x, double y, double w, double h, q_dlist *dl, q_page *page, q_diags *d)
{
    cdraw cd;
    if (setup(&cd, c, data, env, x, y, w, h, dl, page, d))
        return -1;
    uint32_t fig = q_dlist_add_elem(dl, Q_EL_FIGURE, env->parent, env->line);
    cd.tag = (q_tag){fig, Q_ART_NONE};
    dl->elems[fig].alt = c->alt && *c->alt ? q_xstrdup(c->alt) : generated_alt(&cd);
    cd.first = page->n;
    int rc = draw_all(&cd);
    return rc || cd.failed ? -1 : 0;
}
