/* cairo backend: paints a display list into a PDF or into PNG pages.
 *
 * The painter lives in a shared module (quire-cairo.so, module.c) that
 * the library opens with dlopen only when cairo is asked for, so a default
 * render never loads cairo and its ~20 libraries (docs/design.md, "The
 * cairo backend"). The module reads the display list's structs and gets
 * everything else (font files, output) through q_cairo_job: it calls no
 * function of the library, so it links against nothing of quire's. */
#ifndef QUIRE_PAINT_CAIRO_H
#define QUIRE_PAINT_CAIRO_H
#include <stddef.h>
#include <time.h>
#include "dlist/dlist.h"
#include "util/buf.h"
#include "util/diag.h"

/* Bumped whenever q_cairo_job or a struct of dlist.h changes: a module
 * from another build is refused instead of misreading memory. */
#define Q_CAIRO_ABI 2
#define Q_CAIRO_MODULE "quire-cairo.so"
#define Q_CAIRO_ENTRY "quire_cairo_entry"

typedef struct q_cairo_font {
    const char *path;
    int index;
} q_cairo_font;

enum { Q_CAIRO_PDF, Q_CAIRO_PNG, Q_CAIRO_SVG };

typedef struct q_cairo_job {
    const q_dlist *dl;
    const q_cairo_font *fonts;   /* by q_face id; path NULL for unused ids */
    int nfonts;
    int format;                  /* Q_CAIRO_PDF, Q_CAIRO_PNG or Q_CAIRO_SVG (the first page) */
    time_t date;                 /* PDF: creation and modification dates */
    double dpi;                  /* PNG */
    const unsigned char *pages;  /* PNG: pages[p] != 0 to draw page p; NULL: all */
    /* PDF, SVG: called with the document's bytes in pieces, in order. PNG:
     * called once per page drawn with its whole PNG file. Returns 0, or
     * -1 to stop. */
    int (*write)(void *closure, int page, const unsigned char *data, size_t len);
    void *closure;
    char *err;                   /* the reason on failure */
    size_t errsz;
} q_cairo_job;

typedef struct q_cairo_api {
    int abi;                     /* Q_CAIRO_ABI */
    size_t dlist_size, op_size;  /* sizeof q_dlist, q_op: a cheap layout check */
    int (*paint)(const q_cairo_job *job);   /* 0, or -1 with job->err set */
} q_cairo_api;

typedef const q_cairo_api *(*q_cairo_entry_fn)(void);

/* In the library (load.c): finds and opens the module. Returns NULL with
 * a reason in err. The module stays loaded (cairo keeps font caches). */
const q_cairo_api *q_cairo_load(char *err, size_t errsz);

typedef struct q_cairo_opts {
    time_t date;
    const char *file;            /* for messages */
} q_cairo_opts;

/* Paints dl as PDF into out (load.c, through the module). */
int q_paint_cairo_pdf(const q_dlist *dl, const q_cairo_opts *o, q_buf *out, q_diags *d);

typedef struct q_cairo_png_opts {
    const char *pattern;         /* {n}: page number from 1; "DIR/": DIR/page-{n}.png */
    double dpi;
    const char *pages;           /* "1,3-5", or NULL for every page */
    const char *file;            /* for messages */
} q_cairo_png_opts;

/* Writes the selected pages as PNG files (load.c, through the module).
 * A bad page list or a pattern without {n} for several pages: Q_EUSAGE. */
int q_paint_cairo_png(const q_dlist *dl, const q_cairo_png_opts *o, q_diags *d);

/* The first page alone as one SVG (Q_CAIRO_SVG: on white, sizes in
 * points written as plain user units) or PNG (Q_CAIRO_PNG at dpi) into
 * out: quire chart (load.c, through the module). */
int q_paint_cairo_image(const q_dlist *dl, int format, double dpi, const char *file, q_buf *out, q_diags *d);

/* "1,3-5" against npages: sets sel[p] for each page p (from 0) listed.
 * Returns 0, or -1 with a reason in err. sel NULL: only the syntax. */
int q_parse_pages(const char *list, size_t npages, unsigned char *sel, char *err, size_t errsz);

#endif
