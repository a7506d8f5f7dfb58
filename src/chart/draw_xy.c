/* Charts with axes: the value axis, category labels, gridlines, reference
 * lines and the bar family (bar, hbar, grouped-bar, stacked-bar). Lines,
 * areas and scatter plots are in draw_line.c. */
#include "chart/draw_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

#define BAR_FILL 0.72          /* a lone bar takes this much of its band */
#define GROUP_FILL 0.82        /* a group of bars */

int cd_axis_make(cdraw *cd, double lo, double hi, int zero, double length, const char *fmt,
                 int horizontal, cd_axis *a)
{
    char err[256];
    int target = q_ticks_target(length, cd->k.label);
    for (;; target--) {
        if (q_ticks_nice(lo, hi, zero, target, &a->t, err, sizeof err) ||
            q_ticks_labels(&a->t, fmt, cd->env->nf, a->labels, err, sizeof err)) {
            q_diag_add(cd->d, Q_EDATA, cd->env->file, cd->env->line, 0, "chart '%s': %s",
                       cd->c->id, err);
            cd->failed = 1;
            return -1;
        }
        a->label_w = 0;
        for (int i = 0; i < a->t.n; i++)
            a->label_w = fmax(a->label_w, cd_width(cd, cd->reg, cd->k.label, a->labels[i],
                                                   strlen(a->labels[i])));
        /* along x, labels side by side must keep apart: fewer ticks */
        double spacing = length / (a->t.n > 1 ? a->t.n - 1 : 1);
        if (!horizontal || target <= 2 || a->label_w + cd->ls.gap <= spacing)
            return 0;
    }
}

double cd_axis_at(const cd_axis *a, double v, double p0, double p1)
{
    double span = a->t.hi - a->t.lo;
    return span > 0 ? p0 + (v - a->t.lo) / span * (p1 - p0) : p0;
}

double cd_xy_value(const cdraw *cd, const cd_xy *g, double v)
{
    return cd->horizontal ? cd_axis_at(&g->va, v, g->x0, g->x1)
                          : cd_axis_at(&g->va, v, g->y1, g->y0);
}

static int is_bar(const cdraw *cd)
{
    return q_chart_is_bar(cd->c->type);
}

static int is_stacked(const cdraw *cd)
{
    return cd->c->stacked && cd->data->nseries > 1;
}

int cd_xy_wants_legend(cdraw *cd)
{
    q_chart_type t = cd->c->type;
    if (cd->data->nseries < 2)
        return 0;
    if (t != Q_CHART_LINE && t != Q_CHART_AREA)
        return 1;
    if (is_stacked(cd) || cd->data->nseries > 7)
        return 1;
    return cd_direct_gutter(cd) > cd->w * 0.3;
}

double cd_direct_gutter(cdraw *cd)
{
    double w = 0;
    for (int s = 0; s < cd->data->nseries; s++)
        w = fmax(w, cd_width(cd, cd->reg, cd->k.label, cd->data->series[s],
                             strlen(cd->data->series[s])));
    return w + cd->k.label * 0.6;
}

/* The extent of what the value axis shows: values, stacks, ref lines. */
static int value_extent(cdraw *cd, double *lo, double *hi)
{
    const q_chart_data *dt = cd->data;
    int any = 0;
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int i = 0; i < dt->nrows; i++) {
        double pos = 0, neg = 0;
        for (int s = 0; s < dt->nseries; s++) {
            if (!cd_has(cd, s, i))
                continue;
            double v = cd_v(cd, s, i);
            any = 1;
            if (is_stacked(cd)) {
                if (v >= 0)
                    pos += v;
                else
                    neg += v;
            } else {
                *lo = fmin(*lo, v);
                *hi = fmax(*hi, v);
            }
        }
        if (is_stacked(cd)) {
            *lo = fmin(*lo, neg);
            *hi = fmax(*hi, pos);
        }
    }
    for (int r = 0; r < cd->c->nrefs; r++)
        if (cd->c->refs[r].axis == 'y' && cd->c->refs[r].numeric) {
            *lo = fmin(*lo, cd->c->refs[r].value);
            *hi = fmax(*hi, cd->c->refs[r].value);
        }
    if (cd->c->has_y_min)
        *lo = cd->c->y_min;
    if (cd->c->has_y_max)
        *hi = fmax(cd->c->y_max, *lo);
    return any;
}

