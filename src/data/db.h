/* The report's SQLite database: datasets as tables, queries and metrics run
 * read-only and time-limited, `{name}` placeholders bound, never spliced. */
#ifndef QUIRE_DATA_DB_H
#define QUIRE_DATA_DB_H
#include <sqlite3.h>
#include <stddef.h>
#include "util/diag.h"
#include "util/fsutil.h"
#include "util/limits.h"
#include "util/value.h"

typedef struct q_table {
    int ncols;
    char **cols;
    size_t nrows;
    q_value *cells;   /* row-major: cells[r * ncols + c] */
    /* Per column: an expression in SQL that divides, whose values are all
     * INTEGER (no REAL): likely integer division (SPEC §2 warnings). */
    unsigned char *intdiv;
} q_table;

void q_table_free(q_table *t);
int q_table_col(const q_table *t, const char *name);   /* -1 if absent */
/* About what the table holds in memory, for --max-memory. */
unsigned long long q_table_bytes(const q_table *t);

typedef struct q_db q_db;

/* sqlmem.c: SQLite's allocator, set up once before SQLite's first use
 * (q_db_open does it). q_db_heap_limit bounds what SQLite allocates on
 * this thread from now on (a render: --max-memory; 0: no bound). */
void q_db_setup(void);
void q_db_heap_limit(unsigned long long max);

/* clock: the VFS name from q_db_fixed_clock, or NULL for the real clock. */
q_db *q_db_open(double timeout_s, const char *clock);
/* A VFS whose clock always reads unix_seconds (for 'now' in SQL). */
const char *q_db_fixed_clock(long long unix_seconds);
void q_db_close(q_db *db);
sqlite3 *q_db_handle(q_db *db);
/* Rows and memory a query result may take (--max-rows, --max-memory). */
void q_db_set_limits(q_db *db, q_limits *lim);
/* From here on, user SQL may only read (SQLite authorizer). */
void q_db_lock(q_db *db);
/* Copies an SQLite file, opened read-only by its path (never as a URI),
 * into schema `name`. */
int q_db_attach(q_db *db, const char *name, const char *path, const q_input *in, const char *file, int line,
                q_diags *d);

/* Resolves `{name}` / `{name|fmt}` inside SQL to a value; returns 0, or -1
 * after reporting an unknown name. */
typedef int (*q_sql_resolver)(void *ctx, const char *name, const char *fmt,
                              q_value *out, int line, q_diags *d);

/* Where SQL text came from, for messages. */
typedef struct q_sql_src {
    const char *file;
    int line;
    const char *what;   /* "query 'fy'", "metric 'rate'", "test" */
    /* Whether a name is defined, to warn of '{name}' inside quotes (a
     * literal, not the value); NULL: warn for any such name. */
    int (*known)(void *ctx, const char *name);
    /* Optional: whether a name is a query defined below this SQL, so that
     * "no such table" can say to move it. */
    int (*below)(void *ctx, const char *name);
    void *below_ctx;
} q_sql_src;

/* Compiles SQL with placeholders bound through resolve. On failure reports
 * the SQLite message and returns NULL. Only one read-only statement. */
sqlite3_stmt *q_db_prepare(q_db *db, const char *sql, const q_sql_src *src,
                           q_sql_resolver resolve, void *ctx, q_diags *d);

/* Runs a compiled statement to a table (all rows), stopping at the time
 * limit, --max-rows or --max-memory (counting what the limits already
 * hold; the caller adds what it keeps). Returns 0 or -1 (reported). The
 * statement is finalized. */
int q_db_run(q_db *db, sqlite3_stmt *st, const q_sql_src *src, q_table *out, q_diags *d);

/* A compiled statement's columns, with no rows, without running it (a
 * check). Returns 0; the statement is finalized. */
int q_db_describe(sqlite3_stmt *st, q_table *out);
/* Provenance hooks (--embed-data): each value bound to a statement, and
 * each statement that ran to completion with its rows. */
typedef struct q_db_recorder {
    void (*bound)(void *ctx, sqlite3_stmt *st, int index, const char *name, const q_value *v);
    void (*ran)(void *ctx, sqlite3_stmt *st, const q_sql_src *src, const q_table *rows);
    void *ctx;
} q_db_recorder;
void q_db_set_recorder(q_db *db, const q_db_recorder *r);

/* Makes a query's rows readable by later SQL as a table of that name. */
int q_db_publish(q_db *db, const char *name, const q_table *t, const q_sql_src *src, q_diags *d);
/* Drops what q_db_publish made (a loop's query, at the end of its scope). */
void q_db_unpublish(q_db *db, const char *name);

/* Batch: the main schema (the loaded datasets) as an SQLite image to free
 * with sqlite3_free; and a connection that reads such an image in place,
 * read-only (its queries still get TEMP tables of their own). */
int q_db_image(q_db *db, unsigned char **bytes, size_t *n);
q_db *q_db_open_image(const unsigned char *bytes, size_t n, double timeout_s, const char *clock);

#endif
