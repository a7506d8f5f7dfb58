/* Total-fit line breaking (Knuth & Plass, "Breaking Paragraphs into Lines",
 * 1981) over boxes, glue and penalties. Pure: no fonts, no allocation the
 * caller sees. */
#ifndef QUIRE_LAYOUT_LINEBREAK_H
#define QUIRE_LAYOUT_LINEBREAK_H
#include <stddef.h>

typedef enum { QI_BOX, QI_GLUE, QI_PENALTY } q_item_type;

typedef struct q_item {
    q_item_type type;
    double width;            /* box, glue, penalty (width if broken here) */
    double stretch, shrink;  /* glue only */
    double penalty;          /* penalty only; <= -Q_INF_PENALTY forces a break, >= Q_INF_PENALTY forbids */
    int flagged;             /* penalty only: hyphen-like */
} q_item;

#define Q_INF_PENALTY 10000.0

typedef struct q_break_opts {
    const double *line_widths;  /* width of line k is line_widths[min(k, nwidths-1)] */
    size_t nwidths;
    double tolerance;           /* max adjustment ratio, e.g. 2.0; retried looser when infeasible */
    double line_penalty;        /* e.g. 10 */
    double flagged_demerit;     /* e.g. 100 */
    double fitness_demerit;     /* e.g. 100 */
    int strict;                 /* no looser retries: 0 lines when nothing fits the tolerance */
    double over_demerit;        /* retries: added per line looser than tolerance, e.g. 1e7 (0: off) */
    int max_flagged_run;        /* at most this many flagged breaks in a row (0: no limit) */
    double shrink_limit;        /* first pass: ratio >= -shrink_limit (0: -1); retries: over_demerit below */
    size_t max_lines;           /* > 0: at most this many lines, or 0 returned (give nwidths > max_lines
                                 * so that each line number is its own class) */
} q_break_opts;

/* Chooses break points. Items must end with glue(0, inf stretch) + forced
 * penalty, as the paper does. Writes indices of the items where lines end
 * (glue or penalty items; the last is n-1) to breaks, and each line's
 * adjustment ratio to ratios (may be NULL). Never fails: when no feasible
 * set exists even at a loose tolerance, overfull lines are accepted;
 * unless o->strict, which returns 0 when no set fits o->tolerance (a
 * caller's cheap first try, as TeX's pretolerance).
 * Returns the number of lines (<= maxbreaks). */
size_t q_break_lines(const q_item *items, size_t n, const q_break_opts *o,
                     size_t *breaks, double *ratios, size_t maxbreaks);

/* First-fit breaking with the same contract, for ragged text. */
size_t q_break_lines_greedy(const q_item *items, size_t n, const q_break_opts *o,
                            size_t *breaks, double *ratios, size_t maxbreaks);

#endif