static void free_xy(cd_xy *g)
{
    q_label_fit_free(&g->fit);
    free(g->pos);
}

/* ---- gridlines, tick labels, reference lines ---- */

static void value_grid(cdraw *cd, cd_xy *g)
{
    double sz = cd->k.label;
    if (g->bare)
        return;
    for (int i = 0; i < g->va.t.n; i++) {
        double v = g->va.t.v[i], p = cd_xy_value(cd, g, v);
        const char *lab = g->va.labels[i];
        if (cd->horizontal) {
            cd_vline(cd, p, g->y0, g->y1, cd->k.grid, Q_CHART_GRID);
            cd_text(cd, cd->reg, sz, Q_CHART_MUTED, p, g->y1 + cd->k.pad * 0.4 + cd_ascent(cd->reg, sz),
                    lab, strlen(lab), CA_CENTER);
        } else {
            cd_hline(cd, g->x0, g->x1, p, cd->k.grid, Q_CHART_GRID);
            cd_text(cd, cd->reg, sz, Q_CHART_MUTED, g->x0 - sz * 0.5, p + sz * 0.35, lab, strlen(lab),
                    CA_RIGHT);
        }
    }
}

/* The zero line, over the bars; a line chart that does not reach zero
 * gets its bottom gridline darker instead. */
static void baseline(cdraw *cd, cd_xy *g)
{
    double at = g->va.t.lo <= 0 && g->va.t.hi >= 0 ? 0 : g->va.t.lo;
    double p = cd_xy_value(cd, g, at);
    if (cd->horizontal)
        cd_vline(cd, p, g->y0, g->y1, cd->k.baseline, Q_CHART_BASELINE);
    else
        cd_hline(cd, g->x0, g->x1, p, cd->k.baseline, Q_CHART_BASELINE);
}

static void dashed(cdraw *cd, double x0, double y0, double x1, double y1)
{
    q_path *p = cd_path(cd, Q_PAINT_STROKE, 0, Q_CHART_BASELINE, cd->k.baseline);
    if (!p)
        return;
    double dash[2] = {cd->k.label * 0.4, cd->k.label * 0.3};
    q_path_dash(p, dash, 2, 0);
    q_path_move(p, x0, y0);
    q_path_line(p, x1, y1);
}

/* Where row i of the category axis sits (its centre). */
static double row_pos(const cd_xy *g, int i)
{
    return g->pos[i];
}

static void ref_lines(cdraw *cd, cd_xy *g)
{
    double sz = cd->k.value;
    for (int r = 0; r < cd->c->nrefs; r++) {
        const q_ref_line *rl = &cd->c->refs[r];
        const char *lab = rl->label ? rl->label : "";
        if (rl->axis == 'y' && rl->numeric) {
            double p = cd_xy_value(cd, g, rl->value);
            if (cd->horizontal) {
                dashed(cd, p, g->y0, p, g->y1);
                cd_text(cd, cd->reg, sz, Q_CHART_INK, p + sz * 0.3, g->y0 + cd_ascent(cd->reg, sz),
                        lab, strlen(lab), CA_LEFT);
            } else {
                dashed(cd, g->x0, p, g->x1, p);
                cd_text(cd, cd->reg, sz, Q_CHART_INK, g->x1, p - sz * 0.35, lab, strlen(lab), CA_RIGHT);
            }
            continue;
        }
        if (rl->axis != 'x')
            continue;
        double p = NAN;
        if (cd->c->type == Q_CHART_SCATTER && rl->numeric) {
            p = cd_axis_at(&g->xa, rl->value, g->x0, g->x1);
        } else {
            for (int i = 0; i < cd->data->nrows; i++)
                if (!strcmp(cd->data->x_text[i], rl->at) ||
                    (rl->numeric && cd->data->x_numeric && cd->data->x_num[i] == rl->value)) {
                    p = row_pos(g, i);
                    break;
                }
        }
        if (isnan(p))
            continue;   /* a category the data does not have: nothing to mark */
        if (cd->horizontal) {
            dashed(cd, g->x0, p, g->x1, p);
            cd_text(cd, cd->reg, sz, Q_CHART_INK, g->x1, p - sz * 0.35, lab, strlen(lab), CA_RIGHT);
        } else {
            dashed(cd, p, g->y0, p, g->y1);
            cd_text(cd, cd->reg, sz, Q_CHART_INK, p + sz * 0.3, g->y0 + cd_ascent(cd->reg, sz), lab,
                    strlen(lab), CA_LEFT);
        }
    }
}

