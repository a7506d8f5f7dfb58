#include "data/env.h"
#include "data/load.h"
#include "util/buf.h"
#include "util/suggest.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *override_src(const q_env_opts *o, const char *name)
{
    for (size_t i = 0; i < o->ndatasets; i++)
        if (strcmp(o->datasets[i].name, name) == 0)
            return o->datasets[i].value;
    return NULL;
}

static const char *param_value(const q_env_opts *o, const char *name)
{
    const char *v = NULL;
    for (size_t i = 0; i < o->nparams; i++)  /* the last -p wins */
        if (strcmp(o->params[i].name, name) == 0)
            v = o->params[i].value;
    return v;
}

static int parse_date(const char *s)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || s[4] != '-' || s[7] != '-')
        return -1;
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return -1;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return -1;
    return 0;
}

/* Typed param value; -1 when text does not parse as the type. */
static int parse_param(const char *type, const char *text, q_value *v)
{
    memset(v, 0, sizeof *v);
    char *end;
    errno = 0;
    if (strcmp(type, "int") == 0) {
        long long i = strtoll(text, &end, 10);
        if (end == text || *end || errno)
            return -1;
        v->type = QV_INT;
        v->i = i;
    } else if (strcmp(type, "num") == 0) {
        double r = strtod(text, &end);
        if (end == text || *end || errno || !isfinite(r))
            return -1;
        v->type = QV_REAL;
        v->r = r;
    } else {
        if (strcmp(type, "date") == 0 && parse_date(text) != 0)
            return -1;
        v->type = QV_TEXT;
        v->s = q_xstrdup(text);
    }
    return 0;
}

static int meant_by_typo(const q_template *t, const q_env_opts *o, const char *name);

static void mark_failed(q_env *env, const char *name, int table)
{
    if (!name || q_env_failed(env, name))
        return;
    env->failed = q_xrealloc(env->failed, (env->nfailed + 1) * sizeof *env->failed);
    env->failed[env->nfailed++] = (q_failed){q_xstrdup(name), table};
}

static int add_param(q_env *env, const xmlNode *n, const q_env_opts *o, q_diags *d)
{
    char *name = q_attr(n, "name"), *type = q_attr(n, "type"), *dflt = q_attr(n, "default");
    const char *given = param_value(o, name);
    const char *text = given ? given : dflt;
    int rc = 0;
    q_value v = {0};
    if (!type)
        type = q_xstrdup("text");
    if (!text) {
        if (!meant_by_typo(env->tpl, o, name))
            q_diag_add(d, Q_EUSAGE, env->tpl->path, q_line(n), 0,
                       "param '%s' has no default and was not given (use -p %s=VALUE)", name, name);
        rc = -1;
    } else if (parse_param(type, text, &v) != 0) {
        q_diag_add(d, Q_EUSAGE, given ? NULL : env->tpl->path, given ? 0 : q_line(n), 0,
                   "param '%s': '%s' is not a valid %s%s", name, text, type,
                   strcmp(type, "date") == 0 ? " (YYYY-MM-DD)" : "");
        rc = -1;
    }
    if (rc != 0)
        mark_failed(env, name, 0);
    env->params = q_xrealloc(env->params, (env->nparams + 1) * sizeof *env->params);
    env->params[env->nparams++] = (q_named){name, v, q_line(n), 0, 0};
    free(type);
    free(dflt);
    return rc;
}

