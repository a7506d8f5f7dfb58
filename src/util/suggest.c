#include "util/suggest.h"
#include <string.h>

int q_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99;
    int prev[65], cur[65];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            int del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, sizeof cur);
    }
    return prev[lb];
}

void q_suggest_init(q_suggest *s, const char *want)
{
    s->want = want;
    s->best[0] = 0;
    s->dist = 99;
}

void q_suggest_add(q_suggest *s, const char *candidate)
{
    int dist = q_edit_distance(s->want, candidate);
    int limit = (int)strlen(s->want) / 3 + 1;
    if (dist <= limit && dist < s->dist && strlen(candidate) < sizeof s->best) {
        s->dist = dist;
        strcpy(s->best, candidate);
    }
}

void q_suggest_cb(void *s, const char *candidate)
{
    q_suggest_add(s, candidate);
}

const char *q_suggest_best(const q_suggest *s)
{
    return s->best[0] ? s->best : NULL;
}