/* Category or ordered labels under the plot (or left of rows). */
static void category_labels(cdraw *cd, cd_xy *g)
{
    double sz = cd->k.label, lh = cd->ls.line_height;
    for (int i = 0; i < g->fit.n; i++) {
        const q_label *l = &g->fit.labels[i];
        if (!l->shown)
            continue;
        for (int j = 0; j < l->nlines; j++) {
            const char *s = l->line[j];
            if (cd->horizontal) {
                double top = g->y0 + l->box.y + j * lh;
                cd_text(cd, cd->reg, sz, Q_CHART_INK, g->x0 - sz * 0.5, top + cd_ascent(cd->reg, sz), s,
                        strlen(s), CA_RIGHT);
            } else {
                double top = g->y1 + cd->k.pad * 0.4 + j * lh;
                double cx = l->box.x + l->box.w / 2 + (cd->c->type == Q_CHART_SCATTER ? 0 : g->x0);
                cd_text(cd, cd->reg, sz, Q_CHART_INK, cx, top + cd_ascent(cd->reg, sz), s, strlen(s),
                        CA_CENTER);
            }
        }
    }
}

/* ---- geometry ---- */

static const char *const *xtexts(const cdraw *cd)
{
    return (const char *const *)cd->data->x_text;
}

/* Vertical: columns (or points) along x, values up. Returns 0, 1 when
 * the labels ask for horizontal bars, or -1. */
static int plan_columns(cdraw *cd, cd_xy *g, int zero)
{
    const q_chart_data *dt = cd->data;
    int n = dt->nrows;
    double line = cd->ls.line_height, pad = cd->k.pad;
    double head = cd->c->values ? cd->k.value * 1.4 : 0;
    int ordered = !is_bar(cd) || dt->x_ordered;
    double extent = line;
    g->y0 = cd->py0 + fmax(head, cd->k.label * 0.6);
    for (int pass = 0; pass < 2; pass++) {
        g->y1 = cd->py1 - extent - pad * 0.4 - cd->k.label * 0.25;
        if (g->y1 - g->y0 < line)
            g->y1 = g->y0 + line;
        if (cd_axis_make(cd, g->lo, g->hi, zero, g->y1 - g->y0, cd->c->y_format, 0, &g->va))
            return -1;
        g->x0 = cd->px0 + g->va.label_w + cd->k.label * 0.5;
        g->x1 = cd->px1 - g->rgutter;
        if (!is_bar(cd) && n > 0) {
            /* points sit on the plot's edges: their labels must not cross the chart's */
            const char *first = dt->x_text[0], *last = dt->x_text[n - 1];
            /* and the first one clears the value labels' column */
            g->x0 += cd_width(cd, cd->reg, cd->k.label, first, strlen(first)) / 2;
            g->x1 = fmin(g->x1, cd->px1 - cd_width(cd, cd->reg, cd->k.label, last, strlen(last)) / 2);
        }
        double wdt = fmax(g->x1 - g->x0, 1);
        free(g->pos);
        g->pos = q_xmalloc((n ? n : 1) * sizeof *g->pos);
        q_label_fit_free(&g->fit);
        memset(&g->fit, 0, sizeof g->fit);
        if (is_bar(cd)) {
            g->band = wdt / n;
            for (int i = 0; i < n; i++)
                g->pos[i] = g->x0 + (i + 0.5) * g->band;
        } else if (dt->x_numeric && dt->x_ordered && g->xhi > g->xlo) {
            for (int i = 0; i < n; i++)
                g->pos[i] = g->x0 + (dt->x_num[i] - g->xlo) / (g->xhi - g->xlo) * wdt;
        } else {
            for (int i = 0; i < n; i++)
                g->pos[i] = n > 1 ? g->x0 + wdt * i / (n - 1) : g->x0 + wdt / 2;
        }
        if (ordered) {
            double *rel = q_xmalloc((n ? n : 1) * sizeof *rel);
            for (int i = 0; i < n; i++)
                rel[i] = g->pos[i] - g->x0;
            q_labels_ordered(xtexts(cd), rel, n, &cd->ls, &g->fit);
            free(rel);
        } else {
            q_labels_columns(xtexts(cd), n, g->band, &cd->ls, &g->fit);
            if (g->fit.status == Q_FIT_USE_HBAR)
                return 1;
        }
        g->fitted = 1;
        if (fabs(g->fit.extent - extent) < 0.01 || g->fit.extent <= 0)
            break;
        extent = g->fit.extent;
    }
    return 0;
}

