#include "data/load.h"
#include "util/buf.h"

void q_sql_ident(q_buf *b, const char *s)
{
    q_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            q_buf_putc(b, '"');
        q_buf_putc(b, *s);
    }
    q_buf_putc(b, '"');
}
