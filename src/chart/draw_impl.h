/* Private to the chart drawers: one chart being drawn (or measured). */
#ifndef QUIRE_CHART_DRAW_IMPL_H
#define QUIRE_CHART_DRAW_IMPL_H
#include "chart/draw.h"
#include "chart/labels.h"
#include "chart/palette.h"
#include "chart/ticks.h"

enum { CA_LEFT, CA_CENTER, CA_RIGHT };

typedef struct cdraw {
    const q_chart *c;
    const q_chart_data *data;
    const q_chart_env *env;
    q_chart_look k;
    q_dlist *dl;
    q_page *page;             /* NULL: measuring only */
    q_diags *d;
    q_face *reg, *bold;
    q_label_style ls;         /* axis and category labels */
    q_tag tag;                /* every op belongs to the figure */
    double x, y, w, h;        /* the chart's box */
    double px0, py0, px1, py1;/* what is left for the plot (drawers narrow it) */
    int horizontal;           /* bars drawn as rows */
    int legend_items;         /* drawers that key series by colour */
    double need_h;            /* measuring: the height the chart asks for */
    size_t first;             /* the chart's first op on the page */
    int failed;
} cdraw;

/* Text: draws s (len bytes) with its baseline at y, aligned on x; returns
 * its width. Nothing is drawn while measuring. */
double cd_text(cdraw *cd, q_face *f, double size, uint32_t color, double x, double y,
               const char *s, size_t len, int align);
double cd_width(cdraw *cd, q_face *f, double size, const char *s, size_t len);
/* Distance from a line's top to its baseline. */
double cd_ascent(q_face *f, double size);
/* Greedy wrap at spaces into at most max lines of width w; line i is
 * s[start[i], end[i]). A word wider than w stands alone on its line. */
int cd_wrap(cdraw *cd, q_face *f, double size, const char *s, double w,
            size_t *start, size_t *end, int max);

/* Shapes. */
void cd_rect(cdraw *cd, double x, double y, double w, double h, uint32_t color);
void cd_hline(cdraw *cd, double x0, double x1, double y, double width, uint32_t color);
void cd_vline(cdraw *cd, double x, double y0, double y1, double width, uint32_t color);
/* A path op to fill in (NULL while measuring). */
q_path *cd_path(cdraw *cd, int paint, uint32_t fill, uint32_t stroke, double width);

/* Colours. */
uint32_t cd_series_color(const cdraw *cd, int s);
uint32_t cd_series_text_color(const cdraw *cd, int s);

/* Formats v in the value axis's format (y-format); returns 0 or -1 (reported). */
int cd_format(cdraw *cd, double v, const char *fmt, char *out, size_t outsz);

/* A value of the data, and whether it is there. */
static inline int cd_has(const cdraw *cd, int s, int i)
{
    return !cd->data->is_null[s * cd->data->nrows + i];
}
static inline double cd_v(const cdraw *cd, int s, int i)
{
    return cd->data->v[s * cd->data->nrows + i];
}

/* A value axis over [lo, hi] along length pt: ticks, their labels. */
typedef struct cd_axis {
    q_ticks t;
    char labels[Q_TICKS_MAX][Q_TICK_LABEL_MAX];
    double label_w;           /* widest label */
} cd_axis;
int cd_axis_make(cdraw *cd, double lo, double hi, int zero, double length, const char *fmt,
                 int horizontal, cd_axis *a);
/* Maps a value onto [p0, p1] (p0 is the axis's first tick). */
double cd_axis_at(const cd_axis *a, double v, double p0, double p1);

/* 1-D repel (charts.md §4): moves centres t[0..n) (in any order) apart by
 * at least h[i]/2 + h[j]/2 + pad, inside [lo, hi], keeping their order;
 * writes y. Returns 0, or -1 when they cannot fit. */
int cd_repel(const double *t, const double *h, int n, double pad, double lo, double hi, double *y);

/* The geometry of a chart with axes (draw_xy.c, draw_line.c). */
typedef struct cd_xy {
    cd_axis va;               /* the value axis */
    cd_axis xa;               /* scatter: the x axis */
    double x0, x1, y0, y1;    /* the plot */
    double lo, hi;            /* the data's extent on the value axis */
    double xlo, xhi;          /* scatter and numeric line x: the data's x extent */
    q_label_fit fit;          /* category or ordered labels */
    int fitted;
    double *pos;              /* rows' centres along the category axis */
    double band;              /* bars: the band each row has */
    int direct;               /* lines: names at the line ends */
    int bare;                 /* rows that carry their values: no value axis */
    double rgutter;           /* room right of the plot (direct labels, value labels) */
} cd_xy;

double cd_xy_value(const cdraw *cd, const cd_xy *g, double v);   /* value → page coordinate */
void cd_xy_lines(cdraw *cd, cd_xy *g);      /* line, area */
void cd_xy_scatter(cdraw *cd, cd_xy *g);
void cd_xy_line_values(cdraw *cd, cd_xy *g);   /* after the axes' labels, all or none */
/* Direct labels' room: the widest series name and a gap (0 when not used). */
double cd_direct_gutter(cdraw *cd);

/* Drawers: each fills the plot box [px0, px1] × [py0, py1]. */
int cd_draw_xy(cdraw *cd);      /* bar family, line, area, scatter */
int cd_draw_round(cdraw *cd);   /* pie, donut */
int cd_draw_funnel(cdraw *cd);
/* Whether series get a colour key (legend) rather than direct labels. */
int cd_xy_wants_legend(cdraw *cd);

/* Value labels: those drawn since mark (cd_mark) stay only if none of
 * them meets another text of the chart; else all go, with a warning. */
size_t cd_mark(const cdraw *cd);
void cd_values_keep(cdraw *cd, size_t mark);

/* The message in place of a plot (no rows, nothing to show). */
void cd_empty(cdraw *cd, const char *msg);

#endif