/* Horizontal: rows from the top, values to the right. */
static int plan_rows(cdraw *cd, cd_xy *g)
{
    int n = cd->data->nrows;
    double line = cd->ls.line_height, pad = cd->k.pad;
    /* bars that carry their values need no value axis (Datawrapper's default) */
    g->bare = cd->c->values && !is_stacked(cd);
    g->y0 = cd->py0;
    g->y1 = g->bare ? cd->py1 : cd->py1 - line - pad * 0.4 - cd->k.label * 0.25;
    double band = (g->y1 - g->y0) / n;
    q_label_fit_free(&g->fit);
    memset(&g->fit, 0, sizeof g->fit);
    q_labels_rows(xtexts(cd), n, band, cd->w / 3, &cd->ls, &g->fit);
    if (g->fit.status == Q_FIT_TOO_DENSE) {
        /* more height, never overlapping labels: the document grows the chart */
        double need = g->fit.need;
        cd->need_h = fmax(cd->need_h, cd->h + need * n - (g->y1 - g->y0) + 1);
        q_label_fit_free(&g->fit);
        memset(&g->fit, 0, sizeof g->fit);
        q_labels_rows(xtexts(cd), n, fmax(need, band), cd->w / 3, &cd->ls, &g->fit);
    }
    g->fitted = 1;
    g->x0 = cd->px0 + g->fit.extent + cd->k.label * 0.5;
    double room = 0;
    if (cd->c->values) {
        char buf[64];
        for (int s = 0; s < cd->data->nseries; s++)
            for (int i = 0; i < n; i++)
                if (cd_has(cd, s, i)) {
                    cd_format(cd, cd_v(cd, s, i), cd->c->y_format, buf, sizeof buf);
                    room = fmax(room, cd_width(cd, cd->reg, cd->k.value, buf, strlen(buf)));
                }
        room += cd->k.value * 0.4;
    }
    g->x1 = cd->px1 - room;
    if (cd_axis_make(cd, g->lo, g->hi, 1, g->x1 - g->x0, cd->c->y_format, 1, &g->va))
        return -1;
    /* the end tick's label is centred on it: keep it inside the chart */
    double half = g->va.label_w / 2;
    if (g->x1 + half > cd->px1) {
        g->x1 = cd->px1 - half;
        if (cd_axis_make(cd, g->lo, g->hi, 1, g->x1 - g->x0, cd->c->y_format, 1, &g->va))
            return -1;
    }
    g->band = (g->y1 - g->y0) / n;
    free(g->pos);   /* columns that did not fit planned positions first */
    g->pos = q_xmalloc(n * sizeof *g->pos);
    for (int i = 0; i < n; i++)
        g->pos[i] = g->y0 + (i + 0.5) * g->band;
    return 0;
}

