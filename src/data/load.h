/* Loading datasets into SQLite tables (SPEC §3.2). The caller runs these on a
 * trusted connection before the read-only authorizer is installed. */
#ifndef QUIRE_DATA_LOAD_H
#define QUIRE_DATA_LOAD_H
#include <sqlite3.h>
#include "util/diag.h"
#include "util/fsutil.h"

/* Loads an RFC 4180 CSV file into a new table `table` (main schema).
 * header=0: columns are named c1, c2, …. Errors name the file, and line and
 * column where there is one; they use code Q_EDATA. Returns 0 or -1. */
int q_csv_load(sqlite3 *db, const char *table, const char *path,
               char delimiter, int header, q_diags *d);

/* The same, opened as in says (NULL: regular files up to 1 GiB), and on
 * success *lines (malloc'd, *nlines of them) holds the line where each
 * data row starts: row i is rowid i + 1 of the table. */
int q_csv_load_lines(sqlite3 *db, const char *table, const char *path, char delimiter, int header,
                     const q_input *in, int **lines, size_t *nlines, q_diags *d);

/* Folds a header name to snake_case: "Bond (USD)" -> "bond_usd". Empty
 * result -> NULL (the caller names the column). Caller frees. */
char *q_fold_name(const char *s);

/* Loads a JSON array of objects found at `json_path` ("$" = the root) into a
 * new table; keys (in order of first appearance) become columns. */
int q_json_load(sqlite3 *db, const char *table, const char *path,
                const char *json_path, q_diags *d);
/* The same, opened as in says (NULL: regular files up to 1 GiB). */
int q_json_load_in(sqlite3 *db, const char *table, const char *path, const char *json_path,
                   const q_input *in, q_diags *d);

/* base, or base_2, base_3 … : the first not among taken[0..n), compared as
 * SQLite compares column names (ASCII case ignored). Takes base. */
char *q_unique_name(char *base, const char *const *taken, size_t n);

/* Appends s as a quoted SQL identifier ("a""b"). */
struct q_buf;
void q_sql_ident(struct q_buf *b, const char *s);

#endif