static int load_dataset(q_env *env, const xmlNode *n, const q_env_opts *o, q_diags *d)
{
    char *name = q_attr(n, "name"), *src = q_attr(n, "src");
    const char *over = override_src(o, name);
    char *path = NULL;
    int rc = -1;
    if (over) {
        path = q_xstrdup(over);   /* the operator's path: not confined */
    } else {
        path = q_template_path(env->tpl, n, src ? src : "", o->allow_dirs, o->nallow, d);
    }
    /* The operator's -d may be a pipe (<(gunzip -c ...)); a template's
     * path is always a regular file. */
    q_input in = {env->lim->max_input, over != NULL, &env->lim->inputs};
    if (path) {
        sqlite3 *h = q_db_handle(env->db);
        if (q_is(n, "csv")) {
            char *delim = q_attr(n, "delimiter");
            char dc = delim && delim[0] ? (strcmp(delim, "\\t") == 0 || strcmp(delim, "tab") == 0 ? '\t' : delim[0]) : ',';
            q_csv_rows rows = {0};
            rc = q_csv_load_lines(h, name, path, dc, q_attr_bool(n, "header", 1), &in, &rows.lines, &rows.nlines,
                                  d);
            if (rc == 0) {
                rows.name = q_xstrdup(name);
                rows.path = q_xstrdup(path);
                env->csvs = q_xrealloc(env->csvs, (env->ncsvs + 1) * sizeof *env->csvs);
                env->csvs[env->ncsvs++] = rows;
            }
            free(delim);
        } else if (q_is(n, "json")) {
            char *jp = q_attr(n, "path");
            rc = q_json_load_in(h, name, path, jp ? jp : "$", &in, d);
            free(jp);
        } else {
            in.pipes_ok = 0;   /* SQLite reads a database by seeking */
            rc = q_db_attach(env->db, name, path, &in, env->tpl->path, q_line(n), d);
        }
        env->inputs = q_xrealloc(env->inputs, (env->ninputs + 1) * sizeof *env->inputs);
        env->input_names = q_xrealloc(env->input_names, (env->ninputs + 1) * sizeof *env->input_names);
        env->input_names[env->ninputs] = q_xstrdup(name ? name : "");
        env->inputs[env->ninputs++] = path;
    }
    if (rc != 0)
        mark_failed(env, name, 1);
    free(name);
    free(src);
    return rc;
}

static int has_name(const q_env *env, const char *name)
{
    int known = 0;
    q_env_find(env, name, &known);
    return known || q_env_query(env, name);
}

typedef struct sql_ctx {
    q_env *env;
} sql_ctx;

/* Whether name is a column of a query, so perhaps a loop's row. */
static int row_column(const q_env *env, const char *name)
{
    for (size_t i = 0; i < env->nqueries; i++)
        if (q_table_col(&env->queries[i].t, name) >= 0)
            return 1;
    return 0;
}

static int resolve_sql(void *ctx, const char *name, const char *fmt, q_value *out, int line, q_diags *d)
{
    q_env *env = ((sql_ctx *)ctx)->env;
    int known = 0;
    const q_value *v = q_env_find(env, name, &known);
    if (!known) {
        q_diag_add(d, Q_EUSAGE, env->tpl->path, line, 0,
                   "unknown name '%s' in SQL (params, metrics and queries defined above it can be used)%s", name,
                   row_column(env, name) ? "; to use a loop's row, put the query inside that <for-each>" : "");
        return -1;
    }
    (void)fmt;   /* a bound value keeps its type; formats belong to text */
    *out = v ? q_value_copy(v) : (q_value){0};
    return 0;
}

static int known_sql(void *ctx, const char *name)
{
    int known = 0;
    q_env_find(((sql_ctx *)ctx)->env, name, &known);
    return known;
}

static char *node_text(const xmlNode *n)
{
    xmlChar *c = xmlNodeGetContent(n);
    char *s = q_xstrdup(c ? (const char *)c : "");
    xmlFree(c);
    return s;
}

/* The names the template declares: params, or the datasets inside <data>. */
static void declared(const q_template *t, const char *what, void (*cb)(void *, const char *), void *ctx)
{
    int params = !strcmp(what, "param");
    const xmlNode *parent = params ? t->root : q_child(t->root, "data");
    for (xmlNode *n = parent ? q_first_elem(parent) : NULL; n; n = q_next_elem(n)) {
        if (params && !q_is(n, "param"))
            continue;
        char *name = q_attr(n, "name");
        if (name)
            cb(ctx, name);
        free(name);
    }
}

typedef struct find_ctx {
    const char *want;
    int found;
} find_ctx;

static void find_cb(void *ctx, const char *name)
{
    find_ctx *f = ctx;
    f->found |= !strcmp(f->want, name);
}

/* A <query> named `name` after node n: SQL above it cannot read it yet. */
static int query_below(void *ctx, const char *name)
{
    for (const xmlNode *q = q_next_elem(ctx); q; q = q_next_elem(q))
        if (q_is(q, "query") && q_attr_is(q, "name", name))
            return 1;
    return 0;
}