/* Scatter: numbers on both axes, neither forced to zero. */
static int plan_scatter(cdraw *cd, cd_xy *g)
{
    const q_chart_data *dt = cd->data;
    double line = cd->ls.line_height;
    g->xlo = INFINITY;
    g->xhi = -INFINITY;
    for (int i = 0; i < dt->nrows; i++)
        if (dt->x_numeric && !isnan(dt->x_num[i])) {
            g->xlo = fmin(g->xlo, dt->x_num[i]);
            g->xhi = fmax(g->xhi, dt->x_num[i]);
        }
    for (int r = 0; r < cd->c->nrefs; r++)
        if (cd->c->refs[r].axis == 'x' && cd->c->refs[r].numeric) {
            g->xlo = fmin(g->xlo, cd->c->refs[r].value);
            g->xhi = fmax(g->xhi, cd->c->refs[r].value);
        }
    if (!(g->xlo <= g->xhi)) {
        cd_empty(cd, "No values to show");
        return 1;
    }
    g->y0 = cd->py0 + cd->k.label * 0.6;
    g->y1 = cd->py1 - line - cd->k.pad * 0.4 - cd->k.label * 0.25;
    if (cd_axis_make(cd, g->lo, g->hi, 0, g->y1 - g->y0, cd->c->y_format, 0, &g->va))
        return -1;
    g->x0 = cd->px0 + g->va.label_w + cd->k.label * 0.5;
    g->x1 = cd->px1;
    if (cd_axis_make(cd, g->xlo, g->xhi, 0, g->x1 - g->x0, cd->c->x_format, 1, &g->xa))
        return -1;
    double half = g->xa.label_w / 2;
    if (g->x1 + half > cd->px1) {
        g->x1 = cd->px1 - half;
        if (cd_axis_make(cd, g->xlo, g->xhi, 0, g->x1 - g->x0, cd->c->x_format, 1, &g->xa))
            return -1;
    }
    return 0;
}

/* Scatter's x axis: light vertical gridlines and their labels. */
static void x_grid(cdraw *cd, cd_xy *g)
{
    double sz = cd->k.label;
    for (int i = 0; i < g->xa.t.n; i++) {
        double p = cd_axis_at(&g->xa, g->xa.t.v[i], g->x0, g->x1);
        const char *lab = g->xa.labels[i];
        cd_vline(cd, p, g->y0, g->y1, cd->k.grid, Q_CHART_GRID);
        cd_text(cd, cd->reg, sz, Q_CHART_MUTED, p, g->y1 + cd->k.pad * 0.4 + cd_ascent(cd->reg, sz), lab,
                strlen(lab), CA_CENTER);
    }
}

/* ---- bars ---- */

static void value_label(cdraw *cd, cd_xy *g, double v, double pos, double end, double thick,
                        uint32_t fill, int inside_ok)
{
    char buf[64];
    if (cd_format(cd, v, cd->c->y_format, buf, sizeof buf))
        return;
    double sz = cd->k.value, tw = cd_width(cd, cd->reg, sz, buf, strlen(buf));
    double zero = cd_xy_value(cd, g, fmin(fmax(0, g->va.t.lo), g->va.t.hi));
    double len = fabs(end - zero), gap = sz * 0.3;
    int ok;
    q_rgb on = q_text_on_fill(q_rgb_hex(fill), &ok);
    if (cd->horizontal) {
        double base = pos + sz * 0.35;
        if (inside_ok && ok && len >= tw + 2 * gap && thick >= sz)
            cd_text(cd, cd->reg, sz, q_rgb_to_hex(on), v < 0 ? end + gap : end - gap, base, buf,
                    strlen(buf), v < 0 ? CA_LEFT : CA_RIGHT);
        else
            cd_text(cd, cd->reg, sz, Q_CHART_INK, v < 0 ? end - gap : end + gap, base, buf,
                    strlen(buf), v < 0 ? CA_RIGHT : CA_LEFT);
    } else {
        double y = v < 0 ? end + gap + cd_ascent(cd->reg, sz) : end - gap;
        cd_text(cd, cd->reg, sz, Q_CHART_INK, pos, y, buf, strlen(buf), CA_CENTER);
    }
}

