/* Private to src/layout: typesetting one paragraph into lines of ops. */
#ifndef QUIRE_LAYOUT_TEXT_H
#define QUIRE_LAYOUT_TEXT_H
#include "expand/doc.h"
#include "layout/dlist.h"
#include "util/diag.h"


/* A typeset line: ops relative to the line's top-left corner. */
typedef struct q_tline {
    double h;
    q_op *ops;
    size_t n, cap;
} q_tline;

typedef struct q_faces q_faces;   /* style -> face cache */

q_faces *q_faces_new(const q_doc *doc, q_fonts *fonts, const char *file);
void q_faces_free(q_faces *fc);
/* NULL after reporting a family that cannot be resolved; the family's
 * later requests return NULL without a second report. */
q_face *q_faces_get(q_faces *fc, const q_tstyle *st, int line, q_diags *d);

/* Breaks a paragraph into lines of the given width. page/pages fill
 * {page}/{pages} runs (NULL while unknown: measured as "00"). Returns the
 * number of lines (0 on a font error, reported). */
size_t q_typeset(q_faces *fc, const q_para *p, const q_bstyle *st, double width,
                 const char *page, const char *pages, int line, q_tline **out, q_diags *d);
void q_tlines_free(q_tline *lines, size_t n);
q_op *q_tline_add(q_tline *l, int kind);

#endif
