/* SQLite's heap, bounded per render rather than per process.
 *
 * sqlite3_hard_heap_limit64 is one number for the whole process, and to
 * keep it SQLite counts every allocation under one global mutex: the
 * threads of a batch queued on it (thousands of times per report), and
 * reports running side by side shared one budget. Instead SQLite gets
 * this allocator, with its own statistics off: each thread counts what
 * it holds, and a render's limit applies to what SQLite allocates on its
 * thread from the render's start. A render runs on one thread, and its
 * connections are opened and closed there, so each report gets exactly
 * --max-memory whatever runs beside it.
 *
 * When SQLite was set up before quire got to it (a host program that
 * uses SQLite too), the configuration cannot change: the process-wide
 * hard limit is used as before. */
#include "data/db.h"
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Per thread, not shared: what SQLite holds on this thread, and the
 * render's budget (0: none) counted from base. */
typedef struct heap {
    long long used, base;
    unsigned long long limit;
} heap;

static _Thread_local heap mine;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int ours;   /* written once, under `once`; read after it */

/* Each block is preceded by its size (16 bytes keep the alignment). */
#define HDR 16

static int fits(long long more)
{
    return !mine.limit || more <= 0 || (unsigned long long)(mine.used - mine.base + more) <= mine.limit;
}

static void *mem_malloc(int n)
{
    if (n <= 0 || !fits(n))
        return NULL;
    unsigned char *p = malloc((size_t)n + HDR);
    if (!p)
        return NULL;
    memcpy(p, &(long long){n}, sizeof(long long));
    mine.used += n;
    return p + HDR;
}

static int mem_size(void *p)
{
    long long n;
    if (!p)
        return 0;
    memcpy(&n, (unsigned char *)p - HDR, sizeof n);
    return (int)n;
}

static void mem_free(void *p)
{
    if (!p)
        return;
    /* A block freed on another thread than its own only makes this
     * thread's count low; it never goes below nothing. */
    mine.used -= mem_size(p);
    if (mine.used < 0)
        mine.used = 0;
    free((unsigned char *)p - HDR);
}

static void *mem_realloc(void *p, int n)
{
    if (!p)
        return mem_malloc(n);
    int old = mem_size(p);
    if (n <= 0 || !fits((long long)n - old))
        return NULL;
    unsigned char *q = realloc((unsigned char *)p - HDR, (size_t)n + HDR);
    if (!q)
        return NULL;
    memcpy(q, &(long long){n}, sizeof(long long));
    mine.used += (long long)n - old;
    return q + HDR;
}

static int mem_roundup(int n)
{
    return (n + 7) & ~7;
}

static int mem_init(void *arg)
{
    (void)arg;
    return SQLITE_OK;
}

static void mem_shutdown(void *arg)
{
    (void)arg;
}

static void setup(void)
{
    static const sqlite3_mem_methods m = {mem_malloc, mem_free, mem_realloc, mem_size, mem_roundup,
                                          mem_init,   mem_shutdown, NULL};
    /* Both or neither: without SQLite's statistics nothing else bounds it. */
    if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
        return;
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK) {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 1);
        return;
    }
    ours = 1;
}

void q_db_setup(void)
{
    pthread_once(&once, setup);
}

void q_db_heap_limit(unsigned long long max)
{
    q_db_setup();
    if (ours) {
        mine.base = mine.used;
        mine.limit = max;
        return;
    }
    /* The fallback: one limit for the process, the smallest asked for. */
    sqlite3_int64 want = max && max < (unsigned long long)INT64_MAX ? (sqlite3_int64)max : 0;
    sqlite3_int64 now = sqlite3_hard_heap_limit64(-1);
    if (want && (now == 0 || want < now))
        sqlite3_hard_heap_limit64(want);
}
