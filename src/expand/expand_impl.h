/* Private to src/expand: the walk's state and the helpers table.c shares. */
#ifndef QUIRE_EXPAND_IMPL_H
#define QUIRE_EXPAND_IMPL_H
#include "expand/expand.h"
#include "expand/format.h"
#include "expand/quotes.h"
#include "expand/style.h"
#include "util/suggest.h"

typedef struct row_scope {
    const q_table *t;
    size_t row;         /* check mode: t->nrows may be 0; values read as NULL */
    int failed;         /* its query failed: its columns are unknown, not wrong */
    const char *alias;  /* for-each as="…": {alias.col}; NULL if none */
    const char *qname;  /* the query the rows come from, for warnings */
    int qline;
    int line;           /* the for-each's or table's line, for messages */
    int is_table;       /* a table's rows, not a for-each's */
} row_scope;

/* A <query> or <metric> standing as a block inside a <for-each>: it runs
 * for each row and is seen by the blocks after it in the same parent. */
typedef struct local {
    int is_query;
    char *name;
    int line;
    q_table t;          /* query: its rows (check mode: columns only) */
    q_value v;          /* metric: its value */
    int norows, intdiv; /* metric: as q_named */
    int failed;         /* reported; its uses are skipped without a message */
    int published;      /* readable by later SQL as temp."name" */
} local;

/* A query named by query="…": a local one or the report's. */
typedef struct qref {
    const q_table *t;
    const char *name;
    int line;
    int failed;
} qref;

/* The rows a {sum(col)} in a <total> or <subtotal> runs over. */
typedef struct agg_scope {
    qref q;
    size_t first, n;    /* rows first .. first+n-1 of q */
} agg_scope;

typedef struct ctx {
    const q_template *t;
    q_env *env;
    const q_expand_opts *o;
    q_doc *doc;
    q_styles *styles;
    q_diags *d;
    q_numfmt nf;
    row_scope rows[64];
    int nrows;
    int own_row;        /* a column's field="…": the table's own row only */
    local **locals;     /* innermost last; pointers, so row scopes may point in */
    int nlocals, caplocals;
    const agg_scope *agg;  /* inside <total>/<subtotal>, else NULL */
    char *title;        /* built-in {title} */
    int failed;
    int list_depth;
    /* Smart quotes (quotes.c): the element's smart-quotes="…", its
     * style's, the report's (-1: not set), and the paragraph's state. */
    int sq_block, sq_style, sq_doc;
    q_quoter quoter;
} ctx;

/* A template error at line: the walk fails. */
#define Q_X_REPORT(c, line, ...) \
    ((c)->failed = 1, q_diag_add((c)->d, Q_EUSAGE, (c)->t->path, (line), 0, __VA_ARGS__))

enum { FOUND_NONE, FOUND_VALUE, FOUND_PAGE, FOUND_PAGES, FOUND_ERROR };
/* A line that asks lookups not to report (quiet probes). */
enum { Q_QUIET = -1 };

typedef void (*emit_fn)(void *arg, int kind, const char *s, size_t n);
/* Or'ed into emit's kind for text that is a substituted value. */
#define QR_VALUE_BIT 0x100

typedef struct para_sink {
    q_para *p;
    q_tstyle st;
    const char *href;
} para_sink;

/* Reports an unknown name, unless it follows from a failure already
 * reported (a failed query, metric or param, or a loop over a failed
 * query): then the walk fails without a second message. */
void q_x_unknown_name(ctx *c, const char *name, int line);
/* Whether "KIND 'NAME': ..." was already warned about at line. */
int q_x_warned_at(const ctx *c, const char *kind, const char *name, int line);
/* Lookup order of SPEC §3.4; FOUND_*. FOUND_ERROR: a qualified name that
 * names no column, or a name two loops share (reported at line, unless
 * line is Q_QUIET). */
int q_x_lookup(ctx *c, const char *name, int line, const q_value **v, q_value *tmp);
/* Placeholders in text: emit gets literal text and formatted values. */
void q_x_text(ctx *c, const char *text, int line, emit_fn emit, void *arg);
void q_x_emit_para(void *arg, int kind, const char *s, size_t n);
char *q_x_attr(ctx *c, const xmlNode *n, const char *name);
void q_x_inline(ctx *c, const xmlNode *parent, q_para *p, q_tstyle st, const char *href);
void q_x_table(ctx *c, const xmlNode *n, q_blocks *out);
void q_x_chart(ctx *c, const xmlNode *n, q_blocks *out);

/* scope.c: loop rows, local queries and metrics. */
/* A loop's row value: 1 found (*v set), 0 not a row name, -1 an error
 * (reported unless line is Q_QUIET). */
int q_x_row_value(ctx *c, const char *name, int line, const q_value **v);
/* The scope a row name reads from, or -1 (none, or ambiguous). */
int q_x_row_scope(const ctx *c, const char *name, int *col);
/* A local query's first-row column or a local metric: 1 found, 0 not. */
int q_x_local_value(const ctx *c, const char *name, const q_value **v);
const local *q_x_local(const ctx *c, const char *name);
/* Whether a name, or the query before its '.', failed already. */
int q_x_failed(const ctx *c, const char *name);
/* Whether SQL uses a failed name (report's or local). */
int q_x_sql_uses_failed(const ctx *c, const char *sql);
/* query="…": local queries first. 0, or -1 with nothing found. */
int q_x_find_query(const ctx *c, const char *name, qref *out);
/* Pushes a row scope for a query's row (check mode: row -1). */
int q_x_push_rows(ctx *c, const qref *q, size_t row, const char *alias, int line, int is_table);
/* <query>/<metric> as a block. */
void q_x_local_sql(ctx *c, const xmlNode *n);
/* Drops the locals defined after mark (end of their parent). */
void q_x_pop_locals(ctx *c, int mark);
/* Checks a for-each's as="…" against what it could hide. 0 or -1. */
int q_x_check_alias(ctx *c, const char *alias, int line);
/* Names for "did you mean" hints: locals and qualified row names. */
void q_x_scope_names(const ctx *c, q_suggest *s);
/* SQL placeholders resolved by the walk (rows, locals, then the env). */
int q_x_resolve_sql(void *arg, const char *name, const char *fmt, q_value *out, int line, q_diags *d);
int q_x_known_sql(void *arg, const char *name);

/* aggregate.c: {sum(col)} and friends. 0 with *out set (NULL in check
 * mode), or -1 reported. */
int q_x_aggregate(ctx *c, const char *func, const char *col, int line, q_value *out);

/* Counts one block or table row of about `bytes` against --max-pages and
 * --max-memory; -1 (reported once, the walk failed) when over budget. */
int q_x_spend(ctx *c, int line, size_t bytes);

#endif
