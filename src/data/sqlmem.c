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
 * Small blocks freed are kept on the thread's own lists for its next
 * ones (SQLite here is built without its lookaside): glibc's malloc takes
 * an arena lock whenever a process has threads, and SQLite asks for
 * thousands of small blocks per report.
 *
 * When SQLite was set up before quire got to it (a host program that
 * uses SQLite too), the configuration cannot change: the process-wide
 * hard limit is used as before. */
#include "data/db.h"
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Blocks up to SMALL bytes, in classes of 16, at most KEEP of each kept. */
#define SMALL 512
#define NCLASS (SMALL / 16)
#define KEEP 64

/* Per thread, not shared: what SQLite holds on this thread, and the
 * render's budget (0: none) counted from base. */
typedef struct heap {
    long long used, base;
    unsigned long long limit;
    void *kept[NCLASS];      /* freed blocks of each class, linked through their first bytes */
    int nkept[NCLASS];
    int registered;          /* the thread's exit frees kept[] */
} heap;

static _Thread_local heap mine;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t at_exit;
static int ours;   /* written once, under `once`; read after it */

/* Each block is preceded by its size (16 bytes keep the alignment). */
#define HDR 16

static void drop_kept(void *arg)
{
    (void)arg;
    for (int c = 0; c < NCLASS; c++) {
        while (mine.kept[c]) {
            void *p = mine.kept[c];
            memcpy(&mine.kept[c], p, sizeof p);
            free((unsigned char *)p - HDR);
        }
        mine.nkept[c] = 0;
    }
}

/* What a request of n bytes takes: small ones by class. */
static long long block_size(int n)
{
    return n <= SMALL ? (n + 15) & ~15 : n;
}

static int fits(long long more)
{
    long long held = mine.used - mine.base;   /* never below 0: see mem_free */
    return !mine.limit || more <= 0 || (unsigned long long)(held + more) <= mine.limit;
}

static void *mem_malloc(int n)
{
    long long size = n > 0 ? block_size(n) : 0;
    if (n <= 0 || !fits(size))
        return NULL;
    int c = (int)(size / 16) - 1;
    if (size <= SMALL && mine.kept[c]) {
        void *p = mine.kept[c];
        memcpy(&mine.kept[c], p, sizeof p);
        mine.nkept[c]--;
        mine.used += size;
        return p;
    }
    unsigned char *p = malloc((size_t)size + HDR);
    if (!p)
        return NULL;
    memcpy(p, &size, sizeof size);
    mine.used += size;
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
    int size = mem_size(p);
    mine.used -= size;
    if (mine.used < 0)
        mine.used = 0;
    /* Freeing what was held before the render began makes room, not credit. */
    if (mine.used < mine.base)
        mine.base = mine.used;
    int c = size / 16 - 1;
    if (size <= SMALL && mine.nkept[c] < KEEP) {
        if (!mine.registered)
            mine.registered = pthread_setspecific(at_exit, &mine) == 0;
        if (mine.registered) {
            memcpy(p, &mine.kept[c], sizeof p);
            mine.kept[c] = p;
            mine.nkept[c]++;
            return;
        }
    }
    free((unsigned char *)p - HDR);
}

static void *mem_realloc(void *p, int n)
{
    if (!p)
        return mem_malloc(n);
    int old = mem_size(p);
    if (n <= 0)
        return NULL;
    long long size = block_size(n);
    if (size == old)
        return p;
    if (size <= SMALL || old <= SMALL) {
        /* Into or out of the classes: a new block. */
        void *q = mem_malloc(n);
        if (q) {
            memcpy(q, p, (size_t)(old < size ? old : size));
            mem_free(p);
        }
        return q;
    }
    if (!fits(size - old))
        return NULL;
    unsigned char *q = realloc((unsigned char *)p - HDR, (size_t)size + HDR);
    if (!q)
        return NULL;
    memcpy(q, &size, sizeof size);
    mine.used += size - old;
    return q + HDR;
}

static int mem_roundup(int n)
{
    return (int)block_size((n + 7) & ~7);
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
    if (pthread_key_create(&at_exit, drop_kept) != 0)
        return;
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
        /* 0 ends a render's bound: what follows on the thread has none. */
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
