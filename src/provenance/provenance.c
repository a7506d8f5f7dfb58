/* provenance.json (docs/provenance.md): written in a fixed key order with
 * no floating state, so equal renders give equal bytes. */
#include "provenance/provenance.h"
#include <glib.h>
#include <stdlib.h>
#include <string.h>

typedef struct stmt_rec {
    sqlite3_stmt *st;        /* while pending: the statement bound */
    char *what;              /* "query 'fy'", "metric 'rate'", "test" */
    int line;
    char *sql;               /* as compiled: placeholders are ?N */
    q_buf bound;             /* JSON object members */
    int done;
    int metric;
    size_t rows;
    char sha[65];
    q_buf value;             /* metric: its value as JSON */
} stmt_rec;

struct q_prov {
    q_db_recorder rec;
    stmt_rec *v;
    size_t n, cap;
};

static void json_str(q_buf *b, const char *s)
{
    q_buf_putc(b, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            q_buf_printf(b, "\\%c", c);
        else if (c == '\n')
            q_buf_puts(b, "\\n");
        else if (c == '\t')
            q_buf_puts(b, "\\t");
        else if (c < 0x20)
            q_buf_printf(b, "\\u%04x", c);
        else
            q_buf_putc(b, (char)c);
    }
    q_buf_putc(b, '"');
}

/* A value as JSON: REAL in the shortest form that reads back the same. */
static void json_value(q_buf *b, const q_value *v)
{
    char num[32];
    switch (v->type) {
    case QV_INT: q_buf_printf(b, "%lld", (long long)v->i); break;
    case QV_REAL:
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(num, sizeof num, "%.*g", prec, v->r);
            if (strtod(num, NULL) == v->r)
                break;
        }
        /* JSON has no inf or nan */
        if (strchr(num, 'n') || strchr(num, 'N'))
            q_buf_puts(b, "null");
        else
            q_buf_puts(b, num);
        break;
    case QV_TEXT: json_str(b, v->s ? v->s : ""); break;
    default: q_buf_puts(b, "null");
    }
}

void q_sha256_hex(const void *data, size_t n, char hex[65])
{
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(c, data, (gssize)n);
    memcpy(hex, g_checksum_get_string(c), 64);
    hex[64] = 0;
    g_checksum_free(c);
}

/* The record of a statement being bound or run. A statement compiled but
 * never run leaves one behind; a later statement at the same address
 * starts afresh (fresh) or is told apart by its SQL. */
static stmt_rec *pending(q_prov *p, sqlite3_stmt *st, int fresh)
{
    for (size_t i = p->n; i-- > 0;) {
        stmt_rec *r = &p->v[i];
        if (r->done || r->st != st)
            continue;
        if (!fresh && r->sql && !strcmp(r->sql, sqlite3_sql(st) ? sqlite3_sql(st) : ""))
            return r;
        r->done = 2;   /* abandoned */
    }
    if (p->n == p->cap)
        p->v = q_xrealloc(p->v, (p->cap = p->cap ? p->cap * 2 : 16) * sizeof *p->v);
    stmt_rec *r = &p->v[p->n++];
    memset(r, 0, sizeof *r);
    r->st = st;
    return r;
}

static void on_bound(void *ctx, sqlite3_stmt *st, int index, const char *name, const q_value *v)
{
    stmt_rec *r = pending(ctx, st, index == 0);
    if (!r->sql)
        r->sql = q_xstrdup(sqlite3_sql(st) ? sqlite3_sql(st) : "");
    if (r->bound.n)
        q_buf_putc(&r->bound, ',');
    json_str(&r->bound, name);
    q_buf_putc(&r->bound, ':');
    json_value(&r->bound, v);
}

/* The rows' hash: each cell as JSON (docs/provenance.md), a tab between
 * cells, a newline after each row. */
static void on_ran(void *ctx, sqlite3_stmt *st, const q_sql_src *src, const q_table *t)
{
    stmt_rec *r = pending(ctx, st, 0);
    r->done = 1;
    r->st = NULL;
    r->what = q_xstrdup(src->what ? src->what : "statement");
    r->line = src->line;
    if (!r->sql)
        r->sql = q_xstrdup(sqlite3_sql(st) ? sqlite3_sql(st) : "");
    r->metric = !strncmp(r->what, "metric", 6);
    r->rows = t->nrows;
    q_buf rows = {0};
    for (size_t i = 0; i < t->nrows; i++) {
        for (int c = 0; c < t->ncols; c++) {
            if (c)
                q_buf_putc(&rows, '\t');
            json_value(&rows, &t->cells[i * (size_t)t->ncols + (size_t)c]);
        }
        q_buf_putc(&rows, '\n');
    }
    q_sha256_hex(rows.s ? rows.s : "", rows.n, r->sha);
    q_buf_free(&rows);
    if (r->metric) {
        q_value nul = {0};
        json_value(&r->value, t->nrows && t->ncols ? &t->cells[0] : &nul);
    }
}

