/* The computed side of a report: params, datasets, queries and metrics, in
 * template order, each able to use what stands above it (SPEC §3.1–3.3). */
#ifndef QUIRE_DATA_ENV_H
#define QUIRE_DATA_ENV_H
#include "data/db.h"
#include "template/template.h"
#include "util/limits.h"

typedef struct q_kv {
    const char *name, *value;
} q_kv;

typedef struct q_env_opts {
    const q_kv *params;        /* -p */
    size_t nparams;
    const q_kv *datasets;      /* -d: replace a dataset's src */
    size_t ndatasets;
    const char *const *allow_dirs;
    size_t nallow;
    double query_timeout;      /* seconds */
    long long fixed_time;      /* 'now' in SQL, Unix seconds; -1: the real clock */
    q_limits *lim;             /* the render's limits and budget; NULL: defaults */
    const q_db_recorder *recorder;  /* provenance; NULL: none */
    int skip_unread;           /* derived: no table for a query nothing reads (q_env_unread) */
} q_env_opts;

typedef struct q_named {
    char *name;
    q_value v;
    int line;
    int norows;   /* a metric whose SQL found no row */
    int intdiv;   /* a metric that is likely integer division (q_table) */
} q_named;

typedef struct q_named_table {
    char *name;
    char *sql;
    q_table t;
    int line;
} q_named_table;

/* A param, dataset, query or metric that failed (already reported). */
typedef struct q_failed {
    char *name;
    int table;     /* a dataset or query: SQL names it as a table */
} q_failed;
/* A CSV dataset's rows, to name the cell a bad value came from. */
typedef struct q_csv_rows {
    char *name;                /* the table */
    char *path;                /* the file, as messages name it */
    int *lines;                /* line of row i (rowid i + 1) */
    size_t nlines;
} q_csv_rows;

/* Batch: a statement's rows, the same for every report (data/static.c). */
typedef struct q_static {
    const xmlNode *node;       /* the <query> or <metric> */
    q_table t;
} q_static;

typedef struct q_env {
    const q_template *tpl;
    q_db *db;
    q_named *params;
    size_t nparams;
    q_named *metrics;
    size_t nmetrics;
    q_named_table *queries;
    size_t nqueries;
    char **inputs;             /* resolved dataset files, for provenance */
    char **input_names;        /* the dataset of each */
    size_t ninputs;
    q_failed *failed;          /* what uses these is skipped, not reported again */
    size_t nfailed;
    q_csv_rows *csvs;
    size_t ncsvs;
    const struct q_env *base;  /* batch: the env that loaded the datasets, or NULL */
    q_limits *lim;             /* borrowed: the render's limits and budget */
    q_limits own_lim;          /* when the caller gave none */
    q_static *statics;         /* base: what every report computes alike */
    size_t nstatics;
    long long statics_time;    /* base: the 'now' they were computed at */
    long long fixed_time;      /* derived: this report's 'now' (-1: the real clock) */
    int recording;             /* derived: provenance wants every statement run */
    const xmlNode **unread;    /* base: queries nothing else in the template names */
    size_t nunread;
    int skip_unread;           /* derived: those are not made tables */
} q_env;

/* Loads data and computes every query and metric. On any error, reports
 * it and returns -1. It keeps going, so that every root cause is reported;
 * a statement that uses a failed name is skipped silently and fails in
 * turn (q_env_failed). */
int q_env_build(q_env *env, const q_template *t, const q_env_opts *o, q_diags *d);
void q_env_free(q_env *env);
/* Frees every query's rows, keeping its columns, and closes the SQLite
 * connection: once the document is expanded nothing reads them, and a
 * large table's rows would otherwise stay through layout and painting
 * (twice: ours and SQLite's). */
void q_env_drop_data(q_env *env);

/* Batch, in two steps: q_env_load loads the datasets alone (no params, no
 * SQL); q_env_derive computes one report's params, queries and metrics on
 * db, a connection over a copy of base's tables (q_db_open_image), which it
 * owns from then on. base must outlive env. */
int q_env_load(q_env *env, const q_template *t, const q_env_opts *o, q_diags *d);
int q_env_derive(q_env *env, const q_env *base, q_db *db, const q_env_opts *o, q_diags *d);

/* static.c. q_env_statics runs, on a connection over image with 'now'
 * at fixed_time, every statement of base's template that would give
 * every report the same rows, and keeps them in base. q_env_static: the
 * rows kept for node, when env (derived from that base) may use them
 * instead of running its SQL; else NULL. */
void q_env_statics(q_env *base, const unsigned char *image, size_t nimage, double timeout_s, long long fixed_time,
                   unsigned long long max_memory);
const q_table *q_env_static(const q_env *env, const xmlNode *n);
void q_env_statics_free(q_env *env);
/* Whether env need not publish the query at n: nothing in the template
 * names it (found by q_env_statics) and env was derived with skip_unread. */
int q_env_unread(const q_env *env, const xmlNode *n);
void q_table_copy(const q_table *from, q_table *to);

/* Lookup without rows: query.column (first row), metric, param. Returns a
 * borrowed value or NULL. *known is set when the name exists at all (a
 * query with no rows yields NULL values yet is known). */
const q_value *q_env_find(const q_env *env, const char *name, int *known);
const q_named_table *q_env_query(const q_env *env, const char *name);
/* One message per root cause (SPEC §8): whether name, or the query before
 * its '.', failed, so that a use of it is skipped without a message. */
int q_env_failed(const q_env *env, const char *name);
/* Whether the report defines name at its top: a param, dataset, query or
 * metric (a loop's local query or metric may not take it). */
int q_env_defines(const q_env *env, const char *name);
/* Calls hit for each {placeholder} name (placeholder = 1) and each word
 * or quoted identifier that could name a table (0) in SQL, skipping
 * strings and comments; returns 1 as soon as hit does, else 0. */
int q_sql_uses(const char *sql, int (*hit)(void *ctx, const char *s, size_t n, int placeholder), void *ctx);
/* Whether SQL uses something that failed: a {placeholder} naming it, or a
 * dataset or query named as a table (strings and comments skipped). */
int q_env_sql_uses_failed(const q_env *env, const char *sql);
/* The CSV cell a value most likely came from: the first cell equal to
 * text, in a column named column if one has it, else in any column. Returns
 * 1 and sets *file (borrowed), *line, *col (field number) and *colname
 * (malloc'd), or 0. */
int q_env_locate(const q_env *env, const char *column, const char *text, const char **file, int *line, int *col,
                 char **colname);
/* Every name the env knows, for "did you mean" hints. */
void q_env_names(const q_env *env, void (*cb)(void *ctx, const char *name), void *ctx);

#endif