/* What the bars of one row take across their band: a share of it, but a
 * lone bar in a wide band stays a bar, not a slab (at most 6 label
 * heights a bar). */
static double bar_thickness(const cdraw *cd, const cd_xy *g, double fill, int bars)
{
    /* rows read best as bars about two lines thick */
    double most = cd->horizontal ? cd->k.label * 2.6 : cd->k.label * 6;
    return fmin(g->band * fill, bars * most);
}

/* A bar from value a to value b across [c0, c1] on the category axis. */
static void bar(cdraw *cd, cd_xy *g, double a, double b, double c0, double c1, uint32_t color)
{
    double p0 = cd_xy_value(cd, g, a), p1 = cd_xy_value(cd, g, b);
    if (cd->horizontal)
        cd_rect(cd, fmin(p0, p1), c0, fabs(p1 - p0), c1 - c0, color);
    else
        cd_rect(cd, c0, fmin(p0, p1), c1 - c0, fabs(p1 - p0), color);
}

static void draw_bars(cdraw *cd, cd_xy *g)
{
    const q_chart_data *dt = cd->data;
    int ns = dt->nseries, stacked = is_stacked(cd);
    double fill = ns > 1 && !stacked ? GROUP_FILL : BAR_FILL;
    double thick = bar_thickness(cd, g, fill, stacked ? 1 : ns);
    double gap = ns > 1 && !stacked ? fmin(1, thick / ns * 0.1) : 0;
    double each = stacked ? thick : (thick - gap * (ns - 1)) / ns;
    for (int i = 0; i < dt->nrows; i++) {
        double start = row_pos(g, i) - thick / 2, pos = 0, neg = 0, net = 0;
        int mixed_pos = 0, mixed_neg = 0;
        for (int s = 0; s < ns; s++) {
            if (!cd_has(cd, s, i))
                continue;
            double v = cd_v(cd, s, i);
            uint32_t color = cd_series_color(cd, s);
            if (stacked) {
                double from = v >= 0 ? pos : neg;
                bar(cd, g, from, from + v, start, start + thick, color);
                if (cd->c->values) {
                    /* a segment's label only where it fits inside */
                    char buf[64];
                    cd_format(cd, v, cd->c->y_format, buf, sizeof buf);
                    double sz = cd->k.value, tw = cd_width(cd, cd->reg, sz, buf, strlen(buf));
                    double len = fabs(cd_xy_value(cd, g, from + v) - cd_xy_value(cd, g, from));
                    int ok;
                    q_rgb on = q_text_on_fill(q_rgb_hex(color), &ok);
                    double along = cd->horizontal ? tw : sz, across = cd->horizontal ? sz : tw;
                    if (ok && len >= along + sz * 0.6 && thick >= across + sz * 0.4) {
                        double mid = cd_xy_value(cd, g, from + v / 2), c = start + thick / 2;
                        if (cd->horizontal)
                            cd_text(cd, cd->reg, sz, q_rgb_to_hex(on), mid, c + sz * 0.35, buf,
                                    strlen(buf), CA_CENTER);
                        else
                            cd_text(cd, cd->reg, sz, q_rgb_to_hex(on), c, mid + sz * 0.35, buf,
                                    strlen(buf), CA_CENTER);
                    }
                }
                if (v >= 0) {
                    pos += v;
                    mixed_pos = 1;
                } else {
                    neg += v;
                    mixed_neg = 1;
                }
                net += v;
            } else {
                double c0 = start + s * (each + gap);
                bar(cd, g, 0, v, c0, c0 + each, color);
                (void)c0;
            }
        }
        /* mixed signs: the bar's length is not the total, so mark the net */
        if (stacked && mixed_pos && mixed_neg) {
            double p = cd_xy_value(cd, g, net), over = thick * 0.12;
            if (cd->horizontal)
                cd_vline(cd, p, start - over, start + thick + over, cd->k.line * 0.8, Q_CHART_INK);
            else
                cd_hline(cd, start - over, start + thick + over, p, cd->k.line * 0.8, Q_CHART_INK);
        }
    }
}

