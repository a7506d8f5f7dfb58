/* A typed value as SQLite gives it: the currency between data, expand and format. */
#ifndef QUIRE_UTIL_VALUE_H
#define QUIRE_UTIL_VALUE_H
#include <stdint.h>

typedef enum { QV_NULL, QV_INT, QV_REAL, QV_TEXT } q_vtype;

typedef struct q_value {
    q_vtype type;
    int64_t i;
    double r;
    char *s;     /* owned, QV_TEXT only */
} q_value;

q_value q_value_copy(const q_value *v);
void q_value_free(q_value *v);

#endif