static int run_sql(q_env *env, const xmlNode *n, q_diags *d)
{
    char *name = q_attr(n, "name");
    int is_query = q_is(n, "query");
    find_ctx clash = {name, 0};
    declared(env->tpl, "dataset", find_cb, &clash);
    if (has_name(env, name) || clash.found) {
        q_diag_add(d, Q_EUSAGE, env->tpl->path, q_line(n), 0, "'%s' is already defined%s", name,
                   clash.found ? " (as a dataset)" : "");
        free(name);
        return -1;
    }
    char *what = q_asprintf("%s '%s'", is_query ? "query" : "metric", name);
    q_sql_src src = {.file = env->tpl->path, .line = q_line(n), .what = what, .known = known_sql,
                     .below = query_below, .below_ctx = (void *)n};
    char *sql = node_text(n);
    sql_ctx ctx = {env};
    q_table t = {0};
    int rc = -1;
    /* Using what failed, it would only fail again: skipped, and failed. */
    int uses_failed = q_env_sql_uses_failed(env, sql);
    const q_table *kept = uses_failed ? NULL : q_env_static(env, n);
    sqlite3_stmt *st = uses_failed || kept ? NULL : q_db_prepare(env->db, sql, &src, resolve_sql, &ctx, d);
    if (kept) {
        q_table_copy(kept, &t);   /* the batch ran it once (data/static.c) */
        rc = 0;
    } else if (st) {
        rc = q_db_run(env->db, st, &src, &t, d);
    }
    if (rc == 0)
        rc = q_limits_mem(env->lim, q_table_bytes(&t), env->tpl->path, q_line(n), d);
    if (rc == 0 && is_query && !q_env_unread(env, n))
        rc = q_db_publish(env->db, name, &t, &src, d);
    if (rc != 0)
        mark_failed(env, name, is_query);
    if (is_query) {
        env->queries = q_xrealloc(env->queries, (env->nqueries + 1) * sizeof *env->queries);
        env->queries[env->nqueries++] = (q_named_table){q_xstrdup(name), q_xstrdup(sql), t, q_line(n)};
    } else {
        q_value v = {0};
        if (rc == 0 && t.nrows > 0 && t.ncols > 0)
            v = q_value_copy(&t.cells[0]);
        int norows = rc == 0 && t.nrows == 0;
        int intdiv = rc == 0 && t.ncols > 0 && t.intdiv && t.intdiv[0] && v.type == QV_INT;
        q_table_free(&t);
        env->metrics = q_xrealloc(env->metrics, (env->nmetrics + 1) * sizeof *env->metrics);
        env->metrics[env->nmetrics++] = (q_named){q_xstrdup(name), v, q_line(n), norows, intdiv};
    }
    free(sql);
    free(what);
    free(name);
    return rc;
}

static int is_declared(const q_template *t, const char *what, const char *name)
{
    find_ctx f = {name, 0};
    declared(t, what, find_cb, &f);
    return f.found;
}

static const char *closest_declared(const q_template *t, const char *what, const char *name, q_suggest *s)
{
    q_suggest_init(s, name);
    declared(t, what, q_suggest_cb, s);
    return q_suggest_best(s);
}

/* Whether a misspelt -p (reported on its own) was meant for this param. */
static int meant_by_typo(const q_template *t, const q_env_opts *o, const char *name)
{
    for (size_t i = 0; i < o->nparams; i++) {
        q_suggest s;
        const char *best = is_declared(t, "param", o->params[i].name) ? NULL
                         : closest_declared(t, "param", o->params[i].name, &s);
        if (best && !strcmp(best, name))
            return 1;
    }
    return 0;
}

static int unknown_names(const q_template *t, const q_kv *kv, size_t n, const char *what, const char *opt,
                         q_diags *d)
{
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        if (is_declared(t, what, kv[i].name))
            continue;
        q_suggest s;
        if (closest_declared(t, what, kv[i].name, &s))
            q_diag_add(d, Q_EUSAGE, NULL, 0, 0, "%s %s: the template has no %s '%s'; did you mean '%s'?", opt,
                       kv[i].name, what, kv[i].name, q_suggest_best(&s));
        else
            q_diag_add(d, Q_EUSAGE, NULL, 0, 0, "%s %s: the template has no %s '%s'", opt, kv[i].name, what,
                       kv[i].name);
        failed = 1;
    }
    return failed;
}