/* Value labels at the bars' ends, all or none (cd_values_keep). */
static void bar_values(cdraw *cd, cd_xy *g)
{
    const q_chart_data *dt = cd->data;
    int ns = dt->nseries;
    if (!cd->c->values || is_stacked(cd))
        return;
    double fill = ns > 1 ? GROUP_FILL : BAR_FILL;
    double thick = bar_thickness(cd, g, fill, ns), gap = ns > 1 ? fmin(1, thick / ns * 0.1) : 0;
    double each = (thick - gap * (ns - 1)) / ns;
    size_t mark = cd_mark(cd);
    for (int i = 0; i < dt->nrows; i++)
        for (int s = 0; s < ns; s++) {
            if (!cd_has(cd, s, i))
                continue;
            double v = cd_v(cd, s, i), c0 = row_pos(g, i) - thick / 2 + s * (each + gap);
            value_label(cd, g, v, c0 + each / 2, cd_xy_value(cd, g, v), each, cd_series_color(cd, s),
                        cd->horizontal);
        }
    cd_values_keep(cd, mark);
}

/* ---- the drawer ---- */

int cd_draw_xy(cdraw *cd)
{
    const q_chart_data *dt = cd->data;
    cd_xy g;
    memset(&g, 0, sizeof g);
    if (!value_extent(cd, &g.lo, &g.hi)) {
        cd_empty(cd, "No values to show");
        return 0;
    }
    int rc = 0;
    q_chart_type t = cd->c->type;
    if (t == Q_CHART_SCATTER) {
        if (plan_scatter(cd, &g) == 0) {
            value_grid(cd, &g);
            x_grid(cd, &g);
            cd_xy_scatter(cd, &g);
            baseline(cd, &g);
            ref_lines(cd, &g);
        }
        free_xy(&g);
        return cd->failed ? -1 : 0;
    }
    if (dt->x_numeric) {
        g.xlo = INFINITY;
        g.xhi = -INFINITY;
        for (int i = 0; i < dt->nrows; i++) {
            g.xlo = fmin(g.xlo, dt->x_num[i]);
            g.xhi = fmax(g.xhi, dt->x_num[i]);
        }
    }
    int zero = is_bar(cd) || t == Q_CHART_AREA;
    if (!is_bar(cd)) {
        g.direct = dt->nseries > 1 && !cd->legend_items && cd->c->legend == Q_LEGEND_AUTO;
        g.rgutter = g.direct ? cd_direct_gutter(cd) : 0;
    }
    if (!cd->horizontal) {
        rc = plan_columns(cd, &g, zero);
        if (rc == 1)
            cd->horizontal = 1;   /* SPEC §8: labels that do not fit turn bars into rows */
    }
    if (cd->horizontal)
        rc = plan_rows(cd, &g);
    if (rc < 0) {
        free_xy(&g);
        return -1;
    }
    value_grid(cd, &g);
    if (is_bar(cd))
        draw_bars(cd, &g);
    else
        cd_xy_lines(cd, &g);
    baseline(cd, &g);
    ref_lines(cd, &g);
    category_labels(cd, &g);
    if (is_bar(cd))
        bar_values(cd, &g);
    else if (cd->c->values)
        cd_xy_line_values(cd, &g);
    free_xy(&g);
    return cd->failed ? -1 : 0;
}
