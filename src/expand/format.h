/* Value formats of SPEC §3.4: int, num:N, pct:N, +pct:N, +num:N, +int,
 * compact (number-compact), money:N, money-compact, date:FMT, upper, lower. */
#ifndef QUIRE_EXPAND_FORMAT_H
#define QUIRE_EXPAND_FORMAT_H
#include <stddef.h>
#include "util/buf.h"
#include "util/value.h"

typedef struct q_numfmt {
    const char *group_sep;    /* "," */
    const char *decimal_sep;  /* "." */
    const char *currency;     /* "$" */
    const char *null_text;    /* "—" */
    int currency_after;       /* <report currency-position="after">: "5 €" */
} q_numfmt;

/* Checks a format spec (NULL or "" = none). Returns 0, or -1 with a reason. */
int q_format_check(const char *fmt, char *err, size_t errsz);

/* Appends v formatted by fmt (NULL or "" = as stored) to out. A NULL value
 * appends nf->null_text. Returns 0, or -1 with a reason in err (unknown
 * format, a non-number given a numeric format, a bad date). */
int q_format_value(const q_value *v, const char *fmt, const q_numfmt *nf,
                   q_buf *out, char *err, size_t errsz);

/* What a valid format does with a number, for the warnings of SPEC §2. */
typedef struct q_fmtinfo {
    int pct;        /* pct:N or +pct:N: multiplies by 100 */
    int num;        /* int, num:N, +num:N */
    int plus;       /* the signed variants */
    int decimals;
} q_fmtinfo;
int q_format_info(const char *fmt, q_fmtinfo *fi);

/* Appends s upper- or lower-cased by Unicode's full case mapping
 * (Straße -> STRASSE); bytes that are not UTF-8 are kept (textcase.c). */
void q_text_case(q_buf *out, const char *s, int upper);

/* A number's value as a double: INT, REAL, or TEXT that is all number.
 * Returns 0, or -1 for NULL and other text. */
int q_value_number(const q_value *v, double *x);

#endif
