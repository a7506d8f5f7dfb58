/* A fixed clock for SQL: with SOURCE_DATE_EPOCH (or a date given through
 * the API), `date('now')` in a query answers that date, so the same inputs
 * give the same PDF (SPEC §2). SQLite reads 'now' from the connection's
 * VFS; each fixed time gets a VFS of its own, a copy of the default one
 * but for its clock. The table of them only grows, under a lock, and
 * holds one entry per distinct fixed time: in practice one. */
#include "data/db.h"
#include "util/buf.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t clock_lock = PTHREAD_MUTEX_INITIALIZER;

typedef struct fixed_vfs {
    sqlite3_vfs vfs;
    sqlite3_int64 unix_ms;
    char name[48];
} fixed_vfs;

/* Julian day number of the Unix epoch, in milliseconds. */
#define UNIX_EPOCH_JD_MS 210866760000000LL

static int current_time_int64(sqlite3_vfs *v, sqlite3_int64 *out)
{
    *out = UNIX_EPOCH_JD_MS + ((fixed_vfs *)v)->unix_ms;
    return SQLITE_OK;
}

static int current_time(sqlite3_vfs *v, double *out)
{
    *out = (UNIX_EPOCH_JD_MS + ((fixed_vfs *)v)->unix_ms) / 86400000.0;
    return SQLITE_OK;
}

const char *q_db_fixed_clock(long long unix_seconds)
{
    char name[48];
    snprintf(name, sizeof name, "quire-clock-%lld", unix_seconds);
    q_db_setup();
    pthread_mutex_lock(&clock_lock);
    sqlite3_vfs *found = sqlite3_vfs_find(name);
    if (!found) {
        sqlite3_vfs *base = sqlite3_vfs_find(NULL);
        if (base && base->iVersion >= 2) {
            fixed_vfs *f = q_xcalloc(1, sizeof *f);
            f->vfs = *base;
            f->vfs.szOsFile = base->szOsFile;
            memcpy(f->name, name, sizeof name);
            f->vfs.zName = f->name;
            f->vfs.pAppData = base->pAppData;
            f->unix_ms = unix_seconds * 1000;
            f->vfs.xCurrentTime = current_time;
            f->vfs.xCurrentTimeInt64 = current_time_int64;
            /* The VFS object wraps the default one's methods, which get
             * the VFS they were given; unix VFS methods read pAppData only. */
            if (sqlite3_vfs_register(&f->vfs, 0) == SQLITE_OK)
                found = &f->vfs;
            else
                free(f);
        }
    }
    pthread_mutex_unlock(&clock_lock);
    return found ? found->zName : NULL;
}
