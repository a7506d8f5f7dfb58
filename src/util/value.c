#include "util/value.h"
#include "util/buf.h"
#include <stdlib.h>

q_value q_value_copy(const q_value *v)
{
    q_value c = *v;
    if (v->type == QV_TEXT)
        c.s = q_xstrdup(v->s ? v->s : "");
    return c;
}

void q_value_free(q_value *v)
{
    if (v->type == QV_TEXT)
        free(v->s);
    v->s = NULL;
    v->type = QV_NULL;
}
