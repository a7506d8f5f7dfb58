/* Automatic table layout: column widths from what the cells need, after
 * the min-content/max-content method of CSS tables. Pure: text widths come
 * from the caller's measure function, nothing here touches fonts. */
#ifndef QUIRE_LAYOUT_COLWIDTH_H
#define QUIRE_LAYOUT_COLWIDTH_H
#include "expand/doc.h"

/* Width of len bytes of s set in run's style; negative on a font error
 * (reported by the measurer). */
typedef double (*q_colw_measure)(void *ctx, const q_run *run, const char *s, size_t len);

/* One column, measured at the table's styled size (padding apart). */
typedef struct q_colw_in {
    double min;        /* the widest word: nothing narrower without breaking one */
    double max;        /* the widest cell set on one line */
    double brk;        /* the widest word with a figure in it (numbers, dates,
                          money never break), at least 1 em */
    double head, tail; /* decimal columns: widest part before the decimal mark,
                          and from it to the end */
    double hdr;        /* the header on one line: grown to first when there is room */
    double pad;        /* horizontal padding, not scaled with the type */
    double set;        /* explicit width in points; 0 = automatic */
    int numeric;       /* figures: keep their width, shrink last */
    int decimal;       /* aligned on the decimal mark */
} q_colw_in;

typedef struct q_colw_opts {
    double avail;      /* the text width */
    double size;       /* the table's type size */
    double floor;      /* the smallest size it may shrink to (7 pt) */
    double step;       /* shrink in steps of this (0.5 pt) */
} q_colw_opts;

typedef struct q_colw_res {
    double scale;      /* type size factor chosen: 1 = as styled */
    int broke;         /* even at the floor, text words must break */
    int overflow;      /* even then wider than avail: figures are never cut */
    int widened;       /* explicit widths set wider to hold a word or figure */
} q_colw_res;

/* Adds one cell (or, with header, a column title: its words count, its
 * one-line width only as hdr). dec is the decimal mark ("."). Returns 0,
 * or -1 when measure failed. */
int q_colw_cell(q_colw_in *c, const q_para *p, int header, const char *dec, q_colw_measure m, void *ctx);

/* A cell spanning columns first..first+span-1 whose widest word is min,
 * padded by outer in all: what those columns lack of it (the padding
 * between them counts as room) is added to their min-contents in equal
 * parts. Call after every single cell. */
void q_colw_span(q_colw_in *c, int first, int span, double min, double outer);

/* Width from a paragraph's decimal mark (the last one between digits) to
 * its end; 0 when it has none, as for an integer. -1 on a font error. */
double q_colw_tail(const q_para *p, const char *dec, q_colw_measure m, void *ctx);

/* Resolves n columns into widths w (points, padding included); widened[k]
 * (may be NULL) is set for explicit widths made wider. */
void q_colw_resolve(const q_colw_in *c, int n, const q_colw_opts *o, double *w, int *widened, q_colw_res *res);

#endif
