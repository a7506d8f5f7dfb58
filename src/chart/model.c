/* The chart model: see model.h and docs/charts.md for the rules. */
#include "chart/model.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "expand/format.h"
#include "expand/style.h"
#include "util/buf.h"
#include "util/suggest.h"

static const char *const type_names[] = {
    "bar", "hbar", "grouped-bar", "stacked-bar", "line", "area", "pie", "donut", "scatter", "funnel",
};
enum { NTYPES = sizeof type_names / sizeof *type_names };

static const char *const legend_names[] = { "auto", "top", "bottom", "right", "none" };
enum { NLEGENDS = sizeof legend_names / sizeof *legend_names };

static const char *const chart_attrs[] = {
    "id", "type", "query", "x", "y", "series", "title", "subtitle", "source", "y-format",
    "x-format", "width", "height", "legend", "values", "palette", "alt", "colors", "stacked",
    "y-min", "y-max",
};
enum { NATTRS = sizeof chart_attrs / sizeof *chart_attrs };

static const char *const palettes[] = { "okabe-ito" };

const char *q_chart_type_name(q_chart_type t)
{
    return (unsigned)t < NTYPES ? type_names[t] : "?";
}

int q_chart_is_bar(q_chart_type t)
{
    return t == Q_CHART_BAR || t == Q_CHART_HBAR || t == Q_CHART_GROUPED_BAR || t == Q_CHART_STACKED_BAR;
}

int q_chart_has_axes(q_chart_type t)
{
    return t != Q_CHART_PIE && t != Q_CHART_DONUT && t != Q_CHART_FUNNEL;
}

typedef struct {
    q_diags *d;
    const char *file;
    int line;
    const char *id;
    int errors;
} pctx;

__attribute__((format(printf, 2, 3))) static void fail(pctx *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = q_vasprintf(fmt, ap);
    va_end(ap);
    if (p->id)
        q_diag_add(p->d, Q_EUSAGE, p->file, p->line, 0, "chart '%s': %s", p->id, msg);
    else
        q_diag_add(p->d, Q_EUSAGE, p->file, p->line, 0, "chart: %s", msg);
    free(msg);
    p->errors++;
}

/* Index of s in names, or -1 after an error with the closest name. */
static int pick(pctx *p, const char *attr, const char *s, const char *const *names, int n)
{
    q_suggest sg;
    q_suggest_init(&sg, s);
    for (int i = 0; i < n; i++) {
        if (!strcmp(s, names[i]))
            return i;
        q_suggest_add(&sg, names[i]);
    }
    const char *best = q_suggest_best(&sg);
    q_buf all = { 0 };
    for (int i = 0; i < n; i++)
        q_buf_printf(&all, "%s%s", i ? ", " : "", names[i]);
    if (best)
        fail(p, "%s '%s' is not known; did you mean '%s'? (one of %s)", attr, s, best, q_buf_str(&all));
    else
        fail(p, "%s '%s' is not known (one of %s)", attr, s, q_buf_str(&all));
    q_buf_free(&all);
    return -1;
}

static int parse_bool(pctx *p, const char *attr, const char *s, int *out)
{
    if (!strcmp(s, "true") || !strcmp(s, "false")) {
        *out = s[0] == 't';
        return 0;
    }
    fail(p, "%s='%s' must be true or false", attr, s);
    return -1;
}

