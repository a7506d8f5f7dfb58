/* libharu backend: paints a display list into PDF bytes. */
#ifndef QUIRE_PAINT_HPDF_H
#define QUIRE_PAINT_HPDF_H
#include <time.h>
#include "dlist/dlist.h"
#include "util/buf.h"
#include "util/diag.h"

typedef struct q_hpdf_opts {
    time_t date;             /* CreationDate/ModDate (SOURCE_DATE_EPOCH) */
    const char *file;        /* for messages */
} q_hpdf_opts;

int q_paint_hpdf(const q_dlist *dl, const q_hpdf_opts *o, q_buf *out, q_diags *d);

#endif
