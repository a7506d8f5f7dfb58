/* libFuzzer: the CSV loader on arbitrary bytes, read back through SQLite. */
#include "data/load.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/dev/shm/quire-fuzz-csv-%d.csv", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    /* The first byte picks the delimiter and header mode. */
    char delim = size && data[0] % 3 == 1 ? ';' : size && data[0] % 3 == 2 ? '\t' : ',';
    int header = !(size && data[0] & 4);
    if (size)
        fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    sqlite3 *db = NULL;
    sqlite3_open(":memory:", &db);
    q_diags d = {0};
    if (q_csv_load(db, "t", path, delim, header, &d) == 0)
        sqlite3_exec(db, "SELECT count(*), typeof(c1) FROM (SELECT * FROM t)", NULL, NULL, NULL);
    q_diags_free(&d);
    sqlite3_close(db);
    unlink(path);
    return 0;
}