/* What declare() takes from the template, in template order. */
enum { DECL_PARAMS = 1, DECL_DATA = 2, DECL_ATTACH = 4 /* <sqlite> datasets only */ };

static int declare(q_env *env, const q_env_opts *o, int what, q_diags *d)
{
    int failed = 0;
    for (xmlNode *n = q_first_elem(env->tpl->root); n; n = q_next_elem(n)) {
        if ((what & DECL_PARAMS) && q_is(n, "param")) {
            failed |= add_param(env, n, o, d) != 0;
        } else if (q_is(n, "data")) {
            for (xmlNode *c = q_first_elem(n); c; c = q_next_elem(c))
                if ((what & DECL_DATA) || ((what & DECL_ATTACH) && q_is(c, "sqlite")))
                    failed |= load_dataset(env, c, o, d) != 0;
        }
    }
    return failed;
}

/* Statements that use a failed param or dataset are skipped one by one
 * (run_sql), so the others still report their own problems. */
static int compute(q_env *env, q_diags *d)
{
    int failed = 0;
    q_db_lock(env->db);
    for (xmlNode *n = q_first_elem(env->tpl->root); n; n = q_next_elem(n))
        if (q_is(n, "query") || q_is(n, "metric"))
            failed |= run_sql(env, n, d) != 0;
    return failed;
}

static int open_db(q_env *env, const q_template *t, const q_env_opts *o, q_diags *d)
{
    memset(env, 0, sizeof *env);
    env->tpl = t;
    env->own_lim = (q_limits){Q_DEFAULT_MAX_INPUT, Q_DEFAULT_MAX_ROWS, Q_DEFAULT_MAX_MEMORY, 10000, 0, 0, 0, 0, {0}};
    env->lim = o->lim ? o->lim : &env->own_lim;
    env->db = q_db_open(o->query_timeout, o->fixed_time >= 0 ? q_db_fixed_clock(o->fixed_time) : NULL);
    if (!env->db) {
        q_diag_add(d, Q_EDATA, NULL, 0, 0, "cannot open an in-memory SQLite database");
        return -1;
    }
    q_db_set_limits(env->db, env->lim);
    if (o->recorder)
        q_db_set_recorder(env->db, o->recorder);
    return 0;
}

int q_env_build(q_env *env, const q_template *t, const q_env_opts *o, q_diags *d)
{
    if (open_db(env, t, o, d) != 0)
        return -1;
    int failed = 0;
    /* -p or -d naming what the template does not declare: a typo, say so. */
    failed |= unknown_names(t, o->params, o->nparams, "param", "-p", d);
    failed |= unknown_names(t, o->datasets, o->ndatasets, "dataset", "-d", d);
    failed |= declare(env, o, DECL_PARAMS | DECL_DATA, d);
    failed |= compute(env, d);
    return failed ? -1 : 0;
}

int q_env_load(q_env *env, const q_template *t, const q_env_opts *o, q_diags *d)
{
    if (open_db(env, t, o, d) != 0)
        return -1;
    int failed = unknown_names(t, o->datasets, o->ndatasets, "dataset", "-d", d);
    failed |= declare(env, o, DECL_DATA, d);
    return failed ? -1 : 0;
}

int q_env_derive(q_env *env, const q_env *base, q_db *db, const q_env_opts *o, q_diags *d)
{
    memset(env, 0, sizeof *env);
    env->tpl = base->tpl;
    env->base = base;
    env->db = db;
    env->own_lim = (q_limits){Q_DEFAULT_MAX_INPUT, Q_DEFAULT_MAX_ROWS, Q_DEFAULT_MAX_MEMORY, 10000, 0, 0, 0, 0, {0}};
    env->lim = o->lim ? o->lim : &env->own_lim;
    if (!db) {
        q_diag_add(d, Q_EDATA, NULL, 0, 0, "cannot open an in-memory SQLite database");
        return -1;
    }
    q_db_set_limits(db, env->lim);
    env->fixed_time = o->fixed_time;
    env->recording = o->recorder != NULL;
    env->skip_unread = o->skip_unread;
    int failed = unknown_names(env->tpl, o->params, o->nparams, "param", "-p", d);
    /* An image holds only main: <sqlite> datasets are attached again. */
    failed |= declare(env, o, DECL_PARAMS | DECL_ATTACH, d);
    failed |= compute(env, d);
    return failed ? -1 : 0;
}

