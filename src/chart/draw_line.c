/* Lines, areas and scatter dots inside a planned plot (draw_xy.c): gaps
 * at NULLs, stacked areas, direct labels at the line ends. */
#include "chart/draw_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

#define KAPPA 0.5522847498   /* a quarter circle as one cubic */

static void circle(q_path *p, double cx, double cy, double r)
{
    double k = r * KAPPA;
    q_path_move(p, cx + r, cy);
    q_path_cubic(p, cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    q_path_cubic(p, cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    q_path_cubic(p, cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    q_path_cubic(p, cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    q_path_close(p);
}

static void dot(cdraw *cd, double x, double y, double r, uint32_t fill)
{
    q_path *p = cd_path(cd, Q_PAINT_FILL, fill, 0, 0);
    if (p)
        circle(p, x, y, r);
}

/* The value of series s at row i as drawn: stacked areas add the series
 * below (a NULL counts as 0 there, so the stack stays closed). */
static double level(cdraw *cd, int s, int i, int stacked)
{
    if (!stacked)
        return cd_v(cd, s, i);
    double sum = 0;
    for (int k = 0; k <= s; k++)
        if (cd_has(cd, k, i))
            sum += cd_v(cd, k, i);
    return sum;
}

/* The next run of rows from i on that series s draws without a break
 * (stacked areas never break): its first row (n when none is left), and
 * its last in *last. */
static int next_run(const cdraw *cd, int s, int i, int stacked, int *last)
{
    int n = cd->data->nrows;
    while (i < n && !stacked && !cd_has(cd, s, i))
        i++;
    int j = i;
    while (j + 1 < n && (stacked || cd_has(cd, s, j + 1)))
        j++;
    *last = j;
    return i;
}

static void area_fill(cdraw *cd, cd_xy *g, int s, int stacked)
{
    const q_chart_data *dt = cd->data;
    int n = dt->nrows;
    double zero = cd_xy_value(cd, g, fmin(fmax(0, g->va.t.lo), g->va.t.hi));
    uint32_t color = cd_series_color(cd, s);
    for (int i = 0, j; (i = next_run(cd, s, i, stacked, &j)) < n;) {
        q_path *p = cd_path(cd, Q_PAINT_FILL, color, 0, 0);
        if (p) {
            p->fill_opacity = stacked ? 0.9f : 0.22f;
            q_path_move(p, g->pos[i], cd_xy_value(cd, g, level(cd, s, i, stacked)));
            for (int k = i + 1; k <= j; k++)
                q_path_line(p, g->pos[k], cd_xy_value(cd, g, level(cd, s, k, stacked)));
            for (int k = j; k >= i; k--) {
                double below = stacked && s > 0 ? cd_xy_value(cd, g, level(cd, s - 1, k, 1)) : zero;
                q_path_line(p, g->pos[k], below);
            }
            q_path_close(p);
        }
        i = j + 1;
    }
}

/* One series' line, broken at NULLs; a point alone between gaps is a dot. */
static void series_line(cdraw *cd, cd_xy *g, int s, int stacked, double width, uint32_t color)
{
    int n = cd->data->nrows;
    for (int i = 0, j; (i = next_run(cd, s, i, stacked, &j)) < n;) {
        if (j == i) {
            dot(cd, g->pos[i], cd_xy_value(cd, g, level(cd, s, i, stacked)), width * 1.3, color);
        } else {
            q_path *p = cd_path(cd, Q_PAINT_STROKE, 0, color, width);
            if (p) {
                p->line_join = Q_JOIN_ROUND;
                p->line_cap = Q_CAP_ROUND;
                q_path_move(p, g->pos[i], cd_xy_value(cd, g, level(cd, s, i, stacked)));
                for (int k = i + 1; k <= j; k++)
                    q_path_line(p, g->pos[k], cd_xy_value(cd, g, level(cd, s, k, stacked)));
            }
        }
        i = j + 1;
    }
}

/* Names at the line ends, moved apart so they never overlap. */
static void direct_labels(cdraw *cd, cd_xy *g, int stacked)
{
    const q_chart_data *dt = cd->data;
    int ns = dt->nseries;
    double *t = q_xmalloc(ns * sizeof *t), *h = q_xmalloc(ns * sizeof *h),
           *y = q_xmalloc(ns * sizeof *y);
    int *idx = q_xmalloc(ns * sizeof *idx), *lastrow = q_xmalloc(ns * sizeof *lastrow), m = 0;
    for (int s = 0; s < ns; s++) {
        int last = -1;
        for (int i = dt->nrows - 1; i >= 0 && last < 0; i--)
            if (stacked || cd_has(cd, s, i))
                last = i;
        if (last < 0)
            continue;
        t[m] = cd_xy_value(cd, g, level(cd, s, last, stacked));
        h[m] = cd->ls.line_height;
        lastrow[m] = last;
        idx[m++] = s;
    }
    cd_repel(t, h, m, 0, g->y0 - cd->k.label * 0.5, g->y1 + cd->k.label * 0.5, y);
    double x = g->x1 + cd->k.label * 0.4;
    for (int k = 0; k < m; k++) {
        const char *name = dt->series[idx[k]];
        /* a line that ends early, or a label moved far, gets a leader */
        double ex = g->pos[lastrow[k]], ey = t[k];
        if (x - ex > cd->k.label * 1.2 || fabs(y[k] - ey) > cd->k.label) {
            q_path *p = cd_path(cd, Q_PAINT_STROKE, 0, Q_CHART_MUTED, cd->k.grid);
            if (p) {
                double dash[2] = {cd->k.grid * 2, cd->k.grid * 2};
                q_path_dash(p, dash, 2, 0);
                q_path_move(p, ex + cd->k.line * 2, ey);
                q_path_line(p, x - cd->k.label * 0.25, y[k]);
            }
        }
        cd_text(cd, cd->reg, cd->k.label, cd_series_text_color(cd, idx[k]), x,
                y[k] + cd->k.label * 0.35, name, strlen(name), CA_LEFT);
    }
    free(t); free(h); free(y); free(idx); free(lastrow);
}

static void point_values(cdraw *cd, cd_xy *g, int s, int stacked)
{
    double sz = cd->k.value;
    for (int i = 0; i < cd->data->nrows; i++) {
        if (!cd_has(cd, s, i))
            continue;
        char buf[64];
        if (cd_format(cd, cd_v(cd, s, i), cd->c->y_format, buf, sizeof buf))
            return;
        double y = cd_xy_value(cd, g, level(cd, s, i, stacked)) - sz * 0.6;
        cd_text(cd, cd->reg, sz, Q_CHART_INK, g->pos[i], y, buf, strlen(buf), CA_CENTER);
    }
}

void cd_xy_lines(cdraw *cd, cd_xy *g)
{
    const q_chart_data *dt = cd->data;
    int ns = dt->nseries, area = cd->c->type == Q_CHART_AREA;
    int stacked = area && cd->c->stacked && ns > 1;
    if (area)
        for (int s = 0; s < ns; s++)
            area_fill(cd, g, s, stacked);
    /* with a legend, markers tell crossing lines apart (house style) */
    int markers = cd->legend_items && !area && dt->nrows <= 24;
    for (int s = 0; s < ns; s++) {
        uint32_t color = cd_series_color(cd, s);
        double width = area ? cd->k.line * 0.7 : cd->k.line;
        series_line(cd, g, s, stacked, width, stacked ? Q_CHART_WHITE : color);
        if (markers)
            for (int i = 0; i < dt->nrows; i++)
                if (cd_has(cd, s, i))
                    dot(cd, g->pos[i], cd_xy_value(cd, g, cd_v(cd, s, i)), cd->k.line * 1.4, color);
    }
    if (g->direct)
        direct_labels(cd, g, stacked);
}

void cd_xy_line_values(cdraw *cd, cd_xy *g)
{
    int stacked = cd->c->type == Q_CHART_AREA && cd->c->stacked && cd->data->nseries > 1;
    size_t mark = cd_mark(cd);
    for (int s = 0; s < cd->data->nseries; s++)
        point_values(cd, g, s, stacked);
    cd_values_keep(cd, mark);
}

void cd_xy_scatter(cdraw *cd, cd_xy *g)
{
    const q_chart_data *dt = cd->data;
    for (int s = 0; s < dt->nseries; s++) {
        uint32_t color = cd_series_color(cd, s);
        for (int i = 0; i < dt->nrows; i++) {
            if (!cd_has(cd, s, i) || !dt->x_numeric || isnan(dt->x_num[i]))
                continue;
            double x = cd_axis_at(&g->xa, dt->x_num[i], g->x0, g->x1);
            double y = cd_axis_at(&g->va, cd_v(cd, s, i), g->y1, g->y0);
            q_path *p = cd_path(cd, Q_PAINT_FILL | Q_PAINT_STROKE, color, Q_CHART_WHITE,
                                cd->k.marker * 0.25);
            if (p) {
                p->fill_opacity = 0.85f;
                circle(p, x, y, cd->k.marker);
            }
        }
    }
}
