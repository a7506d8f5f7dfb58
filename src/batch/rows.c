/* --each: the rows of a batch, computed once before any report. */
#include "batch/internal.h"
#include "expand/expand.h"
#include "render.h"
#include "util/suggest.h"
#include <stdlib.h>
#include <string.h>

char **q_batch_param_names(const quire_prepared *p, size_t *n)
{
    char **v = NULL;
    *n = 0;
    for (xmlNode *c = q_first_elem(p->tpl->root); c; c = q_next_elem(c)) {
        char *name = q_is(c, "param") ? q_attr(c, "name") : NULL;
        if (!name)
            continue;
        v = q_xrealloc(v, (*n + 1) * sizeof *v);
        v[(*n)++] = name;
    }
    return v;
}

/* A param that only rows can set: no default and no -p. Its "not given"
 * error in QUERY's env is expected; its line identifies that message. */
static int row_only_param_line(const quire_prepared *p, const quire_options *o, int line)
{
    for (xmlNode *c = q_first_elem(p->tpl->root); c; c = q_next_elem(c)) {
        if (!q_is(c, "param") || q_line(c) != line)
            continue;
        char *name = q_attr(c, "name"), *dflt = q_attr(c, "default");
        int given = 0;
        for (size_t i = 0; i < o->nparams && name; i++)
            given |= !strcmp(o->params[i].name, name);
        free(name);
        free(dflt);
        return !dflt && !given;
    }
    return 0;
}

static int resolve(void *ctx, const char *name, const char *fmt, q_value *out, int line, q_diags *d)
{
    int known = 0;
    const q_value *v = q_env_find(ctx, name, &known);
    if (!known) {
        q_diag_add(d, Q_EUSAGE, "--each", 0, 0, "unknown name '%s' in SQL (params, metrics and queries can be used)",
                   name);
        return -1;
    }
    (void)fmt;
    (void)line;
    *out = v ? q_value_copy(v) : (q_value){0};
    return 0;
}

static int known(void *ctx, const char *name)
{
    int k = 0;
    q_env_find(ctx, name, &k);
    return k;
}

/* A bare name (no space, no parenthesis): meant as a <query>'s name. */
static int is_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

static void missing_params(const quire_prepared *p, const quire_options *o, q_buf *out)
{
    for (xmlNode *c = q_first_elem(p->tpl->root); c; c = q_next_elem(c))
        if (q_is(c, "param") && row_only_param_line(p, o, q_line(c))) {
            char *name = q_attr(c, "name");
            q_buf_printf(out, "%s'%s'", out->n ? ", " : "", name ? name : "");
            free(name);
        }
}

int q_batch_rows(const quire_prepared *p, const quire_options *o, const char *each, q_table *rows, q_diags *d)
{
    memset(rows, 0, sizeof *rows);
    /* skip_unread 0: every query a table, since --each may read any. */
    q_env_opts eo = {(const q_kv *)o->params, o->nparams, p->datasets, p->ndatasets, o->allow_paths, o->nallow,
                     o->query_timeout, o->date != (time_t)-1 ? (long long)o->date : -1, NULL, NULL, 0};
    q_db *db = q_db_open_image(p->image, p->nimage, o->query_timeout,
                               eo.fixed_time >= 0 ? q_db_fixed_clock(eo.fixed_time) : NULL);
    q_env env;
    q_diags scratch = {0};
    scratch.strict = o->strict;
    q_env_derive(&env, &p->base, db, &eo, &scratch);
    /* The check a render makes before anything (every name in every
     * branch), once for the batch: a template error stops it here (exit
     * 2) rather than in every report. What uses a row-only param is
     * skipped, as what uses a failed name always is. */
    q_expand_opts xo = {1, "1970-01-01", o->allow_paths, o->nallow};
    q_doc probe;
    q_expand(p->tpl, &env, &xo, &probe, &scratch);
    q_doc_free(&probe);
    /* Every error but a row-only param's is the template's or the data's,
     * and every report would meet it: it stops the batch now. */
    for (size_t i = 0; i < scratch.n; i++) {
        const q_diag *g = &scratch.v[i];
        if (g->code != Q_OK && !(g->line && row_only_param_line(p, o, g->line) && !strncmp(g->msg, "param '", 7)))
            q_diag_add(d, g->code, g->file, g->line, g->col, "%s", g->msg);
    }
    q_diags_free(&scratch);
    int rc = q_diags_failed(d) ? -1 : 0;
    q_buf why = {0};
    if (rc == 0 && is_name(each)) {
        const q_named_table *q = q_env_query(&env, each);
        if (!q) {
            q_suggest s;
            q_suggest_init(&s, each);
            for (size_t i = 0; i < env.nqueries; i++)
                q_suggest_add(&s, env.queries[i].name);
            const char *best = q_suggest_best(&s);
            q_diag_add(d, Q_EUSAGE, NULL, 0, 0, "--each %s: the template has no query '%s'%s%s%s", each, each,
                       best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
            rc = -1;
        } else if (q_env_failed(&env, each)) {
            missing_params(p, o, &why);
            q_diag_add(d, Q_EUSAGE, p->tpl->path, q->line,
                       0, "--each %s: the query uses a param that only rows set (%s has no default and no -p): "
                          "--each runs once, before any report", each, q_buf_str(&why));
            rc = -1;
        } else {
            q_table_copy(&q->t, rows);
        }
    } else if (rc == 0) {
        q_sql_src src = {.file = "--each", .line = 0, .what = "--each query", .known = known};
        if (q_env_sql_uses_failed(&env, each)) {
            missing_params(p, o, &why);
            q_diag_add(d, Q_EUSAGE, "--each", 0, 0, "the query uses a param that only rows set (%s has no default "
                       "and no -p): --each runs once, before any report", q_buf_str(&why));
            rc = -1;
        } else {
            sqlite3_stmt *st = q_db_prepare(env.db, each, &src, resolve, &env, d);
            rc = st ? q_db_run(env.db, st, &src, rows, d) : -1;
        }
    }
    q_buf_free(&why);
    q_env_free(&env);
    return rc;
}
