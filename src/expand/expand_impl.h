/* Private to src/expand: the walk's state and the helpers table.c shares. */
#ifndef QUIRE_EXPAND_IMPL_H
#define QUIRE_EXPAND_IMPL_H
#include "expand/expand.h"
#include "expand/format.h"
#include "expand/style.h"

typedef struct row_scope {
    const q_table *t;
    size_t row;         /* check mode: t->nrows may be 0; values read as NULL */
    int failed;         /* its query failed: its columns are unknown, not wrong */
} row_scope;

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
    char *title;        /* built-in {title} */
    int failed;
    int list_depth;
} ctx;

enum { FOUND_NONE, FOUND_VALUE, FOUND_PAGE, FOUND_PAGES };

typedef void (*emit_fn)(void *arg, int kind, const char *s, size_t n);

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
/* Lookup order of SPEC §3.4; FOUND_* */
int q_x_lookup(ctx *c, const char *name, const q_value **v, q_value *tmp);
/* Placeholders in text: emit gets literal text and formatted values. */
void q_x_text(ctx *c, const char *text, int line, emit_fn emit, void *arg);
void q_x_emit_para(void *arg, int kind, const char *s, size_t n);
char *q_x_attr(ctx *c, const xmlNode *n, const char *name);
void q_x_inline(ctx *c, const xmlNode *parent, q_para *p, q_tstyle st, const char *href);
void q_x_table(ctx *c, const xmlNode *n, q_blocks *out);
/* Counts one block or table row of about `bytes` against --max-pages and
 * --max-memory; -1 (reported once, the walk failed) when over budget. */
int q_x_spend(ctx *c, int line, size_t bytes);

#endif
