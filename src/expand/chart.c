/* <chart>: its attributes (placeholders resolved) through the chart model,
 * its <ref-line>s, and its query's rows as a q_chart_data (chartdata.c). */
#include "expand/chart.h"
#include "expand/expand_impl.h"
#include "util/buf.h"
#include "util/suggest.h"
#include <stdlib.h>
#include <string.h>

/* Whether an attribute holds a {placeholder} ({{ is a literal brace). */
static int has_placeholder(const char *s)
{
    for (const char *p = strchr(s, '{'); p; p = strchr(p + 1, '{')) {
        if (p[1] != '{')
            return 1;
        p++;
    }
    return 0;
}

/* Only spaces. */
static int blank(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    return !*s;
}

/* name, value, … , NULL: every attribute of n, placeholders resolved. In
 * check mode a value with a placeholder is unknown: it is resolved (its
 * names checked) but left out, so the model checks only what is known.
 * One whose placeholders come out empty is left out too, so a template
 * may pass x="{x}" with a param that defaults to "" (templates/chart.xml). */
static char **attrs_of(ctx *c, const xmlNode *n)
{
    size_t k = 0;
    for (const xmlAttr *a = n->properties; a; a = a->next)
        k++;
    char **v = q_xcalloc(2 * k + 2, sizeof *v);
    k = 0;
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        char *raw = q_attr(n, name);
        char *val = q_x_attr(c, n, name);
        if (raw && has_placeholder(raw) && (c->o->check_only || !val || blank(val))) {
            free(val);
        } else {
            v[k++] = q_xstrdup(name);
            v[k++] = val ? val : q_xstrdup("");
        }
        free(raw);
    }
    return v;
}

static void free_attrs(char **v)
{
    for (char **p = v; *p; p++)
        free(*p);
    free(v);
}

typedef struct locate_ctx {
    const q_env *env;
} locate_ctx;

static int locate(void *arg, const char *column, const char *text, char *buf, size_t n)
{
    const char *file;
    int line, col;
    char *name;
    if (!q_env_locate(((locate_ctx *)arg)->env, column, text, &file, &line, &col, &name))
        return 0;
    snprintf(buf, n, "%s:%d:%d", file, line, col);
    free(name);
    return 1;
}

/* The chart's query (a loop's own first), or NULL: unknown names get the
 * closest query. */
static const qref *chart_query(ctx *c, const q_chart *ch, int line, qref *q, int *failed)
{
    int found = q_x_find_query(c, ch->query, q) == 0;
    *failed = found ? q->failed : q_x_failed(c, ch->query);
    if (found || *failed)
        return found && !q->failed ? q : NULL;
    q_suggest s;
    q_suggest_init(&s, ch->query);
    for (size_t i = 0; i < c->env->nqueries; i++)
        q_suggest_add(&s, c->env->queries[i].name);
    if (q_suggest_best(&s))
        q_diag_add(c->d, Q_EUSAGE, c->t->path, line, 0, "chart '%s': unknown query '%s'; did you mean '%s'?", ch->id,
                   ch->query, q_suggest_best(&s));
    else
        q_diag_add(c->d, Q_EUSAGE, c->t->path, line, 0, "chart '%s': unknown query '%s'", ch->id, ch->query);
    return NULL;
}

/* Parses the chart and its ref-lines; -1 when any was wrong (reported). */
static int parse(ctx *c, const xmlNode *n, q_chart *ch)
{
    char **attrs = attrs_of(c, n);
    int rc = q_chart_parse(ch, (const char *const *)attrs, c->d, c->t->path, q_line(n));
    free_attrs(attrs);
    for (const xmlNode *k = q_first_elem(n); k; k = q_next_elem(k)) {
        if (!q_is(k, "ref-line"))
            continue;
        attrs = attrs_of(c, k);
        if (q_chart_add_ref_line(ch, (const char *const *)attrs, c->d, c->t->path, q_line(k)) != 0)
            rc = -1;
        free_attrs(attrs);
    }
    return rc;
}

void q_x_chart(ctx *c, const xmlNode *n, q_blocks *out)
{
    int line = q_line(n);
    q_chart *ch = q_xcalloc(1, sizeof *ch);
    q_chart_data *data = NULL;
    int failed = 0;
    const qref *q = NULL;
    qref found;
    int ok = parse(c, n, ch) == 0;
    if (ch->query)
        q = chart_query(c, ch, line, &found, &failed);
    ok = ok && q;
    locate_ctx lc = {c->env};
    q_chart_src src = {c->t->path, line, q ? q->name : "", locate, &lc};
    if (ok && c->o->check_only) {
        ok = q_chart_check_columns(ch, q->t, &src, c->d) == 0;
    } else if (ok) {
        data = q_xcalloc(1, sizeof *data);
        ok = q_chart_fill(ch, q->t, &c->nf, &src, data, c->d) == 0;
        char *key = q_asprintf("chart '%s': query '%s'", ch->id, q->name);
        /* Once per chart, not once per loop row; none after a trap at the query's line. */
        if (ok && !q->t->nrows && !q_x_warned_at(c, "query", q->name, q->line) &&
            !q_warn_seen(c->d, c->t->path, line, key))
            q_warn_add(c->d, c->t->path, line, 0,
                       "%s (line %d) found no rows, so the chart shows only a message; "
                       "check its WHERE and the params, or test for it with <if>",
                       key, q->line);
        free(key);
    }
    if (!ok || c->o->check_only) {
        c->failed |= !ok;
        q_chart_free(ch);
        free(ch);
        q_chart_data_free(data);
        free(data);
        return;
    }
    q_block *b = q_blocks_add(out, QB_CHART);
    b->line = line;
    b->st = *q_styles_get(c->styles, "body");
    b->st.space_before = 12;
    b->st.space_after = 12;
    b->st.keep_with_next = 0;
    b->chart = q_xcalloc(1, sizeof *b->chart);
    b->chart->chart = ch;
    b->chart->data = data;
    b->chart->nf = (q_numfmt){q_doc_intern(c->doc, c->nf.group_sep), q_doc_intern(c->doc, c->nf.decimal_sep),
                              q_doc_intern(c->doc, c->nf.currency), q_doc_intern(c->doc, c->nf.null_text),
                              c->nf.currency_after};
}
