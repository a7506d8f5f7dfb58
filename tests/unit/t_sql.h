/* Reading results back in the data-loader tests. */
#ifndef QUIRE_TEST_T_SQL_H
#define QUIRE_TEST_T_SQL_H
#include <sqlite3.h>
#include <stdio.h>

/* First column of the first row, as text ("NULL" for NULL, "ERR" on error). */
static const char *sql1(sqlite3 *db, const char *sql)
{
    static char out[256];
    sqlite3_stmt *st;
    snprintf(out, sizeof out, "ERR");
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return out;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *s = sqlite3_column_text(st, 0);
        snprintf(out, sizeof out, "%s", s ? (const char *)s : "NULL");
    }
    sqlite3_finalize(st);
    return out;
}

#endif
