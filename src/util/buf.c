#include "util/buf.h"
#include "util/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The render running on this thread, if any (util/mem.h says why). */
static _Thread_local q_oom_guard *guard;

void q_oom_arm(q_oom_guard *g)
{
    g->prev = guard;
    g->failed_size = 0;
    guard = g;
}

void q_oom_disarm(q_oom_guard *g)
{
    guard = g->prev;
}

void q_oom(size_t size)
{
    q_oom_guard *g = guard;
    if (!g) {
        fputs("quire: out of memory\n", stderr);
        abort();
    }
    if (g->hook && g->hook(size, g->arg))
        return;
    g->failed_size = size;
    guard = g->prev;
    longjmp(g->jmp, 1);
}

void *q_xmalloc(size_t n)
{
    void *p;
    while (!(p = malloc(n ? n : 1)))
        q_oom(n);
    return p;
}

void *q_xcalloc(size_t n, size_t size)
{
    void *p;
    while (!(p = calloc(n ? n : 1, size ? size : 1)))
        q_oom(n * size);
    return p;
}

void *q_xrealloc(void *p, size_t n)
{
    void *q;
    while (!(q = realloc(p, n ? n : 1)))
        q_oom(n);
    return q;
}

char *q_xstrdup(const char *s)
{
    return q_xstrndup(s, strlen(s));
}

char *q_xstrndup(const char *s, size_t n)
{
    char *p = q_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *q_vasprintf(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return q_xstrdup(fmt);
    char *p = q_xmalloc((size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *q_asprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = q_vasprintf(fmt, ap);
    va_end(ap);
    return p;
}

void q_seterr(char *err, size_t errsz, const char *fmt, ...)
{
    if (!err || !errsz)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsz, fmt, ap);
    va_end(ap);
}

static void grow(q_buf *b, size_t extra)
{
    if (b->n + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->n + extra + 1)
        cap *= 2;
    b->s = q_xrealloc(b->s, cap);
    b->cap = cap;
}

void q_buf_add(q_buf *b, const char *s, size_t n)
{
    grow(b, n);
    if (n)
        memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}

void q_buf_puts(q_buf *b, const char *s)
{
    q_buf_add(b, s, strlen(s));
}

void q_buf_putc(q_buf *b, char c)
{
    q_buf_add(b, &c, 1);
}

void q_buf_printf(q_buf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n > 0) {
        grow(b, (size_t)n);
        vsnprintf(b->s + b->n, (size_t)n + 1, fmt, ap);
        b->n += (size_t)n;
    }
    va_end(ap);
}

const char *q_buf_str(q_buf *b)
{
    return b->s ? b->s : "";
}

char *q_buf_take(q_buf *b)
{
    char *s = b->s ? b->s : q_xstrdup("");
    b->s = NULL;
    b->n = b->cap = 0;
    return s;
}

void q_buf_reset(q_buf *b)
{
    b->n = 0;
    if (b->s)
        b->s[0] = 0;
}

void q_buf_free(q_buf *b)
{
    free(b->s);
    b->s = NULL;
    b->n = b->cap = 0;
}
