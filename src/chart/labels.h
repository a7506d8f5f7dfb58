/* Axis label fitting (SPEC §8 Charts): labels never overlap and are never
 * rotated. Category axes never thin: one line, else two balanced lines,
 * else the chart turns to horizontal bars, whose labels shorten with an
 * ellipsis in the middle. Ordered axes (years, dates, numbers) show every
 * n-th label. Text is measured through a callback, so this is testable
 * without fonts; q_measure_face is the production one. docs/charts.md. */
#ifndef QUIRE_CHART_LABELS_H
#define QUIRE_CHART_LABELS_H
#include <stddef.h>

/* Width in points of len bytes of UTF-8 at size_pt. */
typedef double (*q_measure_fn)(void *ctx, const char *utf8, size_t len, double size_pt);
/* q_measure_fn over a q_face (ctx is the q_face *): q_face_text_width. */
double q_measure_face(void *face, const char *utf8, size_t len, double size_pt);

typedef struct q_lbox {
    double x, y, w, h;        /* left, top, width, height, in points */
} q_lbox;

/* Whether a and b come closer than gap horizontally while their vertical
 * extents overlap (or the reverse): boxes that merely touch do not
 * overlap at gap 0. */
int q_box_overlap(const q_lbox *a, const q_lbox *b, double gap);

typedef struct q_label_style {
    q_measure_fn measure;
    void *ctx;
    double size;              /* font size, pt */
    double line_height;       /* baseline to baseline, pt (about 1.2 × size) */
    double gap;               /* least space between two labels side by side, pt (0.5 em) */
} q_label_style;

typedef struct q_label {
    char *line[2];            /* owned UTF-8; line[1] is NULL for one line */
    int nlines;               /* 0 when not shown */
    int shown;                /* 0: thinned out (ordered axes), or no room at all */
    int shortened;            /* a middle ellipsis replaced some of the text */
    q_lbox box;
} q_label;

typedef enum {
    Q_FIT_ONE_LINE,           /* every label on one line */
    Q_FIT_WRAPPED,            /* some labels on two lines */
    Q_FIT_USE_HBAR,           /* columns too narrow even for two lines: draw bars horizontally */
    Q_FIT_SHORTENED,          /* rows: some labels shortened with a middle ellipsis */
    Q_FIT_THINNED,            /* ordered: every n-th label shown */
    Q_FIT_TOO_DENSE           /* rows: a band is lower than one line; see need */
} q_fit_status;

typedef struct q_label_fit {
    q_fit_status status;
    int n;
    q_label *labels;          /* n of them (none shown for USE_HBAR and TOO_DENSE) */
    double extent;            /* columns, ordered: height of the label row; rows: gutter width */
    int every;                /* ordered: labels 0, every, 2·every, … (and the last where it fits) */
    double need;              /* TOO_DENSE: the least band height, pt */
} q_label_fit;

/* Labels under n columns (bar, grouped-bar, stacked-bar): band i spans
 * [i·band_w, (i+1)·band_w) and its label is centred in it, top at y = 0.
 * A label may take band_w − gap. Returns 0 (and out->status), or -1 for
 * bad arguments (n < 0, band_w not > 0, no measure). */
int q_labels_columns(const char *const *text, int n, double band_w,
                     const q_label_style *st, q_label_fit *out);

/* Labels left of n horizontal bars: band i spans [i·band_h, (i+1)·band_h)
 * from the top and its label is centred on it, right-aligned at
 * x = gutter (out->extent, at most max_gutter). One line, else two
 * balanced lines where the band has room for two, else one line shortened
 * with a middle ellipsis ("Immigration and Cust…Enforcement"). */
int q_labels_rows(const char *const *text, int n, double band_h, double max_gutter,
                  const q_label_style *st, q_label_fit *out);

/* Labels of an ordered axis at centres x[0] < x[1] < …, one line each:
 * every n-th (the smallest n whose labels keep gap apart), starting with
 * the first; the last too when a nearby n divides the count or it clears
 * the previous shown label. */
int q_labels_ordered(const char *const *text, const double *x, int n,
                     const q_label_style *st, q_label_fit *out);

void q_label_fit_free(q_label_fit *f);

/* The pieces, for value labels and legends. Two lines as even as breaks at
 * spaces (or after '-' and '/') allow: writes the byte offsets of line 2's
 * start and line 1's end; returns the wider line's width, or the one-line
 * width (and *l1_end = len, *l2_start = len) when there is no break. */
double q_label_wrap2(const char *s, const q_label_style *st, size_t *l1_end, size_t *l2_start);
/* s shortened with "…" in the middle to at most width (the last word kept
 * whole where it takes at most 0.55 of the width). Returns a malloc'd
 * string: s itself (copied) when it fits; "…" alone when no character
 * fits beside it; "" when not even "…" fits. */
char *q_label_ellipsize(const char *s, double width, const q_label_style *st);

#endif
