/* A render's limits (SPEC §6, §8 "Limits") and what it has used of them.
 * One per render, reached through q_env, so expand and the data stage
 * count against the same budget without any state shared between renders. */
#ifndef QUIRE_UTIL_LIMITS_H
#define QUIRE_UTIL_LIMITS_H
#include <stddef.h>
#include "util/diag.h"
#include "util/fsutil.h"

#define Q_DEFAULT_MAX_INPUT (1ull << 30)
#define Q_DEFAULT_MAX_ROWS 10000000ull
#define Q_DEFAULT_MAX_MEMORY (2ull << 30)
/* Blocks and table rows expanded per page of --max-pages: about what the
 * tallest page (200 in) holds of 7 pt table rows, far more than any real
 * page holds of blocks. It only has to stop a runaway loop early. */
#define Q_WORK_PER_PAGE 2000ull
/* Loop turns that add nothing still cost time: they have a budget of their
 * own, that many per page but never fewer than Q_TURNS_MIN. */
#define Q_TURNS_MIN 1000000ull

typedef struct q_limits {
    unsigned long long max_input;   /* bytes per input file */
    unsigned long long max_rows;    /* rows kept per query result */
    unsigned long long max_memory;  /* bytes for query results and the document */
    int max_pages;
    unsigned long long mem_used;    /* estimate of what quire holds, counted */
    unsigned long long work;        /* blocks and table rows expanded */
    unsigned long long turns;       /* loop turns taken */
    int stopped;                    /* a limit was hit and reported */
    q_fileids inputs;               /* every file read, so -o cannot be one */
} q_limits;

/* "1 GiB", "512 MiB", "1000 bytes": a size as the messages print it. */
void q_size_text(unsigned long long bytes, char *buf, size_t size);
/* Parses "1G", "512M", "64k", "1000" (bytes; binary units). -1 if not. */
int q_size_parse(const char *s, unsigned long long *out);
/* Counts bytes against --max-memory; -1 (reported once, at file:line)
 * when the total would pass it. */
int q_limits_mem(q_limits *l, unsigned long long bytes, const char *file, int line, q_diags *d);

#endif