/* A plain number, no units; placeholders are already substituted. */
static int parse_num(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (end != s && isspace((unsigned char)*end))
        end++;
    if (end == s || *end || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static char *trim_dup(const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return q_xstrndup(s, n);
}

/* "a, b,c" → {"a","b","c"}. An empty item is an error. */
static int split_list(pctx *p, const char *attr, const char *s, char ***out, int *n)
{
    int cap = 4, bad = 0;
    char **v = q_xmalloc((size_t)cap * sizeof *v);
    int k = 0;
    for (const char *q = s;;) {
        size_t len = strcspn(q, ",");
        char *item = trim_dup(q, len);
        if (!*item)
            bad = 1;
        if (k == cap)
            v = q_xrealloc(v, (size_t)(cap *= 2) * sizeof *v);
        v[k++] = item;
        if (!q[len])
            break;
        q += len + 1;
    }
    *out = v;
    *n = k;
    if (bad) {
        fail(p, "%s='%s' has an empty item (names are separated by single commas)", attr, s);
        return -1;
    }
    return 0;
}

static void free_list(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static const char *get(const char *const *attrs, const char *name)
{
    for (const char *const *a = attrs; a && a[0]; a += 2)
        if (!strcmp(a[0], name))
            return a[1] ? a[1] : "";
    return NULL;
}

/* The value axis shows numbers: date:, upper and lower cannot format it. */
static void check_format(pctx *p, const char *attr, const char *fmt, int numeric)
{
    char why[200];
    if (q_format_check(fmt, why, sizeof why) != 0) {
        fail(p, "%s: %s", attr, why);
        return;
    }
    const char *name = fmt[0] == '+' ? fmt + 1 : fmt;
    if (numeric && (!strncmp(name, "date", 4) || !strcmp(name, "upper") || !strcmp(name, "lower")))
        fail(p, "%s='%s' cannot format the value axis (use int, num:N, pct:N, money:N or compact)",
             attr, fmt);
}

int q_chart_parse(q_chart *c, const char *const *attrs, q_diags *d, const char *file, int line)
{
    memset(c, 0, sizeof *c);
    c->width = 100;
    c->width_pct = 1;
    c->height = Q_CHART_DEFAULT_HEIGHT;
    c->legend = Q_LEGEND_AUTO;
    pctx p = { d, file, line, NULL, 0 };
    const char *v;

    if ((v = get(attrs, "id")) && *v)
        c->id = q_xstrdup(v);
    p.id = c->id;
    if (!c->id)
        fail(&p, "needs an id (id=\"…\", used by quire chart --id)");

    for (const char *const *a = attrs; a && a[0]; a += 2) {
        int known = 0;
        for (int i = 0; i < NATTRS && !known; i++)
            known = !strcmp(a[0], chart_attrs[i]);
        if (!known)
            pick(&p, "attribute", a[0], chart_attrs, NATTRS);
    }

    int type_ok = 0;
    if (!(v = get(attrs, "type")))
        fail(&p, "needs a type (one of bar, hbar, grouped-bar, stacked-bar, line, area, pie, donut, scatter, funnel)");
    else {
        int t = pick(&p, "type", v, type_names, NTYPES);
        if (t >= 0) {
            c->type = (q_chart_type)t;
            type_ok = 1;
        }
    }
    c->horizontal = c->type == Q_CHART_HBAR;
    c->stacked = c->type == Q_CHART_STACKED_BAR;

    if ((v = get(attrs, "query")) && *v)
        c->query = q_xstrdup(v);
    else
        fail(&p, "needs a query (query=\"name\" of a <query>)");

    if ((v = get(attrs, "x"))) {
        char *x = trim_dup(v, strlen(v));
        if (!*x || strchr(x, ','))
            fail(&p, "x='%s' must name one column", v);
        c->x = x;
    }
    if ((v = get(attrs, "y")))
        split_list(&p, "y", v, &c->y, &c->ny);
    if ((v = get(attrs, "series"))) {
        if (split_list(&p, "series", v, &c->series, &c->nseries) == 0 && c->ny &&
            c->nseries != c->ny)
            fail(&p, "series names %d series but y names %d column%s; give one name per y column",
                 c->nseries, c->ny, c->ny == 1 ? "" : "s");
    }
    if (type_ok && c->ny > 1 &&
        (c->type == Q_CHART_PIE || c->type == Q_CHART_DONUT || c->type == Q_CHART_FUNNEL))
        fail(&p, "a %s chart shows one value column, but y names %d (%s, …)",
             type_names[c->type], c->ny, c->y[0]);

    const char *names[] = { "title", "subtitle", "source", "alt" };
    char **dst[] = { &c->title, &c->subtitle, &c->source, &c->alt };
    for (int i = 0; i < 4; i++)
        if ((v = get(attrs, names[i])))
            *dst[i] = q_xstrdup(v);

    if ((v = get(attrs, "y-format")) && *v) {
        c->y_format = q_xstrdup(v);
        check_format(&p, "y-format", v, 1);
    }
    if ((v = get(attrs, "x-format")) && *v) {
        c->x_format = q_xstrdup(v);
        /* scatter's x is a value axis; elsewhere x may be dates or text */
        check_format(&p, "x-format", v, type_ok && c->type == Q_CHART_SCATTER);
    }

    if ((v = get(attrs, "width"))) {
        size_t len = strlen(v);
        int pct = len && v[len - 1] == '%';
        double w;
        if (q_parse_length(v, 100, &w) != 0 || w <= 0)
            fail(&p, "width='%s' is not a length (e.g. 120mm, 400pt or 50%%)", v);
        else if (pct && w > 100)
            fail(&p, "width='%s' is wider than the column (at most 100%%)", v);
        else {
            c->width = w;
            c->width_pct = pct;
        }
    }
    if ((v = get(attrs, "height"))) {
        double h;
        if (strchr(v, '%') || q_parse_length(v, 0, &h) != 0 || h <= 0)
            fail(&p, "height='%s' is not a length (e.g. 65mm or 180pt)", v);
        else
            c->height = h;
    }

    if ((v = get(attrs, "legend"))) {
        int k = pick(&p, "legend", v, legend_names, NLEGENDS);
        if (k >= 0)
            c->legend = (q_legend)k;
    }
    if ((v = get(attrs, "values")))
        parse_bool(&p, "values", v, &c->values);

    if ((v = get(attrs, "stacked"))) {
        int st;
        if (parse_bool(&p, "stacked", v, &st) == 0 && type_ok) {
            q_chart_type t = c->type;
            if (st && (t == Q_CHART_BAR || t == Q_CHART_GROUPED_BAR))
                c->type = Q_CHART_STACKED_BAR;   /* 0.1's stacked="true" (SPEC §8) */
            if (st && (t == Q_CHART_BAR || t == Q_CHART_HBAR || t == Q_CHART_GROUPED_BAR ||
                       t == Q_CHART_AREA || t == Q_CHART_STACKED_BAR))
                c->stacked = 1;
            else if (st)
                fail(&p, "stacked=\"true\" applies to bar, hbar, grouped-bar and area, not %s",
                     type_names[t]);
            else if (t == Q_CHART_STACKED_BAR)
                fail(&p, "stacked=\"false\" contradicts type=\"stacked-bar\" (use grouped-bar)");
        }
    }

    if ((v = get(attrs, "palette")))
        pick(&p, "palette", v, palettes, (int)(sizeof palettes / sizeof *palettes));
    if ((v = get(attrs, "colors"))) {
        char why[160];
        int n = q_rgb_parse_list(v, c->colors, Q_CHART_MAX_COLORS, why, sizeof why);
        if (n < 0)
            fail(&p, "colors: %s", why);
        else
            c->ncolors = n;
    }

    const char *bounds[] = { "y-min", "y-max" };
    double *bval[] = { &c->y_min, &c->y_max };
    int *bhas[] = { &c->has_y_min, &c->has_y_max };
    for (int i = 0; i < 2; i++) {
        if (!(v = get(attrs, bounds[i])))
            continue;
        if (parse_num(v, bval[i]) != 0)
            fail(&p, "%s='%s' is not a number", bounds[i], v);
        else if (type_ok && !q_chart_has_axes(c->type))
            fail(&p, "%s: a %s chart has no value axis", bounds[i], type_names[c->type]);
        else
            *bhas[i] = 1;
    }
    if (c->has_y_min && c->has_y_max && c->y_min >= c->y_max)
        fail(&p, "y-min (%g) must be below y-max (%g)", c->y_min, c->y_max);
    /* bars are read by their length, so the axis starts at zero (SPEC §4) */
    if (type_ok && q_chart_is_bar(c->type)) {
        if (c->has_y_min && c->y_min > 0)
            fail(&p, "y-min=%g would cut the bars: a bar chart's axis starts at 0 (leave y-min out, or use a line chart)",
                 c->y_min);
        if (c->has_y_max && c->y_max < 0)
            fail(&p, "y-max=%g would cut the bars: a bar chart's axis ends at 0 or above", c->y_max);
    }
    return p.errors ? -1 : 0;
}

int q_chart_add_ref_line(q_chart *c, const char *const *attrs, q_diags *d, const char *file,
                         int line)
{
    pctx p = { d, file, line, c->id, 0 };
    for (const char *const *a = attrs; a && a[0]; a += 2)
        if (strcmp(a[0], "x") && strcmp(a[0], "y") && strcmp(a[0], "label")) {
            static const char *const ok[] = { "x", "y", "label" };
            pick(&p, "ref-line attribute", a[0], ok, 3);
        }
    const char *x = get(attrs, "x"), *y = get(attrs, "y");
    if (!x && !y) {
        /* valid in the 0.1 schema, so not an error (SPEC §8), but it draws nothing */
        q_warn_add(d, file, line, 0, "chart '%s': a <ref-line> without y=\"…\" or x=\"…\" draws nothing",
                   c->id ? c->id : "?");
        return 0;
    }
    if (x && y) {
        fail(&p, "a <ref-line> takes y=\"…\" (a value) or x=\"…\" (a position on the x axis), not both");
        return -1;
    }
    if (!q_chart_has_axes(c->type)) {
        fail(&p, "a %s chart has no axes for a <ref-line>", q_chart_type_name(c->type));
        return -1;
    }
    q_ref_line r = { .axis = y ? 'y' : 'x', .line = line };
    const char *at = y ? y : x;
    r.numeric = parse_num(at, &r.value) == 0;
    if (y && !r.numeric) {
        fail(&p, "<ref-line y='%s'>: y must be a number on the value axis", at);
        return -1;
    }
    if (x && c->type == Q_CHART_SCATTER && !r.numeric) {
        fail(&p, "<ref-line x='%s'>: a scatter chart's x axis holds numbers", at);
        return -1;
    }
    r.at = trim_dup(at, strlen(at));
    const char *label = get(attrs, "label");
    r.label = label ? q_xstrdup(label) : NULL;
    c->refs = q_xrealloc(c->refs, (size_t)(c->nrefs + 1) * sizeof *c->refs);
    c->refs[c->nrefs++] = r;
    return p.errors ? -1 : 0;
}

void q_chart_free(q_chart *c)
{
    if (!c)
        return;
    free(c->id);
    free(c->query);
    free(c->x);
    free_list(c->y, c->ny);
    free_list(c->series, c->nseries);
    free(c->title);
    free(c->subtitle);
    free(c->source);
    free(c->alt);
    free(c->y_format);
    free(c->x_format);
    for (int i = 0; i < c->nrefs; i++) {
        free(c->refs[i].at);
        free(c->refs[i].label);
    }
    free(c->refs);
    memset(c, 0, sizeof *c);
}
