#include "util/diag.h"
#include "util/buf.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void q_diag_add(q_diags *d, int code, const char *file, int line, int col, const char *fmt, ...)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 8;
        d->v = q_xrealloc(d->v, d->cap * sizeof *d->v);
    }
    q_diag *g = &d->v[d->n++];
    g->code = code;
    g->file = file ? q_xstrdup(file) : NULL;
    g->line = line;
    g->col = col;
    va_list ap;
    va_start(ap, fmt);
    g->msg = q_vasprintf(fmt, ap);
    va_end(ap);
}

int q_diags_code(const q_diags *d)
{
    return d->n ? d->v[0].code : Q_OK;
}

void q_diags_print(const q_diags *d, FILE *out)
{
    for (size_t i = 0; i < d->n; i++) {
        const q_diag *g = &d->v[i];
        if (g->file && g->line > 0 && g->col > 0)
            fprintf(out, "%s:%d:%d: error: %s\n", g->file, g->line, g->col, g->msg);
        else if (g->file && g->line > 0)
            fprintf(out, "%s:%d: error: %s\n", g->file, g->line, g->msg);
        else if (g->file)
            fprintf(out, "%s: error: %s\n", g->file, g->msg);
        else
            fprintf(out, "quire: error: %s\n", g->msg);
    }
}

void q_diags_free(q_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].file);
        free(d->v[i].msg);
    }
    free(d->v);
    d->v = NULL;
    d->n = d->cap = 0;
}
