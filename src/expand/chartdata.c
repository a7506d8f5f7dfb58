/* A chart's rows from its query's table: see chart.h. */
#include "expand/chart.h"
#include "util/buf.h"
#include "util/suggest.h"
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* An unknown column, with the closest one (or the list when none is close). */
static void unknown_column(const q_chart *c, const q_table *t, const q_chart_src *src, const char *attr,
                           const char *name, q_diags *d)
{
    q_suggest s;
    q_suggest_init(&s, name);
    q_buf all = {0};
    for (int k = 0; k < t->ncols; k++) {
        q_suggest_add(&s, t->cols[k]);
        q_buf_printf(&all, "%s%s", k ? ", " : "", t->cols[k]);
    }
    if (q_suggest_best(&s))
        q_diag_add(d, Q_EUSAGE, src->file, src->line, 0, "chart '%s': %s: query '%s' has no column '%s'; did you mean '%s'?",
                   c->id, attr, src->query, name, q_suggest_best(&s));
    else
        q_diag_add(d, Q_EUSAGE, src->file, src->line, 0, "chart '%s': %s: query '%s' has no column '%s' (it has %s)", c->id,
                   attr, src->query, name, q_buf_str(&all));
    q_buf_free(&all);
}

int q_chart_check_columns(const q_chart *c, const q_table *t, const q_chart_src *src, q_diags *d)
{
    int bad = 0;
    if (c->x && q_table_col(t, c->x) < 0) {
        unknown_column(c, t, src, "x", c->x, d);
        bad = 1;
    }
    for (int s = 0; s < c->ny; s++)
        if (q_table_col(t, c->y[s]) < 0) {
            unknown_column(c, t, src, "y", c->y[s], d);
            bad = 1;
        }
    if (!bad && !c->ny && t->ncols < 2) {
        q_diag_add(d, Q_EUSAGE, src->file, src->line, 0,
                   "chart '%s': query '%s' has one column (%s), the x axis; a chart needs values too "
                   "(a second column, or y=\"…\")",
                   c->id, src->query, t->ncols ? t->cols[0] : "");
        bad = 1;
    }
    return bad ? -1 : 0;
}

int q_chart_date_like(const char *s)
{
    if (!strncmp(s, "FY", 2))
        s += 2;
    for (int i = 0; i < 4; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    s += 4;
    if (!*s)
        return 1;
    if ((s[0] == '-' || s[0] == ' ') && s[1] == 'Q' && s[2] >= '1' && s[2] <= '4' && !s[3])
        return 1;
    if (s[0] != '-' || !isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[2]))
        return 0;
    s += 3;
    if (!*s)
        return 1;
    if (s[0] != '-' || !isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[2]))
        return 0;
    return !s[3] || s[3] == 'T' || s[3] == ' ';
}

static const q_value *cell(const q_table *t, size_t r, int col)
{
    return &t->cells[r * (size_t)t->ncols + (size_t)col];
}

static int is_number(const q_value *v)
{
    return v->type == QV_INT || v->type == QV_REAL;
}

/* Every non-NULL value a number, and at least one: a value column. */
static int numeric_column(const q_table *t, int col)
{
    int any = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const q_value *v = cell(t, r, col);
        if (v->type == QV_NULL)
            continue;
        if (!is_number(v))
            return 0;
        any = 1;
    }
    return any;
}

/* The y columns: named, or every column but x that holds numbers (with no
 * rows, every column but x: nothing is drawn). -1 after an error. */
static int value_columns(const q_chart *c, const q_table *t, int xcol, const q_chart_src *src, int *ys, q_diags *d)
{
    if (c->ny) {
        for (int s = 0; s < c->ny; s++)
            ys[s] = q_table_col(t, c->y[s]);
        return c->ny;
    }
    int n = 0;
    q_buf names = {0};
    for (int k = 0; k < t->ncols; k++)
        if (k != xcol && (!t->nrows || numeric_column(t, k))) {
            q_buf_printf(&names, "%s%s", n ? ", " : "", t->cols[k]);
            ys[n++] = k;
        }
    int single = c->type == Q_CHART_PIE || c->type == Q_CHART_DONUT || c->type == Q_CHART_FUNNEL;
    int rc = n;
    if (!n) {
        q_diag_add(d, Q_EDATA, src->file, src->line, 0,
                   "chart '%s': query '%s' has no column of numbers besides '%s' to draw; name the values with y=\"…\"",
                   c->id, src->query, t->cols[xcol]);
        rc = -1;
    } else if (single && n > 1) {
        q_diag_add(d, Q_EUSAGE, src->file, src->line, 0,
                   "chart '%s': a %s chart shows one value column, but query '%s' has %d (%s); choose one with y=\"…\"",
                   c->id, q_chart_type_name(c->type), src->query, n, q_buf_str(&names));
        rc = -1;
    } else if (c->nseries && c->nseries != n) {
        q_diag_add(d, Q_EUSAGE, src->file, src->line, 0,
                   "chart '%s': series names %d series but query '%s' has %d value column%s (%s); "
                   "give one name per column, or list them with y=\"…\"",
                   c->id, c->nseries, src->query, n, n == 1 ? "" : "s", q_buf_str(&names));
        rc = -1;
    }
    q_buf_free(&names);
    return rc;
}

