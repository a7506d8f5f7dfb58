/* Output paths from -o PATTERN and a row (SPEC §2, §8 "Batch"). */
#include "batch/internal.h"
#include "expand/format.h"
#include <string.h>

void q_batch_value_text(const q_value *v, q_buf *out)
{
    /* As stored: a REAL in its shortest form that reads back the same. */
    q_numfmt nf = {",", ".", "$", "", 0};
    char err[64];
    q_format_value(v, NULL, &nf, out, err, sizeof err);
}

/* The next piece of pattern at *p: a literal (returns 0, *lit and *n) or a
 * placeholder (returns 1, name in *lit and *n). "{{" and "}}" are braces. */
static int next_piece(const char **p, const char **lit, size_t *n)
{
    const char *s = *p;
    if (s[0] == '{' && s[1] != '{' && strchr(s, '}')) {
        *lit = s + 1;
        *n = (size_t)(strchr(s, '}') - s - 1);
        *p = s + *n + 2;
        return 1;
    }
    if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
        *lit = s;
        *n = 1;
        *p = s + 2;
        return 0;
    }
    *lit = s;
    *n = 1;
    *p = s + 1;
    return 0;
}

static int column_of(const q_table *rows, const char *name, size_t n)
{
    for (int c = 0; c < rows->ncols; c++)
        if (strlen(rows->cols[c]) == n && !strncmp(rows->cols[c], name, n))
            return c;
    return -1;
}

int q_batch_pattern_check(const char *pattern, const q_table *rows, q_diags *d)
{
    int placeholders = 0;
    for (const char *p = pattern; *p;) {
        const char *s;
        size_t n;
        if (!next_piece(&p, &s, &n))
            continue;
        placeholders++;
        if (column_of(rows, s, n) < 0) {
            q_buf cols = {0};
            for (int c = 0; c < rows->ncols; c++)
                q_buf_printf(&cols, "%s{%s}", c ? ", " : "", rows->cols[c]);
            q_diag_add(d, Q_EUSAGE, NULL, 0, 0, "-o %s: '{%.*s}' is not a column of --each (it has %s)", pattern,
                       (int)n, s, q_buf_str(&cols));
            q_buf_free(&cols);
            return -1;
        }
    }
    if (!placeholders && rows->nrows > 1) {
        q_diag_add(d, Q_EUSAGE, NULL, 0, 0, "-o %s: the pattern has no {column}: every row would write the same file",
                   pattern);
        return -1;
    }
    return 0;
}

/* A component is unsafe when a value made it empty, "." or "..". */
static void fix_component(q_buf *out, size_t start, int from_value)
{
    const char *c = out->s ? out->s + start : "";
    size_t n = out->n - start;
    if (from_value && (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))) {
        out->n = start;
        q_buf_putc(out, '_');
    }
}

char *q_batch_output(const char *pattern, const q_table *rows, size_t r)
{
    q_buf out = {0}, val = {0};
    size_t start = 0;       /* where the current component begins */
    int from_value = 0;     /* whether a value wrote into it */
    for (const char *p = pattern; *p;) {
        const char *s;
        size_t n;
        if (!next_piece(&p, &s, &n)) {
            if (*s == '/') {
                fix_component(&out, start, from_value);
                q_buf_putc(&out, '/');
                start = out.n;
                from_value = 0;
            } else {
                q_buf_putc(&out, *s);
            }
            continue;
        }
        int c = column_of(rows, s, n);
        q_buf_reset(&val);
        if (c >= 0)
            q_batch_value_text(&rows->cells[r * (size_t)rows->ncols + (size_t)c], &val);
        for (size_t i = 0; i < val.n; i++) {
            unsigned char ch = (unsigned char)val.s[i];
            q_buf_putc(&out, ch == '/' || ch < 0x20 || ch == 0x7f ? '_' : (char)ch);
        }
        from_value = 1;
    }
    fix_component(&out, start, from_value);
    q_buf_free(&val);
    return q_buf_take(&out);
}
