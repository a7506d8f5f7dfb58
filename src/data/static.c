/* Batch: the queries and metrics every report would compute alike, run
 * once for the batch (SPEC §8: work done once per batch, not per report).
 *
 * A statement is the same for every report when its SQL names no
 * {placeholder} and reads only datasets and other such queries, at one
 * fixed 'now'. Those are run when the batch is prepared, on a connection
 * over the loaded datasets in which only they are published; whatever
 * does not compile there reads something a report computes, and is left
 * to the reports. Each report then copies the rows instead of running
 * the SQL, and publishes them as before, so later SQL sees the same
 * tables. Anything that would make a report differ keeps the statement
 * per report: a warning when it compiles, a function whose answer
 * depends on the connection (random(), changes(), …), SQLite's own
 * schema tables, provenance being recorded, a report's other clock, or
 * rows over the report's --max-rows or --max-memory (the report then
 * runs the SQL and fails as it always did). */
#include "data/env.h"
#include "util/buf.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int word_is(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && !strncasecmp(s, w, n);
}

/* A placeholder, or a word that could make the answer depend on the
 * connection rather than the data. Words are matched wherever they
 * stand (a column called "changes" too): a miss only costs the cache. */
static int not_static(void *ctx, const char *s, size_t n, int placeholder)
{
    (void)ctx;
    static const char *const volatile_words[] = {"random", "randomblob", "changes", "total_changes",
                                                 "last_insert_rowid"};
    if (placeholder)
        return 1;
    for (size_t i = 0; i < sizeof volatile_words / sizeof *volatile_words; i++)
        if (word_is(s, n, volatile_words[i]))
            return 1;
    return (n > 7 && !strncasecmp(s, "sqlite_", 7)) || (n > 7 && !strncasecmp(s, "pragma_", 7));
}

static int no_names(void *ctx, const char *name, const char *fmt, q_value *out, int line, q_diags *d)
{
    (void)ctx, (void)name, (void)fmt, (void)out, (void)line, (void)d;
    return -1;
}

static char *node_sql(const xmlNode *n)
{
    xmlChar *c = xmlNodeGetContent(n);
    char *s = q_xstrdup(c ? (const char *)c : "");
    xmlFree(c);
    return s;
}

void q_table_copy(const q_table *from, q_table *to)
{
    memset(to, 0, sizeof *to);
    to->ncols = from->ncols;
    to->nrows = from->nrows;
    to->cols = q_xcalloc((size_t)from->ncols + 1, sizeof *to->cols);
    for (int c = 0; c < from->ncols; c++)
        to->cols[c] = q_xstrdup(from->cols[c]);
    size_t n = from->nrows * (size_t)from->ncols;
    to->cells = q_xcalloc(n + 1, sizeof *to->cells);
    for (size_t i = 0; i < n; i++)
        to->cells[i] = q_value_copy(&from->cells[i]);
    if (from->intdiv) {
        to->intdiv = q_xcalloc((size_t)from->ncols + 1, 1);
        memcpy(to->intdiv, from->intdiv, (size_t)from->ncols);
    }
}

/* Whether name stands in text as a word of its own (any case). */
static int has_word(const char *text, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = text; p && (p = strcasestr(p, name)); p++) {
        int before = p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_');
        int after = isalnum((unsigned char)p[n]) || p[n] == '_';
        if (!before && !after)
            return 1;
    }
    return 0;
}

/* Whether anything in the template but self's name could name the query:
 * text, attributes (a table's query="…"), SQL anywhere. Comments do not
 * count; an entity, unexpanded, counts. */
static int mentioned(const xmlNode *n, const xmlNode *self, const char *name)
{
    for (; n; n = n->next) {
        if (n->type == XML_ENTITY_REF_NODE)
            return 1;
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
            has_word((const char *)n->content, name))
            return 1;
        if (n->type != XML_ELEMENT_NODE)
            continue;
        for (const xmlAttr *a = n->properties; a; a = a->next) {
            if (n == self && !strcmp((const char *)a->name, "name"))
                continue;
            xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
            int hit = v && has_word((const char *)v, name);
            xmlFree(v);
            if (hit)
                return 1;
        }
        if (mentioned(n->children, self, name))
            return 1;
    }
    return 0;
}

