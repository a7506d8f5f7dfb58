#include "util/limits.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void q_size_text(unsigned long long bytes, char *buf, size_t size)
{
    static const char *const unit[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    unsigned long long v = bytes;
    while (u < 4 && v >= 1024 && v % 1024 == 0) {
        v /= 1024;
        u++;
    }
    if (u == 0 && bytes >= 1024 * 1024)
        snprintf(buf, size, "%.1f MiB", (double)bytes / (1024.0 * 1024.0));
    else
        snprintf(buf, size, "%llu %s", v, unit[u]);
}

int q_size_parse(const char *s, unsigned long long *out)
{
    char *end;
    if (!s || !(*s >= '0' && *s <= '9'))
        return -1;
    unsigned long long v = strtoull(s, &end, 10);
    int shift = 0;
    if (*end) {
        const char *u = strchr("kKmMgGtT", *end);
        if (!u)
            return -1;
        shift = 10 * (int)(1 + (u - "kKmMgGtT") / 2);
        end++;
        if (*end == 'i')
            end++;
        if (*end == 'B')
            end++;
    }
    if (*end || v == 0 || (shift && v > (~0ull >> shift)))
        return -1;
    *out = v << shift;
    return 0;
}

int q_limits_mem(q_limits *l, unsigned long long bytes, const char *file, int line, q_diags *d)
{
    if (!l || !l->max_memory)
        return 0;
    if (l->mem_used + bytes <= l->max_memory) {
        l->mem_used += bytes;
        return 0;
    }
    if (!l->stopped) {
        char lim[32];
        q_size_text(l->max_memory, lim, sizeof lim);
        q_diag_add(d, Q_EDATA, file, line, 0, "the report needs more memory than --max-memory allows (%s)", lim);
    }
    l->stopped = 1;
    return -1;
}
