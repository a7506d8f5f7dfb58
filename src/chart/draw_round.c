/* Pie, donut and funnel: one series, parts of a whole or stages in order
 * (charts.md §6). Slices run clockwise from 12 o'clock, largest first,
 * at most five named and a grey "Other"; labels sit outside with leaders. */
#include "chart/draw_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

#define MAX_NAMED 5
#define HOLE 0.58            /* donut: inner radius / outer */

typedef struct slice {
    const char *name;
    double v;
    int pct;
    uint32_t color;
} slice;

/* Whole percentages that add up to 100 (largest remainder). */
static void percentages(slice *sl, int n, double total)
{
    int sum = 0;
    double *rem = q_xmalloc((n ? n : 1) * sizeof *rem);
    for (int i = 0; i < n; i++) {
        double p = sl[i].v / total * 100;
        sl[i].pct = (int)floor(p);
        rem[i] = p - sl[i].pct;
        sum += sl[i].pct;
    }
    while (sum < 100 && n > 0) {
        int best = 0;
        for (int i = 1; i < n; i++)
            if (rem[i] > rem[best])
                best = i;
        sl[best].pct++;
        rem[best] = -1;
        sum++;
    }
    free(rem);
}

/* The data's first series as non-negative values; -1 (reported) on a
 * negative one. */
static int positive_values(cdraw *cd, const char *what)
{
    for (int i = 0; i < cd->data->nrows; i++)
        if (cd_has(cd, 0, i) && cd_v(cd, 0, i) < 0) {
            q_diag_add(cd->d, Q_EDATA, cd->env->file, cd->env->line, 0,
                       "chart '%s': a %s cannot show the negative value %g of '%s'", cd->c->id, what,
                       cd_v(cd, 0, i), cd->data->x_text[i]);
            cd->failed = 1;
            return -1;
        }
    return 0;
}

/* Appends an arc of radius r around (cx, cy) from angle a0 to a1 (radians
 * clockwise from 12 o'clock), as cubics of at most a quarter turn. */
static void arc(q_path *p, double cx, double cy, double r, double a0, double a1)
{
    int n = (int)ceil(fabs(a1 - a0) / (M_PI / 2) - 1e-9);
    if (n < 1)
        n = 1;
    double step = (a1 - a0) / n, k = 4.0 / 3 * tan(step / 4) * r;
    for (int i = 0; i < n; i++) {
        double s = a0 + i * step, e = s + step;
        double x0 = cx + r * sin(s), y0 = cy - r * cos(s), x1 = cx + r * sin(e), y1 = cy - r * cos(e);
        q_path_cubic(p, x0 + k * cos(s), y0 + k * sin(s), x1 - k * cos(e), y1 - k * sin(e), x1, y1);
    }
}


