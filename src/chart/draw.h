/* Chart drawing: a parsed <chart> (model.h) and its query's rows, turned
 * into display-list ops inside a box. The only stage that knows what a
 * chart looks like; it measures text through the fonts and never paints.
 * docs/charts.md describes the layout rules. */
#ifndef QUIRE_CHART_DRAW_H
#define QUIRE_CHART_DRAW_H
#include "chart/model.h"
#include "dlist/dlist.h"
#include "expand/format.h"
#include "util/diag.h"

/* The rows a chart shows, in the query's order. */
typedef struct q_chart_data {
    int nrows;                /* categories (bars, pie slices, stages) or points */
    char **x_text;            /* each row's x as shown (x-format applied; NULL x: "") */
    double *x_num;            /* each row's x as a number, when x_numeric */
    int x_numeric;            /* every x is a number (years, amounts): scatter, ordered axes */
    int x_ordered;            /* years, dates or numbers: labels may thin; else categories */
    int nseries;
    char **series;            /* legend names, nseries */
    double *v;                /* v[s * nrows + i]: series s, row i */
    unsigned char *is_null;   /* same shape: 1 for NULL (a gap in a line, no bar) */
} q_chart_data;

void q_chart_data_free(q_chart_data *data);

/* Type sizes and strokes, in points. */
typedef struct q_chart_look {
    double title, subtitle, label, source, value;   /* font sizes */
    double line, grid, baseline;                     /* stroke widths */
    double marker;                                   /* scatter dot radius */
    double pad;                                      /* space between bands */
} q_chart_look;

/* In a document (house-style.md, FT print frame). */
q_chart_look q_chart_look_print(void);
/* Alone at w × h points (quire chart): web sizes, scaled down for small
 * exports so an 800 × 450 chart reads like Datawrapper's. */
q_chart_look q_chart_look_screen(double w, double h);

typedef struct q_chart_env {
    q_fonts *fonts;
    const char *family;       /* the report's font family */
    const q_numfmt *nf;       /* group and decimal marks, currency, NULL text */
    q_chart_look look;
    uint32_t parent;          /* structure element the chart's figure goes under (0: document) */
    const char *file;         /* template path, for messages */
    int line;                 /* the <chart>'s line */
} q_chart_env;

/* The height the chart needs at width w when asked for h: h, or more when
 * its category labels need rows (hbar with 60 categories). Returns -1 and
 * reports to d when a font cannot be found. */
double q_chart_height(const q_chart *c, const q_chart_data *data, const q_chart_env *env,
                      double w, double h, q_diags *d);

/* Draws the chart into page with its top-left corner at (x, y), w × h
 * points: a figure element (with the chart's alt text) holding every op.
 * Data it cannot show (no rows) gives a message in the plot area, not an
 * error. Returns 0, or -1 with the reason in d (a font that cannot be
 * found, a value a format refuses). */
int q_chart_draw(const q_chart *c, const q_chart_data *data, const q_chart_env *env,
                 double x, double y, double w, double h, q_dlist *dl, q_page *page, q_diags *d);

#endif
