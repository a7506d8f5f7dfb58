/* What a name inside loops means (SPEC §8 "Loops and tables"): the rows of
 * enclosing loops, qualified by as="…" or outer, and the queries and
 * metrics that stand as blocks inside a <for-each> and run for each row. */
#include "expand/expand_impl.h"
#include "util/buf.h"
#include <stdlib.h>
#include <string.h>

static const q_value null_value = {0};

static const q_value *cell(const row_scope *s, int col)
{
    return s->row < s->t->nrows ? &s->t->cells[s->row * (size_t)s->t->ncols + (size_t)col] : &null_value;
}

static const char *loop_kind(const row_scope *s)
{
    return s->is_table ? "table" : "for-each";
}


/* The row scope a qualified name's head names: an as="…", innermost
 * first, then outer (one level out from the current row). -1: not a loop
 * name; -2: outer where no loop encloses the current one. */
static int qualified_scope(const ctx *c, const char *name, size_t head)
{
    for (int r = c->nrows - 1; r >= 0; r--)
        if (c->rows[r].alias && strlen(c->rows[r].alias) == head && !strncmp(c->rows[r].alias, name, head))
            return r;
    if (head == 5 && !strncmp(name, "outer", 5) && c->nrows > 0)
        return c->nrows >= 2 ? c->nrows - 2 : -2;
    return -1;
}

/* The scopes whose rows have an unqualified column: innermost two. A
 * field="…" that the table's own rows have is theirs alone. */
static void matching_scopes(const ctx *c, const char *name, int *first, int *second)
{
    *first = *second = -1;
    if (c->own_row && c->nrows > 0 && q_table_col(c->rows[c->nrows - 1].t, name) >= 0) {
        *first = c->nrows - 1;
        return;
    }
    for (int r = c->nrows - 1; r >= 0 && *second < 0; r--)
        if (q_table_col(c->rows[r].t, name) >= 0) {
            if (*first < 0)
                *first = r;
            else
                *second = r;
        }
}

int q_x_row_scope(const ctx *c, const char *name, int *col)
{
    const char *dot = strchr(name, '.');
    if (dot) {
        int sc = qualified_scope(c, name, (size_t)(dot - name));
        *col = sc >= 0 ? q_table_col(c->rows[sc].t, dot + 1) : -1;
        return *col >= 0 ? sc : -1;
    }
    int first, second;
    matching_scopes(c, name, &first, &second);
    if (first < 0 || second >= 0)
        return -1;
    *col = q_table_col(c->rows[first].t, name);
    return first;
}

int q_x_row_value(ctx *c, const char *name, int line, const q_value **v)
{
    int quiet = line == Q_QUIET;
    const char *dot = strchr(name, '.');
    if (dot) {
        int sc = qualified_scope(c, name, (size_t)(dot - name));
        if (sc == -1)
            return 0;
        if (sc == -2) {
            if (!quiet)
                Q_X_REPORT(c, line, "unknown name '%s': 'outer' is the row of the loop around this one, and no loop "
                       "encloses it", name);
            return -1;
        }
        const row_scope *s = &c->rows[sc];
        int col = q_table_col(s->t, dot + 1);
        if (col >= 0) {
            *v = cell(s, col);
            return 1;
        }
        if (quiet)
            return -1;
        if (s->failed) {
            c->failed = 1;   /* its query's failure was reported */
            return -1;
        }
        q_suggest sg;
        q_suggest_init(&sg, dot + 1);
        for (int k = 0; k < s->t->ncols; k++)
            q_suggest_add(&sg, s->t->cols[k]);
        char *where = q_asprintf("the %s at line %d", loop_kind(s), s->line);
        if (q_suggest_best(&sg)) {
            char *hint = q_asprintf("%.*s.%s", (int)(dot - name), name, q_suggest_best(&sg));
            Q_X_REPORT(c, line, "unknown name '%s' (the rows of %s have no column '%s'); "
                       "did you mean '%s'?", name, where, dot + 1, hint);
            free(hint);
        } else {
            Q_X_REPORT(c, line, "unknown name '%s' (the rows of %s have no column '%s')",
                       name, where, dot + 1);
        }
        free(where);
        return -1;
    }
    int first, second;
    matching_scopes(c, name, &first, &second);
    if (first < 0)
        return 0;
    if (second < 0) {
        *v = cell(&c->rows[first], q_table_col(c->rows[first].t, name));
        return 1;
    }
    if (!quiet) {
        const row_scope *in = &c->rows[first], *out = &c->rows[second];
        Q_X_REPORT(c, line,
                   "'%s' is ambiguous: it is a column of the rows of the %s at line %d and of the %s at line %d; "
                   "qualify it: as=\"NAME\" on the loop you mean and {NAME.%s}, or {outer.%s} for the row one "
                   "level out",
                   name, loop_kind(in), in->line, loop_kind(out), out->line, name, name);
    }
    return -1;
}