void q_env_drop_data(q_env *env)
{
    for (size_t i = 0; i < env->nqueries; i++) {
        q_table *t = &env->queries[i].t;
        for (size_t k = 0; k < t->nrows * (size_t)t->ncols; k++)
            q_value_free(&t->cells[k]);
        free(t->cells);
        t->cells = NULL;
        t->nrows = 0;
    }
    q_db_close(env->db);
    env->db = NULL;
}

void q_env_free(q_env *env)
{
    for (size_t i = 0; i < env->nparams; i++) {
        free(env->params[i].name);
        q_value_free(&env->params[i].v);
    }
    for (size_t i = 0; i < env->nmetrics; i++) {
        free(env->metrics[i].name);
        q_value_free(&env->metrics[i].v);
    }
    for (size_t i = 0; i < env->nqueries; i++) {
        free(env->queries[i].name);
        free(env->queries[i].sql);
        q_table_free(&env->queries[i].t);
    }
    for (size_t i = 0; i < env->ninputs; i++) {
        free(env->inputs[i]);
        free(env->input_names[i]);
    }
    free(env->input_names);
    free(env->params);
    free(env->metrics);
    free(env->queries);
    free(env->inputs);
    for (size_t i = 0; i < env->nfailed; i++)
        free(env->failed[i].name);
    free(env->failed);
    for (size_t i = 0; i < env->ncsvs; i++) {
        free(env->csvs[i].name);
        free(env->csvs[i].path);
        free(env->csvs[i].lines);
    }
    free(env->csvs);
    q_fileids_free(&env->own_lim.inputs);
    q_env_statics_free(env);
    q_db_close(env->db);
    memset(env, 0, sizeof *env);
}

const q_named_table *q_env_query(const q_env *env, const char *name)
{
    for (size_t i = 0; i < env->nqueries; i++)
        if (strcmp(env->queries[i].name, name) == 0)
            return &env->queries[i];
    return NULL;
}

const q_value *q_env_find(const q_env *env, const char *name, int *known)
{
    *known = 0;
    const char *dot = strchr(name, '.');
    if (dot) {
        char *qname = q_xstrndup(name, (size_t)(dot - name));
        const q_named_table *q = q_env_query(env, qname);
        free(qname);
        int c = q ? q_table_col(&q->t, dot + 1) : -1;
        if (c < 0)
            return NULL;
        *known = 1;
        return q->t.nrows ? &q->t.cells[c] : NULL;
    }
    for (size_t i = 0; i < env->nmetrics; i++)
        if (strcmp(env->metrics[i].name, name) == 0) {
            *known = 1;
            return &env->metrics[i].v;
        }
    for (size_t i = 0; i < env->nparams; i++)
        if (strcmp(env->params[i].name, name) == 0) {
            *known = 1;
            return &env->params[i].v;
        }
    return NULL;
}

int q_env_failed(const q_env *env, const char *name)
{
    size_t head = strcspn(name, ".");   /* "q.col": the query q */
    for (size_t i = 0; i < env->nfailed; i++) {
        const q_failed *f = &env->failed[i];
        if (!strcmp(f->name, name) || (f->table && name[head] && strlen(f->name) == head &&
                                       !strncmp(f->name, name, head)))
            return 1;
    }
    return 0;
}

/* SQL names tables without regard to case. */
static int failed_table(const q_env *env, const char *s, size_t n)
{
    for (size_t i = 0; i < env->nfailed; i++)
        if (env->failed[i].table && strlen(env->failed[i].name) == n && !strncasecmp(env->failed[i].name, s, n))
            return 1;
    return 0;
}

