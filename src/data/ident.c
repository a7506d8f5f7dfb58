#include "data/load.h"
#include "util/buf.h"
#include <sqlite3.h>
#include <stdlib.h>

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

char *q_unique_name(char *base, const char *const *taken, size_t n)
{
    char *name = q_xstrdup(base);
    for (unsigned k = 2;; k++) {
        size_t j = 0;
        while (j < n && sqlite3_stricmp(taken[j], name) != 0)
            j++;
        if (j == n)
            break;
        free(name);
        name = q_asprintf("%s_%u", base, k);
    }
    free(base);
    return name;
}
