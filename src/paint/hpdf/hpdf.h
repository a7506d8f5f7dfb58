/* libharu backend: paints a display list into PDF bytes. */
#ifndef QUIRE_PAINT_HPDF_H
#define QUIRE_PAINT_HPDF_H
#include <time.h>
#include "dlist/dlist.h"
#include "util/buf.h"
#include "util/diag.h"

/* A file attached to the PDF (--embed-data). */
typedef struct q_hpdf_file {
    const char *name;        /* base name */
    const char *mime;        /* "text/csv", … */
    const char *data;
    size_t len;
} q_hpdf_file;

typedef struct q_hpdf_opts {
    time_t date;             /* CreationDate/ModDate (SOURCE_DATE_EPOCH) */
    const char *file;        /* for messages */
} q_hpdf_opts;

/* --pdfa and --embed-data. */
typedef struct q_hpdf_archive {
    int pdfa;                /* PDF/A part: 0 (none), 1, 2 or 3 */
    char conformance;        /* with pdfa: 'B' or 'U' */
    const q_hpdf_file *files;/* attachments (/AFRelationship /Source) */
    size_t nfiles;
} q_hpdf_archive;

/* A tagged PDF (PDF/UA-1). */
int q_paint_hpdf(const q_dlist *dl, const q_hpdf_opts *o, q_buf *out, q_diags *d);
/* The same, as PDF/A and with attachments as a says (a may be NULL). */
int q_paint_hpdf_archive(const q_dlist *dl, const q_hpdf_opts *o, const q_hpdf_archive *a, q_buf *out,
                         q_diags *d);
/* The same for a caller that needs no page of dl afterwards: each page's
 * ops are freed once painted (a large table's memory). */
int q_paint_hpdf_consume(q_dlist *dl, const q_hpdf_opts *o, const q_hpdf_archive *a, q_buf *out, q_diags *d);

#endif