/* The queries that nothing reads: a report need not make them tables. */
static void find_unread(q_env *base)
{
    for (xmlNode *n = q_first_elem(base->tpl->root); n; n = q_next_elem(n)) {
        char *name = q_is(n, "query") ? q_attr(n, "name") : NULL;
        if (name && *name && !mentioned(base->tpl->root, n, name)) {
            base->unread = q_xrealloc(base->unread, (base->nunread + 1) * sizeof *base->unread);
            base->unread[base->nunread++] = n;
        }
        free(name);
    }
}

int q_env_unread(const q_env *env, const xmlNode *n)
{
    if (!env->skip_unread || !env->base)
        return 0;
    for (size_t i = 0; i < env->base->nunread; i++)
        if (env->base->unread[i] == n)
            return 1;
    return 0;
}

void q_env_statics(q_env *base, const unsigned char *image, size_t nimage, double timeout_s, long long fixed_time,
                   unsigned long long max_memory)
{
    find_unread(base);
    if (fixed_time < 0)
        return;   /* the reports' 'now' is not known yet */
    q_db *db = q_db_open_image(image, nimage, timeout_s, q_db_fixed_clock(fixed_time));
    if (!db)
        return;
    q_limits lim = {Q_DEFAULT_MAX_INPUT, Q_DEFAULT_MAX_ROWS, max_memory, 10000, 0, 0, 0, 0, {0}};
    q_db_set_limits(db, &lim);
    q_db_lock(db);
    q_db_heap_limit(max_memory);
    base->statics_time = fixed_time;
    for (xmlNode *n = q_first_elem(base->tpl->root); n; n = q_next_elem(n)) {
        int is_query = q_is(n, "query");
        if (!is_query && !q_is(n, "metric"))
            continue;
        char *sql = node_sql(n);
        char *name = q_attr(n, "name");
        q_diags scratch = {0};
        q_sql_src src = {.file = base->tpl->path, .line = q_line(n), .what = "statement"};
        sqlite3_stmt *st = name && !q_sql_uses(sql, not_static, NULL)
                         ? q_db_prepare(db, sql, &src, no_names, NULL, &scratch) : NULL;
        q_table t = {0};
        int ok = 0;
        if (st && scratch.n == 0)
            ok = q_db_run(db, st, &src, &t, &scratch) == 0 && scratch.n == 0;   /* finalizes st */
        else if (st)
            sqlite3_finalize(st);   /* compiled with a warning: left to the reports */
        /* Published under its name, so that later statements may read it. */
        if (ok && is_query)
            ok = q_db_publish(db, name, &t, &src, &scratch) == 0 && scratch.n == 0;
        if (ok) {
            base->statics = q_xrealloc(base->statics, (base->nstatics + 1) * sizeof *base->statics);
            base->statics[base->nstatics++] = (q_static){n, t};
        } else {
            q_table_free(&t);
        }
        q_diags_free(&scratch);
        free(name);
        free(sql);
    }
    q_db_heap_limit(0);
    q_db_close(db);
}

const q_table *q_env_static(const q_env *env, const xmlNode *n)
{
    const q_env *b = env->base;
    if (!b || !b->nstatics || env->recording || env->fixed_time != b->statics_time)
        return NULL;
    for (size_t i = 0; i < b->nstatics; i++) {
        const q_table *t = &b->statics[i].t;
        if (b->statics[i].node != n)
            continue;
        if (t->nrows > env->lim->max_rows || env->lim->mem_used + q_table_bytes(t) > env->lim->max_memory)
            return NULL;
        return t;
    }
    return NULL;
}

void q_env_statics_free(q_env *env)
{
    for (size_t i = 0; i < env->nstatics; i++)
        q_table_free(&env->statics[i].t);
    free(env->statics);
    free(env->unread);
    env->statics = NULL;
    env->nstatics = 0;
    env->unread = NULL;
    env->nunread = 0;
}
