/* The data side of loops: a loop's query is compiled without running in a
 * check (q_db_describe), published and dropped once per row
 * (q_db_publish, q_db_unpublish), and the names SQL uses are found for
 * failed local names (q_sql_uses). */
#include "data/env.h"
#include "util/buf.h"
#include "t.h"
#include "t_sql.h"
#include <stdlib.h>

static int no_resolve(void *ctx, const char *name, const char *fmt, q_value *out, int line, q_diags *d)
{
    (void)ctx; (void)name; (void)fmt; (void)line; (void)d;
    *out = (q_value){QV_TEXT, 0, 0, q_xstrdup("East")};
    return 0;
}

typedef struct seen {
    char names[8][32];
    int placeholder[8];
    int n;
    const char *stop;   /* hit returns 1 on this name */
} seen;

static int record(void *ctx, const char *s, size_t n, int placeholder)
{
    seen *w = ctx;
    if (w->n < 8) {
        snprintf(w->names[w->n], sizeof w->names[0], "%.*s", (int)n, s);
        w->placeholder[w->n++] = placeholder;
    }
    return w->stop && strlen(w->stop) == n && !strncmp(w->stop, s, n);
}

int main(void)
{
    q_diags d = {0};
    q_db *db = q_db_open(5, NULL);
    sqlite3 *h = q_db_handle(db);
    T_INTEQ(sqlite3_exec(h, "CREATE TABLE off(region, released); INSERT INTO off VALUES ('East', 1), ('East', NULL),"
                            " ('West', 5)", NULL, NULL, NULL), SQLITE_OK);
    q_db_lock(db);
    q_sql_src src = {.file = "t.xml", .line = 3, .what = "query 'rows'"};

    /* A check: the columns, without a row, and nothing ran. */
    sqlite3_stmt *st = q_db_prepare(db, "SELECT region AS r, released FROM off WHERE region = {region}", &src,
                                    no_resolve, NULL, &d);
    T_CHECK(st != NULL);
    q_table t;
    T_INTEQ(q_db_describe(st, &t), 0);
    T_INTEQ(t.ncols, 2);
    T_STREQ(t.cols[0], "r");
    T_STREQ(t.cols[1], "released");
    T_INTEQ(t.nrows, 0);
    /* Published empty, later SQL of the check compiles against it. */
    T_INTEQ(q_db_publish(db, "rows", &t, &src, &d), 0);
    T_STREQ(sql1(h, "SELECT count(*) FROM rows"), "0");
    q_table_free(&t);

    /* Per row: dropped, then published again under the same name. */
    for (int row = 0; row < 3; row++) {
        q_db_unpublish(db, "rows");
        T_STREQ(sql1(h, "SELECT count(*) FROM rows"), "ERR");
        st = q_db_prepare(db, "SELECT region, released FROM off WHERE region = {region}", &src, no_resolve, NULL, &d);
        T_INTEQ(q_db_run(db, st, &src, &t, &d), 0);
        T_INTEQ(t.nrows, 2);
        T_INTEQ(q_db_publish(db, "rows", &t, &src, &d), 0);
        q_table_free(&t);
        /* Rowids follow the rows' order: what aggregates over a group use. */
        T_STREQ(sql1(h, "SELECT sum(released) FROM temp.rows WHERE rowid > 0 AND rowid <= 1"), "1");
        T_STREQ(sql1(h, "SELECT sum(released) FROM temp.rows WHERE rowid > 1 AND rowid <= 2"), "NULL");
        T_STREQ(sql1(h, "SELECT count(released) || '/' || count(*) FROM temp.rows"), "1/2");
    }
    q_db_unpublish(db, "rows");
    q_db_unpublish(db, "rows");   /* twice is harmless */
    /* User SQL stays read-only after our own statements. */
    T_CHECK(q_db_prepare(db, "DELETE FROM off", &src, no_resolve, NULL, &d) == NULL);
    T_INTEQ(d.nerr, 1);
    q_diags_free(&d);
    q_db_close(db);

    /* q_sql_uses: placeholders (dotted too) and table words, not strings
     * or comments; it stops at the first hit. */
    seen w = {0};
    T_INTEQ(q_sql_uses("SELECT {o.region}, 'x {y}' FROM rows -- {z}\n WHERE a = {outer.b|int}", record, &w), 0);
    T_INTEQ(w.n, 8);   /* the format's word too: it errs toward "uses" */
    T_STREQ(w.names[1], "o.region");
    T_INTEQ(w.placeholder[1], 1);
    T_STREQ(w.names[3], "rows");
    T_INTEQ(w.placeholder[3], 0);
    T_STREQ(w.names[6], "outer.b");
    T_INTEQ(w.placeholder[6], 1);
    seen stop = {.stop = "rows"};
    T_INTEQ(q_sql_uses("SELECT 1 FROM rows JOIN other", record, &stop), 1);
    T_INTEQ(stop.n, 3);   /* SELECT, FROM, rows: no number, no word after */
    T_DONE();
}
