/* libFuzzer: the JSON loader (SQLite's JSON functions plus quire's column
 * building) on arbitrary bytes. */
#include "data/load.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/dev/shm/quire-fuzz-json-%d.json", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    /* The first byte picks the path the loader looks at. */
    static const char *const paths[] = {"$", "$.rows", "$[0]", "$.a.b"};
    const char *jp = size ? paths[data[0] % 4] : "$";
    if (size)
        fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    sqlite3 *db = NULL;
    sqlite3_open(":memory:", &db);
    q_diags d = {0};
    if (q_json_load(db, "t", path, jp, &d) == 0)
        sqlite3_exec(db, "SELECT count(*) FROM t", NULL, NULL, NULL);
    q_diags_free(&d);
    sqlite3_close(db);
    unlink(path);
    return 0;
}