int cd_draw_round(cdraw *cd)
{
    const q_chart_data *dt = cd->data;
    int donut = cd->c->type == Q_CHART_DONUT;
    if (positive_values(cd, donut ? "donut" : "pie"))
        return -1;
    slice *sl = q_xmalloc((dt->nrows + 1) * sizeof *sl);
    int n = 0;
    double total = 0;
    for (int i = 0; i < dt->nrows; i++)
        if (cd_has(cd, 0, i) && cd_v(cd, 0, i) > 0) {
            sl[n++] = (slice){dt->x_text[i], cd_v(cd, 0, i), 0, 0};
            total += cd_v(cd, 0, i);
        }
    if (!(total > 0)) {
        free(sl);
        cd_empty(cd, "No data to show");
        return 0;
    }
    /* stable: equal slices keep the query's order */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && sl[j].v > sl[j - 1].v; j--) {
            slice t = sl[j]; sl[j] = sl[j - 1]; sl[j - 1] = t;
        }
    if (n > MAX_NAMED + 1) {
        double other = 0;
        for (int i = MAX_NAMED; i < n; i++)
            other += sl[i].v;
        sl[MAX_NAMED] = (slice){"Other", other, 0, Q_CHART_OTHER};
        n = MAX_NAMED + 1;
    }
    for (int i = 0; i < n; i++)
        if (!sl[i].color)
            sl[i].color = cd_series_color(cd, i);
    percentages(sl, n, total);

    /* labels: "Name 44%", shortened to a third of the width at most */
    double sz = cd->k.label, lh = cd->ls.line_height, gap = sz * 0.9;
    char **text = q_xmalloc(n * sizeof *text);
    double widest = 0;
    for (int i = 0; i < n; i++) {
        char *name = q_label_ellipsize(sl[i].name, cd->w * 0.3, &cd->ls);
        q_buf b = {0};
        q_buf_printf(&b, "%s %d%%", name, sl[i].pct);
        free(name);
        text[i] = q_buf_take(&b);
        widest = fmax(widest, cd_width(cd, cd->reg, sz, text[i], strlen(text[i])));
    }
    double pw = cd->px1 - cd->px0, ph = cd->py1 - cd->py0;
    double r = fmin(pw / 2 - widest - gap * 1.5, ph / 2 - lh / 2);
    r = fmax(r, fmin(pw, ph) * 0.2);
    double cx = (cd->px0 + cd->px1) / 2, cy = (cd->py0 + cd->py1) / 2;
    double a = 0;
    double *mid = q_xmalloc(n * sizeof *mid);
    for (int i = 0; i < n; i++) {
        double a1 = a + sl[i].v / total * 2 * M_PI;
        mid[i] = (a + a1) / 2;
        q_path *p = cd_path(cd, Q_PAINT_FILL | Q_PAINT_STROKE, sl[i].color, Q_CHART_WHITE,
                            cd->k.grid * 2.5);
        if (p) {
            p->line_join = Q_JOIN_ROUND;
            if (donut) {
                q_path_move(p, cx + r * sin(a), cy - r * cos(a));
                arc(p, cx, cy, r, a, a1);
                q_path_line(p, cx + r * HOLE * sin(a1), cy - r * HOLE * cos(a1));
                arc(p, cx, cy, r * HOLE, a1, a);
            } else {
                q_path_move(p, cx, cy);
                q_path_line(p, cx + r * sin(a), cy - r * cos(a));
                arc(p, cx, cy, r, a, a1);
            }
            q_path_close(p);
        }
        a = a1;
    }
    /* labels per side, moved apart vertically, with leaders from the rim */
    for (int side = 0; side < 2; side++) {
        double t[MAX_NAMED + 1], h[MAX_NAMED + 1], y[MAX_NAMED + 1];
        int idx[MAX_NAMED + 1], m = 0;
        for (int i = 0; i < n; i++)
            if ((sin(mid[i]) >= 0) == (side == 0)) {
                t[m] = cy - (r + gap * 0.5) * cos(mid[i]);
                h[m] = lh;
                idx[m++] = i;
            }
        cd_repel(t, h, m, sz * 0.2, cd->py0, cd->py1, y);
        for (int k = 0; k < m; k++) {
            int i = idx[k];
            double rx = cx + r * sin(mid[i]), ry = cy - r * cos(mid[i]);
            double lx = side == 0 ? cx + r + gap : cx - r - gap;
            q_path *p = cd_path(cd, Q_PAINT_STROKE, 0, Q_CHART_MUTED, cd->k.grid * 1.5);
            if (p) {
                q_path_move(p, rx, ry);
                q_path_line(p, side == 0 ? lx - sz * 0.3 : lx + sz * 0.3, y[k]);
            }
            cd_text(cd, cd->reg, sz, Q_CHART_INK, lx, y[k] + sz * 0.35, text[i], strlen(text[i]),
                    side == 0 ? CA_LEFT : CA_RIGHT);
        }
    }
    if (donut) {
        char buf[64];
        cd_format(cd, total, cd->c->y_format, buf, sizeof buf);
        double big = fmin(cd->k.title * 1.2, r * HOLE * 0.6);
        cd_text(cd, cd->bold, big, Q_CHART_INK, cx, cy + big * 0.2, buf, strlen(buf), CA_CENTER);
        cd_text(cd, cd->reg, sz, Q_CHART_MUTED, cx, cy + big * 0.2 + lh, "Total", 5, CA_CENTER);
    }
    for (int i = 0; i < n; i++)
        free(text[i]);
    free(text);
    free(mid);
    free(sl);
    return cd->failed ? -1 : 0;
}

