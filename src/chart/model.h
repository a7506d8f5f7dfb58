/* The chart model: a <chart> element's attributes (SPEC §4, §8 and
 * templates/quire.rng) checked and parsed into a struct. Independent of
 * the template tree: it takes name/value pairs, after {placeholder}
 * substitution, so expand can call it per row and tests without XML.
 * Every problem is reported (q_diags), not just the first. */
#ifndef QUIRE_CHART_MODEL_H
#define QUIRE_CHART_MODEL_H
#include "chart/palette.h"
#include "util/diag.h"

typedef enum {
    Q_CHART_BAR, Q_CHART_HBAR, Q_CHART_GROUPED_BAR, Q_CHART_STACKED_BAR,
    Q_CHART_LINE, Q_CHART_AREA, Q_CHART_PIE, Q_CHART_DONUT, Q_CHART_SCATTER,
    Q_CHART_FUNNEL
} q_chart_type;

typedef enum {
    Q_LEGEND_AUTO,            /* direct labels where they fit, else a legend above */
    Q_LEGEND_TOP, Q_LEGEND_BOTTOM, Q_LEGEND_RIGHT, Q_LEGEND_NONE
} q_legend;

/* <ref-line y="…" label="…"/>: y on the value axis, x on the x axis. */
typedef struct q_ref_line {
    char axis;                /* 'y' or 'x' */
    char *at;                 /* the value as written (an x may be a category) */
    double value;             /* at as a number, when numeric */
    int numeric;
    char *label;              /* may be NULL */
    int line;                 /* template line, for messages */
} q_ref_line;

typedef struct q_chart {
    char *id;
    q_chart_type type;
    int horizontal;           /* hbar, and stacked="true" on hbar */
    int stacked;              /* stacked-bar, stacked="true" on bar, hbar, grouped-bar, area */
    char *query;
    char *x;                  /* NULL: the query's first column */
    char **y;                 /* the value columns; none: every other numeric column */
    int ny;
    char **series;            /* legend names for y, in order; none: the column names */
    int nseries;
    char *title, *subtitle, *source, *alt;
    char *y_format, *x_format; /* NULL: none */
    double width;             /* points, or percent of the column when width_pct */
    int width_pct;
    double height;            /* points */
    q_legend legend;
    int values;               /* value labels */
    q_rgb colors[Q_CHART_MAX_COLORS];
    int ncolors;              /* 0: the palette alone */
    int has_y_min, has_y_max;
    double y_min, y_max;
    q_ref_line *refs;
    int nrefs;
} q_chart;

/* In a document: the column's width and 65 mm (SPEC §4). */
#define Q_CHART_DEFAULT_HEIGHT (65 * 72.0 / 25.4)

/* Fills c from attrs (name, value, name, value, …, NULL). Problems go to d
 * as errors at file:line (Q_EUSAGE). Returns 0, or -1 when any error was
 * found; c is usable either way and must be freed with q_chart_free. */
int q_chart_parse(q_chart *c, const char *const *attrs, q_diags *d, const char *file, int line);

/* Adds one <ref-line> (its attrs, as above). Call after q_chart_parse. */
int q_chart_add_ref_line(q_chart *c, const char *const *attrs, q_diags *d, const char *file,
                         int line);

void q_chart_free(q_chart *c);

const char *q_chart_type_name(q_chart_type t);
/* bar, hbar, grouped-bar, stacked-bar: a zero-based value axis, categories. */
int q_chart_is_bar(q_chart_type t);
/* Everything but pie, donut and funnel has a value axis with ticks. */
int q_chart_has_axes(q_chart_type t);

#endif