static int ident_char(unsigned char c)
{
    return c == '_' || c == '$' || c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* The end of a quoted string or identifier opened at p ('', "" escapes). */
static const char *quoted_end(const char *p)
{
    char close = *p == '[' ? ']' : *p;
    p++;
    while (*p && !(*p == close && p[1] != close))
        p += *p == close ? 2 : 1;
    return p;
}

/* The same lexing as the placeholder rewrite in data/db.c, looking only for
 * names: it errs toward "uses", which can only hide a follow-up. */
int q_sql_uses(const char *sql, int (*hit)(void *ctx, const char *s, size_t n, int placeholder), void *ctx)
{
    const char *p = sql;
    while (*p) {
        const char *s = p;
        if (*p == '\'' || *p == '"' || *p == '`' || *p == '[') {
            p = quoted_end(p);
            if (*s != '\'' && hit(ctx, s + 1, (size_t)(p - s - 1), 0))
                return 1;
            p += *p != 0;
        } else if (p[0] == '-' && p[1] == '-') {
            p += strcspn(p, "\n");
        } else if (p[0] == '/' && p[1] == '*') {
            const char *e = strstr(p + 2, "*/");
            p = e ? e + 2 : p + strlen(p);
        } else if (p[0] == '{' && p[1] == '{') {
            p += 2;
        } else if (*p == '{') {
            size_t n = strcspn(p + 1, "|}");
            if (hit(ctx, p + 1, n, 1))
                return 1;
            p += 1 + n;
        } else if (ident_char((unsigned char)*p)) {
            while (ident_char((unsigned char)*p))
                p++;
            if (!(*s >= '0' && *s <= '9') && hit(ctx, s, (size_t)(p - s), 0))
                return 1;
        } else {
            p++;
        }
    }
    return 0;
}

static int failed_use(void *ctx, const char *s, size_t n, int placeholder)
{
    const q_env *env = ctx;
    if (!placeholder)
        return failed_table(env, s, n);
    char *name = q_xstrndup(s, n);
    int hit = q_env_failed(env, name);
    free(name);
    return hit;
}

int q_env_sql_uses_failed(const q_env *env, const char *sql)
{
    return env->nfailed && q_sql_uses(sql, failed_use, (void *)env);
}

int q_env_defines(const q_env *env, const char *name)
{
    return has_name(env, name) || is_declared(env->tpl, "dataset", name);
}

void q_env_names(const q_env *env, void (*cb)(void *ctx, const char *name), void *ctx)
{
    for (size_t i = 0; i < env->nmetrics; i++)
        cb(ctx, env->metrics[i].name);
    for (size_t i = 0; i < env->nparams; i++)
        cb(ctx, env->params[i].name);
    for (size_t i = 0; i < env->nqueries; i++)
        for (int c = 0; c < env->queries[i].t.ncols; c++) {
            char *full = q_asprintf("%s.%s", env->queries[i].name, env->queries[i].t.cols[c]);
            cb(ctx, full);
            free(full);
        }
}

/* The first row of one CSV column holding text, or 0. */
static sqlite3_int64 row_with(sqlite3 *h, const char *table, const char *col, const char *text)
{
    char *sql = sqlite3_mprintf("SELECT rowid FROM main.\"%w\" WHERE \"%w\" = ?1 ORDER BY rowid LIMIT 1", table, col);
    sqlite3_stmt *st = NULL;
    sqlite3_int64 row = 0;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            row = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    sqlite3_free(sql);
    return row;
}

/* Searches one CSV table; want: only the column of that name, or NULL. */
static int locate_in(const q_env *env, const q_csv_rows *r, const char *want, const char *text, int *line, int *col,
                     char **colname)
{
    sqlite3 *h = q_db_handle(env->db);
    sqlite3_stmt *st = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(h, "SELECT cid, name FROM pragma_table_info(?1, 'main')", -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(st, 1, r->name, -1, SQLITE_STATIC);
    while (!found && sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 1);
        if (!name || (want && sqlite3_stricmp(name, want)))
            continue;
        sqlite3_int64 row = row_with(h, r->name, name, text);
        if (row > 0 && (size_t)row <= r->nlines) {
            *line = r->lines[row - 1];
            *col = sqlite3_column_int(st, 0) + 1;
            *colname = q_xstrdup(name);
            found = 1;
        }
    }
    sqlite3_finalize(st);
    return found;
}

int q_env_locate(const q_env *env, const char *column, const char *text, const char **file, int *line, int *col,
                 char **colname)
{
    /* A column of the same name first: the value most likely passed
     * through the query unchanged. */
    const q_env *own = env->base ? env->base : env;   /* who loaded the CSVs */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < own->ncsvs; i++)
            if (locate_in(env, &own->csvs[i], pass ? NULL : column, text, line, col, colname)) {
                *file = own->csvs[i].path;
                return 1;
            }
    return 0;
}
