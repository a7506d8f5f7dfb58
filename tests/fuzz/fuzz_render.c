/* libFuzzer: a whole render (parse, queries, expand, layout, PDF) of an
 * arbitrary template beside a small CSV, with tight time and page limits. */
#include "quire.h"
#include "font/font.h"
#include <fontconfig/fontconfig.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char csv[] =
    "fiscal_year,total_removals,criminal_removals,note\n"
    "2012,409849,225390,\n"
    "2013,368644,216810,\"rounded, in source\"\n"
    "2014,315943,,\n";

/* fontconfig's configurations live as long as the process (a few hundred
 * bytes it frees only in FcFini): load both before the first input so
 * leak checking per input does not count them. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    FcInit();
    q_fonts *fs = q_fonts_new();
    char err[256];
    q_fonts_find(fs, "Noto Sans", 0, 0, err, sizeof err);
    q_fonts_find(fs, "No Such Family", 0, 0, err, sizeof err);
    q_fonts_free(fs);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char dir[64], tpl[96], data_path[96];
    snprintf(dir, sizeof dir, "/dev/shm/quire-fuzz-render-%d", (int)getpid());
    mkdir(dir, 0700);
    snprintf(tpl, sizeof tpl, "%s/t.xml", dir);
    snprintf(data_path, sizeof data_path, "%s/removals.csv", dir);
    FILE *f = fopen(data_path, "wb");
    if (!f)
        return 0;
    fputs(csv, f);
    fclose(f);
    f = fopen(tpl, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    quire_options o = quire_options_default();
    o.template_path = tpl;
    o.query_timeout = 0.5;
    o.max_pages = 20;
    o.date = 0;
    quire_result r;
    quire_render(&o, &r);
    quire_result_free(&r);
    unlink(tpl);
    unlink(data_path);
    return 0;
}
