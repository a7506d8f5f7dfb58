/* {sum(col)}, {avg(col)}, {count(col)}, {min(col)}, {max(col)} in a table's
 * <total> or <subtotal>. SQLite computes them over the table query's
 * published rows (temp."name", rowids in the rows' order), so NULLs, types
 * and overflow behave exactly as in the template's own SQL. */
#include "expand/expand_impl.h"
#include <stdlib.h>
#include <string.h>

static const char *const funcs[] = {"sum", "avg", "count", "min", "max"};


/* Whether func(col) can be computed here; reports why not. */
static int valid(ctx *c, const char *func, const char *col, int line)
{
    size_t nf = sizeof funcs / sizeof *funcs;
    size_t i = 0;
    while (i < nf && strcmp(funcs[i], func))
        i++;
    if (i == nf) {
        q_suggest s;
        q_suggest_init(&s, func);
        for (i = 0; i < nf; i++)
            q_suggest_add(&s, funcs[i]);
        if (q_suggest_best(&s))
            Q_X_REPORT(c, line, "{%s(%s)}: unknown aggregate '%s'; did you mean '%s'?", func, col, func, q_suggest_best(&s));
        else
            Q_X_REPORT(c, line, "{%s(%s)}: unknown aggregate '%s' (there are sum, avg, count, min and max)", func, col,
                   func);
        return 0;
    }
    const agg_scope *a = c->agg;
    if (!a) {
        Q_X_REPORT(c, line, "{%s(%s)}: an aggregate works only in a table's <total> or <subtotal>, over the table's rows",
               func, col);
        return 0;
    }
    if (a->q.failed) {
        c->failed = 1;   /* its query's failure was reported */
        return 0;
    }
    if (!a->q.t) {
        Q_X_REPORT(c, line, "{%s(%s)}: the table has no query, so no rows to aggregate", func, col);
        return 0;
    }
    if (!strcmp(col, "*")) {
        if (strcmp(func, "count"))
            Q_X_REPORT(c, line, "{%s(*)}: only count takes *", func);
        return !strcmp(func, "count");
    }
    if (q_table_col(a->q.t, col) >= 0)
        return 1;
    q_suggest s;
    q_suggest_init(&s, col);
    for (int k = 0; k < a->q.t->ncols; k++)
        q_suggest_add(&s, a->q.t->cols[k]);
    if (q_suggest_best(&s))
        Q_X_REPORT(c, line, "{%s(%s)}: query '%s' (line %d) has no column '%s'; did you mean '%s'?", func, col, a->q.name,
               a->q.line, col, q_suggest_best(&s));
    else
        Q_X_REPORT(c, line, "{%s(%s)}: query '%s' (line %d) has no column '%s'", func, col, a->q.name, a->q.line, col);
    return 0;
}

int q_x_aggregate(ctx *c, const char *func, const char *col, int line, q_value *out)
{
    memset(out, 0, sizeof *out);
    if (!valid(c, func, col, line))
        return -1;
    if (c->o->check_only)
        return 0;
    const agg_scope *a = c->agg;
    char *arg = strcmp(col, "*") ? sqlite3_mprintf("\"%w\"", col) : sqlite3_mprintf("*");
    char *sql = sqlite3_mprintf("SELECT %s(%s) FROM temp.\"%w\" WHERE rowid > ?1 AND rowid <= ?2", func, arg,
                                a->q.name);
    char *what = q_asprintf("{%s(%s)}", func, col);
    q_sql_src src = {.file = c->t->path, .line = line, .what = what};
    sqlite3_stmt *st = NULL;
    q_table t = {0};
    int rc = -1;
    if (sqlite3_prepare_v2(q_db_handle(c->env->db), sql, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_bind_int64(st, 1, (sqlite3_int64)a->first) != SQLITE_OK ||
        sqlite3_bind_int64(st, 2, (sqlite3_int64)(a->first + a->n)) != SQLITE_OK) {
        q_diag_add(c->d, Q_EDATA, c->t->path, line, 0, "%s: %s", what, sqlite3_errmsg(q_db_handle(c->env->db)));
        sqlite3_finalize(st);
    } else if (q_db_run(c->env->db, st, &src, &t, c->d) == 0) {
        if (t.nrows && t.ncols)
            *out = q_value_copy(&t.cells[0]);
        rc = 0;
    }
    q_table_free(&t);
    sqlite3_free(sql);
    sqlite3_free(arg);
    free(what);
    if (rc != 0)
        c->failed = 1;
    return rc;
}
