/* quire: render a report template to PDF from C.
 *
 *   quire_options o = quire_options_default();
 *   o.template_path = "briefing.xml";
 *   o.output_path = "briefing.pdf";
 *   quire_result r;
 *   int status = quire_render(&o, &r);   // 0, 1 (data) or 2 (usage)
 *   fputs(r.messages, stderr);           // errors and warnings
 *   // Any error: status is non-zero and nothing was written.
 *   quire_result_free(&r);
 *
 * Each call is independent: renders may run on several threads at once.
 */
#ifndef QUIRE_H
#define QUIRE_H
#include <stddef.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct quire_kv {
    const char *name;
    const char *value;
} quire_kv;

typedef struct quire_options {
    const char *template_path;
    const char *output_path;       /* "-" writes to stdout; NULL: keep in memory only */
    const quire_kv *params;        /* -p name=value */
    size_t nparams;
    const quire_kv *datasets;      /* -d name=path */
    size_t ndatasets;
    const char *const *allow_paths;/* --allow-path */
    size_t nallow;
    double query_timeout;          /* seconds; default 10 */
    int max_pages;                 /* default 10000 */
    int check_only;                /* validate and resolve, render nothing */
    time_t date;                   /* document dates and {date}; (time_t)-1: SOURCE_DATE_EPOCH or now */
    int strict;                    /* --strict: warnings are errors (exit 2) */
    int backend;                   /* QUIRE_BACKEND_HPDF (default) or QUIRE_BACKEND_CAIRO */
    /* Preview: when set, the pages are written as PNG files through cairo
     * instead of a PDF ({n} is the page number from 1; "DIR/" means
     * DIR/page-{n}.png), and output_path is ignored. */
    const char *png_pattern;
    double dpi;                    /* PNG resolution; default 96 */
    const char *pages;             /* PNG pages to write, "1,3-5"; NULL: all */
    /* PDF/A (--pdfa): "2b" (also ""), "2u" or "1b"; NULL: none. */
    const char *pdfa;
    /* --embed-data: attach the template, the datasets and provenance.json
     * (PDF/A-3 with pdfa). Neither works with the cairo backend. */
    int embed_data;
} quire_options;

/* The cairo backend is a module (quire-cairo.so) loaded when first used,
 * from beside the program, PREFIX/lib/quire, or $QUIRE_CAIRO_MODULE. */
enum { QUIRE_BACKEND_HPDF = 0, QUIRE_BACKEND_CAIRO = 1 };

typedef struct quire_result {
    int status;                    /* exit code of SPEC §2: 0, 1 or 2 */
    char *messages;                /* "FILE:LINE: error: ..." and "...: warning: ..." lines, or "" */
    int warnings;                  /* how many of the messages are warnings */
    int pages;
    size_t bytes;
    unsigned char *pdf;            /* when output_path is NULL: the PDF */
} quire_result;

quire_options quire_options_default(void);
int quire_render(const quire_options *o, quire_result *r);
void quire_result_free(quire_result *r);
const char *quire_version(void);

#ifdef __cplusplus
}
#endif
#endif
