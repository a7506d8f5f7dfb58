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
    /* quire chart: when set, the first <chart> with this id is drawn alone
     * (the template's width and height ignored) instead of the report, as
     * an SVG, PNG or PDF: chart_format "svg", "png" or "pdf", or NULL to
     * take it from output_path's extension. The size is in points, which
     * are pixels at scale 1 (default 800 x 450; with no height given, a
     * chart that needs more rows grows). chart_scale multiplies a PNG's
     * pixels (default 1; SVG and PDF are vector and ignore it). With no
     * output_path the bytes are in quire_result.pdf. */
    const char *chart_id;
    const char *chart_format;
    double chart_width, chart_height;
    double chart_scale;
    /* Limits (SPEC §8); exceeding one is an error (exit 1) naming it. */
    unsigned long long max_input_size; /* bytes per input file; default 1 GiB */
    unsigned long long max_rows;   /* rows kept per query; default 10 million */
    unsigned long long max_memory; /* bytes for the render; default 2 GiB */
    /* Called when an allocation fails, with its size: return nonzero after
     * freeing something to have it retried, 0 to fail the render (status
     * 1, "out of memory"). NULL: fail the render. Never an abort(). */
    int (*on_oom)(size_t size, void *arg);
    void *oom_arg;
    /* Told the name of the temporary output file when it is created
     * (active 1) and when it is renamed or removed (0): a signal handler
     * can then remove it if the process is stopped in between. */
    void (*on_temp)(void *arg, const char *path, int active);
    void *temp_arg;
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
    unsigned char *pdf;            /* when output_path is NULL: the PDF (or the chart's file) */
} quire_result;

quire_options quire_options_default(void);
int quire_render(const quire_options *o, quire_result *r);
void quire_result_free(quire_result *r);

/* Many reports from one template (what `quire batch` does): quire_prepare
 * reads and validates the template and loads its datasets once
 * (o->template_path, datasets, allow_paths, query_timeout; its params
 * are not used). Returns 0 and *p, or the status with r's messages.
 *
 * quire_render_prepared then renders one report as quire_render would,
 * taking from o only its params, output, limits and date (the template
 * and the data are p's). Each call has its own SQLite connection over a
 * read-only copy of the data: several threads may render from one p at
 * once. Free p after the last of them.
 *
 * c, optional, keeps one thread's open font faces from one report to the
 * next (quire_cache_new per thread; never two threads on one c). The
 * PDF is the same bytes with or without it. */
typedef struct quire_prepared quire_prepared;
typedef struct quire_cache quire_cache;
int quire_prepare(const quire_options *o, quire_prepared **p, quire_result *r);
int quire_render_prepared(const quire_prepared *p, quire_cache *c, const quire_options *o, quire_result *r);
void quire_prepared_free(quire_prepared *p);
quire_cache *quire_cache_new(void);
void quire_cache_free(quire_cache *c);
const char *quire_version(void);

#ifdef __cplusplus
}
#endif
#endif
