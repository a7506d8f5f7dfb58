/* A chart's rows: which columns a <chart> shows and what they hold, from
 * its query's result (SPEC §4). Pure: no template, no env, so the unit
 * tests build tables by hand (tests/unit/test_chart_data.c). */
#ifndef QUIRE_EXPAND_CHART_H
#define QUIRE_EXPAND_CHART_H
#include "chart/draw.h"
#include "data/db.h"

/* Where the chart and its rows come from, for messages. */
typedef struct q_chart_src {
    const char *file;          /* the template */
    int line;                  /* the <chart>'s line */
    const char *query;         /* the query's name */
    /* Optional: where a bad cell came from ("data/x.csv:4:2") into buf;
     * returns 0 when not found. */
    int (*locate)(void *ctx, const char *column, const char *text, char *buf, size_t n);
    void *locate_ctx;
} q_chart_src;

/* The names only (check mode, when rows may be missing): x and every y
 * must be columns of t, and a chart needs a column besides x. Unknown
 * names are Q_EUSAGE with the closest column. Returns 0 or -1. */
int q_chart_check_columns(const q_chart *c, const q_table *t, const q_chart_src *src, q_diags *d);

/* Fills out from t's rows: x is the x column (else the first), the series
 * are the y columns (else every other column whose values are all numbers),
 * named by series (else by their columns). A NULL value is a gap
 * (is_null); a NULL x on a numeric axis has no place, so its row is a gap
 * in every series (x_num NaN). A value that is not a number, or an x that
 * x-format refuses, is Q_EDATA; names as in q_chart_check_columns.
 * No rows is not an error. Returns 0, or -1 with out empty. */
int q_chart_fill(const q_chart *c, const q_table *t, const q_numfmt *nf, const q_chart_src *src,
                 q_chart_data *out, q_diags *d);

/* Whether text reads as a year or a date: 2013, FY2013, 2013-07,
 * 2013-07-01 (a time may follow), 2013-Q3. */
int q_chart_date_like(const char *s);

#endif
