/* Private to src/batch: the steps of a batch, each in its own file. */
#ifndef QUIRE_BATCH_INTERNAL_H
#define QUIRE_BATCH_INTERNAL_H
#include "batch/batch.h"
#include "data/db.h"
#include "util/buf.h"

/* rows.c: QUERY's rows, run once before any report with only -p values
 * and defaults bound. 0, or -1 with the reason in d. */
int q_batch_rows(const quire_prepared *p, const quire_options *o, const char *each, q_table *rows, q_diags *d);
/* The names of the template's params, for rows' columns to set. */
char **q_batch_param_names(const quire_prepared *p, size_t *n);

/* pattern.c: whether every {name} in pattern is one of rows' columns;
 * 0, or -1 with the reason in d. */
int q_batch_pattern_check(const char *pattern, const q_table *rows, q_diags *d);
/* The output path of row r: each value with '/', NUL and control
 * characters as '_', and a component made by a value that is empty, '.'
 * or '..' as '_'. Caller frees. */
char *q_batch_output(const char *pattern, const q_table *rows, size_t r);
/* A value as a -p value would be written (NULL: ""). */
void q_batch_value_text(const q_value *v, q_buf *out);

/* manifest.c: one JSON object, as one line. */
typedef struct q_batch_entry {
    size_t row;
    const char *output;
    const quire_kv *params;
    size_t nparams;
    int pages;               /* < 0: unknown (null) */
    long long bytes;         /* < 0: null */
    const char *sha256;      /* NULL: null */
    double ms;
    const char *status;      /* "ok", "failed", "skipped" */
    const char *error;       /* NULL: null */
} q_batch_entry;
void q_batch_json_line(const q_batch_entry *e, q_buf *out);
/* Lowercase hex SHA-256 of data, into hex[65]. */
void q_batch_sha256(const void *data, size_t n, char hex[65]);
/* The same of a file; 0, or -1. */
int q_batch_sha256_file(const char *path, char hex[65], long long *bytes);

#endif