const local *q_x_local(const ctx *c, const char *name)
{
    for (int i = c->nlocals - 1; i >= 0; i--)
        if (!strcmp(c->locals[i]->name, name))
            return c->locals[i];
    return NULL;
}

int q_x_local_value(const ctx *c, const char *name, const q_value **v)
{
    const char *dot = strchr(name, '.');
    if (!dot) {
        const local *l = q_x_local(c, name);
        if (!l || l->is_query)
            return 0;
        *v = &l->v;
        return 1;
    }
    char *head = q_xstrndup(name, (size_t)(dot - name));
    const local *l = q_x_local(c, head);
    free(head);
    int col = l && l->is_query ? q_table_col(&l->t, dot + 1) : -1;
    if (col < 0)
        return 0;
    *v = l->t.nrows ? &l->t.cells[col] : &null_value;
    return 1;
}

int q_x_failed(const ctx *c, const char *name)
{
    if (q_env_failed(c->env, name))
        return 1;
    char *head = q_xstrndup(name, strcspn(name, "."));
    const local *l = q_x_local(c, head);
    free(head);
    return l && l->failed;
}

static int failed_local(void *arg, const char *s, size_t n, int placeholder)
{
    const ctx *c = arg;
    for (int i = 0; i < c->nlocals; i++) {
        const local *l = c->locals[i];
        size_t len = strlen(l->name);
        /* {q.col} names q; as a table, only a query is read */
        if (l->failed && n >= len && !strncmp(l->name, s, len) &&
            (n == len || (placeholder && s[len] == '.')) && (placeholder || l->is_query))
            return 1;
    }
    return 0;
}

int q_x_sql_uses_failed(const ctx *c, const char *sql)
{
    return q_env_sql_uses_failed(c->env, sql) || q_sql_uses(sql, failed_local, (void *)c);
}

int q_x_find_query(const ctx *c, const char *name, qref *out)
{
    const local *l = name ? q_x_local(c, name) : NULL;
    if (l && l->is_query) {
        *out = (qref){&l->t, l->name, l->line, l->failed};
        return 0;
    }
    const q_named_table *q = name ? q_env_query(c->env, name) : NULL;
    if (!q)
        return -1;
    *out = (qref){&q->t, q->name, q->line, q_env_failed(c->env, name)};
    return 0;
}

int q_x_push_rows(ctx *c, const qref *q, size_t row, const char *alias, int line, int is_table)
{
    if (c->nrows == (int)(sizeof c->rows / sizeof *c->rows)) {
        Q_X_REPORT(c, line, "%s nests too deeply", is_table ? "table" : "for-each");
        return -1;
    }
    c->rows[c->nrows++] = (row_scope){q->t, row, q->failed, alias, q->name, q->line, line, is_table};
    return 0;
}

static int in_for_each(const ctx *c)
{
    for (int r = 0; r < c->nrows; r++)
        if (!c->rows[r].is_table)
            return 1;
    return 0;
}

/* A name a local query or metric may not take: it would hide or be hidden. */
static int local_name_taken(ctx *c, const char *kind, const char *name, int line)
{
    const local *prev = q_x_local(c, name);
    if (prev) {
        Q_X_REPORT(c, line, "'%s' is already defined (line %d)", name, prev->line);
        return 1;
    }
    if (q_env_defines(c->env, name)) {
        Q_X_REPORT(c, line, "'%s' is already defined (at the top of the report)", name);
        return 1;
    }
    for (int r = c->nrows - 1; r >= 0; r--) {
        const row_scope *s = &c->rows[r];
        if (s->alias && !strcmp(s->alias, name)) {
            Q_X_REPORT(c, line, "'%s' is already the name of the %s at line %d (as=\"%s\")",
                       name, loop_kind(s), s->line, name);
            return 1;
        }
        if (!strcmp(kind, "metric") && q_table_col(s->t, name) >= 0) {
            Q_X_REPORT(c, line,
                       "metric '%s' has the name of a column of the rows of the %s at line %d, which {%s} would print "
                       "instead; rename it",
                       name, loop_kind(s), s->line, name);
            return 1;
        }
    }
    return 0;
}

static char *node_text(const xmlNode *n)
{
    xmlChar *t = xmlNodeGetContent(n);
    char *s = q_xstrdup(t ? (const char *)t : "");
    xmlFree(t);
    return s;
}

/* Runs (check mode: compiles) one local statement into l. */
static int run_local(ctx *c, const xmlNode *n, local *l, const char *what)
{
    q_sql_src src = {.file = c->t->path, .line = l->line, .what = what, .known = q_x_known_sql};
    char *sql = node_text(n);
    /* Using what failed, it would only fail again: skipped, and failed. */
    sqlite3_stmt *st = q_x_sql_uses_failed(c, sql) ? NULL
                     : q_db_prepare(c->env->db, sql, &src, q_x_resolve_sql, c, c->d);
    free(sql);
    if (!st)
        return -1;
    int rc = c->o->check_only ? q_db_describe(st, &l->t) : q_db_run(c->env->db, st, &src, &l->t, c->d);
    if (rc == 0 && l->is_query) {
        rc = q_db_publish(c->env->db, l->name, &l->t, &src, c->d);
        l->published = rc == 0;
    }
    if (rc == 0 && !l->is_query) {
        if (l->t.nrows > 0 && l->t.ncols > 0)
            l->v = q_value_copy(&l->t.cells[0]);
        l->norows = !c->o->check_only && l->t.nrows == 0;
        l->intdiv = l->t.ncols > 0 && l->t.intdiv && l->t.intdiv[0] && l->v.type == QV_INT;
        q_table_free(&l->t);
    }
    return rc;
}

