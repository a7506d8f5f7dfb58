/* "Nice" ticks for a value axis: steps of 1, 2, 2.5 or 5 × 10^n, chosen by
 * the Extended Wilkinson search (Talbot, Lin, Hanrahan 2010) restricted to
 * loose labelings (the first and last tick cover the data), and the labels'
 * precision. Pure: no allocation, no global state. docs/charts.md explains
 * the rules and the choices. */
#ifndef QUIRE_CHART_TICKS_H
#define QUIRE_CHART_TICKS_H
#include <stddef.h>

#include "expand/format.h"

#define Q_TICKS_MAX 16          /* the search never returns more than 12 */
#define Q_TICK_LABEL_MAX 48

typedef struct q_ticks {
    double lo, hi;              /* the axis domain: first and last tick */
    double step;
    int n;                      /* number of ticks, 2..12 */
    double v[Q_TICKS_MAX];      /* tick values, exact to their decimals */
    long long m[Q_TICKS_MAX];   /* the same, exactly: v[i] = m[i] × 10^e */
    int e;
    int decimals;               /* fewest decimals that print every tick exactly */
} q_ticks;

/* How many ticks to aim for on an axis length_pt long with labels of
 * font_pt: ticks 3.5 label heights apart, clamped to 3..7. */
int q_ticks_target(double length_pt, double font_pt);

/* Ticks for data in [min, max] (min == max for one value). With zero set
 * (bars, areas) the domain includes 0. Data that are all >= 0 never get a
 * negative tick, nor data that are all <= 0 a positive one; a domain that
 * straddles 0 always has 0 as a tick. All zeros give 0..1; one value v
 * without zero gives a domain around v (±5%). target is the wanted count
 * (q_ticks_target); the result has at most target + 2 ticks. A range
 * below 1e-10 of its magnitude counts as one value. Returns 0, or -1 with
 * a reason in err for NaN or infinite input, min > max, or |x| > 1e300. */
int q_ticks_nice(double min, double max, int zero, int target, q_ticks *out,
                 char *err, size_t errsz);

/* Fewest decimals that print every tick of t, times 10^pow10, exactly:
 * 0, 0.5, 1 → 1 ("0.0", "0.5", "1.0"); 0, 2.5, 5 → 1; 0, 0.25, 0.5 at
 * pow10 = 2 (percent) → 0; 0, 25000, 50000 at pow10 = -3 (K) → 0. */
int q_ticks_decimals(const q_ticks *t, int pow10);

/* The format each tick label is printed with, derived from the axis format
 * (y-format / x-format, "" or NULL for none) so that the labels are
 * distinct, exact and equally precise: none, int and num:N become num:D
 * (grouped); pct:N → pct:D from the ticks × 100; money:N → money:D;
 * +int/+num/+pct keep their sign; compact and money-compact stay as they
 * are unless two labels would print the same, then num:D / money:D.
 * D is the tick precision. Writes the spec to out. Returns 0, or -1 for a
 * format that is not numeric (date:, upper, …) with a reason. */
int q_ticks_label_format(const q_ticks *t, const char *axis_fmt,
                         char *out, size_t outsz, char *err, size_t errsz);

/* Formats every tick with q_ticks_label_format's spec through
 * q_format_value (so group and decimal marks follow the report). Zero is
 * "0" whatever the decimals (the baseline label carries no noise).
 * labels has t->n rows. Returns 0, or -1 with a reason. */
int q_ticks_labels(const q_ticks *t, const char *axis_fmt, const q_numfmt *nf,
                   char labels[][Q_TICK_LABEL_MAX], char *err, size_t errsz);

#endif