/* Funnel: stages top to bottom, bars centred and as wide as their value,
 * names on the left, the value and its share of the first stage on the
 * right. */
int cd_draw_funnel(cdraw *cd)
{
    const q_chart_data *dt = cd->data;
    if (positive_values(cd, "funnel"))
        return -1;
    int n = dt->nrows;
    double top = 0, first = NAN;
    for (int i = 0; i < n; i++)
        if (cd_has(cd, 0, i)) {
            top = fmax(top, cd_v(cd, 0, i));
            if (isnan(first))
                first = cd_v(cd, 0, i);
        }
    if (!(top > 0)) {
        cd_empty(cd, "No values to show");
        return 0;
    }
    double sz = cd->k.label, band = (cd->py1 - cd->py0) / n;
    q_label_fit fit;
    memset(&fit, 0, sizeof fit);
    q_labels_rows((const char *const *)dt->x_text, n, band, cd->w / 3, &cd->ls, &fit);
    if (fit.status == Q_FIT_TOO_DENSE)
        cd->need_h = fmax(cd->need_h, cd->h + fit.need * n - (cd->py1 - cd->py0) + 1);
    /* the right column: "369,221 · 57%" */
    char (*vals)[80] = q_xmalloc(n * sizeof *vals);
    double right = 0;
    for (int i = 0; i < n; i++) {
        vals[i][0] = 0;
        if (!cd_has(cd, 0, i)) {
            snprintf(vals[i], sizeof vals[i], "%s", cd->env->nf && cd->env->nf->null_text ? cd->env->nf->null_text : "");
        } else {
            char v[48];
            cd_format(cd, cd_v(cd, 0, i), cd->c->y_format, v, sizeof v);
            if (i > 0 && first > 0)
                snprintf(vals[i], sizeof vals[i], "%s \xC2\xB7 %.0f%%", v, cd_v(cd, 0, i) / first * 100);
            else
                snprintf(vals[i], sizeof vals[i], "%s", v);
        }
        right = fmax(right, cd_width(cd, cd->reg, sz, vals[i], strlen(vals[i])));
    }
    double x0 = cd->px0 + fit.extent + sz * 0.8, x1 = cd->px1 - right - sz * 0.8;
    double cx = (x0 + x1) / 2, full = fmax(x1 - x0, 1), thick = fmin(band * 0.72, sz * 3.2);
    uint32_t color = cd_series_color(cd, 0);
    double prev_w = -1, prev_bottom = 0;
    for (int i = 0; i < n; i++) {
        double c = cd->py0 + (i + 0.5) * band;
        for (int j = 0; j < fit.labels[i].nlines && fit.labels[i].shown; j++) {
            const char *s = fit.labels[i].line[j];
            cd_text(cd, cd->reg, sz, Q_CHART_INK, x0 - sz * 0.8,
                    cd->py0 + fit.labels[i].box.y + j * cd->ls.line_height + cd_ascent(cd->reg, sz), s,
                    strlen(s), CA_RIGHT);
        }
        cd_text(cd, cd->reg, sz, Q_CHART_INK, x1 + sz * 0.8, c + sz * 0.35, vals[i], strlen(vals[i]),
                CA_LEFT);
        if (!cd_has(cd, 0, i)) {
            prev_w = -1;
            continue;
        }
        double bw = fmax(cd_v(cd, 0, i) / top * full, cd->k.grid);
        if (prev_w >= 0) {
            /* a pale trapezoid joins the stages: what was lost between them */
            q_path *p = cd_path(cd, Q_PAINT_FILL, color, 0, 0);
            if (p) {
                p->fill_opacity = 0.18f;
                q_path_move(p, cx - prev_w / 2, prev_bottom);
                q_path_line(p, cx + prev_w / 2, prev_bottom);
                q_path_line(p, cx + bw / 2, c - thick / 2);
                q_path_line(p, cx - bw / 2, c - thick / 2);
                q_path_close(p);
            }
        }
        cd_rect(cd, cx - bw / 2, c - thick / 2, bw, thick, color);
        prev_w = bw;
        prev_bottom = c + thick / 2;
    }
    free(vals);
    q_label_fit_free(&fit);
    return cd->failed ? -1 : 0;
}
