/* SQLite's heap bounded per thread from a render's start (data/sqlmem.c):
 * what a render may allocate, what freeing earlier memory gives back, and
 * another thread's budget being its own. */
#include "t.h"
#include "data/db.h"
#include <pthread.h>
#include <sqlite3.h>

#define KB 1024

static void *other_thread(void *arg)
{
    int *ok = arg;
    /* The main thread holds 600 KB: this thread's 900 KB is its own. */
    q_db_heap_limit(1000 * KB);
    void *p = sqlite3_malloc(900 * KB);
    void *q = sqlite3_malloc(200 * KB);
    *ok = p != NULL && q == NULL;
    sqlite3_free(p);
    sqlite3_free(q);
    q_db_heap_limit(0);
    return NULL;
}

int main(void)
{
    q_db_setup();
    /* Within and over a bound. */
    q_db_heap_limit(1000 * KB);
    void *a = sqlite3_malloc(600 * KB);
    T_CHECK(a != NULL);
    void *b = sqlite3_malloc(600 * KB);
    T_CHECK(b == NULL);
    void *c = sqlite3_realloc(a, 1200 * KB);
    T_CHECK(c == NULL);   /* a is kept */
    /* Small blocks too (they come from the thread's own lists). */
    int small = 0;
    void *v[64];
    for (int i = 0; i < 64; i++)
        small += (v[i] = sqlite3_malloc(100)) != NULL;
    T_INTEQ(small, 64);
    for (int i = 0; i < 64; i++)
        sqlite3_free(v[i]);

    pthread_t th;
    int ok = 0;
    T_CHECK(pthread_create(&th, NULL, other_thread, &ok) == 0);
    pthread_join(th, NULL);
    T_CHECK(ok);

    /* A new bound counts from its start: the 600 KB held before do not. */
    q_db_heap_limit(1000 * KB);
    void *d = sqlite3_malloc(900 * KB);
    T_CHECK(d != NULL);
    sqlite3_free(d);
    /* Freeing what was held before gives room, not credit beyond the bound. */
    sqlite3_free(a);
    void *e = sqlite3_malloc(900 * KB);
    void *f = sqlite3_malloc(200 * KB);
    T_CHECK(e != NULL && f == NULL);
    sqlite3_free(e);
    sqlite3_free(f);

    /* No bound after the render: anything goes. */
    q_db_heap_limit(0);
    void *g = sqlite3_malloc(5000 * KB);
    T_CHECK(g != NULL);
    sqlite3_free(g);

    /* SQLite itself runs on it: a connection, a query. */
    q_db *db = q_db_open(10, NULL);
    T_CHECK(db != NULL);
    T_CHECK(db && sqlite3_exec(q_db_handle(db), "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2)", NULL, NULL,
                               NULL) == SQLITE_OK);
    q_db_close(db);
    T_DONE();
}