void q_x_local_sql(ctx *c, const xmlNode *n)
{
    const char *kind = q_is(n, "query") ? "query" : "metric";
    char *name = q_attr(n, "name");
    int line = q_line(n);
    if (!in_for_each(c)) {
        Q_X_REPORT(c, line,
                   "<%s name=\"%s\"> stands among blocks only inside a <for-each>, where it runs for each row; "
                   "for the whole report, put it at the top, before <body>",
                   kind, name ? name : "");
        free(name);
        return;
    }
    if (!name || local_name_taken(c, kind, name, line)) {
        free(name);
        return;
    }
    local *l = q_xcalloc(1, sizeof *l);
    l->is_query = kind[0] == 'q';
    l->name = name;
    l->line = line;
    char *what = q_asprintf("%s '%s'", kind, name);
    if (run_local(c, n, l, what) != 0) {
        l->failed = 1;
        c->failed = 1;
    }
    free(what);
    if (c->nlocals == c->caplocals) {
        c->caplocals = c->caplocals ? c->caplocals * 2 : 8;
        c->locals = q_xrealloc(c->locals, (size_t)c->caplocals * sizeof *c->locals);
    }
    c->locals[c->nlocals++] = l;
}

void q_x_pop_locals(ctx *c, int mark)
{
    while (c->nlocals > mark) {
        local *l = c->locals[--c->nlocals];
        if (l->published)
            q_db_unpublish(c->env->db, l->name);
        q_table_free(&l->t);
        q_value_free(&l->v);
        free(l->name);
        free(l);
    }
    if (!c->nlocals) {
        free(c->locals);
        c->locals = NULL;
        c->caplocals = 0;
    }
}

int q_x_check_alias(ctx *c, const char *alias, int line)
{
    qref q;
    if (!strcmp(alias, "outer")) {
        Q_X_REPORT(c, line, "as=\"%s\": {outer.col} already means the row one level out; choose another name", alias);
        return -1;
    }
    for (int r = c->nrows - 1; r >= 0; r--)
        if (c->rows[r].alias && !strcmp(c->rows[r].alias, alias)) {
            Q_X_REPORT(c, line, "as=\"%s\" is already the name of the %s at line %d",
                       alias, loop_kind(&c->rows[r]), c->rows[r].line);
            return -1;
        }
    if (q_x_find_query(c, alias, &q) == 0) {
        Q_X_REPORT(c, line,
                   "as=\"%s\" is the name of a query (line %d), so {%s.col} could mean either; choose another name",
                   alias, q.line, alias);
        return -1;
    }
    return 0;
}

void q_x_scope_names(const ctx *c, q_suggest *s)
{
    for (int i = 0; i < c->nlocals; i++) {
        const local *l = c->locals[i];
        if (!l->is_query)
            q_suggest_add(s, l->name);
        for (int k = 0; k < l->t.ncols; k++) {
            char *full = q_asprintf("%s.%s", l->name, l->t.cols[k]);
            q_suggest_add(s, full);
            free(full);
        }
    }
    for (int r = 0; r < c->nrows; r++) {
        const char *head = c->rows[r].alias ? c->rows[r].alias : r == c->nrows - 2 ? "outer" : NULL;
        for (int k = 0; head && k < c->rows[r].t->ncols; k++) {
            char *full = q_asprintf("%s.%s", head, c->rows[r].t->cols[k]);
            q_suggest_add(s, full);
            free(full);
        }
    }
}

int q_x_resolve_sql(void *arg, const char *name, const char *fmt, q_value *out, int line, q_diags *d)
{
    ctx *c = arg;
    const q_value *v = NULL;
    q_value tmp = {0};
    (void)fmt;   /* a bound value keeps its type; formats belong to text */
    (void)d;
    int found = q_x_lookup(c, name, line, &v, &tmp);
    if (found == FOUND_NONE)
        q_x_unknown_name(c, name, line);
    if (found == FOUND_NONE || found == FOUND_ERROR)
        return -1;
    *out = found == FOUND_VALUE ? q_value_copy(v) : (q_value){0};
    return 0;
}

int q_x_known_sql(void *arg, const char *name)
{
    const q_value *v = NULL;
    q_value tmp = {0};
    return q_x_lookup(arg, name, Q_QUIET, &v, &tmp) != FOUND_NONE;
}
