/* Diagnostics: every failure carries a location and an exit code (SPEC §2). */
#ifndef QUIRE_UTIL_DIAG_H
#define QUIRE_UTIL_DIAG_H
#include <stddef.h>
#include <stdio.h>

enum { Q_OK = 0, Q_EDATA = 1, Q_EUSAGE = 2, Q_EBATCH = 3 };

typedef struct q_diag {
    int code;      /* Q_EDATA or Q_EUSAGE */
    char *file;    /* may be NULL */
    int line;      /* 0 when unknown */
    int col;       /* 0 when unknown */
    char *msg;
} q_diag;

typedef struct q_diags {
    q_diag *v;
    size_t n, cap;
} q_diags;

__attribute__((format(printf, 6, 7)))
void q_diag_add(q_diags *d, int code, const char *file, int line, int col, const char *fmt, ...);
/* Exit code of the first error, or Q_OK. */
int q_diags_code(const q_diags *d);
/* "FILE:LINE[:COL]: error: MSG" per line. */
void q_diags_print(const q_diags *d, FILE *out);
void q_diags_free(q_diags *d);

#endif