/* A value that is not a number: the template line, the row, the cell. */
static void not_a_number(const q_chart *c, const q_table *t, const q_chart_src *src, int col, size_t r,
                         const char *what, q_diags *d)
{
    const q_value *v = cell(t, r, col);
    char where[512] = "";
    /* A long cell is cut at a character, with an ellipsis. */
    const char *s = v->type == QV_TEXT && v->s ? v->s : "";
    char text[80];
    size_t n = strlen(s);
    if (n < 60) {
        memcpy(text, s, n + 1);
    } else {
        n = 56;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
        memcpy(text, s, n);
        memcpy(text + n, "\xE2\x80\xA6", 4);
    }
    if (src->locate && v->type == QV_TEXT && v->s)
        src->locate(src->locate_ctx, t->cols[col], v->s, where, sizeof where);
    q_diag_add(d, Q_EDATA, src->file, src->line, 0,
               "chart '%s': %s column '%s' holds '%s' in row %zu of query '%s', not a number%s%s%s", c->id, what,
               t->cols[col], text, r + 1, src->query, where[0] ? " (" : "", where, where[0] ? ")" : "");
}

static int fill_x(const q_chart *c, const q_table *t, int xcol, const q_numfmt *nf, const q_chart_src *src,
                  q_chart_data *out, q_diags *d)
{
    size_t n = t->nrows;
    int numeric = 1, dates = 1, any = 0;
    q_buf b = {0};
    char err[256];
    for (size_t r = 0; r < n; r++) {
        const q_value *v = cell(t, r, xcol);
        out->x_num[r] = NAN;
        if (v->type == QV_NULL) {
            out->x_text[r] = q_xstrdup("");
            continue;
        }
        any = 1;
        if (is_number(v))
            out->x_num[r] = v->type == QV_INT ? (double)v->i : v->r;
        else
            numeric = 0;
        if (v->type != QV_TEXT || !v->s || !q_chart_date_like(v->s))
            dates = 0;
        q_buf_reset(&b);
        if (q_format_value(v, c->x_format, nf, &b, err, sizeof err) != 0) {
            q_diag_add(d, Q_EDATA, src->file, src->line, 0, "chart '%s': x-format '%s', row %zu of query '%s': %s", c->id,
                       c->x_format ? c->x_format : "", r + 1, src->query, err);
            q_buf_free(&b);
            return -1;
        }
        out->x_text[r] = q_xstrdup(q_buf_str(&b));
    }
    q_buf_free(&b);
    out->x_numeric = any && numeric;
    out->x_ordered = out->x_numeric || (any && dates) || (c->x_format && !strncmp(c->x_format, "date:", 5));
    if (c->type == Q_CHART_SCATTER && any && !numeric) {
        for (size_t r = 0; r < n; r++)
            if (cell(t, r, xcol)->type != QV_NULL && !is_number(cell(t, r, xcol))) {
                not_a_number(c, t, src, xcol, r, "the scatter chart's x", d);
                break;
            }
        return -1;
    }
    return 0;
}

static int fill_values(const q_chart *c, const q_table *t, const int *ys, const q_chart_src *src, q_chart_data *out,
                       q_diags *d)
{
    size_t n = t->nrows;
    for (int s = 0; s < out->nseries; s++)
        for (size_t r = 0; r < n; r++) {
            const q_value *v = cell(t, r, ys[s]);
            size_t i = (size_t)s * n + r;
            double x;
            if (v->type == QV_NULL || (out->x_numeric && isnan(out->x_num[r]))) {
                out->is_null[i] = 1;
            } else if (q_value_number(v, &x) == 0 && isfinite(x)) {
                out->v[i] = x;
            } else {
                not_a_number(c, t, src, ys[s], r, "y", d);
                return -1;
            }
        }
    return 0;
}

int q_chart_fill(const q_chart *c, const q_table *t, const q_numfmt *nf, const q_chart_src *src, q_chart_data *out,
                 q_diags *d)
{
    memset(out, 0, sizeof *out);
    if (q_chart_check_columns(c, t, src, d) != 0)
        return -1;
    int xcol = c->x ? q_table_col(t, c->x) : 0;
    int *ys = q_xcalloc((size_t)t->ncols + (size_t)c->ny + 1, sizeof *ys);
    int ns = value_columns(c, t, xcol, src, ys, d);
    if (ns < 0) {
        free(ys);
        return -1;
    }
    size_t n = t->nrows;
    out->nrows = (int)n;
    out->nseries = ns;
    out->x_text = q_xcalloc(n + 1, sizeof *out->x_text);
    out->x_num = q_xcalloc(n + 1, sizeof *out->x_num);
    out->series = q_xcalloc((size_t)ns + 1, sizeof *out->series);
    out->v = q_xcalloc((size_t)ns * n + 1, sizeof *out->v);
    out->is_null = q_xcalloc((size_t)ns * n + 1, 1);
    for (int s = 0; s < ns; s++)
        out->series[s] = q_xstrdup(c->nseries ? c->series[s] : t->cols[ys[s]]);
    int rc = fill_x(c, t, xcol, nf, src, out, d) == 0 && fill_values(c, t, ys, src, out, d) == 0 ? 0 : -1;
    free(ys);
    if (rc != 0)
        q_chart_data_free(out);
    return rc;
}
