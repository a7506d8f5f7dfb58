#include "util/diag.h"
#include "util/buf.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static q_diag *push_msg(q_diags *d, int code, const char *file, int line, int col, char *msg)
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
    g->msg = msg;
    if (code != Q_OK)
        d->nerr++;
    return g;
}

static q_diag *push(q_diags *d, int code, const char *file, int line, int col, const char *fmt, va_list ap)
{
    return push_msg(d, code, file, line, col, q_vasprintf(fmt, ap));
}

void q_diag_add(q_diags *d, int code, const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    push(d, code == Q_OK ? Q_EDATA : code, file, line, col, fmt, ap);
    va_end(ap);
}

static const char strict_note[] = " (a warning, made an error by --strict)";

static int same_file(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

int q_warn_seen(const q_diags *d, const char *file, int line, const char *prefix)
{
    size_t len = strlen(prefix);
    for (size_t i = 0; i < d->n; i++) {
        const q_diag *g = &d->v[i];
        int warning = g->code == Q_OK || (d->strict && strstr(g->msg, strict_note));
        if (warning && g->line == line && same_file(g->file, file) && !strncmp(g->msg, prefix, len))
            return 1;
    }
    return 0;
}

void q_warn_add(q_diags *d, const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = q_vasprintf(fmt, ap);
    va_end(ap);
    /* expand runs more than once (a probe, then the real pass) and loops
     * repeat blocks: the same warning is printed once. */
    for (size_t i = 0; i < d->n; i++) {
        const q_diag *g = &d->v[i];
        size_t len = strlen(msg);
        if (g->line == line && g->col == col && same_file(g->file, file) && !strncmp(g->msg, msg, len) &&
            (!g->msg[len] || !strcmp(g->msg + len, strict_note))) {
            free(msg);
            return;
        }
    }
    q_diag *g = push_msg(d, d->strict ? Q_EUSAGE : Q_OK, file, line, col, msg);
    if (d->strict) {
        char *m = q_asprintf("%s%s", g->msg, strict_note);
        free(g->msg);
        g->msg = m;
    }
}

int q_diags_failed(const q_diags *d)
{
    return d->nerr > 0;
}

int q_diags_code(const q_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].code != Q_OK)
            return d->v[i].code;
    return Q_OK;
}

void q_diags_print(const q_diags *d, FILE *out)
{
    for (size_t i = 0; i < d->n; i++) {
        const q_diag *g = &d->v[i];
        const char *kind = g->code == Q_OK ? "warning" : "error";
        if (g->file && g->line > 0 && g->col > 0)
            fprintf(out, "%s:%d:%d: %s: %s\n", g->file, g->line, g->col, kind, g->msg);
        else if (g->file && g->line > 0)
            fprintf(out, "%s:%d: %s: %s\n", g->file, g->line, kind, g->msg);
        else if (g->file)
            fprintf(out, "%s: %s: %s\n", g->file, kind, g->msg);
        else
            fprintf(out, "quire: %s: %s\n", kind, g->msg);
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
    d->n = d->cap = d->nerr = 0;
}
