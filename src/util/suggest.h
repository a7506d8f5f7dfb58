/* "Did you mean" hints: the closest known name by edit distance. */
#ifndef QUIRE_UTIL_SUGGEST_H
#define QUIRE_UTIL_SUGGEST_H

typedef struct q_suggest {
    const char *want;
    char best[128];
    int dist;
} q_suggest;

void q_suggest_init(q_suggest *s, const char *want);
void q_suggest_add(q_suggest *s, const char *candidate);
/* The same, as a callback for enumerators. */
void q_suggest_cb(void *s, const char *candidate);
/* The closest candidate within a third of the name's length, or NULL. */
const char *q_suggest_best(const q_suggest *s);
/* Levenshtein distance (names longer than 64 bytes count as far apart). */
int q_edit_distance(const char *a, const char *b);

#endif
