/* Growable byte buffers and allocation helpers. Allocation failure ends
 * the render with an error (util/mem.h), never a NULL to check. */
#ifndef QUIRE_UTIL_BUF_H
#define QUIRE_UTIL_BUF_H
#include <stdarg.h>
#include <stddef.h>

typedef struct q_buf {
    char *s;       /* always NUL-terminated once anything was added */
    size_t n, cap;
} q_buf;

void *q_xmalloc(size_t n);
void *q_xcalloc(size_t n, size_t size);
void *q_xrealloc(void *p, size_t n);
char *q_xstrdup(const char *s);
char *q_xstrndup(const char *s, size_t n);
char *q_vasprintf(const char *fmt, va_list ap);
__attribute__((format(printf, 1, 2))) char *q_asprintf(const char *fmt, ...);

/* Writes a message into a caller's error buffer (NULL or 0 size: ignored). */
__attribute__((format(printf, 3, 4))) void q_seterr(char *err, size_t errsz, const char *fmt, ...);

void q_buf_add(q_buf *b, const char *s, size_t n);
void q_buf_puts(q_buf *b, const char *s);
void q_buf_putc(q_buf *b, char c);
__attribute__((format(printf, 2, 3))) void q_buf_printf(q_buf *b, const char *fmt, ...);
const char *q_buf_str(q_buf *b);   /* "" when empty */
char *q_buf_take(q_buf *b);        /* caller frees; buffer is reset */
void q_buf_reset(q_buf *b);        /* keeps the memory */
void q_buf_free(q_buf *b);

#endif
