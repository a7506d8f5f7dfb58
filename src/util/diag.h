/* Diagnostics: every failure carries a location and an exit code (SPEC §2).
 * One q_diags is the render's error record: each stage boundary asks
 * q_diags_failed() rather than trusting a callee's return code, so a failure
 * dropped on the way still stops the render before anything is written. */
#ifndef QUIRE_UTIL_DIAG_H
#define QUIRE_UTIL_DIAG_H
#include <stddef.h>
#include <stdio.h>

enum { Q_OK = 0, Q_EDATA = 1, Q_EUSAGE = 2, Q_EBATCH = 3 };

typedef struct q_diag {
    int code;      /* Q_EDATA or Q_EUSAGE; Q_OK for a warning */
    char *file;    /* may be NULL */
    int line;      /* 0 when unknown */
    int col;       /* 0 when unknown */
    char *msg;
} q_diag;

typedef struct q_diags {
    q_diag *v;
    size_t n, cap;
    size_t nerr;   /* how many of v are errors (the rest are warnings) */
    int strict;    /* --strict: a warning is an error (Q_EUSAGE) */
} q_diags;

__attribute__((format(printf, 6, 7)))
void q_diag_add(q_diags *d, int code, const char *file, int line, int col, const char *fmt, ...);
/* A trap that still renders (SPEC §2 --strict): printed as "warning:",
 * or as an error with exit 2 when d->strict is set. */
__attribute__((format(printf, 5, 6)))
void q_warn_add(q_diags *d, const char *file, int line, int col, const char *fmt, ...);
/* Whether a warning at file:line whose message starts with prefix was
 * recorded (to warn once per placeholder, not once per row). */
int q_warn_seen(const q_diags *d, const char *file, int line, const char *prefix);
/* Whether any error (not warning) was recorded. */
int q_diags_failed(const q_diags *d);
/* Exit code of the first error, or Q_OK. */
int q_diags_code(const q_diags *d);
/* "FILE:LINE[:COL]: error: MSG" (or "warning:") per line. */
void q_diags_print(const q_diags *d, FILE *out);
void q_diags_free(q_diags *d);

#endif