q_prov *q_prov_new(void)
{
    q_prov *p = q_xcalloc(1, sizeof *p);
    p->rec = (q_db_recorder){on_bound, on_ran, p};
    return p;
}

const q_db_recorder *q_prov_recorder(q_prov *p)
{
    return &p->rec;
}

void q_prov_free(q_prov *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->v[i].what);
        free(p->v[i].sql);
        q_buf_free(&p->v[i].bound);
        q_buf_free(&p->v[i].value);
    }
    free(p->v);
    free(p);
}

int q_read_file(const char *path, char **data, size_t *len)
{
    gchar *s = NULL;
    gsize n = 0;
    if (!g_file_get_contents(path, &s, &n, NULL))
        return -1;
    *data = q_xmalloc(n + 1);
    memcpy(*data, s, n);
    (*data)[n] = 0;
    *len = n;
    g_free(s);
    return 0;
}

void q_prov_json(const q_prov *p, const q_prov_run *r, q_buf *b)
{
    char sha[65], date[32];
    struct tm tm;
    gmtime_r(&r->date, &tm);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    /* Where the time came from is not written: verify renders with the
     * time given, and must write the same bytes. */
    q_buf_printf(b, "{\n  \"quire\": \"%s\",\n  \"render_time\": %lld,\n  \"render_date\": \"%s\",\n",
                 QUIRE_VERSION, (long long)r->date, date);
    q_buf_printf(b, "  \"options\": {\"backend\": \"hpdf\", \"embed_data\": true, \"pdfa\": ");
    if (r->pdfa)
        json_str(b, r->pdfa);
    else
        q_buf_puts(b, "null");
    q_buf_printf(b, ", \"query_timeout\": %g, \"max_pages\": %d, \"strict\": %s},\n", r->query_timeout,
                 r->max_pages, r->strict ? "true" : "false");
    q_buf_puts(b, "  \"params\": {");
    for (size_t i = 0; i < r->nparams; i++) {
        q_buf_puts(b, i ? ", " : "");
        json_str(b, r->params[2 * i]);
        q_buf_puts(b, ": ");
        json_str(b, r->params[2 * i + 1]);
    }
    q_buf_puts(b, "},\n  \"files\": [\n");
    for (size_t i = 0; i < r->nfiles; i++) {
        const q_prov_file *f = &r->files[i];
        q_sha256_hex(f->data ? f->data : "", f->len, sha);
        q_buf_puts(b, "    {\"role\": ");
        json_str(b, f->dataset ? "dataset" : "template");
        if (f->dataset) {
            q_buf_puts(b, ", \"dataset\": ");
            json_str(b, f->dataset);
        }
        q_buf_puts(b, ", \"name\": ");
        json_str(b, f->name);
        q_buf_printf(b, ", \"bytes\": %zu, \"sha256\": \"%s\"}%s\n", f->len, sha, i + 1 < r->nfiles ? "," : "");
    }
    q_buf_puts(b, "  ],\n  \"fonts\": [\n");
    for (size_t i = 0; i < r->nfonts; i++) {
        char *data = NULL;
        size_t len = 0;
        int ok = q_read_file(r->fonts[i], &data, &len) == 0;
        if (ok)
            q_sha256_hex(data, len, sha);
        free(data);
        const char *base = strrchr(r->fonts[i], '/');
        q_buf_puts(b, "    {\"file\": ");
        json_str(b, base ? base + 1 : r->fonts[i]);
        q_buf_printf(b, ", \"sha256\": \"%s\"}%s\n", ok ? sha : "", i + 1 < r->nfonts ? "," : "");
    }
    q_buf_puts(b, "  ],\n  \"statements\": [\n");
    size_t k = 0;
    for (size_t i = 0; i < p->n; i++) {
        const stmt_rec *s = &p->v[i];
        if (s->done != 1)
            continue;
        q_buf_puts(b, k++ ? ",\n    {\"what\": " : "    {\"what\": ");
        json_str(b, s->what);
        q_buf_printf(b, ", \"line\": %d, \"sql\": ", s->line);
        json_str(b, s->sql);
        q_buf_printf(b, ", \"bound\": {%s}", s->bound.s ? s->bound.s : "");
        if (s->metric)
            q_buf_printf(b, ", \"value\": %s", s->value.s ? s->value.s : "null");
        q_buf_printf(b, ", \"rows\": %zu, \"rows_sha256\": \"%s\"}", s->rows, s->sha);
    }
    q_buf_puts(b, k ? "\n  ]\n}\n" : "  ]\n}\n");
}
